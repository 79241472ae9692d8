#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "telusur/entity/catalog.hpp"
#include "telusur/index/compression.hpp"
#include "telusur/index/preparer.hpp"

namespace fs = std::filesystem;
using namespace telusur;

namespace {
/// Distinct articles in the wording of news, with entities, repeated words and a few
/// duplicates and repeated ids, so that the order of adding decides what is indexed.
auto numbered(int i, bool twists = true) -> ingest::Article {
    ingest::Article a;
    a.id = "p" + std::to_string(twists && i % 97 == 5 ? 3 : i);  // p3 again: a replacement
    a.path = "/tmp/" + a.id + ".txt";
    twists = twists && i % 89 == 7;
    a.title = "Laporan chip " + std::to_string(twists ? 1 : i);  // same text as p1 ...
    for (int s = 0; s < 6; ++s) {
        a.body += "Saham Nvidia dan Huawei bergerak " + std::to_string((i * 17 + s) % 193) +
                  " poin setelah Baidu menimbun chip-chip H200 kuartal " +
                  std::to_string(s % 4 + 1) + ". ";
    }
    if (twists) {
        a.body = numbered(1).body;  // ... and the same body: a duplicate of p1
    }
    return a;
}

/// Everything a document holds: data, values, and each term with its wdf and positions.
auto dump(const Xapian::Database& db) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        auto doc = db.get_document(*d);
        std::string s = std::to_string(*d) + " " + doc.get_data();  // compressed or not
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            s += " v" + std::to_string(v.get_valueno()) + "=" + *v;
        }
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            s += " " + *t + ":" + std::to_string(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                s += "," + std::to_string(*p);
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

struct Outcome {
    std::vector<index::AddResult::Kind> kinds;
    std::vector<std::string> dump;
};

/// Adds articles 0..n-1 to a new index, one by one or through a Preparer.
auto build(int n, unsigned threads, bool prepared, std::size_t window = 0) -> Outcome {
    const auto dir = (fs::temp_directory_path() / "telusur_test_preparer").string();
    fs::remove_all(dir);
    index::Writer w(dir, entity::default_catalog());
    Outcome out;
    if (!prepared) {
        analysis::Analyzer a;
        for (int i = 0; i < n; ++i) {
            out.kinds.push_back(w.add(numbered(i), a).kind);
        }
    } else {
        index::Preparer preparer(w, threads, window);
        std::vector<std::string> ids;
        auto pop = [&] {
            auto [article, doc] = preparer.pop();
            ids.push_back(article.id);
            out.kinds.push_back(w.add(std::move(doc)).kind);
        };
        for (int i = 0; i < n; ++i) {
            preparer.push(numbered(i));
            while (preparer.pending() > preparer.window()) {
                pop();
            }
        }
        while (preparer.pending() > 0) {
            pop();
        }
        REQUIRE(ids.size() == static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            CHECK(ids[static_cast<std::size_t>(i)] == numbered(i).id);  // in push order
        }
    }
    w.commit();
    w.close();
    out.dump = dump(Xapian::Database(dir));
    fs::remove_all(dir);
    return out;
}
}  // namespace

TEST_CASE("articles prepared in threads are indexed exactly as added one by one") {
    const int n = 300;
    const auto expected = build(n, 0, false);
    REQUIRE(expected.dump.size() > 250);
    CHECK(std::count(expected.kinds.begin(), expected.kinds.end(),
                     index::AddResult::kDuplicate) == 4);  // 7, 96, 185, 274
    CHECK(std::count(expected.kinds.begin(), expected.kinds.end(),
                     index::AddResult::kReplaced) == 4);  // 5, 102, 199, 296
    for (const unsigned threads : {0U, 1U, 3U}) {
        CAPTURE(threads);
        const auto got = build(n, threads, true);
        CHECK(got.kinds == expected.kinds);
        CHECK(got.dump == expected.dump);
    }
    // A window wider than the articles: everything is prepared before the first add.
    const auto wide = build(n, 2, true, 1000);
    CHECK(wide.dump == expected.dump);
}

TEST_CASE("articles prepared before a run trains its dictionary are compressed with it") {
    auto dir = (fs::temp_directory_path() / "telusur_test_preparer_dictionary").string();
    fs::remove_all(dir);
    {
        index::Writer w(dir);
        // All 260 are prepared (plain records) before the first is added; the 200th trains.
        index::Preparer preparer(w, 2, 1000);
        for (int i = 1000; i < 1260; ++i) {
            preparer.push(numbered(i, false));
        }
        while (preparer.pending() > 0) {
            w.add(preparer.pop().prepared);
        }
        w.commit();
    }
    Xapian::Database db(dir);
    REQUIRE_FALSE(db.get_metadata(index::kDictionaryKey).empty());
    auto compressed = [&](int i) {
        const auto term = std::string(index::kIdPrefix) + "p" + std::to_string(i);
        auto it = db.postlist_begin(term);
        REQUIRE(it != db.postlist_end(term));
        return index::is_compressed(db.get_document(*it).get_data());
    };
    CHECK_FALSE(compressed(1199));  // the 200th: its record completed the samples
    CHECK(compressed(1200));
    CHECK(compressed(1259));
    fs::remove_all(dir);
}
