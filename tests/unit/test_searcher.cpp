// Totals and facets of search::run on an index large enough for Xapian's matcher to skip
// documents that cannot reach the page: the total must still be the exact number of matches,
// with and without facets, and the page must be the one an exhaustive match gives.

#include <doctest/doctest.h>

#include <random>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/search/searcher.hpp"

using namespace telusur;

namespace {

/// 3,000 articles of words at skewed frequencies (the first words in most articles, the last
/// ones in few), some naming companies.
auto make_index(analysis::Analyzer& analyzer, const entity::Catalog& catalog)
    -> Xapian::WritableDatabase {
    static const std::vector<std::string> kWords{"chip",   "pasar",  "harga",  "model",  "data",
                                                 "ekspor", "pabrik", "riset",  "kota",   "jalan",
                                                 "bank",   "sawah",  "gunung", "sungai", "hutan",
                                                 "pantai", "nvidia", "huawei", "baidu",  "tencent"};
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(42);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < 3000; ++i) {
        ingest::Article a;
        a.id = "a" + std::to_string(i);
        a.path = "/tmp/" + a.id + ".txt";
        a.title = "Berita " + std::to_string(i);
        for (std::size_t k = 0; k < kWords.size(); ++k) {
            const auto repeats = 1 + static_cast<int>(u(rng) * 3);
            if (u(rng) < 0.95 / static_cast<double>(k + 1) + 0.02) {
                for (int r = 0; r < repeats; ++r) {
                    a.body.append(kWords[k]).append(" ");
                }
            }
        }
        a.body.append("selesai.");
        db.add_document(index::make_document(a, analyzer, &catalog));
    }
    db.commit();
    return db;
}

auto ids(const search::Results& r, std::size_t n) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n && i < r.hits.size(); ++i) {
        out.push_back(r.hits[i].id);
    }
    return out;
}

}  // namespace

TEST_CASE("totals are exact with and without facets, and the page is the exhaustive one") {
    analysis::Analyzer analyzer;
    const auto catalog = entity::default_catalog();
    const auto db = make_index(analyzer, *catalog);
    search::Options options;
    options.collapse = false;
    options.snippets = false;
    options.suggest = false;
    options.catalog = catalog.get();
    search::Options listing = options;
    listing.limit = 10000;  // every match: the count the totals must give
    search::Options faceted = options;
    faceted.facets = true;
    const search::FacetTable table(db);
    search::Options from_table = faceted;
    from_table.facet_table = &table;
    for (const std::string query :
         {"chip", "chip pasar", "pasar harga model", "chip OR data", "chip -riset",
          "harga OR (model -pasar)", "sawah gunung", "nvidia", "chip company:huawei"}) {
        INFO(query);
        const auto all = search::run(db, analyzer, query, listing);
        REQUIRE(all.total_exact);
        REQUIRE(all.total == all.hits.size());
        REQUIRE(all.total > 10);
        const auto page = search::run(db, analyzer, query, options);
        CHECK(page.total_exact);
        CHECK(page.total == all.total);
        CHECK(ids(page, 10) == ids(all, 10));
        const auto f = search::run(db, analyzer, query, faceted);
        CHECK(f.total_exact);
        CHECK(f.total == all.total);
        CHECK(ids(f, 10) == ids(all, 10));
        const auto t = search::run(db, analyzer, query, from_table);
        CHECK(t.total == all.total);
        CHECK(t.facets == f.facets);
        // Each company's count is the number of listed matches that name it.
        for (const auto& c : f.facets.at("company")) {
            unsigned naming = 0;
            for (const auto& hit : all.hits) {
                for (const auto& e : hit.entities) {
                    naming += e.id == c.id ? 1U : 0U;
                }
            }
            CHECK_MESSAGE(c.documents == naming, c.id);
        }
    }
}
