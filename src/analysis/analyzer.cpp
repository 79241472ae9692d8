#include "telusur/analysis/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>

#include "telusur/error.hpp"

namespace telusur::analysis {

namespace {

constexpr std::size_t kStemCacheLimit = 1U << 16U;

/// Hyphen characters that join the parts of a compound or a reduplication.
auto hyphen_length(std::string_view text, std::size_t at) -> std::size_t {
    if (at < text.size() && text[at] == '-') {
        return 1;
    }
    // U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN are E2 80 90 / E2 80 91.
    if (at + 2 < text.size() && text.compare(at, 2, "\xE2\x80") == 0 &&
        (text[at + 2] == '\x90' || text[at + 2] == '\x91')) {
        return 3;
    }
    return 0;
}

}  // namespace

auto default_stemmer() -> Xapian::Stem {
    return Xapian::Stem("indonesian");
}

Analyzer::Analyzer() : Analyzer(default_stemmer()) {}

Analyzer::Analyzer(Xapian::Stem stemmer) : m_stemmer(std::move(stemmer)) {
    UErrorCode status = U_ZERO_ERROR;
    m_words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
        throw Error(std::string("cannot create ICU word break iterator: ") + u_errorName(status));
    }
}

Analyzer::~Analyzer() = default;

auto Analyzer::normalize(std::string_view text) -> std::string {
    UErrorCode status = U_ZERO_ERROR;
    const auto* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) {
        throw Error(std::string("cannot load ICU NFKC_Casefold data: ") + u_errorName(status));
    }
    auto src = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
    icu::UnicodeString folded = nfkc_cf->normalize(src, status);
    std::string out;
    if (U_SUCCESS(status)) {
        folded.toUTF8String(out);
    }
    return out;
}

auto Analyzer::tokenize(std::string_view text) -> std::vector<Token> {
    std::vector<Token> tokens;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut =
        utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        return tokens;
    }
    m_words->setText(ut, status);
    // With a UTF-8 UText the break iterator reports native (byte) offsets.
    std::int32_t start = m_words->first();
    for (std::int32_t end = m_words->next(); end != icu::BreakIterator::DONE;
         start = end, end = m_words->next()) {
        if (m_words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) {
            continue;  // spaces, punctuation, symbols, emoji
        }
        auto b = static_cast<std::size_t>(start);
        auto e = static_cast<std::size_t>(end);
        // Join "chip-chip", "COVID-19": word, hyphen, word with nothing in between.
        if (!tokens.empty() && tokens.back().end < b && b - tokens.back().end <= 3 &&
            hyphen_length(text, tokens.back().end) == b - tokens.back().end) {
            auto& prev = tokens.back();
            prev.norm.push_back('-');
            prev.norm += normalize(text.substr(b, e - b));
            prev.end = e;
            continue;
        }
        auto norm = normalize(text.substr(b, e - b));
        if (norm.empty()) {
            continue;
        }
        auto position = static_cast<std::uint32_t>(tokens.size());
        tokens.push_back(Token{std::move(norm), b, e, position});
    }
    m_words->setText(icu::UnicodeString());  // do not keep a pointer into text
    utext_close(ut);
    return tokens;
}

auto Analyzer::term(const std::string& norm) -> std::string {
    if (auto it = m_cache.find(norm); it != m_cache.end()) {
        return it->second;
    }
    std::string result;
    auto dash = norm.find('-');
    if (dash != std::string::npos && norm.compare(0, dash, norm, dash + 1) == 0) {
        result = m_stemmer(norm.substr(0, dash));  // reduplication: chip-chip -> chip
    } else if (norm.find_first_of("0123456789-") != std::string::npos) {
        result = norm;  // H200, 7nm, COVID-19 stay whole
    } else {
        result = m_stemmer(norm);
    }
    if (m_cache.size() >= kStemCacheLimit) {
        m_cache.clear();
    }
    m_cache.emplace(norm, result);
    return result;
}

}  // namespace telusur::analysis
