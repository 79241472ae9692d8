// Match sets without the matcher: for every query match_set() evaluates, the documents must be
// exactly those Xapian's matcher finds (checked on random query trees over skewed term
// frequencies, with deleted documents and over two shards); anything it cannot evaluate is
// refused, never guessed.

#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "telusur/search/matchset.hpp"

using namespace telusur::search;

namespace {

/// Term "t<k>" is in a document with probability 0.9 / (k + 1) (Zipf-like: t0 in most, t29 in
/// ~3 %); "all" in every document, "few" in every 97th.
auto make_db(unsigned documents, unsigned seed, bool with_deletions) -> Xapian::WritableDatabase {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (unsigned d = 0; d < documents; ++d) {
        Xapian::Document doc;
        for (unsigned k = 0; k < 30; ++k) {
            if (u(rng) < 0.9 / (k + 1)) {
                doc.add_term("t" + std::to_string(k));
            }
        }
        doc.add_term("all");
        if (d % 97 == 0) {
            doc.add_term("few");
        }
        db.add_document(doc);
    }
    if (with_deletions) {
        for (Xapian::docid did = 5; did <= documents; did += 7) {
            db.delete_document(did);
        }
    }
    db.commit();
    return db;
}

auto xapian_matches(const Xapian::Database& db, const Xapian::Query& query)
    -> std::vector<Xapian::docid> {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const auto mset = enquire.get_mset(0, db.get_doccount() + 1, db.get_doccount());
    std::vector<Xapian::docid> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back(*it);
    }
    return out;
}

auto members(const DocSet& set) -> std::vector<Xapian::docid> {
    std::vector<Xapian::docid> out;
    set.for_each([&out](Xapian::docid did) { out.push_back(did); });
    return out;
}

/// A random query tree of the operators match_set() evaluates.
class RandomQuery {
public:
    explicit RandomQuery(unsigned seed) : m_rng(seed) {}

    auto make(int depth) -> Xapian::Query {
        if (depth == 0 || pick(4) == 0) {
            return leaf();
        }
        static const Xapian::Query::op kOps[] = {
            Xapian::Query::OP_AND,     Xapian::Query::OP_OR,        Xapian::Query::OP_AND_NOT,
            Xapian::Query::OP_XOR,     Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER,
            Xapian::Query::OP_SYNONYM, Xapian::Query::OP_MAX};
        const auto op = kOps[pick(std::size(kOps))];
        std::vector<Xapian::Query> parts;
        const auto n = 2 + pick(3);
        for (unsigned i = 0; i < n; ++i) {
            parts.push_back(make(depth - 1));
        }
        Xapian::Query q(op, parts.begin(), parts.end());
        return pick(5) == 0 ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.5) : q;
    }

private:
    auto pick(std::size_t n) -> unsigned {
        return std::uniform_int_distribution<unsigned>(0, static_cast<unsigned>(n) - 1)(m_rng);
    }
    auto leaf() -> Xapian::Query {
        switch (pick(12)) {
            case 0:
                return Xapian::Query::MatchAll;
            case 1:
                return Xapian::Query::MatchNothing;
            case 2:
                return Xapian::Query("few");
            case 3:
                return Xapian::Query("all");
            case 4:
                return Xapian::Query("absent");
            default:
                return Xapian::Query("t" + std::to_string(pick(30)));
        }
    }
    std::mt19937 m_rng;
};

}  // namespace

TEST_CASE("DocSet: members, count and set operations") {
    DocSet a(200);
    DocSet b(200);
    for (Xapian::docid d : {1U, 63U, 64U, 65U, 128U, 200U}) {
        a.insert(d);
    }
    for (Xapian::docid d : {63U, 100U, 200U}) {
        b.insert(d);
    }
    CHECK(a.count() == 6);
    CHECK(a.contains(64));
    CHECK_FALSE(a.contains(2));
    CHECK_FALSE(a.contains(100000));  // past the end: not a member, no overflow
    CHECK(members(a) == std::vector<Xapian::docid>{1, 63, 64, 65, 128, 200});
    DocSet both = a;
    both &= b;
    CHECK(members(both) == std::vector<Xapian::docid>{63, 200});
    DocSet either = a;
    either |= b;
    CHECK(either.count() == 7);
    DocSet one = a;
    one ^= b;
    CHECK(members(one) == std::vector<Xapian::docid>{1, 64, 65, 100, 128});
    DocSet rest = a;
    rest.subtract(b);
    CHECK(members(rest) == std::vector<Xapian::docid>{1, 64, 65, 128});
    rest.erase(64);
    CHECK(members(rest) == std::vector<Xapian::docid>{1, 65, 128});
    // The docids 1..last that are not members: never 0, never past last.
    for (Xapian::docid last : {0U, 1U, 62U, 63U, 64U, 127U, 128U, 200U}) {
        CAPTURE(last);
        DocSet s(last);
        for (Xapian::docid d = 2; d <= last; d += 3) {
            s.insert(d);
        }
        std::vector<Xapian::docid> absent;
        s.for_each_absent([&absent](Xapian::docid d) { absent.push_back(d); });
        std::vector<Xapian::docid> want;
        for (Xapian::docid d = 1; d <= last; ++d) {
            if (d < 2 || (d - 2) % 3 != 0) {
                want.push_back(d);
            }
        }
        CHECK(absent == want);
        CHECK(s.count() + absent.size() == last);
    }
    // insert_range fills whole words where it can: the same members as inserting one by one.
    for (auto [first, last] : std::vector<std::pair<Xapian::docid, Xapian::docid>>{
             {1, 200}, {0, 63}, {1, 63}, {64, 127}, {63, 64}, {60, 130}, {128, 128}, {5, 4}}) {
        CAPTURE(first);
        CAPTURE(last);
        DocSet ranged(200);
        ranged.insert_range(first, last);
        DocSet single(200);
        for (auto d = first; d <= last; ++d) {
            single.insert(d);
        }
        CHECK(members(ranged) == members(single));
    }
}

TEST_CASE("match_set finds exactly the matcher's documents for 400 random query trees") {
    // With deletions the documents that exist are read from the index; without, they are 1..last.
    for (const bool with_deletions : {true, false}) {
        CAPTURE(with_deletions);
        const auto db = make_db(3000, 7, with_deletions);
        RandomQuery random(11);
        unsigned nonempty = 0;
        for (int i = 0; i < 400; ++i) {
            const auto query = random.make(3);
            INFO(query.get_description());
            REQUIRE(evaluable(query));
            const auto set = match_set(db, query);
            REQUIRE(set.has_value());
            const auto want = xapian_matches(db, query);
            CHECK(members(*set) == want);
            CHECK(set->count() == want.size());
            nonempty += want.empty() ? 0U : 1U;
        }
        CHECK(nonempty > 200);  // the trees are not all trivially empty
    }
}

TEST_CASE("match_set looks rare candidates up in a frequent term's list, exactly") {
    // "few" (31 documents) AND "all" (every one): "all" is looked up candidate by candidate;
    // AND_NOT the same way; both against the matcher, with deleted documents in between.
    const auto db = make_db(3000, 3, true);
    for (const auto& query :
         {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("few"), Xapian::Query("all")),
          Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("few"), Xapian::Query("t0")),
          Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("few"), Xapian::Query("t0")),
          Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("few"), Xapian::Query("all")),
          Xapian::Query(
              Xapian::Query::OP_FILTER,
              Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("few"), Xapian::Query("t1")),
              Xapian::Query("t0"))}) {
        INFO(query.get_description());
        const auto set = match_set(db, query);
        REQUIRE(set.has_value());
        CHECK(members(*set) == xapian_matches(db, query));
    }
    CHECK(match_set(db, Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("few"),
                                      Xapian::Query("all")))
              ->count() == 31 - 4);  // docids 1, 98, ... minus the deleted ones (5 + 7k)
}

TEST_CASE("match_set over two shards uses the combined docids") {
    auto a = make_db(1200, 21, false);
    auto b = make_db(900, 22, true);
    Xapian::Database both;
    both.add_database(a);
    both.add_database(b);
    RandomQuery random(5);
    for (int i = 0; i < 100; ++i) {
        const auto query = random.make(2);
        INFO(query.get_description());
        const auto set = match_set(both, query);
        REQUIRE(set.has_value());
        CHECK(members(*set) == xapian_matches(both, query));
    }
}

TEST_CASE("match_set refuses what only the matcher can do, even deep inside a query") {
    const auto db = make_db(200, 1, false);
    const Xapian::Query t0("t0");
    const Xapian::Query t1("t1");
    const std::vector<Xapian::Query> refused{
        Xapian::Query(Xapian::Query::OP_PHRASE, t0, t1),
        Xapian::Query(Xapian::Query::OP_NEAR, t0, t1),
        Xapian::Query(Xapian::Query::OP_WILDCARD, "t"),
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "a", "b"),
        Xapian::Query(Xapian::Query::OP_VALUE_GE, 0, "a"),
        Xapian::Query(Xapian::Query::OP_VALUE_LE, 0, "a"),
        Xapian::Query(Xapian::Query::OP_ELITE_SET, t0, t1),
    };
    for (const auto& q : refused) {
        INFO(q.get_description());
        CHECK_FALSE(evaluable(q));
        CHECK_FALSE(match_set(db, q).has_value());
        const Xapian::Query nested(
            Xapian::Query::OP_AND, t0,
            Xapian::Query(Xapian::Query::OP_OR, t1,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 2)));
        CHECK_FALSE(evaluable(nested));
        CHECK_FALSE(match_set(db, nested).has_value());
    }
    CHECK(evaluable(Xapian::Query(Xapian::Query::OP_AND, t0, t1)));
}
