// The matcher on short texts (case rules, boundaries, longest match, separators) and on the five
// bundled articles against hand annotations.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "telusur/data.hpp"
#include "telusur/entity/matcher.hpp"

using namespace telusur;
using namespace telusur::entity;
namespace fs = std::filesystem;

namespace {
auto gazetteer() -> const Gazetteer& {
    static const Gazetteer g = Gazetteer::load(data_path("entities.tsv").string());
    return g;
}
auto matcher() -> const Matcher& {
    static const Matcher m(gazetteer());
    return m;
}
/// "id=matched text" per mention.
auto found(std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto& m : matcher().find(text)) {
        out.push_back(
            std::string(m.entity_id).append("=").append(text.substr(m.begin, m.end - m.begin)));
    }
    return out;
}
using V = std::vector<std::string>;

auto read(const fs::path& path) -> std::string {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
auto article(std::string_view prefix) -> std::string {
    for (const auto& e : fs::directory_iterator(fs::path(TELUSUR_SOURCE_DIR) / "data/articles")) {
        if (e.path().filename().string().rfind(prefix, 0) == 0) {
            return read(e.path());
        }
    }
    FAIL("no article " << prefix);
    return {};
}
}  // namespace

// Case rules: `=AS`, `=Meta` match only in that case; other aliases in any case.
TEST_CASE("case rules") {
    struct Case {
        const char* text;
        V expected;
    };
    const Case cases[] = {
        {"ekspor ke AS naik", {"amerika-serikat=AS"}},
        {"as a matter of fact, As well", {}},
        {"perang dagang AS-Tiongkok", {"amerika-serikat=AS", "china=Tiongkok"}},
        {"Meta dan Xiaomi", {"meta=Meta", "xiaomi=Xiaomi"}},
        {"meta-analisis dan metadata, META", {"meta=META"}},
        {"NVIDIA, Nvidia, nvidia, NviDIA",
         {"nvidia=NVIDIA", "nvidia=Nvidia", "nvidia=nvidia", "nvidia=NviDIA"}},
        {"US dan us", {"amerika-serikat=US"}},
        {"situs Gate dan gate", {"gate=Gate"}},
        {"Airlangga, airlangga", {"airlangga-hartarto=Airlangga"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(found(c.text) == c.expected);
    }
}

// Never inside another word; punctuation, quotes and hyphens are boundaries.
TEST_CASE("word boundaries") {
    struct Case {
        const char* text;
        V expected;
    };
    const Case cases[] = {
        {"ASEAN dan ASIA", {}},
        {"Nvidiaku, NvidiaX, xNvidia, Nvidia2", {}},  // no match inside a word
        {"Nvidia-nya", {"nvidia=Nvidia"}},
        {"‘Google’ China", {"google=Google", "china=China"}},
        {"(AS)", {"amerika-serikat=AS"}},
        {"AS.", {"amerika-serikat=AS"}},
        {"AS", {"amerika-serikat=AS"}},
        {"ÉAS AŚ", {}},  // a non-ASCII letter and a combining mark are word characters
        {"H200 H20 H2000", {"h200=H200", "h20=H20"}},
        {"RI-Nepal", {"indonesia=RI", "nepal=Nepal"}},
        {"Selular.id –", {"selular-id=Selular.id"}},
        {"Gate.io", {"gate=Gate.io"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(found(c.text) == c.expected);
    }
}

// The longest alias at a position wins; a separator in an alias matches space, hyphen or nothing.
TEST_CASE("longest match and separators") {
    struct Case {
        const char* text;
        V expected;
    };
    const Case cases[] = {
        {"Moonshot AI dan Moonshot", {"moonshot-ai=Moonshot AI", "moonshot-ai=Moonshot"}},
        {"chip Kunlun P800, lini Kunlun Baidu",
         {"kunlun-p800=Kunlun P800", "kunlun=Kunlun", "baidu=Baidu"}},
        {"Amerika Serikat, Amerika, Amerika Latin",
         {"amerika-serikat=Amerika Serikat", "amerika-serikat=Amerika",
          "amerika-latin=Amerika Latin"}},
        {"Chat-GPT ChatGPT Chat GPT chat-gpt Chat  -  GPT",
         {"chatgpt=Chat-GPT", "chatgpt=ChatGPT", "chatgpt=Chat GPT", "chatgpt=chat-gpt",
          "chatgpt=Chat  -  GPT"}},
        {"Moonshot\nAI", {"moonshot-ai=Moonshot\nAI"}},
        {"Kunlun P8000", {"kunlun=Kunlun"}},  // the longer alias must end on a boundary too
        {"Kunlun ", {"kunlun=Kunlun"}},
        {"dijuluki “Little NVIDIA”", {"cambricon=Little NVIDIA"}},
        {"Jensen Huang, Huang", {"jensen-huang=Jensen Huang"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(found(c.text) == c.expected);
    }
}

// China's Indonesian names are one entity; mentions are counted; offsets are into the original.
TEST_CASE("synonyms, counts, offsets") {
    const std::string text = "Tiongkok, China, Cina, RRT dan rrt. CINA!";
    const auto mentions = matcher().find(text);
    REQUIRE(mentions.size() == 5);
    for (const auto& m : mentions) {
        CHECK(m.entity_id == "china");
    }
    CHECK(mentions[1] == Mention{"china", 10, 15});
    CHECK(count(mentions) == std::map<std::string, unsigned>{{"china", 5}});
    const auto counts = count(matcher().find("Kunlun P800, H200, H200, Nvidia"));
    CHECK(counts ==
          std::map<std::string, unsigned>{{"h200", 2}, {"kunlun-p800", 1}, {"nvidia", 1}});
    CHECK(with_parents(counts, gazetteer()) ==
          std::set<std::string>{"baidu", "h200", "kunlun", "kunlun-p800", "nvidia"});
}

// Odd input never crashes, and text with nothing known gives nothing.
TEST_CASE("odd input") {
    CHECK(found("").empty());
    CHECK(found("   \n").empty());
    CHECK(found("\xFF\xFE Nvidia \xC3") == V{"nvidia=Nvidia"});
    CHECK(found("\xC3Nvidia").size() == 1);  // an invalid byte is not a letter
    CHECK(found("Nvidia\xC3\xA9").empty());  // é is
    CHECK(found("Kunlun \xFF").size() == 1);
    CHECK(found("Moonshot ") == V{"moonshot-ai=Moonshot"});
    CHECK(found("kecerdasan buatan dan semikonduktor").empty());
}

// Hand annotations: every entity each bundled article names, checked exactly (so nothing absurd
// is found either).
TEST_CASE("bundled articles") {
    struct Annotation {
        const char* article;
        std::set<std::string> ids;
    };
    const Annotation annotations[] = {
        {"000", {"tencent",      "baidu",         "google",    "nvidia",
                 "gartner",      "transmart",     "wechat",    "ernie",
                 "donald-trump", "martin-lau",    "dou-shen",  "gaurav-gupta",
                 "jensen-huang", "hesti-nuraini", "china",     "amerika-serikat",
                 "washington",   "jakarta",       "indonesia", "pangkep-news",
                 "brin"}},
        {"001",
         {"tencent", "baidu", "google", "nvidia", "wechat", "ernie", "martin-lau", "jensen-huang",
          "china", "amerika-serikat"}},
        {"002",
         {"openai",
          "moonshot-ai",
          "baichuan",
          "nvidia",
          "sora",
          "chatgpt",
          "h200",
          "iskander",
          "tiktok",
          "charlie-kirk",
          "tyler-robinson",
          "andi-widjajanto",
          "donald-trump",
          "xi-jinping",
          "airlangga-hartarto",
          "amerika-serikat",
          "china",
          "timur-tengah",
          "malaysia",
          "singapura",
          "taiwan",
          "arab-saudi",
          "uni-emirat-arab",
          "rusia",
          "utah",
          "indonesia",
          "nepal",
          "gaza",
          "israel",
          "greek-city-times"}},
        {"003",
         {"alibaba", "nvidia", "smic", "huawei", "cambricon", "xiaomi", "meta", "ascend",
          "blackwell", "jensen-huang", "china", "beijing", "amerika-serikat", "selular-id",
          "wall-street-journal"}},
        {"004",
         {"alibaba", "baidu", "nvidia", "kunlun", "gate", "kunlun-p800", "ernie", "h100",
          "blackwell", "zhenwu", "cuda", "jensen-huang", "china", "beijing", "washington",
          "amerika-serikat"}},
    };
    for (const auto& a : annotations) {
        CAPTURE(a.article);
        const auto counts = count(matcher().find(article(a.article)));
        std::set<std::string> ids;
        for (const auto& [id, n] : counts) {
            ids.insert(id);
        }
        CHECK(ids == a.ids);
    }
    // Some exact counts, checked by hand.
    const auto c004 = count(matcher().find(article("004")));
    CHECK(c004.at("kunlun") == 2);       // "lini Kunlun Baidu" twice
    CHECK(c004.at("kunlun-p800") == 2);  // "chip Kunlun P800" twice
    CHECK(c004.at("nvidia") == 11);      // grep -oi nvidia | wc -l
    const auto c003 = count(matcher().find(article("003")));
    CHECK(c003.at("cambricon") == 5);  // 3 x Cambricon, 2 x "Little NVIDIA"
    CHECK(c003.at("nvidia") == 9);     // 11 x NVIDIA, 2 of them in "Little NVIDIA"
}

