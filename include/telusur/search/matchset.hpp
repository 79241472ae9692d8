#pragma once
// The match set of a query without Xapian's matcher: the documents a boolean query matches,
// computed from the posting lists into one bit per docid.
//
// Why: facets and exact totals need every match, and Xapian's matcher pays for each match as if
// it were to be ranked (the posting-list tree, the weight object, the MSet bookkeeping, a
// Document per match for a MatchSpy). Reading the posting lists directly costs a few ns per
// posting. At 100k articles (bench/data/100k): `china` (an OR of 8 terms, 93,830 matches) is
// counted in 2.0 ms this way and in 5.9 ms by an Enquire with BoolWeight; `jumlah` (35,852) in
// 0.30 ms against 0.94 ms.
//
// What: AND, OR, AND_NOT, FILTER, AND_MAYBE, XOR, SYNONYM, MAX, SCALE_WEIGHT, terms, MatchAll and
// MatchNothing. Anything else (phrases, NEAR, wildcards, value ranges, posting sources, elite
// sets) is left to Xapian: evaluable() says no, match_set() returns nullopt. Works on local
// databases, one or several (a stub of shards: combined docids, as Xapian numbers them).
// Remote databases would send every posting list over the network: callers do not use it there.

#include <xapian.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <vector>

namespace telusur::search {

/** A set of docids 1..last as a bitmap: 1 bit per document of the database (125 KB at 1M). */
class DocSet {
public:
    explicit DocSet(Xapian::docid last = 0)
        : m_words(static_cast<std::size_t>(last) / 64 + 1), m_last(last) {}

    void insert(Xapian::docid did) { m_words[did / 64] |= bit(did); }
    void erase(Xapian::docid did) { m_words[did / 64] &= ~bit(did); }
    /// Inserts first..last (both within the set's range).
    void insert_range(Xapian::docid first, Xapian::docid last);
    [[nodiscard]] auto contains(Xapian::docid did) const -> bool {
        return did / 64 < m_words.size() && (m_words[did / 64] & bit(did)) != 0;
    }
    [[nodiscard]] auto count() const -> Xapian::doccount {
        Xapian::doccount n = 0;
        for (auto w : m_words) {
            n += static_cast<Xapian::doccount>(std::popcount(w));
        }
        return n;
    }
    /// Calls fn(did) for every member, in ascending order.
    template <typename Fn>
    void for_each(Fn&& fn) const {
        for (std::size_t i = 0; i < m_words.size(); ++i) {
            for (auto w = m_words[i]; w != 0; w &= w - 1) {
                fn(static_cast<Xapian::docid>(i * 64 +
                                              static_cast<std::size_t>(std::countr_zero(w))));
            }
        }
    }
    /// Calls fn(did) for every docid 1..last that is not a member, in ascending order.
    template <typename Fn>
    void for_each_absent(Fn&& fn) const {
        for (std::size_t i = 0; i < m_words.size(); ++i) {
            auto w = ~m_words[i];
            if (i == 0) {
                w &= ~std::uint64_t{1};  // there is no docid 0
            }
            if (i + 1 == m_words.size() && m_last % 64 != 63) {
                w &= (std::uint64_t{1} << (m_last % 64 + 1)) - 1;  // nor any past last
            }
            for (; w != 0; w &= w - 1) {
                fn(static_cast<Xapian::docid>(i * 64 +
                                              static_cast<std::size_t>(std::countr_zero(w))));
            }
        }
    }
    /// The largest docid the set can hold.
    [[nodiscard]] auto last() const -> Xapian::docid { return m_last; }
    /// Set operations with a set of the same database (same size).
    auto operator&=(const DocSet& other) -> DocSet&;
    auto operator|=(const DocSet& other) -> DocSet&;
    auto operator^=(const DocSet& other) -> DocSet&;
    /// Removes the members of other.
    auto subtract(const DocSet& other) -> DocSet&;

private:
    static auto bit(Xapian::docid did) -> std::uint64_t { return std::uint64_t{1} << (did % 64); }
    std::vector<std::uint64_t> m_words;
    Xapian::docid m_last;
};

/// Whether match_set() can evaluate query (see the top of this file).
[[nodiscard]] auto evaluable(const Xapian::Query& query) -> bool;

/// The documents of db that query matches (the set Xapian's matcher would find); nullopt if the
/// query is not evaluable(). Only the part of an AND with the fewest documents (by term
/// frequencies) and the largest part of an OR are evaluated whole; the other parts are only
/// asked about the candidates left (those the AND's smaller part matched, those the OR's
/// larger parts did not), each term read whole or, when it has many postings per candidate,
/// looked up candidate by candidate (PostingIterator::skip_to). `tiongkok company:micron` at
/// 1M articles: the OR of tiongkok's 8 spellings is asked about micron's 51k documents only.
[[nodiscard]] auto match_set(const Xapian::Database& db, const Xapian::Query& query)
    -> std::optional<DocSet>;

}  // namespace telusur::search
