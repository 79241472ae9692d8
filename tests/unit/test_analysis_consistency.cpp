// Index terms, query terms and highlights come from one analyzer, so nothing indexed is
// unfindable: random spans of the bundled articles, searched as phrases, find their article.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "telusur/index/index.hpp"
#include "telusur/search/query.hpp"
#include "telusur/snippet/snippet.hpp"

namespace fs = std::filesystem;
using namespace telusur;

TEST_CASE("random spans of every bundled article, searched as phrases, find the article") {
    analysis::Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::vector<std::pair<std::string, std::string>> bodies;  // id, text
    for (const auto& entry : fs::directory_iterator(fs::path(TELUSUR_SOURCE_DIR) / "data/articles")) {
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ingest::Article article;
        article.id = entry.path().stem().string();
        article.body = text;
        db.replace_document("Q" + article.id, index::make_document(article, analyzer));
        bodies.emplace_back(article.id, text);
    }
    REQUIRE(bodies.size() == 5);
    std::mt19937 rng(20251123);  // fixed seed: the same spans on every run
    int checked = 0;
    for (const auto& [id, text] : bodies) {
        auto tokens = analyzer.tokenize(text);
        REQUIRE(tokens.size() > 20);
        for (int n = 0; n < 60; ++n) {
            auto length = std::uniform_int_distribution<std::size_t>(1, 8)(rng);
            auto first = std::uniform_int_distribution<std::size_t>(0, tokens.size() - length)(rng);
            auto last = first + length - 1;
            auto span = text.substr(tokens[first].begin, tokens[last].end - tokens[first].begin);
            std::erase(span, '"');
            auto parsed = search::parse_query("\"" + span + "\"", analyzer);
            Xapian::Enquire enquire(db);
            enquire.set_query(parsed.query);
            auto mset = enquire.get_mset(0, 10);
            bool found = false;
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                found = found || it.get_document().get_data().find("\"id\":\"" + id + "\"") !=
                                     std::string::npos;
            }
            INFO("article ", id, " span: ", span);
            CHECK(found);
            // The same analyzer highlights every word of the span in a snippet.
            std::set<std::string> terms(parsed.positive_terms.begin(), parsed.positive_terms.end());
            auto snip = snippet::make_snippet(span, terms, analyzer, 400);
            CHECK(snip.highlights.size() == length);
            ++checked;
        }
    }
    CHECK(checked == 300);
}
