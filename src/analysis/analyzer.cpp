#include "telusur/analysis/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "telusur/analysis/stemmer.hpp"
#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/text.hpp"

namespace telusur::analysis {

namespace {

/// Bound of an analyzer's own stem cache (Analyzer::term).
constexpr std::size_t kStemCacheEntries = 100000;

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

/// Word_Break classes the fast segmenter handles (UAX #29 as ICU's root word rules apply them).
enum class WordClass : std::uint8_t {
    kOther,      ///< never part of a word: spaces, line ends, quotes, dashes, symbols
    kLetter,     ///< ALetter
    kNumeric,    ///< Numeric
    kExtendNum,  ///< ExtendNumLet ("_")
    kMidLetter,  ///< MidLetter: joins letter-letter ("a·b")
    kMidNum,     ///< MidNum: joins digit-digit ("1,5")
    kMidNumLet,  ///< MidNumLet, Single_Quote: joins both ("a.b", "1.5", "don’t")
    kUnhandled,  ///< Extend, Format, ZWJ, Katakana, Hebrew, ...: ICU segments the text
};

/// Code points the fast segmenter classifies: U+0000..U+036F (Latin and its punctuation; the
/// combining marks from U+0300 are Extend, hence unhandled) and U+2000..U+27BF (general
/// punctuation, currency, arrows, mathematical and technical symbols, shapes, dingbats; the
/// combining marks for symbols at U+20D0 are unhandled). Anything else in a text (another
/// script, emoji, invalid UTF-8) sends the whole text through ICU.
constexpr char32_t kLatinEnd = 0x0370;
constexpr char32_t kPunctBegin = 0x2000;
constexpr char32_t kPunctEnd = 0x27C0;

auto classify(char32_t c) -> WordClass {
    // ICU's root rules differ from the property in two places: '@' is a letter (an e-mail
    // address stays one word) and ':' is no MidLetter ("a:b" splits).
    if (c == U'@') {
        return WordClass::kLetter;
    }
    if (c == U':') {
        return WordClass::kOther;
    }
    switch (u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_WORD_BREAK)) {
        case U_WB_ALETTER:
            return WordClass::kLetter;
        case U_WB_NUMERIC:
            return WordClass::kNumeric;
        case U_WB_EXTENDNUMLET:
            return WordClass::kExtendNum;
        case U_WB_MIDLETTER:
            return WordClass::kMidLetter;
        case U_WB_MIDNUM:
            return WordClass::kMidNum;
        case U_WB_MIDNUMLET:
        case U_WB_SINGLE_QUOTE:
            return WordClass::kMidNumLet;
        case U_WB_OTHER:
        case U_WB_CR:
        case U_WB_LF:
        case U_WB_NEWLINE:
        case U_WB_WSEGSPACE:
        case U_WB_DOUBLE_QUOTE:  // joins only Hebrew letters, which are unhandled
            return WordClass::kOther;
        default:
            return WordClass::kUnhandled;
    }
}

/// The classes of the handled code points, read from ICU's own property data once.
struct ClassTable {
    std::array<WordClass, kLatinEnd> latin{};
    std::array<WordClass, kPunctEnd - kPunctBegin> punct{};
    ClassTable() {
        for (char32_t c = 0; c < kLatinEnd; ++c) {
            latin[c] = classify(c);
        }
        for (char32_t c = kPunctBegin; c < kPunctEnd; ++c) {
            punct[c - kPunctBegin] = classify(c);
        }
    }
};

/// The class and byte length of every code point of text, or false if one is not handled.
auto classify_text(std::string_view text,
                   std::vector<WordClass>& classes,
                   std::vector<std::uint8_t>& lengths) -> bool {
    static const ClassTable table;
    classes.clear();
    lengths.clear();
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            return false;  // invalid UTF-8: ICU's own replacement rules apply
        }
        const auto cp = static_cast<char32_t>(c);
        const WordClass wc = cp < kLatinEnd                        ? table.latin[cp]
                             : cp >= kPunctBegin && cp < kPunctEnd ? table.punct[cp - kPunctBegin]
                                                                   : WordClass::kUnhandled;
        if (wc == WordClass::kUnhandled) {
            return false;
        }
        classes.push_back(wc);
        lengths.push_back(static_cast<std::uint8_t>(i - start));
    }
    return true;
}

auto is_word_class(WordClass c) -> bool {
    return c == WordClass::kLetter || c == WordClass::kNumeric || c == WordClass::kExtendNum;
}

/// Whether a Mid* character between prev and next keeps them in one word (WB6/7, WB11/12).
auto mid_joins(WordClass mid, WordClass prev, WordClass next) -> bool {
    const bool letters = prev == WordClass::kLetter && next == WordClass::kLetter;
    const bool digits = prev == WordClass::kNumeric && next == WordClass::kNumeric;
    switch (mid) {
        case WordClass::kMidLetter:
            return letters;
        case WordClass::kMidNum:
            return digits;
        case WordClass::kMidNumLet:
            return letters || digits;
        default:
            return false;
    }
}

/// The word segments of text (byte spans) that ICU's root word break iterator reports with a
/// word status (letter/number), computed without ICU for texts of handled code points only.
/// Between words, letters, digits and "_" always join (WB5, WB8-10, WB13a/b); a Mid character
/// joins when the classes on both sides allow it; a lone "_" is no word. Returns false when the
/// text holds a code point this does not handle. tests/unit/test_analyzer.cpp compares it with
/// ICU on the bundled articles and on random strings of the handled and nearby classes.
auto fast_word_spans(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>>& spans)
    -> bool {
    thread_local std::vector<WordClass> classes;
    thread_local std::vector<std::uint8_t> lengths;
    if (!classify_text(text, classes, lengths)) {
        return false;
    }
    spans.clear();
    const std::size_t n = classes.size();
    std::size_t offset = 0;
    for (std::size_t i = 0; i < n;) {
        if (!is_word_class(classes[i])) {
            offset += lengths[i++];
            continue;
        }
        const std::size_t begin = offset;
        const std::size_t first = i;
        offset += lengths[i++];
        while (i < n) {
            if (is_word_class(classes[i])) {
                offset += lengths[i++];
            } else if (i + 1 < n && mid_joins(classes[i], classes[i - 1], classes[i + 1])) {
                offset += lengths[i] + lengths[i + 1];
                i += 2;
            } else {
                break;
            }
        }
        if (i - first > 1 || classes[first] != WordClass::kExtendNum) {
            spans.emplace_back(begin, offset);
        }
    }
    return true;
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
        res->irregular = roots->irregular_words();
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

auto Analyzer::icu_word_spans(std::string_view text)
    -> std::vector<std::pair<std::size_t, std::size_t>> {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut =
        utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        return spans;
    }
    m_words->setText(ut, status);
    // With a UTF-8 UText the break iterator reports native (byte) offsets.
    std::int32_t start = m_words->first();
    for (std::int32_t end = m_words->next(); end != icu::BreakIterator::DONE;
         start = end, end = m_words->next()) {
        if (m_words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {  // not spaces, punctuation
            spans.emplace_back(static_cast<std::size_t>(start), static_cast<std::size_t>(end));
        }
    }
    m_words->setText(icu::UnicodeString());  // do not keep a pointer into text
    utext_close(ut);
    return spans;
}

auto Analyzer::uses_fast_segmenter(std::string_view text) -> bool {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    return fast_word_spans(text, spans);
}

auto Analyzer::tokenize(std::string_view text, Segmenter segmenter) -> std::vector<Token> {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (segmenter == Segmenter::kIcu || !fast_word_spans(text, spans)) {
        spans = icu_word_spans(text);
    }
    std::vector<Token> tokens;
    tokens.reserve(spans.size());
    for (const auto& [b, e] : spans) {
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
    if (auto it = m_stems.find(norm); it != m_stems.end()) {
        return it->second;
    }
    auto stem = m_resources->stemmer(norm);
    if (m_stems.size() >= kStemCacheEntries) {
        m_stems.clear();  // simple bound: a text's vocabulary refills the hot words quickly
    }
    m_stems.emplace(norm, stem);
    return stem;
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
