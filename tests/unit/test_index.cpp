#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "telusur/error.hpp"
#include "telusur/index/index.hpp"

namespace fs = std::filesystem;
using namespace telusur;

namespace {
auto article(std::string id, std::string title, std::string body) -> ingest::Article {
    return ingest::Article{std::move(id), "/tmp/" + id + ".txt", std::move(title), std::move(body)};
}
}  // namespace

TEST_CASE("documents carry id term, title terms, positional body terms and JSON data") {
    analysis::Analyzer a;
    auto doc = index::make_document(article("x1", "Chip Kunlun", "Baidu menguji chip"), a);
    std::vector<std::string> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        terms.push_back(*it);
    }
    auto has = [&](const std::string& t) {
        return std::find(terms.begin(), terms.end(), t) != terms.end();
    };
    CHECK(has("Qx1"));
    CHECK(has(std::string(index::kTitlePrefix).append(a.term("kunlun"))));
    CHECK(has(a.term("baidu")));
    auto stored = index::decode(doc.get_data());
    CHECK(stored.id == "x1");
    CHECK(stored.title == "Chip Kunlun");
    CHECK(stored.body == "Baidu menguji chip");
    CHECK_THROWS_AS((void)index::decode("not json"), IndexError);
}

TEST_CASE("writer replaces by id and records the analyzer version") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        CHECK_FALSE(w.add(article("a", "A", "satu"), a));
        CHECK_FALSE(w.add(article("b", "B", "dua"), a));
        CHECK(w.add(article("a", "A", "satu lagi"), a));
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    CHECK(db.get_doccount() == 2);
    CHECK(db.get_metadata(index::kAnalyzerVersionKey) ==
          std::to_string(analysis::Analyzer::kVersion));
    fs::remove_all(dir);
}

TEST_CASE("an uncommitted run leaves the index as it was") {
    auto dir = (fs::temp_directory_path() / "telusur_test_abort").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        w.add(article("a", "A", "satu"), a);
        w.commit();
    }
    {
        index::Writer w(dir);
        w.add(article("b", "B", "dua"), a);  // no commit: as if the run failed
    }
    CHECK(index::open_for_reading(dir).get_doccount() == 1);
    fs::remove_all(dir);
}

TEST_CASE("opening errors are one-line IndexErrors") {
    CHECK_THROWS_WITH_AS((void)index::open_for_reading("/nonexistent/telusur"),
                         "no index at /nonexistent/telusur; run 'telusur index PATH' first",
                         IndexError);
    auto dir = fs::temp_directory_path() / "telusur_test_notindex";
    fs::create_directories(dir);
    CHECK_THROWS_AS((void)index::open_for_reading(dir.string()), IndexError);
    fs::remove_all(dir);
}

TEST_CASE("index path: option, then TELUSUR_INDEX, then ./index") {
    ::unsetenv("TELUSUR_INDEX");
    CHECK(index::resolve_path(std::nullopt) == "./index");
    ::setenv("TELUSUR_INDEX", "/srv/idx", 1);
    CHECK(index::resolve_path(std::nullopt) == "/srv/idx");
    CHECK(index::resolve_path(std::string("/opt/x")) == "/opt/x");
    ::unsetenv("TELUSUR_INDEX");
}
