#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/input.hpp"

using namespace telusur::ingest;

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
