#include <doctest/doctest.h>

#include "telusur/error.hpp"
#include "telusur/search/query.hpp"

using telusur::analysis::Analyzer;
using telusur::search::parse_query;

namespace {
auto desc(std::string_view q) -> std::string {
    Analyzer a;
    return parse_query(q, a).query.get_description();
}
auto error_column(std::string_view q) -> std::size_t {
    Analyzer a;
    try {
        (void)parse_query(q, a);
    } catch (const telusur::QueryError& e) {
        return e.position();
    }
    return 0;
}
}  // namespace

TEST_CASE("words are ANDed and phrases become OP_PHRASE and operators combine") {
    // Default operator AND.
    CHECK(desc("chip nvidia") == "Query((chip AND nvidia))");
    // Explicit operators; upper case only.
    CHECK(desc("chip OR nvidia") == "Query((chip OR nvidia))");
    CHECK(desc("chip or nvidia") == "Query((chip AND or AND nvidia))");
    CHECK(desc("chip -nvidia") == "Query((chip AND_NOT nvidia))");
    CHECK(desc("chip NOT nvidia") == "Query((chip AND_NOT nvidia))");
    CHECK(desc("(chip OR gpu) nvidia") == "Query(((chip OR gpu) AND nvidia))");
    // Phrases keep word order.
    CHECK(desc("\"kunlun p800\"") == "Query((kunlun PHRASE 2 p800))");
    // A lone negation excludes from everything.
    CHECK(desc("-nvidia") == "Query((<alldocuments> AND_NOT nvidia))");
}

TEST_CASE("empty queries list documents") {
    Analyzer a;
    CHECK(parse_query("", a).empty);
    CHECK(parse_query("   ", a).empty);
    CHECK_FALSE(parse_query("chip", a).empty);
}

TEST_CASE("negated terms are not highlighted") {
    Analyzer a;
    auto p = parse_query("chip -nvidia", a);
    CHECK(p.positive_terms == std::vector<std::string>{"chip"});
}

TEST_CASE("syntax errors report the 1-based column") {
    CHECK(error_column("\"chip ai") == 1);
    CHECK(error_column("chip )") == 6);
    CHECK(error_column("chip AND") == 9);
    CHECK(error_column("(chip") == 6);
    CHECK(error_column("()") == 2);
    CHECK(error_column("ñ )") == 3);                       // columns count code points, not bytes
    CHECK(error_column(std::string(200, '(') + "x") > 0);  // nesting is bounded
}

TEST_CASE("stop words are dropped from plain words but kept in phrases") {
    CHECK(desc("yang chip") == "Query(chip)");
    CHECK(desc("\"chip yang ai\"") == "Query((chip PHRASE 3 yang PHRASE 3 ai))");
    // A query of stop words only searches for them.
    CHECK(desc("yang") == "Query(yang)");
}

TEST_CASE("compounds match the joined form or their parts") {
    CHECK(desc("Chat-GPT") == "Query((chatgpt OR (chat PHRASE 2 gpt)))");
    // Adjacent words also match the joined term when the index holds it.
    Analyzer a;
    auto known = [](const std::string& t) { return t == "chatgpt"; };
    CHECK(parse_query("chat gpt", a, known).query.get_description() ==
          "Query(((chat AND gpt) OR chatgpt))");
    CHECK(parse_query("chip ai", a, known).query.get_description() == "Query((chip AND ai))");
}

TEST_CASE("NEAR and NEAR/n join single words within a window") {
    // NEAR/n: at most n words apart, window n + words - 1.
    CHECK(desc("chip NEAR/3 nvidia") == "Query((chip NEAR 4 nvidia))");
    CHECK(desc("chip NEAR nvidia") == "Query((chip NEAR 11 nvidia))");
    CHECK(error_column("chip NEAR/0 nvidia") == 6);
    CHECK(error_column("chip NEAR \"a b\"") == 11);
}

TEST_CASE("wildcards expand stems and surface words, bounded") {
    auto d = desc("semikonduk*");
    CHECK(d.find("WILDCARD") != std::string::npos);
    CHECK(d.find("semikonduk") != std::string::npos);
    CHECK(d.find("Zsemikonduk") != std::string::npos);
    CHECK(error_column("a*") == 1);
}

TEST_CASE("fields select title words, sources, entities and dates") {
    CHECK(desc("title:kunlun") == "Query(Skunlun)");
    CHECK(desc("title:\"chip ai\"") == "Query((Schip PHRASE 2 Sai))");
    CHECK(desc("source:Selular.id") == "Query(0 * XSselular.id)");
    CHECK(desc("company:NVIDIA") == "Query(0 * XCnvidia)");
    CHECK(desc("entity:tiongkok chip") == "Query((0 * XEtiongkok AND chip))");
    CHECK(desc("date:2025") == "Query(VALUE_RANGE 0 20250101 20251231)");
    CHECK(desc("date:Mei 2025") == "Query(VALUE_RANGE 0 20250501 20250531)");
    CHECK(desc("date:2025-05-01..2025-06-30") == "Query(VALUE_RANGE 0 20250501 20250630)");
    CHECK(desc("date:2025-05..") == "Query(VALUE_GE 0 20250501)");
    CHECK(error_column("chip date:kemarin") == 6);
    CHECK(error_column("title:") == 7);  // where the value was expected
    // An unknown "field" is just a word.
    CHECK(desc("jam:10") == desc("\"jam 10\""));
}

TEST_CASE("relaxed parsing turns implicit AND into OR but keeps required parts") {
    Analyzer a;
    telusur::search::QueryContext relaxed;
    relaxed.default_or = true;
    CHECK(parse_query("chip nvidia", a).relaxable);
    CHECK(parse_query("chip nvidia", a, relaxed).query.get_description() == "Query((chip OR nvidia))");
    CHECK(parse_query("+chip nvidia", a, relaxed).query.get_description() ==
          "Query((chip AND_MAYBE nvidia))");
    CHECK_FALSE(parse_query("chip", a).relaxable);
}

TEST_CASE("synonyms expand words and phrases and are highlighted") {
    Analyzer a;
    telusur::search::QueryContext ctx;
    ctx.synonyms = [](const std::string& s) {
        return s == "AI" ? std::vector<std::string>{"kecerdasan buatan"} : std::vector<std::string>{};
    };
    auto p = parse_query("AI", a, ctx);
    CHECK(p.query.get_description() == "Query((ai OR (cerdas PHRASE 2 buat)))");
    CHECK(std::find(p.positive_terms.begin(), p.positive_terms.end(), "cerdas") != p.positive_terms.end());
}

TEST_CASE("pathological queries get an error, not a hang: bytes, terms, nesting") {
    Analyzer a;
    CHECK_THROWS_WITH_AS((void)parse_query(std::string(1U << 20U, 'x'), a),
                         "query too long: 1048576 bytes, limit 65536", telusur::QueryError);
    CHECK(error_column(std::string(70000, 'x')) == 65537);
    CHECK_NOTHROW((void)parse_query(std::string(65536, 'x'), a));
    std::string terms;
    for (int i = 0; i < 10000; ++i) {
        terms.append("k").append(std::to_string(i)).append(" ");
    }
    CHECK_THROWS_WITH_AS((void)parse_query(terms, a), "query too long: more than 1000 terms",
                         telusur::QueryError);
    auto nested = std::string(10000, '(') + "chip" + std::string(10000, ')');
    CHECK_THROWS_WITH_AS((void)parse_query(nested, a), "parentheses nested too deeply (limit 100)",
                         telusur::QueryError);
    CHECK_NOTHROW((void)parse_query(std::string(100, '(') + "chip" + std::string(100, ')'), a));
}
