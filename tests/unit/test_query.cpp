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
