// Spelling suggestions: edit distance, and corrections from an index's own surface words.
#include <doctest/doctest.h>
#include <xapian.h>

#include <initializer_list>
#include <utility>

#include "telusur/search/spelling.hpp"

using namespace telusur::search;

TEST_CASE("edit distance counts insertions deletions substitutions and transpositions") {
    struct Case {
        const char* a;
        const char* b;
        std::size_t want;
    };
    const Case cases[] = {
        {"nvidia", "nvidia", 0},
        {"nvdia", "nvidia", 1},                // deletion
        {"huwaei", "huawei", 1},               // adjacent transposition
        {"penyelundupn", "penyelundupan", 1},  // deletion
        {"timbun", "tinbun", 1},               // substitution
        {"chip", "cip", 1},
        {"", "abc", 3},
        {"abc", "", 3},
        {"kunlun", "baidu", 3},  // capped at limit + 1 (limit 2)
    };
    for (const auto& c : cases) {
        CAPTURE(c.a);
        CAPTURE(c.b);
        CHECK(edit_distance(c.a, c.b, 2) == std::min<std::size_t>(c.want, 3));
        CHECK(edit_distance(c.b, c.a, 2) == std::min<std::size_t>(c.want, 3));
    }
    CHECK(edit_distance("abcdef", "badcfe", 5) == 3);
}

namespace {
/// An in-memory index with each word as a surface (Z) term of that many documents.
auto vocabulary_of(std::initializer_list<std::pair<const char*, int>> words)
    -> Xapian::WritableDatabase {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& [word, docs] : words) {
        for (int i = 0; i < docs; ++i) {
            Xapian::Document doc;
            doc.add_term(std::string("Z") + word);
            db.add_document(doc);
        }
    }
    return db;
}

auto vocabulary() -> Xapian::WritableDatabase {
    return vocabulary_of(
        {{"nvidia", 5}, {"nvidium", 1}, {"huawei", 3}, {"penyelundupan", 2}, {"chip", 4}});
}
}  // namespace

TEST_CASE("corrections come from the index vocabulary and prefer frequent words") {
    auto db = vocabulary();
    CHECK(correct_word(db, "nvdia") == std::optional<std::string>("nvidia"));
    CHECK(correct_word(db, "nvidiu") == std::optional<std::string>("nvidia"));  // 5 docs beat 1
    CHECK(correct_word(db, "huwaei") == std::optional<std::string>("huawei"));
    CHECK(correct_word(db, "penyelundupn") == std::optional<std::string>("penyelundupan"));
    CHECK_FALSE(correct_word(db, "nvidia"));  // known words are not corrected
    CHECK_FALSE(correct_word(db, "xyzzy"));   // nothing close
    CHECK_FALSE(correct_word(db, "ch"));      // too short to guess
    CHECK_FALSE(correct_word(db, "h200x"));   // tokens with digits are names, not typos
}

TEST_CASE("stem terms are vocabulary too since words that are their own stem have no Z term") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 4; ++i) {
        Xapian::Document doc;
        doc.add_term("huawei");  // as indexed: no Zhuawei, the word is its own stem
        doc.add_term("timbun");
        doc.add_term("Zmenimbun");
        db.add_document(doc);
    }
    Xapian::Document rare;
    rare.add_term("Zhuawai");  // a rarer surface word as close to "huawey"
    db.add_document(rare);
    CHECK(correct_word(db, "huwaei") == std::optional<std::string>("huawei"));
    CHECK(correct_word(db, "huawey") == std::optional<std::string>("huawei"));  // 4 docs beat 1
    CHECK(correct_word(db, "menimbn") == std::optional<std::string>("menimbun"));
    CHECK_FALSE(correct_word(db, "huawei"));  // known through its stem term
    CHECK_FALSE(correct_word(db, "timbun"));
}

TEST_CASE("a word sharing the first two letters 1 edit away wins, other typos look wider") {
    auto db = vocabulary_of({{"karta", 1}, {"kerto", 5}, {"kartil", 1}});
    // Both 1 edit from "karto"; the one that keeps "ka" is found first and wins.
    CHECK(correct_word(db, "karto") == std::optional<std::string>("karta"));
    // A typo in the second letter: nothing close under "ko", so all k-words are looked at.
    CHECK(correct_word(db, "korto") == std::optional<std::string>("kerto"));
    // Only 2 edits away under "ke" ("kerto"): the wider look finds "kartil", 1 edit away.
    CHECK(correct_word(db, "kertil") == std::optional<std::string>("kartil"));
}

TEST_CASE("the wider look skips the two-letter words already walked, not the words after them") {
    auto db = vocabulary_of({{"kerto", 5}, {"kartil", 1}, {"kurtil", 2}});
    // "ke" holds only "kerto" (2 edits); of the k-words before and after it, "kurtil" (2
    // articles) beats "kartil" (1).
    CHECK(correct_word(db, "kertil") == std::optional<std::string>("kurtil"));
    CHECK(correct_word(db, "kertilx") == std::optional<std::string>("kurtil"));
}

TEST_CASE("a suggested query respells only unknown plain words") {
    auto db = vocabulary();
    CHECK(suggest_query(db, "chip nvdia") == std::optional<std::string>("chip nvidia"));
    CHECK(suggest_query(db, "huwaei OR nvdia") == std::optional<std::string>("huawei OR nvidia"));
    CHECK_FALSE(suggest_query(db, "chip nvidia"));
    CHECK_FALSE(suggest_query(db, "\"nvdia chip\""));  // phrases are left as typed
    CHECK_FALSE(suggest_query(db, "nvd*"));            // wildcards too
    CHECK_FALSE(suggest_query(db, "company:nvdia"));   // and fields
}
