#include "telusur/search/matchset.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

namespace telusur::search {

namespace {

/// Inside an AND, a term is looked up candidate by candidate (skip_to) rather than read whole
/// when it has more than this many postings per candidate left.
constexpr Xapian::doccount kSkipRatio = 16;

auto term_of(const Xapian::Query& leaf) -> std::string {
    return *leaf.get_terms_begin();
}

/// Adds the postings of term to set.
void add_postings(const Xapian::Database& db, const std::string& term, DocSet& set) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        set.insert(*it);
    }
}

/// Keeps in set only the documents that term indexes (keep) or does not index (!keep), looking
/// each member up in its posting list.
void filter_by_lookup(const Xapian::Database& db, const std::string& term, bool keep, DocSet& set) {
    auto it = db.postlist_begin(term);
    const auto end = db.postlist_end(term);
    std::vector<Xapian::docid> drop;
    set.for_each([&](Xapian::docid did) {
        if (it != end && *it < did) {
            it.skip_to(did);
        }
        const bool present = it != end && *it == did;
        if (present != keep) {
            drop.push_back(did);
        }
    });
    for (auto did : drop) {
        set.erase(did);
    }
}

class Evaluator {
public:
    explicit Evaluator(const Xapian::Database& db) : m_db(db), m_last(db.get_lastdocid()) {}

    auto eval(const Xapian::Query& q) -> DocSet {
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                DocSet set(m_last);
                add_postings(m_db, term_of(q), set);
                return set;
            }
            case Xapian::Query::LEAF_MATCH_ALL:
                return existing();
            case Xapian::Query::LEAF_MATCH_NOTHING:
                return DocSet(m_last);
            case Xapian::Query::OP_SCALE_WEIGHT:
            case Xapian::Query::OP_AND_MAYBE:  // matches what its first part matches
                return eval(q.get_subquery(0));
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
            case Xapian::Query::OP_MAX:
                return any_of(q);
            case Xapian::Query::OP_XOR: {
                auto set = eval(q.get_subquery(0));
                for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
                    set ^= eval(q.get_subquery(i));
                }
                return set;
            }
            case Xapian::Query::OP_AND:
            case Xapian::Query::OP_FILTER:
                return all_of(q);
            case Xapian::Query::OP_AND_NOT:
                return but_not(q);
            default:
                break;  // evaluable() lets no other type through
        }
        return DocSet(m_last);
    }

private:
    /// The part with the most documents is evaluated; the others are only looked for in the
    /// documents it does not match (when it matches most of the database, few are left).
    auto any_of(const Xapian::Query& q) -> DocSet {
        auto parts = by_estimate(q);
        auto set = eval(parts.back().second);
        if (parts.size() == 1) {
            return set;
        }
        auto rest = existing();
        rest.subtract(set);
        for (std::size_t i = parts.size() - 1; i-- > 0;) {  // largest first
            auto found = rest;
            restrict(parts[i].second, found);
            set |= found;
            rest.subtract(found);
        }
        return set;
    }

    /// A term's document frequency, asked of the database once per query (the estimates of
    /// nested parts ask again at each level).
    auto frequency(const std::string& term) -> Xapian::doccount {
        auto [it, added] = m_frequencies.try_emplace(term, 0);
        if (added) {
            it->second = m_db.get_termfreq(term);
        }
        return it->second;
    }

    /// Every document of the database (read once, and only if docids have gaps).
    auto existing() -> const DocSet& {
        if (!m_existing) {
            m_existing.emplace(m_last);
            if (m_db.get_doccount() == m_last) {
                m_existing->insert_range(1, m_last);
            } else {
                add_postings(m_db, std::string(), *m_existing);  // "": every document
            }
        }
        return *m_existing;
    }

    /// The most documents q can match, from the term frequencies (no posting list is read).
    auto estimate(const Xapian::Query& q) -> Xapian::doccount {
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM:
                return frequency(term_of(q));
            case Xapian::Query::LEAF_MATCH_ALL:
                return m_db.get_doccount();
            case Xapian::Query::OP_AND:
            case Xapian::Query::OP_FILTER: {
                auto least = m_db.get_doccount();
                for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                    least = std::min(least, estimate(q.get_subquery(i)));
                }
                return least;
            }
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
            case Xapian::Query::OP_MAX:
            case Xapian::Query::OP_XOR: {
                std::uint64_t sum = 0;
                for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                    sum += estimate(q.get_subquery(i));
                }
                return static_cast<Xapian::doccount>(
                    std::min<std::uint64_t>(sum, m_db.get_doccount()));
            }
            case Xapian::Query::OP_AND_NOT:
            case Xapian::Query::OP_AND_MAYBE:
            case Xapian::Query::OP_SCALE_WEIGHT:
                return estimate(q.get_subquery(0));
            default:
                return 0;  // MatchNothing
        }
    }

    /// The parts by estimate, smallest first.
    auto by_estimate(const Xapian::Query& q)
        -> std::vector<std::pair<Xapian::doccount, Xapian::Query>> {
        std::vector<std::pair<Xapian::doccount, Xapian::Query>> parts;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            auto sub = q.get_subquery(i);
            parts.emplace_back(estimate(sub), std::move(sub));
        }
        std::stable_sort(parts.begin(), parts.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        return parts;
    }

    /// The part with the fewest documents is evaluated; the others only restrict it (restrict:
    /// a frequent term is looked up candidate by candidate, an OR of them too).
    auto all_of(const Xapian::Query& q) -> DocSet {
        auto parts = by_estimate(q);
        auto set = eval(parts.front().second);
        for (std::size_t i = 1; i < parts.size(); ++i) {
            restrict(parts[i].second, set);
        }
        return set;
    }

    auto but_not(const Xapian::Query& q) -> DocSet {
        auto set = eval(q.get_subquery(0));
        for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
            auto found = set;
            restrict(q.get_subquery(i), found);
            set.subtract(found);
        }
        return set;
    }

    /// Keeps in set only the documents q matches, reading no more than needed: a term with more
    /// than kSkipRatio postings per candidate is looked up candidate by candidate, and an OR
    /// looks each part up only in the candidates its earlier parts did not match.
    void restrict(const Xapian::Query& q, DocSet& set) {
        const auto candidates = set.count();
        if (candidates == 0) {
            return;
        }
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                const auto term = term_of(q);
                if (frequency(term) > candidates * kSkipRatio) {
                    filter_by_lookup(m_db, term, true, set);
                } else {
                    DocSet other(m_last);
                    add_postings(m_db, term, other);
                    set &= other;
                }
                return;
            }
            case Xapian::Query::LEAF_MATCH_ALL:
                return;  // the set holds documents that exist
            case Xapian::Query::OP_SCALE_WEIGHT:
            case Xapian::Query::OP_AND_MAYBE:
                restrict(q.get_subquery(0), set);
                return;
            case Xapian::Query::OP_AND:
            case Xapian::Query::OP_FILTER:
                for (const auto& part : by_estimate(q)) {
                    restrict(part.second, set);
                }
                return;
            case Xapian::Query::OP_AND_NOT: {
                restrict(q.get_subquery(0), set);
                for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
                    auto found = set;
                    restrict(q.get_subquery(i), found);
                    set.subtract(found);
                }
                return;
            }
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
            case Xapian::Query::OP_MAX: {
                DocSet matched(m_last);
                auto parts = by_estimate(q);
                for (auto it = parts.rbegin(); it != parts.rend(); ++it) {  // largest first
                    auto found = set;
                    restrict(it->second, found);
                    matched |= found;
                    set.subtract(found);
                }
                set = std::move(matched);
                return;
            }
            case Xapian::Query::OP_XOR: {
                DocSet odd(m_last);
                for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                    auto found = set;
                    restrict(q.get_subquery(i), found);
                    odd ^= found;
                }
                set = std::move(odd);
                return;
            }
            default:
                set = DocSet(m_last);  // MatchNothing
                return;
        }
    }

    const Xapian::Database& m_db;
    Xapian::docid m_last;
    std::optional<DocSet> m_existing;
    std::unordered_map<std::string, Xapian::doccount> m_frequencies;
};

}  // namespace

void DocSet::insert_range(Xapian::docid first, Xapian::docid last) {
    for (auto did = first; did <= last && did / 64 < m_words.size(); ++did) {
        if (did % 64 == 0 && last - did >= 63) {
            m_words[did / 64] = ~std::uint64_t{0};  // a whole word
            did += 63;
        } else {
            insert(did);
        }
    }
}

auto DocSet::operator&=(const DocSet& other) -> DocSet& {
    for (std::size_t i = 0; i < m_words.size(); ++i) {
        m_words[i] &= i < other.m_words.size() ? other.m_words[i] : 0;
    }
    return *this;
}

auto DocSet::operator|=(const DocSet& other) -> DocSet& {
    m_words.resize(std::max(m_words.size(), other.m_words.size()));
    for (std::size_t i = 0; i < other.m_words.size(); ++i) {
        m_words[i] |= other.m_words[i];
    }
    return *this;
}

auto DocSet::operator^=(const DocSet& other) -> DocSet& {
    m_words.resize(std::max(m_words.size(), other.m_words.size()));
    for (std::size_t i = 0; i < other.m_words.size(); ++i) {
        m_words[i] ^= other.m_words[i];
    }
    return *this;
}

auto DocSet::subtract(const DocSet& other) -> DocSet& {
    for (std::size_t i = 0; i < m_words.size() && i < other.m_words.size(); ++i) {
        m_words[i] &= ~other.m_words[i];
    }
    return *this;
}

auto evaluable(const Xapian::Query& query) -> bool {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return true;
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
        case Xapian::Query::OP_SCALE_WEIGHT:
            break;
        default:
            return false;
    }
    if (query.get_num_subqueries() == 0) {
        return false;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!evaluable(query.get_subquery(i))) {
            return false;
        }
    }
    return true;
}

auto match_set(const Xapian::Database& db, const Xapian::Query& query) -> std::optional<DocSet> {
    if (!evaluable(query)) {
        return std::nullopt;
    }
    return Evaluator(db).eval(query);
}

}  // namespace telusur::search
