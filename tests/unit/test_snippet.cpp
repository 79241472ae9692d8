#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "telusur/analysis/stemmer.hpp"
#include "telusur/snippet/snippet.hpp"

using telusur::analysis::Analyzer;
using telusur::snippet::make_snippet;

namespace {
/// The highlighted substring, by code points.
auto cut(const std::string& s, std::size_t b, std::size_t e) -> std::string {
    std::u32string u;
    std::string out;
    std::size_t cp = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool lead = (static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U;
        if (lead && i > 0) {
            ++cp;
        }
        if (cp >= b && cp < e) {
            out.push_back(s[i]);
        }
    }
    return out;
}
}  // namespace

TEST_CASE("snippet centres on the matches and highlights them by code point") {
    Analyzer a;
    std::string body(400, ' ');
    body = "Awal “teks” yang panjang sekali. " + std::string(300, 'x') +
           " lalu Baidu menguji chip "
           "Kunlun P800 pada model Ernie. " +
           std::string(300, 'y') + " akhir.";
    auto s = make_snippet(body, {a.term("kunlun")}, a, 120);
    CHECK(s.text.rfind("…", 0) == 0);
    CHECK(s.text.ends_with("…"));
    REQUIRE(s.highlights.size() == 1);
    CHECK(cut(s.text, s.highlights[0].first, s.highlights[0].second) == "Kunlun");
}

TEST_CASE("snippet prefers the passage with the most distinct terms") {
    Analyzer a;
    std::string body =
        "Nvidia di awal. " + std::string(500, 'z') + " Di sini Nvidia dan Huawei bersaing.";
    auto s = make_snippet(body, {a.term("nvidia"), a.term("huawei")}, a, 100);
    CHECK(s.highlights.size() == 2);
    CHECK(s.text.find("Huawei") != std::string::npos);
    // Distinct terms before matches: three times one term lose to two terms once each.
    body = "Nvidia, Nvidia dan Nvidia di awal. " + std::string(500, 'z') +
           " Di sini Nvidia dan Huawei bersaing.";
    s = make_snippet(body, {a.term("nvidia"), a.term("huawei")}, a, 100);
    CHECK(s.highlights.size() == 2);
    CHECK(s.text.find("Huawei") != std::string::npos);
    CHECK(s.text.find("awal") == std::string::npos);
}

TEST_CASE(
    "without a match the snippet is the start of the text with whitespace collapsed and controls "
    "dropped") {
    Analyzer a;
    auto s = make_snippet("Baris satu\n\n\tbaris \x1b[31mdua", {"tidakada"}, a, 200);
    CHECK(s.highlights.empty());
    CHECK(s.text == "Baris satu baris [31mdua");
    CHECK(make_snippet("", {"x"}, a).text.empty());
}

// One matcher shared by the snippets of a query (it remembers each word's match) gives the same
// snippets as a fresh one per text, in any order of texts.
TEST_CASE("a shared term matcher gives the same snippets as fresh ones") {
    Analyzer a;
    const std::set<std::string> terms{a.term("menimbun"), a.term("chip"), "Zkunlun"};
    const std::vector<std::string> bodies{
        "Penimbunan chip oleh perusahaan. Mereka menimbun chip H200 dan Kunlun P800.",
        "Tidak ada yang cocok di sini, hanya teks biasa tentang cuaca.",
        "Chip-chip itu ditimbun; timbunan chip Kunlun makin besar. Penimbunan dilarang.",
    };
    telusur::snippet::TermMatcher shared(terms, a);
    for (int round = 0; round < 2; ++round) {
        for (const auto& body : bodies) {
            CAPTURE(body);
            const auto fresh = make_snippet(body, terms, a, 60);
            const auto reused = make_snippet(body, shared, 60);
            CHECK(reused.text == fresh.text);
            CHECK(reused.highlights == fresh.highlights);
        }
    }
    // And it does match: the first text highlights Penimbunan, chip, menimbun, chip, Kunlun.
    CHECK(make_snippet(bodies[0], shared, 200).highlights.size() == 5);
    CHECK(shared.match(a.tokenize("Menimbun")[0]) >= 0);
    CHECK(shared.match(a.tokenize("cuaca")[0]) == -1);
}

// With telusur's stemmer, the matcher passes over words that cannot hold a query term (the
// stem less its first letter is not in the word) without stemming them: the same matches as
// stemming every word, for every word of the bundled articles and many sets of query terms.
TEST_CASE("the term matcher's shortcut finds what stemming every word finds") {
    Analyzer a;
    REQUIRE(a.irregular_words() != nullptr);
    std::string text;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(TELUSUR_SOURCE_DIR) / "data" / "articles")) {
        std::ifstream in(entry.path());
        text.append(std::istreambuf_iterator<char>(in), {}).append("\n");
    }
    text.append(
        "Chip-chip, chat-GPT, menyapu mengembangkan memukul menimbun pengrajin 7nm H200 "
        "kinerja bekerja pekerjaan a b");
    const auto tokens = a.tokenize(text);
    REQUIRE(tokens.size() > 2000U);
    std::set<std::string> vocabulary;
    for (const auto& t : tokens) {
        for (const auto& term : a.terms(t)) {
            vocabulary.insert(term.text);
        }
    }
    const std::vector<std::string> words(vocabulary.begin(), vocabulary.end());
    std::size_t matched = 0;
    for (std::size_t round = 0; round < 60; ++round) {
        std::set<std::string> terms;
        for (std::size_t k = 0; k < 1 + round % 4; ++k) {
            terms.insert(words[(round * 7919 + k * 104729) % words.size()]);
        }
        terms.insert(round % 3 == 0 ? "Zchip" : "Skerja");  // a wildcard's word, a field term
        terms.insert(round % 5 == 0 ? "kerja" : "sapu");
        if (round % 10 == 1) {
            terms = {"chatgpt"};  // a compound's joined form is not within the word
        }
        CAPTURE(round);
        telusur::snippet::TermMatcher matcher(terms, a);
        for (const auto& t : tokens) {
            const auto expected = telusur::snippet::matched_term(t, terms, a);
            const auto got = matcher.match(t);
            CAPTURE(t.norm);
            REQUIRE(got == (expected ? static_cast<int>(
                                           std::distance(terms.begin(), terms.find(*expected)))
                                     : -1));
            matched += got >= 0 ? 1 : 0;
        }
    }
    CHECK(matched > 1000U);
}

// A word whose override breaks the rule still matches; another stemmer makes no promise.
TEST_CASE("the term matcher stems irregular words, and every word of other stemmers") {
    auto dict = std::make_shared<telusur::analysis::RootDictionary>();
    dict->add("kerja");
    dict->add_override("gawe", "kerja");
    auto res = std::make_shared<telusur::analysis::Resources>();
    res->stemmer = Xapian::Stem(new telusur::analysis::IndonesianStemmer(dict));
    res->irregular = dict->irregular_words();
    Analyzer ours(res);
    const std::set<std::string> kerja{"kerja"};  // a matcher keeps a reference
    telusur::snippet::TermMatcher with_override(kerja, ours);
    CHECK(with_override.match(ours.tokenize("gawe")[0]) == 0);
    CHECK(with_override.match(ours.tokenize("bekerja")[0]) == 0);
    CHECK(with_override.match(ours.tokenize("gawat")[0]) == -1);

    auto english = std::make_shared<telusur::analysis::Resources>();
    english->stemmer = Xapian::Stem("english");  // happy -> happi: "appi" is not in "happy"
    Analyzer other(english);
    REQUIRE(other.irregular_words() == nullptr);
    const std::set<std::string> happi{"happi"};
    telusur::snippet::TermMatcher english_matcher(happi, other);
    CHECK(english_matcher.match(other.tokenize("happy")[0]) == 0);
}

TEST_CASE("snippet keeps closing punctuation without cutting a character in half") {
    Analyzer a;
    auto valid = [](const std::string& s) {
        for (std::size_t i = 0; i < s.size();) {
            const auto c = static_cast<unsigned char>(s[i]);
            const std::size_t len = c < 0x80    ? 1
                                    : c >= 0xF0 ? 4
                                    : c >= 0xE0 ? 3
                                    : c >= 0xC0 ? 2
                                                : 0;
            if (len == 0 || i + len > s.size()) {
                return false;
            }
            for (std::size_t k = 1; k < len; ++k) {
                if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
                    return false;
                }
            }
            i += len;
        }
        return true;
    };
    // An article ending in a quotation: ".\u201D" is 4 bytes, the first 3 would be half of it.
    auto s = make_snippet("Menurut dia, \u201Charga chip naik.\u201D", {"chip"}, a, 200);
    CHECK(valid(s.text));
    CHECK(s.text.ends_with("naik.\u201D"));
    // Found by fuzz_snippet: NULs then a byte order mark after the last word.
    const std::string fuzzed("an berke\0\0\xEF\xBB\xBF", 13);
    auto f = make_snippet(fuzzed, {"zke", "ot"}, a, 42);
    CHECK(valid(f.text));
    CHECK(f.text.starts_with("an berke"));
}
