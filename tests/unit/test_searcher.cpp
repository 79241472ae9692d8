// Totals and facets of search::run on an index large enough for Xapian's matcher to skip
// documents that cannot reach the page: the total must still be the exact number of matches,
// with and without facets, and the page must be the one an exhaustive match gives.

#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
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
auto make_index(analysis::Analyzer& analyzer,
                const entity::Catalog& catalog,
                const std::string& path = {}) -> Xapian::WritableDatabase {
    static const std::vector<std::string> kWords{"chip",   "pasar",  "harga",  "model",  "data",
                                                 "ekspor", "pabrik", "riset",  "kota",   "jalan",
                                                 "bank",   "sawah",  "gunung", "sungai", "hutan",
                                                 "pantai", "nvidia", "huawei", "baidu",  "tencent"};
    Xapian::WritableDatabase db =
        path.empty() ? Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)
                     : Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
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

/// make_index() at a path, then every step-th document from `first` on deleted.
void make_index_with_holes(analysis::Analyzer& analyzer,
                           const entity::Catalog& catalog,
                           const std::string& path,
                           Xapian::docid first,
                           Xapian::docid step) {
    auto w = make_index(analyzer, catalog, path);
    for (Xapian::docid did = first; did <= w.get_lastdocid(); did += step) {
        w.delete_document(did);
    }
    w.commit();
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
          "harga OR (model -pasar)", "sawah gunung", "nvidia", "chip company:huawei",
          // Wildcards: no match set from the posting lists, facets from a matcher pass.
          "hu*", "pasar OR hut*"}) {
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

TEST_CASE("a helper thread (counting, halves, signatures, hits) gives the same results") {
    namespace fs = std::filesystem;
    const auto dir =
        fs::temp_directory_path() / ("telusur-test-searcher-" + std::to_string(getpid()));
    analysis::Analyzer analyzer;
    const auto catalog = entity::default_catalog();
    // Deleted documents leave docids without a document in both halves.
    make_index_with_holes(analyzer, *catalog, dir.string(), 3, 7);
    const Xapian::Database db(dir.string());
    search::Helper helper{Xapian::Database(dir.string())};
    search::Options options;
    options.catalog = catalog.get();
    options.explain = true;
    const search::FacetTable table(db);
    // Phrases read positions: matched as two docid halves in two threads.
    const std::vector<std::string> queries{"chip",
                                           "chip pasar",
                                           "chip OR data",
                                           "sawah -chip",
                                           "nvidia company:huawei",
                                           "\"chip pasar\"",
                                           "\"pasar harga\" OR sawah",
                                           "data \"chip pasar\"",
                                           "-\"chip pasar\""};
    for (const bool facets : {false, true}) {
        for (const bool collapse : {false, true}) {
            for (const Xapian::doccount offset : {0U, 7U}) {
                options.facets = facets;
                options.collapse = collapse;
                options.offset = offset;
                options.facet_table = facets ? &table : nullptr;
                for (const auto& query : queries) {
                    CAPTURE(query);
                    CAPTURE(facets);
                    CAPTURE(collapse);
                    CAPTURE(offset);
                    auto alone = options;
                    alone.helper = nullptr;
                    auto helped = options;
                    helped.helper = &helper;
                    const auto a = search::run(db, analyzer, query, alone);
                    const auto b = search::run(db, analyzer, query, helped);
                    CHECK(a.total > 10);
                    CHECK(b.total == a.total);
                    CHECK(b.total_exact == a.total_exact);
                    CHECK(b.collapsed == a.collapsed);
                    CHECK(ids(b, 10) == ids(a, 10));
                    CHECK(b.facets == a.facets);
                    CHECK(b.company_all == a.company_all);
                    REQUIRE(b.hits.size() == a.hits.size());
                    for (std::size_t i = 0; i < a.hits.size(); ++i) {
                        CHECK(b.hits[i].score == a.hits[i].score);
                        CHECK(b.hits[i].rank == a.hits[i].rank);
                        CHECK(b.hits[i].similar == a.hits[i].similar);
                        CHECK(b.hits[i].snippet.text == a.hits[i].snippet.text);
                        CHECK(b.hits[i].snippet.highlights == a.hits[i].snippet.highlights);
                        CHECK(b.hits[i].snippet.highlights.empty() == (query[0] == '-'));
                        CHECK(b.hits[i].explanation.size() == a.hits[i].explanation.size());
                        CHECK(b.hits[i].entities == a.hits[i].entities);
                        CHECK(b.hits[i].title == a.hits[i].title);
                    }
                }
            }
        }
    }
    // --company: the companies as if it were off, counted by the helper too.
    {
        auto alone = options;
        alone.offset = 0;
        alone.facets = true;
        alone.facet_table = &table;
        alone.companies = {"nvidia"};
        alone.helper = nullptr;
        auto helped = alone;
        helped.helper = &helper;
        for (const auto* query : {"chip", "chip pasar", "sawah -chip"}) {
            CAPTURE(query);
            const auto a = search::run(db, analyzer, query, alone);
            const auto b = search::run(db, analyzer, query, helped);
            REQUIRE(a.company_all.has_value());
            CHECK(b.company_all == a.company_all);
            CHECK(b.facets == a.facets);
            CHECK(b.total == a.total);
            CHECK(a.company_all->size() >= a.facets.at("company").size());
        }
    }
    // A handle on another state is not used: results stay those of db.
    {
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_OPEN);
        ingest::Article extra;
        extra.id = "extra";
        extra.path = "/tmp/extra.txt";
        extra.body = "chip chip chip pasar";
        w.add_document(index::make_document(extra, analyzer, catalog.get()));
        w.commit();
    }
    const Xapian::Database newer(dir.string());
    search::Helper newer_helper{Xapian::Database(dir.string())};
    auto helped = options;
    helped.offset = 0;
    helped.facets = true;
    helped.helper = &newer_helper;
    auto alone = helped;
    alone.helper = nullptr;
    CHECK(search::run(db, analyzer, "chip", helped).total ==
          search::run(db, analyzer, "chip", alone).total);
    CHECK(search::run(newer, analyzer, "chip", alone).total ==
          search::run(db, analyzer, "chip", alone).total + 1);
    fs::remove_all(dir);
}

TEST_CASE("a ranker finds the same pages, totals and facets as the matcher") {
    namespace fs = std::filesystem;
    const auto dir =
        fs::temp_directory_path() / ("telusur-test-ranker-" + std::to_string(getpid()));
    analysis::Analyzer analyzer;
    const auto catalog = entity::default_catalog();
    make_index_with_holes(analyzer, *catalog, dir.string(), 5, 11);
    const Xapian::Database db(dir.string());
    search::Helper helper{Xapian::Database(dir.string())};
    search::Ranker ranker(db);
    search::Options options;
    options.catalog = catalog.get();
    const search::FacetTable table(db);
    // Words and ORs of words are ranked from the ranker's candidates; the rest by the matcher.
    const std::vector<std::pair<std::string, bool>> queries{
        {"chip", true},
        {"chip OR data", true},
        {"nvidia", true},  // an OR of the name's spellings
        {"sawah OR gunung OR sungai", true},
        {"chip pasar", false},
        {"pasar harga model", false},
        {"chip -riset", false},
        {"+chip pasar", false},
        {"harga OR (model -pasar)", false},
        {"chip company:huawei", false},
        {"\"chip pasar\"", false},
        {"hu*", false}};
    std::size_t expected_answers = 0;
    for (const bool facets : {false, true}) {
        for (const bool collapse : {false, true}) {
            for (const Xapian::doccount offset : {0U, 7U}) {
                for (auto* with_helper : {static_cast<search::Helper*>(nullptr), &helper}) {
                    options.facets = facets;
                    options.collapse = collapse;
                    options.offset = offset;
                    options.facet_table = facets ? &table : nullptr;
                    options.helper = with_helper;
                    for (const auto& entry : queries) {
                        const auto& query = entry.first;  // no structured binding: CAPTURE
                        const bool rankable = entry.second;
                        CAPTURE(query);
                        CAPTURE(facets);
                        CAPTURE(collapse);
                        CAPTURE(offset);
                        auto matcher = options;
                        matcher.ranker = nullptr;
                        auto ranked = options;
                        ranked.ranker = &ranker;
                        const auto a = search::run(db, analyzer, query, matcher);
                        const auto before = ranker.answered();
                        const auto b = search::run(db, analyzer, query, ranked);
                        const bool by_ranker = ranker.answered() > before;
                        CHECK(by_ranker == rankable);
                        expected_answers += by_ranker ? 1 : 0;
                        CHECK(a.total > 10);
                        CHECK(b.total == a.total);
                        CHECK(b.total_exact == a.total_exact);
                        CHECK(b.collapsed == a.collapsed);
                        CHECK(ids(b, 10) == ids(a, 10));
                        CHECK(b.facets == a.facets);
                        REQUIRE(b.hits.size() == a.hits.size());
                        for (std::size_t i = 0; i < a.hits.size(); ++i) {
                            // Xapian may add the terms' weights in another order (last bits).
                            CHECK(std::abs(b.hits[i].score - a.hits[i].score) <=
                                  1e-9 * a.hits[i].score);
                            CHECK(b.hits[i].similar == a.hits[i].similar);
                            CHECK(b.hits[i].snippet.text == a.hits[i].snippet.text);
                        }
                    }
                }
            }
        }
    }
    CHECK(ranker.answered() == expected_answers);
    CHECK(expected_answers > 0);
    fs::remove_all(dir);
}

TEST_CASE("signatures of 16-bit and of older 32-bit MinHash values compare alike") {
    analysis::Analyzer analyzer;
    // The value index::make_document stores now, and the minhash of the same text.
    auto stored = [&](const std::string& title, const std::string& body) {
        ingest::Article a;
        a.id = "s";
        a.title = title;
        a.body = body;
        return index::make_document(a, analyzer).get_value(index::kMinHash);
    };
    const auto full = ingest::minhash("Nvidia menjual\nchip H20 ke China setelah izin ekspor");
    const auto new_value = stored("Nvidia menjual", "chip H20 ke China setelah izin ekspor");
    std::string old_value;  // as indexes before b-bit MinHash stored it
    for (auto v : full) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            old_value.push_back(static_cast<char>((v >> static_cast<unsigned>(shift)) & 0xFFU));
        }
    }
    const auto from_old = search::signature_of(old_value);
    const auto from_new = search::signature_of(new_value);
    REQUIRE(from_old.has_value());
    REQUIRE(from_new.has_value());
    CHECK(*from_old == *from_new);
    CHECK(ingest::similarity(*from_old, *from_new) == 1.0);
    for (std::size_t k = 0; k < ingest::kMinHashSize; ++k) {
        CHECK((*from_new)[k] == (full[k] & 0xFFFFU));
    }
    // A different text stays different at 16 bits.
    const auto other_value = stored("Huawei memamerkan", "Ascend 910C di pameran Shanghai");
    CHECK_FALSE(ingest::near_duplicates(*from_new, *search::signature_of(other_value)));
    CHECK_FALSE(search::signature_of(std::string(100, 'x')).has_value());
    CHECK_FALSE(search::signature_of(std::string(ingest::kMinHashSize * 2, '\0')).has_value());
}

TEST_CASE("a signature table collapses into the same groups as reading the signatures") {
    namespace fs = std::filesystem;
    const auto dir =
        fs::temp_directory_path() / ("telusur-test-signatures-" + std::to_string(getpid()));
    analysis::Analyzer analyzer;
    const auto catalog = entity::default_catalog();
    make_index_with_holes(analyzer, *catalog, dir.string(), 5, 11);
    const Xapian::Database db(dir.string());
    const search::SignatureTable table(db);
    CHECK(table.fits(db));
    CHECK(table.size() == db.get_doccount());
    CHECK(table.find(5) == nullptr);  // deleted
    REQUIRE(table.find(4) != nullptr);
    CHECK(table.find(4)->signature ==
          *search::signature_of(db.get_document(4).get_value(index::kMinHash)));
    CHECK(table.find(db.get_lastdocid() + 1) == nullptr);
    search::Helper helper{Xapian::Database(dir.string())};
    search::Options options;
    options.catalog = catalog.get();
    Xapian::doccount collapsed = 0;
    for (const auto* query : {"chip", "sawah", "hutan pantai", "chip OR data", "\"chip pasar\""}) {
        for (const Xapian::doccount offset : {0U, 7U}) {
            for (search::Helper* h : {static_cast<search::Helper*>(nullptr), &helper}) {
                CAPTURE(query);
                CAPTURE(offset);
                options.offset = offset;
                options.helper = h;
                auto with = options;
                with.signatures = &table;
                const auto a = search::run(db, analyzer, query, options);
                const auto b = search::run(db, analyzer, query, with);
                CHECK(b.collapsed == a.collapsed);
                CHECK(ids(b, 10) == ids(a, 10));
                REQUIRE(b.hits.size() == a.hits.size());
                for (std::size_t i = 0; i < a.hits.size(); ++i) {
                    CHECK(b.hits[i].similar == a.hits[i].similar);
                }
                collapsed += a.collapsed;
            }
        }
    }
    CHECK(collapsed > 0U);  // the comparison is not only between uncollapsed lists
    {
        // A table of another state is not used.
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_OPEN);
        w.delete_document(4);
        w.commit();
    }
    const Xapian::Database newer(dir.string());
    CHECK_FALSE(table.fits(newer));
    fs::remove_all(dir);
}

// Listings (an empty query) and date order count their facets from the match set, as relevance
// order does: the same totals and facets in each order, from the table or without it, and a
// listing's counts are the whole index's.
TEST_CASE("listings and date order count the facets and totals of relevance order") {
    analysis::Analyzer analyzer;
    const auto catalog = entity::default_catalog();
    const auto db = make_index(analyzer, *catalog);
    const search::FacetTable table(db);
    search::Options options;
    options.snippets = false;
    options.suggest = false;
    options.catalog = catalog.get();
    options.facets = true;
    for (const std::string query : {"", "chip", "nvidia OR huawei", "chip -riset", "hu*"}) {
        INFO(query);
        const auto expected = search::run(db, analyzer, query, options);
        REQUIRE(expected.total_exact);
        REQUIRE(!expected.facets.at("company").empty());
        for (const auto sort : {search::Sort::kRelevance, search::Sort::kDateAscending,
                                search::Sort::kDateDescending}) {
            for (const auto* facet_table :
                 {static_cast<const search::FacetTable*>(nullptr), &table}) {
                CAPTURE(static_cast<int>(sort));
                CAPTURE(facet_table != nullptr);
                auto o = options;
                o.sort = sort;
                o.facet_table = facet_table;
                const auto r = search::run(db, analyzer, query, o);
                CHECK(r.total == expected.total);
                CHECK(r.total_exact);
                CHECK(r.facets == expected.facets);
            }
        }
    }
    // The listing's company counts are the documents naming each company in the whole index.
    const auto listing = search::run(db, analyzer, "", options);
    CHECK(listing.total == db.get_doccount());
    for (const auto& c : listing.facets.at("company")) {
        CHECK_MESSAGE(c.documents == db.get_termfreq("XC" + c.id), c.id);
    }
}
