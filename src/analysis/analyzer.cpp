#include "telusur/analysis/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "telusur/analysis/stemmer.hpp"
#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/text.hpp"

namespace telusur::analysis {

namespace {

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

auto only_zero_width(std::string_view gap) -> bool {
    for (std::size_t i = 0; i < gap.size(); i += 3) {
        auto c = gap.substr(i, 3);
        if (c != "\xE2\x80\x8B" && c != "\xEF\xBB\xBF") {
            return false;
        }
    }
    return !gap.empty();
}

auto has_digit(std::string_view s) -> bool {
    return s.find_first_of("0123456789") != std::string_view::npos;
}

/// Positions a token occupies: compounds one per part, everything else one.
auto width(const std::string& norm) -> std::uint32_t {
    if (norm.find('-') == std::string::npos) {
        return 1;
    }
    auto parts = split_hyphens(norm);
    return is_reduplication(parts) ? 1 : static_cast<std::uint32_t>(parts.size());
}

auto load_word_list(const std::string& path) -> std::unordered_set<std::string> {
    std::ifstream in(path);
    if (!in) {
        throw InputError(path + ": cannot read word list");
    }
    std::unordered_set<std::string> words;
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find('#'));
        auto norm = Analyzer::normalize(line.substr(0, line.find_first_of(" \t\r")));
        if (!norm.empty()) {
            words.insert(norm);
        }
    }
    return words;
}

}  // namespace

auto split_hyphens(const std::string& norm) -> std::vector<std::string> {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto dash = norm.find('-'); dash != std::string::npos; dash = norm.find('-', start)) {
        parts.push_back(norm.substr(start, dash - start));
        start = dash + 1;
    }
    parts.push_back(norm.substr(start));
    return parts;
}

auto is_reduplication(const std::vector<std::string>& parts) -> bool {
    return parts.size() == 2 && !parts[0].empty() && !has_digit(parts[0]) &&
           parts[1].starts_with(parts[0]);
}

auto default_resources() -> std::shared_ptr<const Resources> {
    static std::mutex mutex;
    static std::shared_ptr<const Resources> loaded;
    std::lock_guard lock(mutex);
    if (!loaded) {
        auto dic = default_dictionary_path();
        std::error_code ec;
        if (!std::filesystem::exists(dic, ec)) {
            throw InputError("Indonesian root dictionary " + dic +
                             " not found; install hunspell-id or set TELUSUR_HUNSPELL_DIC");
        }
        auto roots = std::make_shared<RootDictionary>(RootDictionary::load_hunspell(dic));
        roots->load_extra(default_extra_path());
        auto res = std::make_shared<Resources>();
        res->stemmer = Xapian::Stem(new IndonesianStemmer(std::move(roots)));
        res->stopwords = load_word_list(data_path("stopwords-id.txt"));
        loaded = std::move(res);
    }
    return loaded;
}

Analyzer::Analyzer() : Analyzer(default_resources()) {}

Analyzer::Analyzer(std::shared_ptr<const Resources> resources) : m_resources(std::move(resources)) {
    UErrorCode status = U_ZERO_ERROR;
    m_words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
        throw Error(std::string("cannot create ICU word break iterator: ") + u_errorName(status));
    }
}

Analyzer::~Analyzer() = default;

auto Analyzer::normalize(std::string_view text) -> std::string {
    // Fast path, exact: on ASCII, NFKC_Casefold only lowercases A-Z (no ASCII character is
    // decomposed, compatibility-mapped or default-ignorable). Most tokens of Indonesian news are
    // ASCII, and the ICU round trip below is most of the cost of tokenising.
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        return ascii_lower(text);
    }
    UErrorCode status = U_ZERO_ERROR;
    const auto* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) {
        throw Error(std::string("cannot load ICU NFKC_Casefold data: ") + u_errorName(status));
    }
    auto src = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
    icu::UnicodeString folded = nfkc_cf->normalize(src, status);
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)), "'");  // ’
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2018)), "'");  // ‘
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
        auto norm = normalize(text.substr(b, e - b));
        if (norm.empty()) {
            continue;
        }
        // A word split only by zero-width spaces (U+200B, U+FEFF) is one word.
        if (!tokens.empty() && tokens.back().end < b &&
            only_zero_width(text.substr(tokens.back().end, b - tokens.back().end))) {
            tokens.back().norm += norm;
            tokens.back().end = e;
            continue;
        }
        // Join "chip-chip", "COVID-19": word, hyphen, word with nothing in between.
        if (!tokens.empty() && tokens.back().end < b && b - tokens.back().end <= 3 &&
            hyphen_length(text, tokens.back().end) == b - tokens.back().end) {
            auto& prev = tokens.back();
            prev.norm.push_back('-');
            prev.norm += norm;
            prev.end = e;
            continue;
        }
        tokens.push_back(Token{std::move(norm), b, e, 0});
    }
    m_words->setText(icu::UnicodeString());  // do not keep a pointer into text
    utext_close(ut);
    std::uint32_t position = 0;
    for (auto& token : tokens) {
        token.position = position;
        position += width(token.norm);
    }
    return tokens;
}

auto Analyzer::term(const std::string& norm) const -> std::string {
    if (norm.empty() || has_digit(norm)) {
        return norm;  // H200, 7nm, 27/5/2025 stay whole
    }
    return m_resources->stemmer(norm);
}

auto Analyzer::terms(const Token& token) const -> std::vector<Term> {
    if (token.norm.find('-') == std::string::npos) {
        return {Term{term(token.norm), 0}};
    }
    auto parts = split_hyphens(token.norm);
    if (is_reduplication(parts)) {
        return {Term{term(parts[0]), 0}};
    }
    std::vector<Term> out;
    std::string joined;
    for (const auto& part : parts) {
        joined += part;
    }
    out.push_back(Term{joined, 0});
    for (std::uint32_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].empty()) {
            out.push_back(Term{term(parts[i]), i});
        }
    }
    return out;
}

auto Analyzer::is_stopword(const std::string& norm) const -> bool {
    return m_resources->stopwords.contains(norm);
}

}  // namespace telusur::analysis
