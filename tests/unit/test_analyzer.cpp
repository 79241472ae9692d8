#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "telusur/analysis/analyzer.hpp"

using telusur::analysis::Analyzer;
using telusur::analysis::Token;

namespace {
/// Every token of a text with its offsets and position, for comparing two segmenters.
auto described(const std::vector<Token>& tokens) -> std::vector<std::string> {
    std::vector<std::string> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) {
        out.push_back(t.norm + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end) + "#" +
                      std::to_string(t.position));
    }
    return out;
}

auto norms(Analyzer& a, std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto& t : a.tokenize(text)) {
        out.push_back(t.norm);
    }
    return out;
}
}  // namespace

TEST_CASE("tokens are case-folded words with byte offsets into the original") {
    Analyzer a;
    std::string text = "Nvidia H200, “Kunlun” P800!";
    auto tokens = a.tokenize(text);
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].norm == "nvidia");
    CHECK(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "Kunlun");
    for (std::uint32_t i = 0; i < tokens.size(); ++i) {
        CHECK(tokens[i].position == i);
    }
}

TEST_CASE("alphanumerics and hyphenated words stay whole") {
    Analyzer a;
    // Model and process names.
    CHECK(norms(a, "H200 7nm P800 5G") == std::vector<std::string>{"h200", "7nm", "p800", "5g"});
    // Hyphen-joined: reduplication and names.
    CHECK(norms(a, "chip-chip COVID-19") == std::vector<std::string>{"chip-chip", "covid-19"});
    // A spaced dash is not a join.
    CHECK(norms(a, "AI - chip") == std::vector<std::string>{"ai", "chip"});
}

TEST_CASE("odd input never crashes") {
    Analyzer a;
    CHECK(a.tokenize("").empty());
    CHECK(a.tokenize("  ,.;  ").empty());
    // Invalid UTF-8 bytes are tolerated.
    auto bad = a.tokenize("chip \xFF\xFE nvidia \xC3");
    CHECK(bad.size() >= 2);
    // Emoji are not words.
    CHECK(norms(a, "chip 🚀 ai") == std::vector<std::string>{"chip", "ai"});
}

TEST_CASE("terms fold reduplication to the base and leave alphanumerics unstemmed") {
    Analyzer a;
    CHECK(a.term("chip-chip") == a.term("chip"));
    CHECK(a.term("h200") == "h200");
    CHECK(a.term("covid-19") == "covid-19");
    CHECK(a.term("negara-negara") == a.term("negara"));
}

TEST_CASE("normalize applies NFKC case folding") {
    CHECK(Analyzer::normalize("NVIDIA") == "nvidia");
    CHECK(Analyzer::normalize("ＡＩ") == "ai");                            // full-width
    CHECK(Analyzer::normalize("pe\u00ADnim\u00ADbunan") == "penimbunan");  // soft hyphens
}

TEST_CASE("normalize of ASCII text agrees with ICU NFKC_Casefold for every character") {
    // normalize() skips ICU for pure ASCII; this compares it with ICU itself, one character at a
    // time and in a mixed string, so the shortcut cannot drift from the slow path.
    UErrorCode status = U_ZERO_ERROR;
    const auto* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    REQUIRE(U_SUCCESS(status));
    auto icu_fold = [&](const std::string& s) {
        auto folded = nfkc_cf->normalize(icu::UnicodeString::fromUTF8(s), status);
        std::string out;
        folded.toUTF8String(out);
        return out;
    };
    std::string all;
    for (int c = 1; c < 0x80; ++c) {
        const std::string one(1, static_cast<char>(c));
        all += one;
        CHECK_MESSAGE(Analyzer::normalize(one) == icu_fold(one), "character ", c);
    }
    CHECK(Analyzer::normalize(all) == icu_fold(all));
    CHECK(Analyzer::normalize("Kunlun P800 H200 Chat-GPT") == "kunlun p800 h200 chat-gpt");
    // One non-ASCII character sends the whole token through ICU.
    CHECK(Analyzer::normalize("CAFÉ") == "café");
    CHECK(Analyzer::normalize("Jum\u2019at") == "jum'at");
}

TEST_CASE("compounds index the joined form and each part at consecutive positions") {
    Analyzer a;
    auto tokens = a.tokenize("pakai Chat-GPT sekarang");
    REQUIRE(tokens.size() == 3);
    auto terms = a.terms(tokens[1]);
    REQUIRE(terms.size() == 3);
    CHECK(terms[0].text == "chatgpt");
    CHECK(terms[1].text == "chat");
    CHECK(terms[1].offset == 0);
    CHECK(terms[2].text == "gpt");
    CHECK(terms[2].offset == 1);
    // The next word comes after both parts.
    CHECK(tokens[2].position == tokens[1].position + 2);
    // Reduplication takes one position and one term.
    auto redup = a.tokenize("negara-negara maju");
    CHECK(a.terms(redup[0]).size() == 1);
    CHECK(redup[1].position == 1);
}

TEST_CASE("Indonesian stems through the analyzer") {
    Analyzer a;
    // One root for the inflected forms users type.
    for (const char* w : {"menimbun", "penimbunan", "timbun", "Penimbunan"}) {
        CHECK(a.term(Analyzer::normalize(w)) == "timbun");
    }
    for (const char* w : {"mengembangkan", "berkembang", "pengembangan", "perkembangan"}) {
        CHECK(a.term(w) == "kembang");
    }
    // Roots that look affixed, names and loanwords stay.
    for (const char* w : {"perangkat", "menteri", "media", "huawei", "nvidia", "semikonduktor"}) {
        CHECK(a.term(w) == w);
    }
}

TEST_CASE("stop list") {
    Analyzer a;
    CHECK(a.is_stopword("yang"));
    CHECK(a.is_stopword("dan"));
    CHECK_FALSE(a.is_stopword("chip"));
    CHECK_FALSE(a.is_stopword("negara"));
}

TEST_CASE("tokenizer edge cases") {
    Analyzer a;
    // Money and dates: numbers stay whole tokens (dates split at '/').
    CHECK(norms(a, "Rp1.500,00") == std::vector<std::string>{"rp1.500,00"});
    CHECK(norms(a, "27/5/2025") == std::vector<std::string>{"27", "5", "2025"});
    // Mixed scripts: CJK words are tokens, Latin around them too.
    CHECK(norms(a, "Huawei 华为 Ascend").size() >= 3);
    // NBSP separates; ZWJ and soft hyphen inside a word do not.
    CHECK(norms(a, "chip\u00A0AI") == std::vector<std::string>{"chip", "ai"});
    CHECK(norms(a, "pe\u00ADnim\u00ADbunan") == std::vector<std::string>{"penimbunan"});
    CHECK(norms(a, "pe\u200Bnim\u200Dbunan") == std::vector<std::string>{"penimbunan"});
    // Curly apostrophes fold to the ASCII one.
    CHECK(norms(a, "Jum’at") == norms(a, "Jum'at"));
    // URLs and e-mail addresses never crash and keep their words findable.
    auto url = norms(a, "https://selular.id/2025/05/chip-ai dan redaksi@selular.id");
    CHECK(std::find(url.begin(), url.end(), "dan") != url.end());
}

TEST_CASE("the fast segmenter finds ICU's words in the bundled articles") {
    Analyzer a;
    std::size_t fast = 0;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(TELUSUR_SOURCE_DIR) / "data/articles")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        const auto text = buffer.str();
        ++files;
        fast += Analyzer::uses_fast_segmenter(text) ? 1 : 0;
        CAPTURE(entry.path().string());
        CHECK(described(a.tokenize(text)) ==
              described(a.tokenize(text, Analyzer::Segmenter::kIcu)));
    }
    CHECK(files >= 5);
    CHECK(fast == files);  // curly quotes, dashes and ellipses do not need ICU
}

TEST_CASE("the fast segmenter agrees with ICU on random strings of tricky characters") {
    Analyzer a;
    // Letters, digits, every Mid class, "_", spaces and line ends, quotes and dashes, Latin-1
    // letters and symbols, hyphens, NBSP and ZWSP; and characters the fast path must hand to
    // ICU: a combining accent (Extend), a soft hyphen (Format), ZWJ, Hebrew, Katakana, Han,
    // Thai (dictionary scripts), an emoji, invalid UTF-8.
    const std::vector<std::string> pieces = {
        "a",      "Z",      "k",      "0",      "7",      ".",      ",",      ";",      ":",
        "'",      "\"",     "_",      " ",      "  ",     "\n",     "\r\n",   "\t",     "-",
        "/",      "(",      "%",      "$",      "@",      "#",      "\u2019", "\u2018", "\u201C",
        "\u201D", "\u2026", "\u2013", "\u2014", "\u00E9", "\u00C9", "\u00B7", "\u00A0", "\u2010",
        "\u2011", "\u200B", "\u00D7", "\u00BA", "\u2024", "\u2027", "\u20AC", "\u00AB", "\u00BB",
        "\u2022", "\u00B0", "\u2192", "\u2713", "\u263A", "\u20D7"};
    const std::vector<std::string> unhandled = {"\u0301", "\u00AD", "\u200D", "\u05D0",
                                                "\u30A2", "\u4E2D", "\u0E01", "\U0001F600",
                                                "\xC3",   "\xFF"};
    std::mt19937 rng(20261129);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
    std::uniform_int_distribution<std::size_t> length(1, 12);
    std::size_t fast = 0;
    std::size_t differ = 0;
    for (int round = 0; round < 50000; ++round) {
        std::string text;
        for (auto n = length(rng); n > 0; --n) {
            // Mostly word characters, so that words with Mid characters inside are common.
            auto dice = rng() % 100;
            text += dice < 2    ? unhandled[rng() % unhandled.size()]
                    : dice < 40 ? pieces[piece(rng)]
                                : pieces[rng() % 5];
        }
        fast += Analyzer::uses_fast_segmenter(text) ? 1 : 0;
        if (described(a.tokenize(text)) != described(a.tokenize(text, Analyzer::Segmenter::kIcu))) {
            ++differ;
            CAPTURE(text);
            CHECK(described(a.tokenize(text)) ==
                  described(a.tokenize(text, Analyzer::Segmenter::kIcu)));
            if (differ > 5) {
                break;
            }
        }
    }
    CHECK(differ == 0);
    CHECK(fast > 20000);  // most strings take the fast path, so the comparison means something
    // Texts with unhandled characters go to ICU.
    CHECK_FALSE(Analyzer::uses_fast_segmenter("cafe\u0301"));
    CHECK_FALSE(Analyzer::uses_fast_segmenter("\u4E2D\u6587"));
    CHECK_FALSE(Analyzer::uses_fast_segmenter("bad \xFF byte"));
    CHECK(Analyzer::uses_fast_segmenter("\u201CChip\u201D H200 \u2013 Caf\u00E9 don\u2019t"));
}

TEST_CASE("an analyzer's own stem cache gives what the shared stemmer gives, word by word") {
    // The same words in two orders through one analyzer (the second pass is served from its
    // cache), each compared with a fresh analyzer's stem and with the shared stemmer itself.
    const std::vector<std::string> words{
        "menimbun", "penimbunan", "mengembangkan", "kembang", "chip", "memukul",
        "pukulan",  "h200",       "tiongkoknya",   "menyapu", "sapu", "pembangunan"};
    Analyzer cached;
    const auto resources = telusur::analysis::default_resources();
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const auto& w = words[pass == 0 ? i : words.size() - 1 - i];
            CAPTURE(w);
            Analyzer fresh;
            CHECK(cached.term(w) == fresh.term(w));
            if (w != "h200") {
                CHECK(cached.term(w) == resources->stemmer(w));
            }
        }
    }
    CHECK(cached.term("penimbunan") == cached.term("menimbun"));
}
