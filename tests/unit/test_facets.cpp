// Entity facets over the whole match set: the match spy, its serialisation and merging (sharded
// and remote searches), and the per-entity counting queries, on the bundled articles.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "telusur/data.hpp"
#include "telusur/entity/matcher.hpp"
#include "telusur/search/facets.hpp"

using namespace telusur;
using namespace telusur::search;
namespace fs = std::filesystem;

namespace {
auto gazetteer() -> const entity::Gazetteer& {
    static const auto g = entity::Gazetteer::load(data_path("entities.tsv").string());
    return g;
}

/// A document of an article: its lower-cased words as plain terms, plus the entity terms.
auto make_doc(const std::string& text) -> Xapian::Document {
    static const entity::Matcher matcher(gazetteer());
    Xapian::Document doc;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        for (auto& ch : word) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        doc.add_term(word);
    }
    entity::add_entity_terms(doc, matcher.find(text), gazetteer());
    return doc;
}

/// The bundled articles in order, split over `shards` in-memory databases round robin.
auto shards(std::size_t n) -> std::vector<Xapian::WritableDatabase> {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(fs::path(TELUSUR_SOURCE_DIR) / "data/articles")) {
        paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<Xapian::WritableDatabase> dbs;
    for (std::size_t i = 0; i < n; ++i) {
        dbs.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
    }
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::ifstream in(paths[i], std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        dbs[i % n].add_document(make_doc(text));
    }
    return dbs;
}

/// A spy run over every match of query (MatchSpy is not copyable, hence the pointer), reading
/// the counts from table when given.
auto spy_counts(const Xapian::Database& db,
                const Xapian::Query& query,
                const FacetTable* table = nullptr) -> std::unique_ptr<EntityFacetSpy> {
    auto spy = std::make_unique<EntityFacetSpy>(&gazetteer(), entity::kCountsSlot, table);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.add_matchspy(spy.get());
    (void)enquire.get_mset(0, 1, db.get_doccount());  // a page of 1: counts must cover all
    return spy;
}

/// The bundled articles in one database, then three short ones, and document 2 deleted.
auto with_a_hole() -> Xapian::WritableDatabase {
    auto db = shards(1)[0];
    db.add_document(make_doc("Nvidia dan Huawei, chip Nvidia lagi"));
    db.add_document(make_doc("Baidu tanpa kata itu"));
    db.add_document(make_doc("Tencent, chip lagi, Kunlun dan Kunlun"));
    db.delete_document(2);
    db.commit();
    return db;
}

auto ids_and_documents(const std::vector<FacetCount>& facets)
    -> std::vector<std::pair<std::string, unsigned>> {
    std::vector<std::pair<std::string, unsigned>> out;
    out.reserve(facets.size());
    for (const auto& f : facets) {
        out.emplace_back(f.id, f.documents);
    }
    return out;
}
using Counts = std::vector<std::pair<std::string, unsigned>>;
}  // namespace

// Whole index: company counts match the hand annotations (test_entity_matcher.cpp), sorted by
// count then name.
TEST_CASE("facets over the whole index") {
    auto db = shards(1)[0];
    const auto spy = spy_counts(db, Xapian::Query::MatchAll);
    CHECK(spy->documents_seen() == 5);
    CHECK(ids_and_documents(spy->top(0, "company")) == Counts{{"nvidia", 5},
                                                              {"baidu", 3},
                                                              {"alibaba", 2},
                                                              {"google", 2},
                                                              {"tencent", 2},
                                                              {"baichuan", 1},
                                                              {"cambricon", 1},
                                                              {"gartner", 1},
                                                              {"gate", 1},
                                                              {"huawei", 1},
                                                              {"kunlun", 1},
                                                              {"meta", 1},
                                                              {"moonshot-ai", 1},
                                                              {"openai", 1},
                                                              {"smic", 1},
                                                              {"transmart", 1},
                                                              {"xiaomi", 1}});
    const auto top_places = spy->top(2, "place");
    REQUIRE(top_places.size() == 2);
    CHECK(top_places[0].id == "amerika-serikat");
    CHECK(top_places[0].name == "Amerika Serikat");
    CHECK(top_places[0].type == "place");
    CHECK(top_places[0].documents == 5);
    CHECK(top_places[1].id == "china");
    CHECK(top_places[0].mentions > top_places[0].documents);
    // Documents per entity agree with the XE term frequencies, and all types add up.
    std::size_t typed = 0;
    for (const auto& type : entity::kTypes) {
        typed += spy->top(0, type).size();
    }
    CHECK(typed == spy->top(0).size());
    for (const auto& f : spy->top(0)) {
        CHECK(f.documents == db.get_termfreq(std::string("XE").append(f.id)));
    }
}

// A term query: only the matching documents count, not only the page.
TEST_CASE("facets over a query") {
    auto db = shards(1)[0];
    // "tencent" as a plain word: articles 000 and 001.
    const auto spy = spy_counts(db, Xapian::Query("tencent"));
    CHECK(spy->documents_seen() == 2);
    CHECK(ids_and_documents(spy->top(3, "company")) ==
          Counts{{"baidu", 2}, {"google", 2}, {"nvidia", 2}});
    CHECK(ids_and_documents(spy->top(0, "product")) == Counts{{"ernie", 2}, {"wechat", 2}});
    // A filter on an entity term: articles that name Baidu or one of its products.
    const auto about = spy_counts(db, Xapian::Query("XAbaidu"));
    CHECK(about->documents_seen() == 3);
    const auto kunlun = spy_counts(db, Xapian::Query("XCkunlun"));
    CHECK(ids_and_documents(kunlun->top(0, "product")) == Counts{{"blackwell", 1},
                                                                 {"cuda", 1},
                                                                 {"ernie", 1},
                                                                 {"h100", 1},
                                                                 {"kunlun-p800", 1},
                                                                 {"zhenwu", 1}});
}

// Shards: per-shard results serialised and merged equal the direct count, as a remote search
// would merge them; a spy made by unserialise() counts the same.
TEST_CASE("serialise and merge round trip") {
    auto whole = shards(1)[0];
    auto parts = shards(3);
    for (const auto& query : {Xapian::Query(Xapian::Query::MatchAll), Xapian::Query("chip")}) {
        CAPTURE(query.get_description());
        const auto direct = spy_counts(whole, query);
        EntityFacetSpy merged(&gazetteer());
        Xapian::Database combined;
        for (auto& part : parts) {
            combined.add_database(part);
            const auto one = spy_counts(part, query);
            merged.merge_results(one->serialise_results());
        }
        CHECK(merged.documents_seen() == direct->documents_seen());
        CHECK(merged.top(0) == direct->top(0));
        // A local sharded search calls the spy directly.
        const auto sharded = spy_counts(combined, query);
        CHECK(sharded->top(0) == direct->top(0));
        // unserialise() (what a server does) gives a working spy->
        const Xapian::Registry registry;
        std::unique_ptr<Xapian::MatchSpy> copy(direct->unserialise(direct->serialise(), registry));
        auto* facet_copy = dynamic_cast<EntityFacetSpy*>(copy.get());
        REQUIRE(facet_copy != nullptr);
        facet_copy->set_gazetteer(&gazetteer());
        Xapian::Enquire enquire(whole);
        enquire.set_query(query);
        enquire.add_matchspy(facet_copy);
        (void)enquire.get_mset(0, 0, whole.get_doccount());
        CHECK(facet_copy->top(0) == direct->top(0));
        std::unique_ptr<Xapian::MatchSpy> cloned(direct->clone());
        CHECK(cloned->name() == direct->name());
    }
    EntityFacetSpy spy;  // a spy that has seen nothing
    CHECK_THROWS_AS(spy.merge_results("x"), Xapian::SerialisationError);
    CHECK_THROWS_AS(spy.merge_results("1\nnvidia 1\n"), Xapian::SerialisationError);
    CHECK(spy.documents_seen() == 0);
    const Xapian::Registry registry;
    CHECK_THROWS_AS(delete spy.unserialise("x", registry), Xapian::SerialisationError);
    CHECK(spy.get_description().find("EntityFacetSpy") == 0);
    // Without a gazetteer, names are ids and typed lists are empty.
    spy.merge_results("2\nnvidia 2 9\n");
    CHECK(spy.top(0) == std::vector<FacetCount>{{"nvidia", "nvidia", "", 2, 9}});
    CHECK(spy.top(0, "company").empty());
}

// One counting query per entity (stock Xapian only) agrees with the spy's document counts.
TEST_CASE("count_by_queries agrees with the spy") {
    auto db = shards(1)[0];
    for (const auto& query : {Xapian::Query(Xapian::Query::MatchAll), Xapian::Query("chip")}) {
        for (const char* type : {"company", "product", "place", ""}) {
            CAPTURE(type);
            auto expected = spy_counts(db, query)->top(0, type);
            for (auto& f : expected) {
                f.mentions = 0;
            }
            CHECK(count_by_queries(db, query, gazetteer(), type) == expected);
        }
    }
}

// The in-memory table (search --batch) gives the same counts, mentions included, as reading the
// value of each match.
TEST_CASE("facet table counts equal value-slot counts") {
    {
        // Shards combined: a spy sees each shard's own docids, so the table never fits a spy;
        // a match set has the combined docids, as the table read from the combined value
        // stream: it counts those.
        Xapian::Database sharded;
        for (auto& shard : shards(3)) {
            sharded.add_database(shard);
        }
        const FacetTable table(sharded);
        CHECK_FALSE(table.fits(sharded));
        REQUIRE(table.fits_match_sets(sharded));
        for (const auto& query : {Xapian::Query(Xapian::Query::MatchAll), Xapian::Query("tencent"),
                                  Xapian::Query("XCkunlun"), Xapian::Query("chip")}) {
            CAPTURE(query.get_description());
            const auto matches = match_set(sharded, query);
            REQUIRE(matches);
            EntityFacetSpy from_table(&gazetteer(), entity::kCountsSlot, &table);
            matches->for_each([&](Xapian::docid did) { from_table.add(did); });
            const auto slow = spy_counts(sharded, query);
            CHECK(from_table.documents_seen() == slow->documents_seen());
            CHECK(from_table.serialise_results() == slow->serialise_results());
            CHECK(!from_table.top(0).empty());
        }
    }
    {
        Xapian::Database db(shards(1)[0]);
        const FacetTable table(db);
        REQUIRE(table.fits(db));
        CHECK(table.entries(0).empty());
        CHECK(table.entries(db.get_lastdocid() + 5).empty());
        for (const auto& query : {Xapian::Query(Xapian::Query::MatchAll), Xapian::Query("tencent"),
                                  Xapian::Query("XCkunlun"), Xapian::Query("chip")}) {
            CAPTURE(query.get_description());
            const auto slow = spy_counts(db, query);
            const auto fast = spy_counts(db, query, &table);
            CHECK(fast->documents_seen() == slow->documents_seen());
            CHECK(fast->top(0) == slow->top(0));
            CHECK(fast->serialise_results() == slow->serialise_results());
            CHECK(!fast->top(0).empty());
        }
    }
}

// Counting a match set of most of the database as "all documents minus the others" gives the
// counts of adding each match, mentions included; with a deleted document in between.
TEST_CASE("facet table: all but the non-matches counts like each match") {
    auto db = with_a_hole();
    const FacetTable table(db);
    REQUIRE(table.fits(db));
    for (const auto& query : {Xapian::Query("chip"), Xapian::Query(Xapian::Query::MatchAll)}) {
        CAPTURE(query.get_description());
        std::vector<Xapian::docid> matches;
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        const auto mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            matches.push_back(*it);
        }
        std::sort(matches.begin(), matches.end());
        EntityFacetSpy each(&gazetteer(), entity::kCountsSlot, &table);
        for (auto did : matches) {
            each.add(did);
        }
        EntityFacetSpy all_but(&gazetteer(), entity::kCountsSlot, &table);
        all_but.add_all(static_cast<Xapian::doccount>(matches.size()));
        for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
            if (!std::binary_search(matches.begin(), matches.end(), did)) {
                all_but.remove(did);  // the deleted document too: it has no entries
            }
        }
        CHECK(all_but.documents_seen() == each.documents_seen());
        CHECK(all_but.serialise_results() == each.serialise_results());
        CHECK(all_but.top(0) == spy_counts(db, query)->top(0));
        CHECK(!each.top(0).empty());
    }
}

// A table read before a change no longer fits the changed database.
TEST_CASE("facet table notices a changed database") {
    auto shard = shards(1)[0];
    const FacetTable table(shard);
    CHECK(table.fits(shard));
    shard.add_document(make_doc("Nvidia lagi"));
    CHECK_FALSE(table.fits(shard));
    CHECK(FacetTable(shard).fits(shard));
}

// Entries are 2 + 2 bytes: a count past 65,535 leaves the table unused (the spy then reads the
// values), so counts stay exact.
TEST_CASE("facet table steps aside for counts too large for its entries") {
    auto db = shards(1)[0];
    Xapian::Document huge;
    huge.add_term("chip");
    huge.add_value(entity::kCountsSlot, entity::serialise_counts({{"nvidia", 70000}}));
    db.add_document(huge);
    const FacetTable table(db);
    CHECK_FALSE(table.fits(db));
    const auto counts = spy_counts(db, Xapian::Query("chip"))->counts();
    REQUIRE(counts.count("nvidia") == 1U);
    CHECK(counts.at("nvidia").mentions >= 70000U);
    Xapian::Document fine;
    fine.add_value(entity::kCountsSlot, entity::serialise_counts({{"nvidia", 65535}}));
    db.add_document(fine);
    auto small = shards(1)[0];
    small.add_document(fine);
    CHECK(FacetTable(small).fits(small));
}

// One-shot searches and shards have no table: counting a match set from the mention postings
// (XM terms, wdf = mentions) or from the counts value stream gives the counts of reading each
// match's value, mentions included; with a deleted document, and for an empty match set.
TEST_CASE("facets from the mention postings equal those from the counts values") {
    auto db = with_a_hole();
    for (const auto& query :
         {Xapian::Query(Xapian::Query::MatchAll), Xapian::Query("chip"), Xapian::Query("XCkunlun"),
          Xapian::Query("tencent"), Xapian::Query("tidakadadimana")}) {
        CAPTURE(query.get_description());
        const auto matches = match_set(db, query);
        REQUIRE(matches);
        EntityFacetSpy by_values(&gazetteer());
        matches->for_each([&](Xapian::docid did) { by_values(db.get_document(did), 0.0); });
        EntityFacetSpy by_postings(&gazetteer());
        const auto terms = mention_terms_to_count(db, db.get_doccount());
        REQUIRE(terms);
        by_postings.add_by_postings(db, *matches, *terms);
        CHECK(by_postings.documents_seen() == matches->count());
        CHECK(by_postings.documents_seen() == by_values.documents_seen());
        CHECK(by_postings.serialise_results() == by_values.serialise_results());
        CHECK(by_postings.top(0) == spy_counts(db, query)->top(0));
        CHECK(by_postings.top(0).empty() == (matches->count() == 0));
        EntityFacetSpy by_stream(&gazetteer());
        count_values(by_stream, db, *matches);
        CHECK(by_stream.documents_seen() == matches->count());
        CHECK(by_stream.serialise_results() == by_values.serialise_results());
    }
}

// The choice: the database's mention postings against kValueCostInPostings per match, and then
// all its mention terms; never for an index without mention terms, whose counts only its values
// hold.
TEST_CASE("mention_terms_to_count weighs the mention postings against value reads") {
    auto db = shards(1)[0];
    Xapian::doccount postings = 0;
    std::vector<std::string> all;
    for (auto t = db.allterms_begin(entity::kMentionPrefix);
         t != db.allterms_end(entity::kMentionPrefix); ++t) {
        postings += t.get_termfreq();
        all.push_back(*t);
    }
    REQUIRE(postings > kValueCostInPostings);
    REQUIRE(all.size() > 3);
    const auto terms = mention_terms_to_count(db, postings / kValueCostInPostings + 1);
    REQUIRE(terms);
    CHECK(*terms == all);
    CHECK_FALSE(mention_terms_to_count(db, postings / kValueCostInPostings));
    CHECK_FALSE(mention_terms_to_count(db, 0));
    Xapian::WritableDatabase values_only(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    doc.add_term("chip");
    doc.add_value(entity::kCountsSlot, entity::serialise_counts({{"nvidia", 2}}));
    values_only.add_document(doc);
    CHECK_FALSE(mention_terms_to_count(values_only, 1000000));
}
