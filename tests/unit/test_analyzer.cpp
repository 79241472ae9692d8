#include <doctest/doctest.h>

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
