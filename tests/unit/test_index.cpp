#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/dedup.hpp"

namespace fs = std::filesystem;
using namespace telusur;

namespace {
auto article(std::string id, std::string title, std::string body) -> ingest::Article {
    ingest::Article a;
    a.path = "/tmp/" + id + ".txt";
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    return a;
}
/// Distinct articles with the wording of news (a dictionary needs repeated phrasing).
auto numbered(int i) -> ingest::Article {
    std::string body;
    for (int s = 0; s < 8; ++s) {
        body += "Saham Nvidia dan Huawei bergerak " + std::to_string((i * 13 + s) % 211) +
                " poin setelah laporan chip AI kuartal " + std::to_string(s % 4 + 1) + ". ";
    }
    return article("n" + std::to_string(i), "Laporan " + std::to_string(i), body);
}
}  // namespace

TEST_CASE("documents carry id term, title terms, positional body terms and JSON data") {
    analysis::Analyzer a;
    auto doc = index::make_document(article("x1", "Chip Kunlun", "Baidu menguji chip"), a);
    std::vector<std::string> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        terms.push_back(*it);
    }
    auto has = [&](const std::string& t) {
        return std::find(terms.begin(), terms.end(), t) != terms.end();
    };
    CHECK(has("Qx1"));
    CHECK(has(std::string(index::kTitlePrefix).append(a.term("kunlun"))));
    CHECK(has(a.term("baidu")));
    auto stored = index::decode(doc.get_data());
    CHECK(stored.id == "x1");
    CHECK(stored.title == "Chip Kunlun");
    CHECK(stored.body == "Baidu menguji chip");
    CHECK_THROWS_AS((void)index::decode("not json"), IndexError);
}

TEST_CASE("surface Z terms only for words that differ from their stem term") {
    analysis::Analyzer a;
    REQUIRE(a.term("menimbun") == "timbun");
    REQUIRE(a.term("chip") == "chip");
    auto doc = index::make_document(
        article("z1", "Menimbun Chip", "Baidu menimbun chip-chip dan Chat-GPT menimbun"), a);
    std::map<std::string, Xapian::termcount> wdf;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        wdf[*it] = it.get_wdf();
    }
    auto has = [&](const std::string& t) { return wdf.contains(t); };
    CHECK(has("Zmenimbun"));
    CHECK(wdf["Zmenimbun"] == 3U);  // title + body, counted once per occurrence
    CHECK(has("timbun"));
    CHECK(has("Zchip-chip"));  // reduplication: stem term "chip" differs from the surface
    CHECK(has("Zchat-gpt"));   // hyphenated: several terms
    // Words that are their own stem are found through the stem term alone.
    CHECK(has("chip"));
    CHECK(has("baidu"));
    CHECK_FALSE(has("Zchip"));
    CHECK_FALSE(has("Zbaidu"));
    CHECK_FALSE(has("Zdan"));
}
TEST_CASE("writer replaces by id and records the analyzer version") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        CHECK(w.add(article("a", "A", "satu"), a).kind == index::AddResult::kAdded);
        CHECK(w.add(article("b", "B", "dua"), a).kind == index::AddResult::kAdded);
        CHECK(w.add(article("a", "A", "satu lagi"), a).kind == index::AddResult::kReplaced);
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    CHECK(db.get_doccount() == 2);
    CHECK(db.get_metadata(index::kAnalyzerVersionKey) ==
          std::to_string(analysis::Analyzer::kVersion));
    fs::remove_all(dir);
}

TEST_CASE("a title that opens with a repeated word keeps both positions in the database") {
    // Xapian 1.4.22's glass backend writes a position list of exactly {0, 1} as {1}: with
    // titles numbered from 0, "kadang" lost its first position and this phrase missed.
    auto dir = (fs::temp_directory_path() / "telusur_test_title_positions").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        (void)w.add(article("k", "Kadang Kadang Pengarang", "Isi berita."), a);
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    const auto kadang = a.term("kadang");
    const auto pengarang = a.term("pengarang");
    const std::vector<Xapian::termpos> positions(db.positionlist_begin(1, kadang),
                                                 db.positionlist_end(1, kadang));
    CHECK(positions.size() == 2);
    auto matches = [&](const std::vector<std::string>& terms) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end()));
        return enquire.get_mset(0, 10).size();
    };
    CHECK(matches({kadang, kadang, pengarang}) == 1);
    const std::string title(index::kTitlePrefix);
    CHECK(matches({title + kadang, title + kadang, title + pengarang}) == 1);
    CHECK(matches({kadang, pengarang, kadang}) == 0);
    fs::remove_all(dir);
}

TEST_CASE("metadata is stored, the date sorts in a value slot, the signature is kept") {
    analysis::Analyzer a;
    auto art = article("m1", "Judul", "Isi berita tentang chip.");
    art.date = "2025-05-27";
    art.source = "Selular.id";
    art.raw = "Judul\nIsi berita tentang chip.\nBaca juga: lain";
    auto doc = index::make_document(art, a);
    CHECK(doc.get_value(index::kDate) == "20250527");
    CHECK(doc.get_value(index::kMinHash).size() == ingest::kMinHashSize * 2);
    CHECK(doc.get_value(index::kId) == "m1");  // folded near-duplicates are named from it
    auto stored = index::decode(doc.get_data());
    CHECK(stored.date == "2025-05-27");
    CHECK(stored.source == "Selular.id");
    CHECK_FALSE(stored.author.has_value());
    CHECK_FALSE(stored.url.has_value());
    CHECK(stored.raw == art.raw);
    const auto expected = ingest::minhash("Judul\nIsi berita tentang chip.");
    const auto slot = doc.get_value(index::kMinHash);
    for (std::size_t k = 0; k < ingest::kMinHashSize; ++k) {
        std::uint32_t v = 0;
        for (std::size_t b = 0; b < 2; ++b) {
            v = (v << 8U) | static_cast<unsigned char>(slot[k * 2 + b]);
        }
        CHECK(v == (expected[k] & 0xFFFFU));  // b-bit MinHash: the low 16 bits
    }
    // The signature lives in the value slot only: the data does not carry it a second time.
    CHECK(doc.get_data().find(ingest::to_hex(expected)) == std::string::npos);
    CHECK(index::make_document(article("m2", "J", "x"), a).get_value(index::kDate).empty());
}

TEST_CASE("the same text under another id is a duplicate, not a second document") {
    auto dir = (fs::temp_directory_path() / "telusur_test_dup").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        CHECK(w.add(article("a", "Judul", "Isi  sama."), a).kind == index::AddResult::kAdded);
        auto dup = w.add(article("b", "judul", "isi sama"), a);
        CHECK(dup.kind == index::AddResult::kDuplicate);
        CHECK(dup.duplicate_of == "a");
        CHECK(w.add(article("a", "Judul", "Isi  sama."), a).kind == index::AddResult::kReplaced);
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    CHECK(db.get_doccount() == 1);
    CHECK(index::find(db, "a").has_value());
    CHECK_FALSE(index::find(db, "b").has_value());
    fs::remove_all(dir);
}

TEST_CASE("an uncommitted run leaves the index as it was") {
    auto dir = (fs::temp_directory_path() / "telusur_test_abort").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        w.add(article("a", "A", "satu"), a);
        w.commit();
    }
    {
        index::Writer w(dir);
        w.add(article("b", "B", "dua"), a);  // no commit: as if the run failed
    }
    CHECK(index::open_for_reading(dir).get_doccount() == 1);
    fs::remove_all(dir);
}

TEST_CASE("an index that grows in place to 200 articles gets a dictionary, with the run") {
    auto dir = (fs::temp_directory_path() / "telusur_test_grow_dictionary").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    auto run = [&](int from, int to, bool commit) {
        index::Writer w(dir);
        for (int i = from; i < to; ++i) {
            w.add(numbered(i), a);
        }
        if (commit) {
            w.commit();
        }
    };
    auto dictionary = [&] { return Xapian::Database(dir).get_metadata(index::kDictionaryKey); };
    auto compressed = [&](const std::string& id) {
        Xapian::Database db(dir);
        const auto term = index::kIdPrefix + id;
        auto it = db.postlist_begin(term);
        REQUIRE(it != db.postlist_end(term));
        return index::is_compressed(db.get_document(*it).get_data());
    };
    run(0, 150, true);
    CHECK(dictionary().empty());
    run(150, 210, false);  // trains at the 200th article, but the run fails: nothing recorded
    CHECK(dictionary().empty());
    CHECK(Xapian::Database(dir).get_doccount() == 150);
    run(150, 210, true);
    CHECK_FALSE(dictionary().empty());
    CHECK_FALSE(compressed("n0"));    // written before: stays as it was
    CHECK_FALSE(compressed("n199"));  // the 200th, whose record completed the samples
    CHECK(compressed("n200"));
    CHECK(compressed("n209"));
    run(210, 211, true);  // the next run uses the recorded dictionary
    CHECK(compressed("n210"));
    // Every record reads back, plain or compressed.
    auto db = index::open_for_reading(dir);
    REQUIRE(db.get_doccount() == 211);
    for (const int i : {0, 199, 200, 210}) {
        auto found = index::find(db, "n" + std::to_string(i));
        REQUIRE(found.has_value());
        CHECK(found->body == numbered(i).body);
    }
    fs::remove_all(dir);
}

TEST_CASE("refresh picks up a dictionary that an in-place run of another process recorded") {
    auto dir = (fs::temp_directory_path() / "telusur_test_refresh_dictionary").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);                // too few for a dictionary
        for (int i = 1000; i < 1199; ++i) {  // not the other test's records: another dictionary
            w.add(numbered(i), a);
        }
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    REQUIRE(db.get_metadata(index::kDictionaryKey).empty());
    auto stamp = index::live_stamp(dir);
    // The next run reaches 200 and trains one, in a process of its own: this one never sees it
    // registered.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            analysis::Analyzer own;
            index::Writer w(dir);
            w.add(numbered(1199), own);
            w.add(numbered(1300), own);
            w.commit();
            w.close();
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    index::refresh(db, dir, stamp);
    REQUIRE_FALSE(db.get_metadata(index::kDictionaryKey).empty());
    auto found = index::find(db, "n1300");
    REQUIRE(found.has_value());
    CHECK(found->body == numbered(1300).body);
    fs::remove_all(dir);
}

TEST_CASE("opening errors are one-line IndexErrors") {
    CHECK_THROWS_WITH_AS((void)index::open_for_reading("/nonexistent/telusur"),
                         "no index at /nonexistent/telusur; run 'telusur index PATH' first",
                         IndexError);
    auto dir = fs::temp_directory_path() / "telusur_test_notindex";
    fs::create_directories(dir);
    CHECK_THROWS_AS((void)index::open_for_reading(dir.string()), IndexError);
    fs::remove_all(dir);
}

TEST_CASE("index path: option, then TELUSUR_INDEX, then ./index") {
    ::unsetenv("TELUSUR_INDEX");
    CHECK(index::resolve_path(std::nullopt) == "./index");
    ::setenv("TELUSUR_INDEX", "/srv/idx", 1);
    CHECK(index::resolve_path(std::nullopt) == "/srv/idx");
    CHECK(index::resolve_path(std::string("/opt/x")) == "/opt/x");
    ::unsetenv("TELUSUR_INDEX");
}

TEST_CASE("a JSONL file's hash value carries its size and reads back") {
    const auto value = index::file_hash_value("af63dc4c8601ec8c", 275524107);
    CHECK(value == "af63dc4c8601ec8c/275524107");
    CHECK(index::parse_file_hash_value(value) ==
          std::pair<std::string, std::uint64_t>{"af63dc4c8601ec8c", 275524107});
    for (const char* other : {"", "af63dc4c8601ec8c", "af63dc4c8601ec8c/", "h/12x", "h/-1"}) {
        CAPTURE(other);
        CHECK_FALSE(index::parse_file_hash_value(other).has_value());
    }
}

TEST_CASE("documents remember their source file for incremental runs and pruning") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index_files").string();
    fs::remove_all(dir);
    auto src = fs::temp_directory_path() / "telusur_test_index_src.jsonl";
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        auto one = article("j1", "Satu", "galium ekspor");
        one.path = src.string() + ":1";  // a JSONL line: the file is passed separately
        auto two = article("j2", "Dua", "germanium ekspor");
        two.path = src.string() + ":2";
        w.add(one, a, "hash1", src.string());
        w.add(two, a, "hash1", src.string());
        w.add(article("other", "Lain", "teks lain"), a);
        auto state = w.file_state(src.string(), "hash1");
        CHECK(state.same);
        CHECK(state.ids == std::vector<std::string>{"j1", "j2"});
        CHECK(state.hashes == std::vector<std::string>{"hash1"});
        CHECK(!w.file_state(src.string(), "hash2").same);
        // Documents written by runs that saw the file at two sizes: each value once.
        auto three = article("j3", "Tiga", "gallium impor");
        three.path = src.string() + ":3";
        w.add(three, a, "hash0/120", src.string());
        CHECK(w.file_state(src.string(), "").hashes ==
              std::vector<std::string>{"hash0/120", "hash1"});
        CHECK_FALSE(w.file_state(src.string(), "").same);
        CHECK(w.remove("j3"));
        CHECK(w.file_state("/elsewhere.txt", "hash1").ids.empty());
        CHECK(w.unchanged(one));
        one.body = "galium ekspor dibatasi";
        CHECK(!w.unchanged(one));
        CHECK(w.remove("j2"));
        CHECK(!w.remove("j2"));
        // The source file does not exist: pruning removes its documents, not the others.
        CHECK(w.prune([](const std::string& path) { return fs::exists(path); }) == 1);
        w.commit();
    }
    auto db = index::open_for_reading(dir);
    CHECK(db.get_doccount() == 1);
    CHECK(index::find(db, "other"));
    CHECK(!db.get_metadata(index::kFingerprintKey).empty());
    CHECK(!db.get_metadata(index::kUpdatedKey).empty());
    fs::remove_all(dir);
}

TEST_CASE("articles an older bulk build tied to FILE:LINE or FILE[INDEX] still belong to FILE") {
    // Bulk builds before 2026-11-30 gave a JSONL record the file term of its article path,
    // "FILE:LINE". Such records count as the file's (it is read again, which re-ties them),
    // and pruning keeps them while FILE exists.
    auto dir = (fs::temp_directory_path() / "telusur_test_index_legacy_files").string();
    fs::remove_all(dir);
    auto src = fs::temp_directory_path() / "telusur_test_index_legacy.jsonl";
    std::ofstream(src) << "{}\n";
    auto array = fs::temp_directory_path() / "telusur_test_index_legacy.json";  // "FILE[INDEX]"
    std::ofstream(array) << "[]\n";
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        auto one = article("j1", "Satu", "galium ekspor");
        one.path = src.string() + ":1";
        auto two = article("j2", "Dua", "germanium ekspor");
        two.path = src.string() + ":12";
        w.add(one, a, "hash1", one.path);  // as the old bulk builder did
        w.add(two, a, "hash1", two.path);
        auto lookalike = article("j3", "Tiga", "teks lain");
        w.add(lookalike, a, "hash1", src.string() + ":x");  // not FILE:LINE
        auto element = article("j4", "Empat", "teks keempat");
        element.path = array.string() + "[3]";
        w.add(element, a, "hash2", element.path);
        auto state = w.file_state(src.string(), "hash1");
        CHECK_FALSE(state.same);  // read again
        CHECK(state.ids == std::vector<std::string>{"j1", "j2"});
        CHECK(state.hashes == std::vector<std::string>{""});  // not to be relied on
        auto in_array = w.file_state(array.string(), "hash2");
        CHECK_FALSE(in_array.same);
        CHECK(in_array.ids == std::vector<std::string>{"j4"});
        auto exists = [](const std::string& path) { return fs::exists(path); };
        CHECK(w.prune(exists) == 1);  // only the lookalike: its "file" does not exist
        CHECK(w.file_state(src.string(), "hash1").ids.size() == 2);
        fs::remove(src);
        fs::remove(array);
        CHECK(w.prune(exists) == 3);
        w.commit();
    }
    CHECK(index::open_for_reading(dir).get_doccount() == 0);
    fs::remove_all(dir);
}

TEST_CASE("keep ties an unchanged document to its new file and hash, changing nothing else") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index_keep").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    auto art = article("k1", "Chip Kunlun", "Baidu menguji chip Kunlun P800 di Beijing.");
    // Everything of a document but its file term and file hash (and its record: with_data).
    auto rest = [&](const Xapian::Database& db, bool with_data = true) {
        auto doc = db.get_document(*db.postlist_begin("Qk1"));
        std::string out = with_data ? doc.get_data() : std::string();
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).rfind(index::kFilePrefix, 0) != 0) {
                out += " " + *t + ":" + std::to_string(t.get_wdf());
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                    out += "," + std::to_string(*p);
                }
            }
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            if (v.get_valueno() != index::kFileHash) {
                out += " v" + std::to_string(v.get_valueno()) + "=" + *v;
            }
        }
        return out;
    };
    std::string before;
    {
        index::Writer w(dir);
        w.add(art, a, "hash1", "/tmp/a.txt");
        w.commit();
        CHECK_FALSE(w.modified());
    }
    before = rest(Xapian::Database(dir));
    {
        index::Writer w(dir);
        REQUIRE(w.unchanged(art));
        CHECK(w.keep(art, "hash1", "/tmp/a.txt"));  // nothing to change
        CHECK_FALSE(w.modified());
        CHECK(w.keep(art, "hash2", "/tmp/b.txt"));  // the article moved to another file
        CHECK(w.modified());
        CHECK_FALSE(w.keep(article("nobody", "x", "y"), "hash2", "/tmp/b.txt"));
        auto moved = w.file_state("/tmp/b.txt", "hash2");
        CHECK(moved.same);
        CHECK(moved.ids == std::vector<std::string>{"k1"});
        CHECK(w.file_state("/tmp/a.txt", "hash1").ids.empty());
        w.commit();
    }
    Xapian::Database db(dir);
    CHECK(rest(db) == before);
    CHECK(db.get_termfreq(index::file_term("/tmp/b.txt")) == 1U);
    CHECK(db.get_termfreq(index::file_term("/tmp/a.txt")) == 0U);
    // Read from another place (a JSONL line that moved): unchanged, and kept with its new path
    // in the record; nothing else changes.
    const auto terms_before = rest(db, false);
    auto moved = art;
    moved.path = "/tmp/b.jsonl:7";
    {
        index::Writer w(dir);
        REQUIRE(w.stored(moved) == index::Writer::Stored::kMoved);
        CHECK(w.stored(art) == index::Writer::Stored::kSame);
        CHECK(w.keep(moved, "hash2", "/tmp/b.txt", index::Writer::Stored::kMoved));
        CHECK(w.modified());
        w.commit();
    }
    db = Xapian::Database(dir);
    CHECK(index::find(db, "k1")->path == "/tmp/b.jsonl:7");
    CHECK(rest(db, false) == terms_before);
    fs::remove_all(dir);
}

TEST_CASE("a JSONL record whose line moved changes its kLine value, not its stored record") {
    using Stored = index::Writer::Stored;
    auto dir = (fs::temp_directory_path() / "telusur_test_index_line").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    auto at = [](ingest::Article x, const std::string& path, std::size_t line) {
        x.path = path;
        x.line = line;
        return x;
    };
    const auto art = at(article("j1", "Chip Kunlun", "Baidu menguji chip Kunlun P800 di Beijing."),
                        "/tmp/feed.jsonl:3", 3);
    auto doc_of = [](const Xapian::Database& db) {
        return db.get_document(*db.postlist_begin("Qj1"));
    };
    {
        index::Writer w(dir);
        w.add(art, a, "h1/10", "/tmp/feed.jsonl");
        w.commit();
    }
    Xapian::Database db(dir);
    CHECK(doc_of(db).get_value(index::kLine) == "3");
    CHECK(index::decode(doc_of(db).get_data()).path == "/tmp/feed.jsonl");  // the file alone
    CHECK(index::decode(doc_of(db).get_data()).line_in_value);
    CHECK(index::decode(doc_of(db)).path == "/tmp/feed.jsonl:3");
    CHECK(index::find(db, "j1")->path == "/tmp/feed.jsonl:3");
    const auto data_before = doc_of(db).get_data();
    // Two lines up (the feed rotated): the value changes, the record does not.
    const auto up = at(art, "/tmp/feed.jsonl:1", 1);
    {
        index::Writer w(dir);
        CHECK(w.stored(art) == Stored::kSame);
        REQUIRE(w.stored(up) == Stored::kLineMoved);
        CHECK(w.keep(up, "h2/20", "/tmp/feed.jsonl", Stored::kLineMoved));
        CHECK(w.modified());
        CHECK(w.stored(up) == Stored::kSame);
        w.commit();
    }
    db = Xapian::Database(dir);
    CHECK(doc_of(db).get_data() == data_before);
    CHECK(index::find(db, "j1")->path == "/tmp/feed.jsonl:1");
    // Another JSONL file, then a .txt file: the record changes, the value follows or goes.
    const auto other = at(art, "/tmp/other.jsonl:2", 2);
    const auto txt = at(art, "/tmp/j1.txt", 0);
    {
        index::Writer w(dir);
        REQUIRE(w.stored(other) == Stored::kMoved);
        CHECK(w.keep(other, "h3/30", "/tmp/other.jsonl", Stored::kMoved));
        w.commit();
    }
    db = Xapian::Database(dir);
    CHECK(index::decode(doc_of(db).get_data()).path == "/tmp/other.jsonl");
    CHECK(index::find(db, "j1")->path == "/tmp/other.jsonl:2");
    {
        index::Writer w(dir);
        REQUIRE(w.stored(txt) == Stored::kMoved);
        CHECK(w.keep(txt, "h4", "/tmp/j1.txt", Stored::kMoved));
        w.commit();
    }
    db = Xapian::Database(dir);
    CHECK(doc_of(db).get_value(index::kLine).empty());
    CHECK_FALSE(index::decode(doc_of(db).get_data()).line_in_value);
    CHECK(index::find(db, "j1")->path == "/tmp/j1.txt");
    // A record written before kLine (its line in its path): read as it was, kMoved when its line
    // moves, and then rewritten the new way.
    {
        index::Writer w(dir);
        w.add(at(art, "/tmp/feed.jsonl:5", 0), a, "h5/50", "/tmp/feed.jsonl");
        w.commit();
    }
    db = Xapian::Database(dir);
    REQUIRE(doc_of(db).get_value(index::kLine).empty());
    CHECK(index::find(db, "j1")->path == "/tmp/feed.jsonl:5");
    const auto four = at(art, "/tmp/feed.jsonl:4", 4);
    {
        index::Writer w(dir);
        CHECK(w.stored(at(art, "/tmp/feed.jsonl:5", 5)) == Stored::kSame);
        REQUIRE(w.stored(four) == Stored::kMoved);
        // Told kLineMoved all the same, it rewrites the record: its path holds a line.
        CHECK(w.keep(four, "h6/60", "/tmp/feed.jsonl", Stored::kLineMoved));
        w.commit();
    }
    db = Xapian::Database(dir);
    CHECK(doc_of(db).get_value(index::kLine) == "4");
    CHECK(index::decode(doc_of(db).get_data()).path == "/tmp/feed.jsonl");
    CHECK(index::find(db, "j1")->path == "/tmp/feed.jsonl:4");
    fs::remove_all(dir);
}

namespace {
/// Every file under dir and its bytes.
auto snapshot(const fs::path& dir) -> std::map<std::string, std::string> {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            std::ifstream in(e.path(), std::ios::binary);
            out[e.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
        }
    }
    return out;
}

/// The calls an index run makes, with what each answered (ids sorted: their order is free).
auto run_calls(index::Writer& w, analysis::Analyzer& a) -> std::vector<std::string> {
    std::vector<std::string> out;
    auto state = [&](const std::string& file, const std::string& hash) {
        auto s = w.file_state(file, hash);
        std::sort(s.ids.begin(), s.ids.end());
        std::string line = "state " + file + " " + hash + (s.same ? " same:" : " changed:");
        for (const auto& id : s.ids) {
            line += " " + id;
        }
        out.push_back(line);
    };
    auto add = [&](const ingest::Article& art, const std::string& hash, const std::string& file) {
        auto r = w.add(art, a, hash, file);
        out.push_back("add " + art.id + " " + std::to_string(r.kind) + " " + r.duplicate_of);
    };
    auto yes = [&](const std::string& what, bool b) { out.push_back(what + (b ? " yes" : " no")); };
    state("/f1.txt", "h1");
    state("/f1.txt", "h9");
    auto a1 = article("a1", "Satu", "Nvidia menjual chip H20 ke China.");
    yes("unchanged a1", w.unchanged(a1));
    a1.body = "NVIDIA menjual chip H20, ke China!";
    yes("unchanged edited a1", w.unchanged(a1));
    add(a1, "h9", "/f1.txt");
    add(article("d", "Dua", "Huawei menguji Ascend 910C di Shenzhen."), "h5", "/f5.txt");
    auto n1 = article("n1", "Baru", "Kunlun P800 dipakai Baidu untuk pelatihan model.");
    add(n1, "h3", "/f3.txt");
    yes("unchanged n1", w.unchanged(n1));
    add(n1, "h3", "/f3.txt");
    add(article("n2", "Baru", "Kunlun P800 dipakai Baidu untuk pelatihan model."), "h3", "/f3.txt");
    auto a2 = article("a2", "Dua", "Huawei menguji Ascend 910C di Shenzhen.");
    a2.path = "/f1.txt:2";  // read from another place
    yes("a2 moved", w.stored(a2) == index::Writer::Stored::kMoved);
    yes("keep a2", w.keep(a2, "h9", "/f1.txt", index::Writer::Stored::kMoved));
    yes("modified by a2", w.modified());
    // A JSONL record added by the run, then read from another line of its file.
    auto j = article("j", "Enam", "Cambricon menjual chip Siyuan ke pusat data.");
    j.path = "/f6.jsonl:3";
    j.line = 3;
    add(j, "h6/10", "/f6.jsonl");
    auto j_up = j;
    j_up.path = "/f6.jsonl:1";
    j_up.line = 1;
    yes("j line moved", w.stored(j_up) == index::Writer::Stored::kLineMoved);
    yes("keep j", w.keep(j_up, "h6/20", "/f6.jsonl", index::Writer::Stored::kLineMoved));
    yes("j same", w.stored(j_up) == index::Writer::Stored::kSame);
    yes("j not where it was", w.stored(j) == index::Writer::Stored::kLineMoved);
    yes("remove j", w.remove("j"));
    // A JSONL record of the database (line 2 of /f7.jsonl), read from line 1.
    auto l = article("l", "Tujuh", "Biren merancang GPU BR100 di Shanghai.");
    l.path = "/f7.jsonl:1";
    l.line = 1;
    yes("l line moved", w.stored(l) == index::Writer::Stored::kLineMoved);
    yes("keep l", w.keep(l, "h7/20", "/f7.jsonl", index::Writer::Stored::kLineMoved));
    yes("l same", w.stored(l) == index::Writer::Stored::kSame);
    yes("remove l", w.remove("l"));
    yes("keep a3", w.keep(article("a3", "Tiga", "Tencent membeli chip."), "h2", "/f2.txt"));
    yes("keep n1", w.keep(n1, "h4", "/f4.txt"));
    yes("keep nobody", w.keep(article("nobody", "x", "y"), "h9", "/f1.txt"));
    yes("modified", w.modified());
    state("/f1.txt", "h9");
    state("/f2.txt", "h2");
    state("/f3.txt", "h3");
    state("/f4.txt", "h4");
    yes("remove a3", w.remove("a3"));
    yes("remove a3 again", w.remove("a3"));
    yes("unchanged a3", w.unchanged(article("a3", "Tiga", "Tencent membeli chip.")));
    // Files f4 and f5 are gone.
    auto pruned = w.prune([](const std::string& p) { return p != "/f4.txt" && p != "/f5.txt"; });
    out.push_back("pruned " + std::to_string(pruned));
    state("/f4.txt", "h4");
    out.push_back("count " + std::to_string(w.document_count()));
    return out;
}
}  // namespace

TEST_CASE("a preview answers every call as a writer would, and writes nothing") {
    auto base = fs::temp_directory_path() / "telusur_test_index_preview";
    auto copy = fs::temp_directory_path() / "telusur_test_index_preview_copy";
    auto fresh = fs::temp_directory_path() / "telusur_test_index_preview_new";
    fs::remove_all(base);
    fs::remove_all(copy);
    fs::remove_all(fresh);
    analysis::Analyzer a;
    {
        index::Writer w(base.string());
        w.add(article("a1", "Satu", "Nvidia menjual chip H20 ke China."), a, "h1", "/f1.txt");
        w.add(article("a2", "Dua", "Huawei menguji Ascend 910C di Shenzhen."), a, "h1", "/f1.txt");
        w.add(article("a3", "Tiga", "Tencent membeli chip."), a, "h2", "/f2.txt");
        w.add(article("b", "Lain", "Alibaba merancang chip sendiri."), a);
        auto l = article("l", "Tujuh", "Biren merancang GPU BR100 di Shanghai.");
        l.path = "/f7.jsonl:2";
        l.line = 2;
        w.add(l, a, "h7/10", "/f7.jsonl");
        w.commit();
    }
    fs::copy(base, copy, fs::copy_options::recursive);
    const auto bytes = snapshot(base);
    std::vector<std::string> written;
    {
        index::Writer w(copy.string());
        written = run_calls(w, a);
        w.commit();
    }
    std::vector<std::string> previewed;
    {
        index::Writer p(base.string(), nullptr, true, nullptr, index::Writer::Mode::kPreview);
        previewed = run_calls(p, a);
        p.commit();  // does nothing
    }
    CHECK(previewed == written);
    CHECK(std::find(written.begin(), written.end(), "add d 2 a2") != written.end());
    CHECK(std::find(written.begin(), written.end(), "add n2 2 n1") != written.end());
    CHECK(std::find(written.begin(), written.end(), "pruned 1") != written.end());
    CHECK(std::find(written.begin(), written.end(), "l line moved yes") != written.end());
    CHECK(std::find(written.begin(), written.end(), "j line moved yes") != written.end());
    CHECK(written.back() == "count 3");
    CHECK(Xapian::Database(copy.string()).get_doccount() == 3U);
    CHECK(snapshot(base) == bytes);
    // A new index: no database at all, against a writer on an empty one.
    {
        index::Writer w(fresh.string());
        index::Writer p("", nullptr, true, nullptr, index::Writer::Mode::kPreview);
        CHECK(run_calls(p, a) == run_calls(w, a));
    }
    fs::remove_all(base);
    fs::remove_all(copy);
    fs::remove_all(fresh);
}

TEST_CASE("a database built with other analysis data is not updated in place") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index_fingerprint").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    {
        index::Writer w(dir);
        w.add(article("a", "A", "satu"), a);
        w.commit();
    }
    {
        Xapian::WritableDatabase db(dir);
        db.set_metadata(index::kFingerprintKey, "something-else");
        db.commit();
    }
    CHECK_THROWS_WITH_AS(index::Writer{dir}, doctest::Contains("--rebuild"), IndexError);
    fs::remove_all(dir);
}

TEST_CASE("the original text round-trips through the stored line delta") {
    analysis::Analyzer a;
    auto art = article("r1", "Judul Berita", "Paragraf satu.\n\nParagraf dua.");
    const std::vector<std::string> raws = {
        "Judul Berita\nTanggal: 2025-05-27\n\nParagraf satu.\nBaca juga: lain\n\nParagraf dua.\n",
        "Judul Berita\r\n\r\nParagraf satu.\r\n",       // CRLF lines: kept as lines of their own
        "Paragraf dua.\nParagraf satu.\nJudul Berita",  // out of order
        "",
        "\n\n",
        "tidak ada yang sama",
        "Paragraf satu.\n\nParagraf dua.\nParagraf dua.\nParagraf dua.",  // repeated
    };
    for (const auto& raw : raws) {
        CAPTURE(raw);
        art.raw = raw;
        auto data = index::make_document(art, a).get_data();
        CHECK(index::decode(data).raw == raw);
        CHECK(index::decode(index::encode(art)).raw == raw);
    }
    // Lines equal to cleaned lines are not stored twice: the data holds each paragraph once.
    art.raw = raws.front();
    auto data = index::encode(art);
    std::size_t count = 0;
    for (auto at = data.find("Paragraf dua."); at != std::string::npos;
         at = data.find("Paragraf dua.", at + 1)) {
        ++count;
    }
    CHECK(count == 1);
}

TEST_CASE("data written with the raw text in full still decodes") {
    const std::string old =
        R"({"id":"o1","title":"T","path":"/tmp/o1.txt","body":"B","date":null,"source":null,)"
        R"("author":null,"url":null,"hash":"00","minhash":"ab","raw":"T\nB\nfurniture"})";
    auto stored = index::decode(old);
    CHECK(stored.id == "o1");
    CHECK(stored.raw == "T\nB\nfurniture");
    CHECK(stored.minhash == "ab");
    CHECK_THROWS_AS((void)index::decode(R"({"id":"x","title":"","body":"","rawd":[5]})"),
                    IndexError);
    CHECK_THROWS_AS(
        (void)index::decode(R"({"id":"x","title":"","body":"","rawd":[-9223372036854775808]})"),
        IndexError);
    CHECK_THROWS_AS((void)index::decode(R"({"id":"x","title":"T","body":"","rawd":[-3,1]})"),
                    IndexError);
    CHECK_THROWS_AS((void)index::decode(R"({"id":"x","title":"","body":"","rawd":"x"})"),
                    IndexError);
    CHECK(index::decode(R"({"id":"x","title":"T","body":"B","rawd":[-1,1,"z"]})").raw == "B\nz");
}

TEST_CASE("decode reads what encode writes, in any key order, and rejects what is not a record") {
    // Text a JSON writer must escape: quotes, backslashes, control characters, non-ASCII.
    ingest::Article a;
    a.id = "q\"1\\";
    a.title = "Kunlun P800 \u00e9\u4e2d \"kutip\"";
    a.path = "/tmp/a b.txt";
    a.body = "baris satu\tTAB\nbaris \u0001 dua \\ \u2028 akhir";
    a.date = "2025-05-01";
    a.author = "Ni Luh";
    a.raw = "Iklan\n" + a.title + "\n" + a.body + "\nBaca juga: x";
    const auto stored = index::decode(index::encode(a));
    CHECK(stored.id == a.id);
    CHECK(stored.title == a.title);
    CHECK(stored.path == a.path);
    CHECK(stored.body == a.body);
    CHECK(stored.date == a.date);
    CHECK_FALSE(stored.source.has_value());
    CHECK(stored.author == a.author);
    CHECK_FALSE(stored.url.has_value());
    CHECK(stored.raw == a.raw);
    CHECK(stored.hash.size() == 16U);
    // The same record with its keys reversed ("rawd" before title and body) and escapes.
    const auto j = nlohmann::json::parse(index::encode(a));
    std::string reversed = "{";
    for (auto it = j.items().begin(); it != j.items().end(); ++it) {
        reversed.insert(1, nlohmann::json(it.key()).dump() + ":" + it.value().dump() +
                               (reversed.size() > 1 ? "," : ""));
    }
    reversed += "}";
    const auto again = index::decode(reversed);
    CHECK(again.id == a.id);
    CHECK(again.raw == a.raw);
    CHECK(index::decode(R"({"id":"\u00e9\ud83d\ude00","source":5,"date":null})").id ==
          "\u00e9\U0001F600");
    CHECK_FALSE(index::decode(R"({"id":"x","source":5})").source.has_value());
    for (const auto* bad :
         {"not json", "[1,2]", "{\"id\":\"x\"} 5", "{\"id\":\"x\"} {}", "{\"id\":\"x\"} trailing",
          "{\"id\":5}", "{\"id\":\"x\"", "{\"id\":\"\xff\"}", "{\"rawd\":[1.5]}", ""}) {
        CAPTURE(bad);
        CHECK_THROWS_AS((void)index::decode(bad), IndexError);
    }
}

TEST_CASE("an article stored with its raw text in full counts as unchanged") {
    auto dir = (fs::temp_directory_path() / "telusur_test_index_old_data").string();
    fs::remove_all(dir);
    analysis::Analyzer a;
    auto art = article("u1", "Judul", "Isi berita.");
    art.raw = "Judul\nIsi berita.\nBaca juga: lain";
    {
        index::Writer w(dir);
        w.add(art, a);
        w.commit();
    }
    {
        // Rewrite its data the way earlier versions stored it: "raw" in full, hex "minhash".
        Xapian::WritableDatabase db(dir);
        auto doc = db.get_document(1);
        auto text = art.title + "\n" + art.body;
        nlohmann::json j = {{"id", art.id},
                            {"title", art.title},
                            {"path", art.path},
                            {"body", art.body},
                            {"date", nullptr},
                            {"source", nullptr},
                            {"author", nullptr},
                            {"url", nullptr},
                            {"hash", ingest::content_hash(text)},
                            {"minhash", ingest::to_hex(ingest::minhash(text))},
                            {"raw", art.raw}};
        doc.set_data(j.dump());
        db.replace_document(1, doc);
        db.commit();
    }
    {
        index::Writer w(dir);
        CHECK(w.unchanged(art));
        auto changed = art;
        changed.raw += "\n";
        CHECK_FALSE(w.unchanged(changed));
        changed = art;
        changed.author = "Hesti";
        CHECK_FALSE(w.unchanged(changed));
    }
    fs::remove_all(dir);
}

TEST_CASE("the common-term count a build was asked for is recorded and read back") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    CHECK_FALSE(index::recorded_common_count(db).has_value());  // built before it was recorded
    index::record_common_count(db, 0);
    CHECK(index::recorded_common_count(db) == std::optional<std::size_t>(0));
    index::record_common_count(db, 128);
    CHECK(index::recorded_common_count(db) == std::optional<std::size_t>(128));
    for (const char* bad : {"x", "12x", "-1", " 5"}) {
        db.set_metadata(search::kCommonCountKey, bad);
        CHECK_FALSE(index::recorded_common_count(db).has_value());
    }
}

TEST_CASE("an index outgrows the common terms of a small sample, not those of a full one") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    CHECK_FALSE(index::recorded_common_basis(db).has_value());
    db.set_metadata(search::kCommonBasisKey, "5");
    CHECK(index::recorded_common_basis(db) == std::optional<std::size_t>(5));
    CHECK_FALSE(index::common_terms_outgrown(5, 204));  // twice as many, not 200 more
    CHECK(index::common_terms_outgrown(5, 205));
    CHECK_FALSE(index::common_terms_outgrown(600, 1199));  // 200 more, not twice as many
    CHECK(index::common_terms_outgrown(600, 1200));
    CHECK_FALSE(index::common_terms_outgrown(search::kCommonSample, 1000000));  // a full sample
}

TEST_CASE("a writer over shards puts each new article in its shard and metadata in every one") {
    const auto base = fs::temp_directory_path() / "telusur_test_writer_shards";
    fs::remove_all(base);
    fs::create_directories(base);
    const std::vector<std::string> shards{(base / "shard-0").string(), (base / "shard-1").string()};
    for (const auto& s : shards) {
        Xapian::WritableDatabase(s, Xapian::DB_CREATE).close();
    }
    auto shard_with = [&](const std::string& id) {
        int found = -1;
        for (int k = 0; k < 2; ++k) {
            if (Xapian::Database(shards[static_cast<std::size_t>(k)]).term_exists("Q" + id)) {
                CHECK(found == -1);  // in one shard only
                found = k;
            }
        }
        return found;
    };
    analysis::Analyzer a;
    constexpr int kArticles = 210;  // past kMinDictionarySamples: the run trains a dictionary
    {
        index::Writer w(base.string(), nullptr, true, nullptr, index::Writer::Mode::kWrite, shards);
        for (int i = 0; i < kArticles; ++i) {
            CHECK(w.add(numbered(i), a).kind == index::AddResult::kAdded);
        }
        CHECK(w.document_count() == kArticles);
        w.commit();
    }
    int in_shard_1 = 0;
    for (int i = 0; i < kArticles; ++i) {
        const auto id = "n" + std::to_string(i);
        CHECK(shard_with(id) == static_cast<int>(index::shard_of(id, 2)));
        in_shard_1 += shard_with(id);
    }
    CHECK(in_shard_1 > 50);  // both shards hold a part
    CHECK(in_shard_1 < kArticles - 50);
    for (const auto& s : shards) {
        Xapian::Database db(s);
        CHECK_FALSE(db.get_metadata(index::kDictionaryKey).empty());
        CHECK(db.get_metadata(index::kDictionaryKey) ==
              Xapian::Database(shards[0]).get_metadata(index::kDictionaryKey));
        CHECK_FALSE(db.get_metadata(index::kAnalyzerVersionKey).empty());
        CHECK_FALSE(db.get_metadata(index::kUpdatedKey).empty());
    }
    // An id in the other shard than n5's, with n5's text: a duplicate all the same.
    std::string other = "dup";
    for (char c = 'a'; index::shard_of(other, 2) == index::shard_of("n5", 2); ++c) {
        other = std::string("dup") + c;
    }
    auto copy = numbered(5);
    copy.id = other;
    {
        index::Writer w(base.string(), nullptr, true, nullptr, index::Writer::Mode::kWrite, shards);
        auto dup = w.add(copy, a);
        CHECK(dup.kind == index::AddResult::kDuplicate);
        CHECK(dup.duplicate_of == "n5");
        auto changed = numbered(3);
        changed.body += " Tambahan.";
        CHECK(w.add(changed, a).kind == index::AddResult::kReplaced);
        CHECK(w.remove("n7"));
        CHECK(w.add(article("baru", "Baru", "Kunlun P800 diuji"), a).kind ==
              index::AddResult::kAdded);
        w.commit();
    }
    CHECK(shard_with("n3") == static_cast<int>(index::shard_of("n3", 2)));
    CHECK(shard_with("n7") == -1);
    CHECK(shard_with(other) == -1);
    CHECK(shard_with("baru") == static_cast<int>(index::shard_of("baru", 2)));
    Xapian::Database all;
    for (const auto& s : shards) {
        all.add_database(Xapian::Database(s));
    }
    CHECK(all.get_doccount() == kArticles);  // -n7 +baru
    CHECK(index::find(all, "n3")->body.ends_with("Tambahan."));
    {
        // Not committed: neither shard changes.
        index::Writer w(base.string(), nullptr, true, nullptr, index::Writer::Mode::kWrite, shards);
        w.add(article("lain", "Lain", "Huawei Ascend"), a);
        CHECK(w.remove("n8"));
    }
    CHECK(shard_with("lain") == -1);
    CHECK(shard_with("n8") == static_cast<int>(index::shard_of("n8", 2)));
    {
        // A preview reads every shard and writes nothing.
        index::Writer p(base.string(), nullptr, true, nullptr, index::Writer::Mode::kPreview,
                        shards);
        CHECK(p.add(article("lain", "Lain", "Huawei Ascend"), a).kind == index::AddResult::kAdded);
        CHECK(p.add(copy, a).kind == index::AddResult::kDuplicate);
        CHECK(p.remove("n9"));
        CHECK(p.document_count() == kArticles);
    }
    CHECK(shard_with("lain") == -1);
    CHECK(shard_with("n9") >= 0);
    // A missing shard is an index cut short, not created anew.
    fs::remove_all(shards[1]);
    CHECK_THROWS_AS(
        index::Writer(base.string(), nullptr, true, nullptr, index::Writer::Mode::kWrite, shards),
        IndexError);
    CHECK_FALSE(fs::exists(shards[1]));
    fs::remove_all(base);
}
