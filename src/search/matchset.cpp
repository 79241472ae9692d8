#include "telusur/search/matchset.hpp"

#include <algorithm>
#include <string>

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
            case Xapian::Query::LEAF_MATCH_ALL: {
                DocSet set(m_last);
                add_postings(m_db, std::string(), set);  // "": every document
                return set;
            }
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
    auto any_of(const Xapian::Query& q) -> DocSet {
        DocSet set(m_last);
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            const auto sub = q.get_subquery(i);
            if (sub.get_type() == Xapian::Query::LEAF_TERM) {
                add_postings(m_db, term_of(sub), set);  // no set of its own
            } else {
                set |= eval(sub);
            }
        }
        return set;
    }

    /// Parts that are not single terms are evaluated first and intersected; then the terms,
    /// rarest first, each read whole or looked up candidate by candidate, whichever reads less.
    auto all_of(const Xapian::Query& q) -> DocSet {
        std::vector<std::pair<Xapian::doccount, std::string>> terms;
        std::optional<DocSet> set;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            const auto sub = q.get_subquery(i);
            if (sub.get_type() == Xapian::Query::LEAF_TERM) {
                auto term = term_of(sub);
                terms.emplace_back(m_db.get_termfreq(term), std::move(term));
            } else if (set) {
                *set &= eval(sub);
            } else {
                set = eval(sub);
            }
        }
        std::sort(terms.begin(), terms.end());
        for (const auto& [freq, term] : terms) {
            if (!set) {
                set.emplace(m_last);
                add_postings(m_db, term, *set);
            } else if (freq > set->count() * kSkipRatio) {
                filter_by_lookup(m_db, term, true, *set);
            } else {
                DocSet other(m_last);
                add_postings(m_db, term, other);
                *set &= other;
            }
        }
        return set ? std::move(*set) : DocSet(m_last);
    }

    auto but_not(const Xapian::Query& q) -> DocSet {
        auto set = eval(q.get_subquery(0));
        for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
            const auto sub = q.get_subquery(i);
            if (sub.get_type() == Xapian::Query::LEAF_TERM) {
                const auto term = term_of(sub);
                if (m_db.get_termfreq(term) > set.count() * kSkipRatio) {
                    filter_by_lookup(m_db, term, false, set);
                    continue;
                }
            }
            set.subtract(eval(sub));
        }
        return set;
    }

    const Xapian::Database& m_db;
    Xapian::docid m_last;
};

}  // namespace

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
