#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/input.hpp"

using namespace telusur::ingest;

TEST_CASE("getline_bounded reads lines like std::getline") {
    std::istringstream in("satu\n\ndua\r\ntiga");
    std::string line;
    bool too_long = true;
    CHECK(getline_bounded(in, line, 100, too_long));
    CHECK(line == "satu");
    CHECK_FALSE(too_long);
    CHECK(getline_bounded(in, line, 100, too_long));
    CHECK(line.empty());
    CHECK(getline_bounded(in, line, 100, too_long));
    CHECK(line == "dua\r");
    CHECK(getline_bounded(in, line, 100, too_long));
    CHECK(line == "tiga");
    CHECK_FALSE(getline_bounded(in, line, 100, too_long));
}

TEST_CASE("getline_bounded drops a line over the limit and goes on with the next one") {
    std::istringstream in(std::string(1000, 'x') + "\nok\n" + std::string(11, 'y'));
    std::string line;
    bool too_long = false;
    CHECK(getline_bounded(in, line, 10, too_long));
    CHECK(too_long);
    CHECK(line.empty());
    CHECK(line.capacity() < 1000);  // the long line is not kept in memory
    CHECK(getline_bounded(in, line, 10, too_long));
    CHECK_FALSE(too_long);
    CHECK(line == "ok");
    CHECK(getline_bounded(in, line, 10, too_long));  // the last line, no newline, too long
    CHECK(too_long);
    CHECK_FALSE(getline_bounded(in, line, 10, too_long));
    // exactly at the limit is fine
    std::istringstream exact("0123456789\n");
    CHECK(getline_bounded(exact, line, 10, too_long));
    CHECK_FALSE(too_long);
    CHECK(line == "0123456789");
}

TEST_CASE("a JSONL line over --max-bytes is skipped as too large and names its line") {
    std::string body(5000, 'a');
    std::istringstream in("{\"id\":\"a\",\"body\":\"satu dua tiga\"}\n{\"id\":\"b\",\"body\":\"" +
                          body + "\"}\n{\"id\":\"c\",\"body\":\"empat lima\"}\n");
    ReadOptions options;
    options.max_bytes = 1000;
    auto batch = read_jsonl(in, "<stdin>", Cleaner::standard(), options);
    REQUIRE(batch.articles.size() == 2);
    CHECK(batch.articles[1].id == "c");
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].path == "<stdin>:2");
    CHECK(batch.skipped[0].kind == SkipKind::kTooLarge);
    CHECK(batch.skipped[0].reason.find("over the --max-bytes limit of 1000") != std::string::npos);
}
