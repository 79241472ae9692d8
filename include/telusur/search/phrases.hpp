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

#include <xapian.h>

#include <cstdint>
#include <functional>
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
    void add(std::vector<std::string> terms);
    [[nodiscard]] auto empty() const -> bool { return m_markers.empty(); }
    /// The markers, sorted: what kPhrasesKey records.
    [[nodiscard]] auto markers() const -> const std::set<std::string>& { return m_markers; }

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
};

/// kPhrasesKey's value for a set of markers, and back.
[[nodiscard]] auto join_markers(const std::set<std::string>& markers) -> std::string;
[[nodiscard]] auto split_markers(std::string_view value) -> std::set<std::string>;
/// Whether kPhrasesKey's value lists a marker (a search asks a few times per query: no set
/// is built for it).
[[nodiscard]] auto lists_marker(std::string_view value, std::string_view marker) -> bool;

}  // namespace telusur::search
