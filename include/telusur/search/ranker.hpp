#pragma once
// The best matches of a query by BM25 without Xapian's matcher, for a long-running reader
// (`search --batch`): every document's length held in memory, scores added up term by term
// (PISA's term-at-a-time evaluation), then Xapian's own matcher ranks only the few candidates.
//
// Why: a median benchmark query at 100k articles is one word in a quarter of the articles.
// Xapian's matcher scores each match through its posting-list tree and reads each match's
// document length from the index (a B-tree lookup per block of document lengths). Reading the
// posting list directly, with each document's length normalisation from an array, leaves the
// posting iteration and a division per match.
//
// Same results, by construction: the candidates are the `wanted` best by these scores and every
// document scoring within a relative 1e-9 of the last of them (the scores are Xapian's
// BM25Weight formula with its default parameters and may differ from Xapian's only in the last
// bits, as a sum of three or more term weights may be added in another order). The caller
// ranks the candidates with Xapian (the query filtered to them): the page, its order and its
// weights are the matcher's. A query it cannot score (see rankable()), fewer scored matches than
// wanted, or more than kMaxTies extra candidates: nullopt, and the caller uses the matcher.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telusur::search {

/// Whether Ranker can score query: one term, or an OR of terms (a word with its spellings or
/// aliases), each of query frequency 1 as the parser builds them. Anything else (AND, filters,
/// phrases, wildcards, ...) is left to Xapian's matcher, which looks candidates up in the
/// other posting lists (skip_to) where scoring term by term would read them whole: measured at
/// 100k articles, `abai AND rektor AND lain` took 1.6 ms either way, and `china company:nvidia`
/// (an OR of 8 spellings, two of them phrase markers, under a filter) 17.6 ms against 8.1.
[[nodiscard]] auto rankable(const Xapian::Query& query) -> bool;

/** Document lengths of one database state, and the score array of the queries run on it. */
class Ranker {
public:
    /// More candidates than wanted past which the ranker gives up (a boundary of many ties).
    static constexpr std::size_t kMaxTies = 1000;

    /// Reads every document's length (local databases, one or several: combined docids).
    explicit Ranker(const Xapian::Database& db);

    /// Whether db is in the state the lengths were read from (FacetTable::key).
    [[nodiscard]] auto fits(const Xapian::Database& db) const -> bool;

    /// The documents that may be among the first `wanted` of query's BM25 ranking, in
    /// ascending docid order (see the top of this file); nullopt when the matcher must do it.
    auto candidates(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount wanted)
        -> std::optional<std::vector<Xapian::docid>>;

    /// How many candidates() calls returned candidates (for tests and benchmarks).
    [[nodiscard]] auto answered() const -> std::size_t { return m_answered; }

    /// Every document query gives a positive score, with that score (ascending docid); nullopt
    /// if it is not rankable(). For tests: these are the scores candidates() compares.
    auto scores(const Xapian::Database& db, const Xapian::Query& query)
        -> std::optional<std::vector<std::pair<Xapian::docid, double>>>;

private:
    /// Adds the query's scores into m_score (see ranker.cpp); false if not rankable.
    auto score(const Xapian::Database& db, const Xapian::Query& query) -> bool;
    /// Zeroes the scores of the touched documents.
    void reset();

    /// docid -> BM25's length normalisation of the document (k1 * (normlen * b + 1 - b))
    std::vector<double> m_norm;
    std::vector<double> m_score;           ///< docid -> score of the current query
    std::vector<Xapian::docid> m_touched;  ///< documents with a positive score, first touch order
    std::string m_key;
    std::size_t m_answered = 0;
};

}  // namespace telusur::search
