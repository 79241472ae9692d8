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
    h.date = "2025-05-27";
    h.source = "Selular.id";
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
    CHECK(hit["date"] == "2025-05-27");
    CHECK(hit["source"] == "Selular.id");
    CHECK(hit["author"].is_null());
    CHECK(hit["url"].is_null());
}

TEST_CASE("text output is plain unless bold is asked for, and never passes escapes through") {
    std::ostringstream plain;
    output::write_text(plain, sample(), {});
    CHECK(plain.str().find("1. Judul") != std::string::npos);
    CHECK(plain.str().find("004  score 1.500  2025-05-27  Selular.id") != std::string::npos);
    CHECK(plain.str().find('\x1b') == std::string::npos);
    std::ostringstream bold;
    output::write_text(bold, sample(), {true});
    CHECK(bold.str().find("\x1b[1;31mKunlun\x1b[0m") != std::string::npos);
}

TEST_CASE("terminal_safe replaces C0 and C1 controls") {
    CHECK(output::terminal_safe("a\x1b[31mb") == "a?[31mb");
    CHECK(output::terminal_safe("x\xC2\x9By") == "x?y");
    CHECK(output::terminal_safe("Tiongkok – “AI”") == "Tiongkok – “AI”");
}

TEST_CASE("show: cleaned article with metadata, or the raw text, as text or JSON") {
    index::StoredArticle a;
    a.id = "x";
    a.title = "Judul";
    a.body = "Satu.\n\nDua \x1b[2J.";
    a.raw = "Judul\nSatu.\nBaca juga: lain\nDua.";
    a.date = "2025-05-27";
    std::ostringstream text;
    output::write_article_text(text, a, false);
    CHECK(text.str().find("Judul\nid: x\ndate: 2025-05-27\nsource: -\n") == 0);
    CHECK(text.str().find("Satu.\n\nDua ?[2J.") != std::string::npos);
    std::ostringstream raw;
    output::write_article_text(raw, a, true);
    CHECK(raw.str() == a.raw + "\n");
    std::ostringstream json;
    output::write_article_json(json, a, false);
    auto j = nlohmann::json::parse(json.str());
    CHECK(j["date"] == "2025-05-27");
    CHECK(j["url"].is_null());
    CHECK(j["body"] == a.body);
}
