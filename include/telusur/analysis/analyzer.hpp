#pragma once
// Analysis stage: text -> tokens -> terms. The same Analyzer produces index terms, query terms
// and snippet highlights, so anything indexed can be found and shown.

#include <unicode/uversion.h>  // declares namespace icu
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "telusur/analysis/stemmer.hpp"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace telusur::analysis {

/** One word of the input with its place in the original text. */
struct Token {
    std::string norm;            ///< normalised form: NFKC case-folded, ignorables dropped
    std::size_t begin = 0;       ///< byte offset of the first byte in the original text
    std::size_t end = 0;         ///< byte offset one past the last byte
    std::uint32_t position = 0;  ///< word position of the token's first term

    auto operator==(const Token&) const -> bool = default;
};

/** An index term of a token and its position relative to the token's position. */
struct Term {
    std::string text;
    std::uint32_t offset = 0;
};

/** Word lists and stemmer shared by all analyzers of a process (loaded once). */
struct Resources {
    Xapian::Stem stemmer;
    std::unordered_set<std::string> stopwords;
    /// Set when the stemmer promises that a word's stem, less its first letter, occurs in the
    /// word, except for the words listed (telusur's stemmer: RootDictionary::irregular_words()).
    /// Unset for other stemmers. Snippets use it to pass over words that cannot match a query
    /// term without stemming them.
    std::optional<std::vector<std::string>> irregular;
};

/// The default resources: telusur's Indonesian stemmer over the hunspell-id root list plus
/// data/stemming/exceptions.tsv, and data/stopwords-id.txt. Throws InputError if one is missing.
[[nodiscard]] auto default_resources() -> std::shared_ptr<const Resources>;

/**
 * ICU word segmentation + normalisation + stemming.
 * - "Penimbunan chip-chip H200" -> tokens "penimbunan", "chip-chip", "h200";
 *   terms "timbun", "chip", "h200" (alphanumerics whole, reduplication folded to its base).
 * - A hyphenated compound "Chat-GPT" is one token with terms "chatgpt" (offset 0), "chat" (0)
 *   and "gpt" (1), so "ChatGPT", "Chat-GPT" and the phrase "chat gpt" find each other.
 * Not thread-safe (it owns a break iterator): use one per thread.
 */
class Analyzer {
public:
    /// Bumped whenever the terms produced for the same text change; stored in the index.
    static constexpr int kVersion = 3;

    Analyzer();
    explicit Analyzer(std::shared_ptr<const Resources> resources);
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    auto operator=(const Analyzer&) -> Analyzer& = delete;

    /// How tokenize() finds word boundaries.
    enum class Segmenter {
        kAuto,  ///< a fast segmenter where it gives ICU's answer, else ICU
        kIcu,   ///< always ICU's word break iterator (tests and benchmarks compare the two)
    };

    /// Splits text into normalised word tokens. Invalid UTF-8 is tolerated, never fatal.
    /// Word boundaries are those of ICU's root word break iterator (UAX #29). Texts made only
    /// of Latin letters (U+0000..U+02FF), digits, punctuation and common symbols -- nearly every
    /// Indonesian news text -- are segmented by a table-driven loop that gives the same words
    /// about twice as fast; any other code point sends the whole text through ICU.
    [[nodiscard]] auto tokenize(std::string_view text, Segmenter segmenter = Segmenter::kAuto)
        -> std::vector<Token>;

    /// Whether tokenize() segments this text without ICU.
    [[nodiscard]] static auto uses_fast_segmenter(std::string_view text) -> bool;

    /// The index terms of a token (one, or for compounds the joined form and each part).
    [[nodiscard]] auto terms(const Token& token) const -> std::vector<Term>;

    /// The term of a single normalised word: its stem; words with digits are kept whole.
    [[nodiscard]] auto term(const std::string& norm) const -> std::string;

    /// Resources::irregular: null when the stemmer makes no promise. With the promise, a word
    /// without '-' that is not listed has terms whose bytes past the first occur in the word.
    [[nodiscard]] auto irregular_words() const -> const std::vector<std::string>* {
        return m_resources->irregular ? &*m_resources->irregular : nullptr;
    }

    /// Whether a normalised word is on the stop list.
    [[nodiscard]] auto is_stopword(const std::string& norm) const -> bool;

    /// NFKC case folding plus quote folding of a single string.
    [[nodiscard]] static auto normalize(std::string_view text) -> std::string;

private:
    [[nodiscard]] auto icu_word_spans(std::string_view text)
        -> std::vector<std::pair<std::size_t, std::size_t>>;

    std::shared_ptr<const Resources> m_resources;
    std::unique_ptr<icu::BreakIterator> m_words;
    /// Stems this analyzer has looked up (bounded): the shared stemmer's own cache takes a
    /// lock, which two threads (indexing workers, the search helper) contend for.
    mutable std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_stems;
};

/// Splits a hyphen-joined normalised token into its parts ("chat-gpt" -> "chat", "gpt").
[[nodiscard]] auto split_hyphens(const std::string& norm) -> std::vector<std::string>;

/// True for reduplication: "chip-chip", "negara-negara", "kata-katanya".
[[nodiscard]] auto is_reduplication(const std::vector<std::string>& parts) -> bool;

}  // namespace telusur::analysis
