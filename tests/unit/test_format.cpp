#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "telusur/output/format.hpp"

using namespace telusur;

namespace {
auto sample() -> search::Results {
    search::Results r;
    r.query = "kunlun";
    r.total = 1;
    r.limit = 10;
    search::Hit h;
    h.rank = 1;
    h.id = "004";
    h.title = "Judul \x1b[2J";
    h.path = "data/004.txt";
    h.score = 1.5;
    h.snippet.text = "… chip Kunlun “P800” …";
    h.snippet.highlights = {{7, 13}};
    r.hits.push_back(h);
    return r;
}
}  // namespace

TEST_CASE("JSON output has the contract's fields and code-point highlights") {
    std::ostringstream out;
    output::write_json(out, sample());
    auto j = nlohmann::json::parse(out.str());
    CHECK(j["query"] == "kunlun");
    CHECK(j["total"] == 1);
    CHECK(j["offset"] == 0);
    CHECK(j["limit"] == 10);
    auto hit = j["results"][0];
    CHECK(hit["rank"] == 1);
    CHECK(hit["id"] == "004");
    CHECK(hit["path"] == "data/004.txt");
    CHECK(hit["score"] == doctest::Approx(1.5));
    CHECK(hit["highlights"][0][0] == 7);
    CHECK(hit["highlights"][0][1] == 13);
}

TEST_CASE("text output is plain unless bold is asked for, and never passes escapes through") {
    std::ostringstream plain;
    output::write_text(plain, sample(), {});
    CHECK(plain.str().find("1. Judul") != std::string::npos);
    CHECK(plain.str().find("004  score 1.500") != std::string::npos);
    CHECK(plain.str().find('\x1b') == std::string::npos);
    std::ostringstream bold;
    output::write_text(bold, sample(), {true});
    CHECK(bold.str().find("\x1b[1mKunlun\x1b[0m") != std::string::npos);
}

TEST_CASE("terminal_safe replaces C0 and C1 controls") {
    CHECK(output::terminal_safe("a\x1b[31mb") == "a?[31mb");
    CHECK(output::terminal_safe("x\xC2\x9By") == "x?y");
    CHECK(output::terminal_safe("Tiongkok – “AI”") == "Tiongkok – “AI”");
}
