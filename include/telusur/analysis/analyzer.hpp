#pragma once
// Analysis stage: text -> tokens -> terms. The same Analyzer produces index terms, query terms
// and snippet highlights, so anything indexed can be found and shown.

#include <unicode/uversion.h>  // declares namespace icu
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace telusur::analysis {

/** One word of the input with its place in the original text. */
struct Token {
    std::string norm;            ///< normalised form: NFKC case-folded, ignorables dropped
    std::size_t begin = 0;       ///< byte offset of the first byte in the original text
    std::size_t end = 0;         ///< byte offset one past the last byte
    std::uint32_t position = 0;  ///< word position, 0-based, consecutive
};

/**
 * ICU word segmentation + normalisation + stemming.
 * Examples: "Penimbunan chip-chip H200" -> tokens "penimbunan", "chip-chip", "h200";
 * terms are their stems; alphanumerics such as "h200" and "7nm" are kept whole.
 * Not thread-safe (it owns a break iterator and a stem cache): use one per thread.
 */
class Analyzer {
public:
    /// Bumped whenever the terms produced for the same text change; stored in the index.
    static constexpr int kVersion = 1;

    Analyzer();
    explicit Analyzer(Xapian::Stem stemmer);
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    auto operator=(const Analyzer&) -> Analyzer& = delete;

    /// Splits text into normalised word tokens. Invalid UTF-8 is tolerated, never fatal.
    [[nodiscard]] auto tokenize(std::string_view text) -> std::vector<Token>;

    /// The index term of a normalised token (its stem; reduplication folded to the base).
    [[nodiscard]] auto term(const std::string& norm) -> std::string;

    /// NFKC case folding of a single string (used for words typed in queries).
    [[nodiscard]] static auto normalize(std::string_view text) -> std::string;

    [[nodiscard]] auto stemmer() const -> const Xapian::Stem& { return m_stemmer; }

private:
    Xapian::Stem m_stemmer;
    std::unique_ptr<icu::BreakIterator> m_words;
    std::unordered_map<std::string, std::string> m_cache;
};

/// The stemmer telusur uses by default.
[[nodiscard]] auto default_stemmer() -> Xapian::Stem;

}  // namespace telusur::analysis
