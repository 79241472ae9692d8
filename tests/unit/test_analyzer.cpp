#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "telusur/analysis/analyzer.hpp"

using telusur::analysis::Analyzer;

namespace {
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
