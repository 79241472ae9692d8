#pragma once
// Snippet stage: stored text + query terms -> a short passage with highlighted words.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/analysis/stemmer.hpp"

namespace telusur::snippet {

/** A passage of an article; highlights are [begin, end) in Unicode code points of text. */
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// The query term a token matches (a stem, a compound part or a Z surface word), if any.
[[nodiscard]] auto matched_term(const analysis::Token& token,
                                const std::set<std::string>& terms,
                                analysis::Analyzer& analyzer) -> std::optional<std::string>;

/** Why an article matched: a word as written, its normalised form, and the query term. */
/**
 * Which query term a token matches, remembered by normalised word: a query's snippets stem each
 * distinct word once, however often it occurs in however many hits. terms must outlive it.
 *
 *     TermMatcher m(terms, analyzer);
 *     for (hit : hits) hit.snippet = make_snippet(hit.body, m);
 */
class TermMatcher {
public:
    TermMatcher(const std::set<std::string>& terms, analysis::Analyzer& analyzer);

    /// The index in terms() of the term the token matches (as matched_term()), or -1.
    [[nodiscard]] auto match(const analysis::Token& token) -> int;
    /// The query terms, sorted.
    [[nodiscard]] auto terms() const -> const std::vector<std::string>& { return m_list; }
    [[nodiscard]] auto analyzer() -> analysis::Analyzer& { return m_analyzer; }

private:
    const std::set<std::string>& m_terms;
    std::vector<std::string> m_list;
    analysis::Analyzer& m_analyzer;
    std::unordered_map<std::string, int, analysis::StringHash, std::equal_to<>> m_memo;
    /// With the stemmer's promise (Analyzer::irregular_words()): a word matches a term only if
    /// it contains the term's bytes past the first (m_inner), or it is a wildcard's surface word
    /// (m_surface), or one of the few irregular words that stem to a query term (m_always), or
    /// a compound. Any other word is passed over without a lookup: most words of a hit.
    bool m_prefilter = false;
    std::vector<std::string> m_inner;
    std::vector<std::string> m_surface;
    std::vector<std::string> m_always;
    [[nodiscard]] auto cannot_match(const std::string& norm) const -> bool;
};

struct Explanation {
    std::string word;  ///< as written in the article ("Penimbunan")
    std::string norm;  ///< normalised ("penimbunan")
    std::string term;  ///< the index/query term it matched ("timbun")
    unsigned count = 0;
};

/// Every distinct (word, term) match in the text, in order of first appearance, with counts.
[[nodiscard]] auto explain(const std::string& body,
                           const std::set<std::string>& terms,
                           analysis::Analyzer& analyzer) -> std::vector<Explanation>;

/**
 * Picks the passage of about max_chars code points that holds the most distinct query terms,
 * cut at word boundaries, with "…" where text was cut. Whitespace runs become one space and
 * control characters are dropped, so an article cannot drive the terminal.
 * Words are matched through the analyzer, exactly as the index and the query see them.
 */
[[nodiscard]] auto make_snippet(const std::string& body,
                                const std::set<std::string>& terms,
                                analysis::Analyzer& analyzer,
                                std::size_t max_chars = 200) -> Snippet;
/// The same, with a matcher shared by the snippets of one query.
[[nodiscard]] auto make_snippet(const std::string& body,
                                TermMatcher& matcher,
                                std::size_t max_chars = 200) -> Snippet;

}  // namespace telusur::snippet
