#pragma once
// Phrase markers: the multi-word synonyms and aliases ("republik rakyat tiongkok", "kartu
// grafis", "larangan ekspor") are marked in each document at index time, so that queries
// expanded with them need no positional matching.
//
// Why: a query like `china` or `gpu` is an OR of its alternatives, and a phrase among them makes
// Xapian read position lists for every candidate and match exhaustively (its pruning can drop
// documents then). Xapian 1.4.22 also weighs a phrase inside an OR inside an AND wrongly, even
// matching exhaustively: it can add the weight of the phrase's words to a document where the
// phrase does not occur (README, "Query syntax"). And it is slow: at 100k articles,
// `pembatasan ekspor mengingat` took 19 ms with the phrase and 4.7 ms with an AND instead.
//
// How: the phrase's terms AND-ed, filtered by a boolean marker term (kPhrasePrefix + the terms
// joined by spaces) that the indexer adds where those terms stand at consecutive positions,
// exactly where Xapian's OP_PHRASE would match. Same matches, and the same weights (an AND
// weighs what the phrase weighs: the sum of its terms' weights; the marker is boolean, it
// changes no document length). The index records which phrases all its documents were marked
// for (kPhrasesKey); any other phrase stays an OP_PHRASE, so synonyms added after indexing still
// work, only more slowly until a rebuild.
//
// Common-word pairs (the CommonGrams idea of Lucene, without positions): a typed phrase of
// frequent words ("berikut adalah", "pada as") makes Xapian read the positions of tens of
// thousands of candidates; at 100k articles they were the slowest searches (10-14 ms). So the
// indexer also marks every pair of adjacent "common" terms: the `count` terms in most documents
// of a sample of the collection (CommonTerms, recorded as kCommonKey). A two-word phrase of
// common terms is then a marked phrase; a longer one keeps its OP_PHRASE, filtered by the
// markers of its common pairs, so that positions are read only where those pairs occur.

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/analysis/stemmer.hpp"
#include "telusur/search/synonyms.hpp"

namespace telusur::search {

inline constexpr const char* kPhrasePrefix = "XW";  ///< phrase marker ("XWkartu grafis")
/// Index metadata: the markers (sorted, one per line) that every document was analysed for.
inline constexpr const char* kPhrasesKey = "telusur.phrases";
/// Index metadata: the common terms (sorted, one per line) whose adjacent pairs every document
/// was marked for.
inline constexpr const char* kCommonKey = "telusur.common";
/// How many common terms the build that chose them was asked for (a --rebuild asks again).
inline constexpr const char* kCommonCountKey = "telusur.common_terms";
/// How many articles the build that chose them sampled (at most kCommonSample): an index started
/// from a handful of articles keeps the common terms of that handful as it grows in place.
inline constexpr const char* kCommonBasisKey = "telusur.common_basis";

/// The terms a quoted phrase matches, in order, as the query parser builds an OP_PHRASE from
/// them: each word's stem term; a compound ("chat-gpt") by its parts.
[[nodiscard]] auto phrase_terms(analysis::Analyzer& analyzer, std::string_view text)
    -> std::vector<std::string>;

/// The marker term of a phrase (its terms joined by spaces, with kPhrasePrefix); "" if it is
/// too long to be a term.
[[nodiscard]] auto phrase_marker(const std::vector<std::string>& terms) -> std::string;

/** The phrases an indexer marks. */
class PhraseSet {
public:
    PhraseSet() = default;
    /// Every member of the table that is a phrase of two or more terms.
    PhraseSet(const SynonymTable& table, analysis::Analyzer& analyzer);

    /// Adds a phrase by its terms (ignored if fewer than two, or too long for a marker).
    void add(const std::vector<std::string>& terms);
    /// Also marks every pair of these terms at consecutive positions ("XWa b"); replaces the
    /// common terms set before.
    void set_common(const std::set<std::string>& terms);
    [[nodiscard]] auto empty() const -> bool { return m_markers.empty() && m_common.empty(); }
    /// The markers, sorted: what kPhrasesKey records (common pairs not included).
    [[nodiscard]] auto markers() const -> const std::set<std::string>& { return m_markers; }
    /// The common terms: what kCommonKey records.
    [[nodiscard]] auto common() const -> const std::set<std::string>& { return m_common; }

    /// A term's number if some phrase uses it, else -1: the indexer keeps only those postings
    /// (as numbers, no copies of the terms) for find().
    [[nodiscard]] auto number_of(std::string_view term) const -> std::int32_t {
        auto it = m_numbers.find(term);
        return it == m_numbers.end() ? -1 : it->second;
    }
    /// A posting: a position and the number_of() its term.
    using Posting = std::pair<Xapian::termpos, std::int32_t>;
    /// The markers of the phrases that occur among postings (any order, sorted in place; may
    /// leave out terms number_of() rejects): those whose terms stand at positions p, p+1, ...
    [[nodiscard]] auto find(std::vector<Posting>& postings) const -> std::vector<std::string>;

private:
    struct Phrase {
        std::vector<std::int32_t> terms;  ///< term numbers
        std::string marker;
    };
    std::unordered_map<std::string, std::int32_t, analysis::StringHash, std::equal_to<>>
        m_numbers;                                     ///< term -> number
    std::vector<std::vector<std::size_t>> m_by_first;  ///< term number -> phrases starting with it
    std::vector<Phrase> m_phrases;
    std::set<std::string> m_markers;
    std::set<std::string> m_common;
    std::vector<std::string> m_common_text;  ///< term number -> the term if common, else ""
    auto number(const std::string& term) -> std::int32_t;
};

/** Chooses the common terms of a collection from a sample of its documents. */
class CommonTerms {
public:
    /// Counts the distinct terms of one document's text (the terms index_text positions).
    void add(analysis::Analyzer& analyzer, std::string_view text);
    /// The `count` terms in the most documents (ties: the smaller term), leaving out terms
    /// in fewer than two documents or fewer than a tenth of them.
    [[nodiscard]] auto choose(std::size_t count) const -> std::set<std::string>;
    [[nodiscard]] auto documents() const -> std::size_t { return m_documents; }

private:
    std::unordered_map<std::string, std::uint32_t, analysis::StringHash, std::equal_to<>> m_df;
    std::size_t m_documents = 0;
};

/// Terms a common-terms set marks by default, and the articles a bulk build samples for them.
inline constexpr std::size_t kCommonTerms = 128;
/// The most common terms `telusur index --common-terms` accepts.
inline constexpr std::size_t kMaxCommonTerms = 4096;
inline constexpr std::size_t kCommonSample = 1000;

/// A copy of `phrases` (none: an empty set) that marks the pairs of `common` instead.
[[nodiscard]] auto with_common(const std::shared_ptr<const PhraseSet>& phrases,
                               const std::set<std::string>& common)
    -> std::shared_ptr<const PhraseSet>;

/// Whether a marker is the pair marker of two terms that kCommonKey's value lists.
[[nodiscard]] auto common_pair(std::string_view common_value, std::string_view marker) -> bool;

/// kPhrasesKey's value for a set of markers, and back.
[[nodiscard]] auto join_markers(const std::set<std::string>& markers) -> std::string;
[[nodiscard]] auto split_markers(std::string_view value) -> std::set<std::string>;
/// Whether kPhrasesKey's value lists a marker (a search asks a few times per query: no set
/// is built for it).
[[nodiscard]] auto lists_marker(std::string_view value, std::string_view marker) -> bool;

}  // namespace telusur::search
