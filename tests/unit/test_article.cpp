#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "telusur/error.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"

using namespace telusur::ingest;
namespace fs = std::filesystem;

namespace {
const std::string kSource = TELUSUR_SOURCE_DIR;

auto bundled(const std::string& prefix) -> Article {
    for (const auto& f : collect_files({kSource + "/data/articles"}).files) {
        if (fs::path(f).filename().string().starts_with(prefix)) {
            auto batch = read_file(f, Cleaner::standard(), {});
            REQUIRE(batch.articles.size() == 1);
            return batch.articles.front();
        }
    }
    FAIL("no bundled article " << prefix);
    return {};
}

auto count(const std::string& text, const std::string& what) -> std::size_t {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

auto fixture(const std::string& name) -> Batch {
    return read_file(kSource + "/tests/fixtures/ingest/" + name, Cleaner::standard(), {});
}
}  // namespace

TEST_CASE("bundled articles keep their paragraphs and lose their furniture") {
    struct Case {
        const char* id;
        const char* title;
        std::vector<const char*> kept;
        std::vector<const char*> gone;
    };
    const Case cases[] = {
        {"000",
         "Mengapa China Semakin Kuat Setelah Diblokir Secara Total oleh Trump",
         {"China Semakin Kuat di Tengah Blokade Teknologi AS", "Martin Lau, presiden Tencent",
          "lebih merugikan bisnis AS daripada China."},
         {"Related Post", "BRIN Ungkap", "Raja Ojol", "Transmart", "0 comments", ">>",
          "Posted On"}},
        {"001",
         "China terus menjunjung inovasi",
         {"Tencent, perusahaan terkenal dengan aplikasi WeChat",
          "yang lebih merugikan bisnis AS daripada China."},
         {"Ini diartikan agar konten", "standar SEO"}},
        {"002",
         "Persaingan Amerika dan Tiongkok di Teknologi AI Makin Meruncing",
         {"Ekspor Impor Perangkat Keras", "sistem lisensi global dengan persyaratan pelaporan."},
         {"Baca juga", "Iskander", "Charlie Kirk", "Gaza", "Airlangga", "![]()", "---|",
          "Isi komentar"}},
        {"003",
         "Selular.id – Alibaba",
         {"Huawei geser strategi desain chip", "tidak bergantung sepenuhnya pada teknologi AS."},
         {"Baca Juga"}},
        {"004",
         "Alibaba dan Baidu dari China dump Nvidia untuk chip yang dirancang secara internal",
         {"Baidu menguji chip Kunlun P800", "dianggap sebagai kunci kekuatan nasional."},
         {"Lihat Asli", "pihak ketiga", "Penafian"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.id);
        auto a = bundled(c.id);
        CHECK(a.title.starts_with(c.title));
        for (const auto* s : c.kept) {
            CAPTURE(s);
            CHECK(a.body.find(s) != std::string::npos);
        }
        for (const auto* s : c.gone) {
            CAPTURE(s);
            CHECK(a.body.find(s) == std::string::npos);
        }
        CHECK_FALSE(a.raw.empty());
    }
}

TEST_CASE("bundled metadata: one date, sources and a byline, never guesses") {
    auto a = bundled("000");
    CHECK(a.date == "2025-05-27");
    CHECK(a.source == "BERITA PANGKEP");
    CHECK(a.author == "Hesti Nuraini");
    CHECK(bundled("003").source == "Selular.id");
    for (const char* id : {"001", "002", "003", "004"}) {
        CAPTURE(id);
        CHECK_FALSE(bundled(id).date.has_value());
        CHECK_FALSE(bundled(id).author.has_value());
    }
}

TEST_CASE("the article that repeats itself counts its text once") {
    auto a = bundled("004");
    CHECK(count(a.raw, "Baidu menguji chip Kunlun P800") == 2);
    CHECK(count(a.body, "Baidu menguji chip Kunlun P800") == 1);
    CHECK(count(a.body, "kunci kekuatan nasional") == 1);
}

TEST_CASE("compare_paths orders path strings as std::filesystem::path does") {
    // Components chosen around '/': '-' and '.' sort before it as bytes, 'b' after it.
    const std::vector<std::string> parts = {"a", "a-b", "a.b", "ab", "b", "", "/", "//", "."};
    std::mt19937 rng(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    std::vector<std::string> paths = {"", "/", "a", "a/", "/a", "a//b", "a/b", "a/b/", "a-b/c"};
    for (int i = 0; i < 400; ++i) {
        std::string p;
        for (auto n = rng() % 5; n > 0; --n) {
            p += parts[rng() % parts.size()];
        }
        paths.push_back(p);
    }
    std::size_t compared = 0;
    for (const auto& x : paths) {
        for (const auto& y : paths) {
            const int want = fs::path(x).compare(fs::path(y));
            const int got = compare_paths(x, y);
            CAPTURE(x);
            CAPTURE(y);
            REQUIRE((want < 0 ? -1 : want > 0 ? 1 : 0) == got);
            ++compared;
        }
    }
    CHECK(compared == paths.size() * paths.size());
    // The order that matters: a file in a directory "a" before one in "a-b".
    CHECK(compare_paths("txt/a/1.txt", "txt/a-b/1.txt") < 0);
    CHECK(std::string("txt/a/1.txt") > std::string("txt/a-b/1.txt"));  // plain string order
}

TEST_CASE("collect_files walks directories for supported files, sorted, filtered by --include") {
    auto dir = fs::temp_directory_path() / "telusur_test_collect";
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "b.txt") << "b";
    std::ofstream(dir / "c.html") << "c";
    std::ofstream(dir / "sub" / "a.txt") << "a";
    std::ofstream(dir / "skip.bin") << "x";
    auto list = collect_files({dir.string(), (dir / "missing.txt").string()});
    REQUIRE(list.files.size() == 3);
    CHECK(fs::path(list.files[0]).filename() == "b.txt");
    CHECK(fs::path(list.files[1]).filename() == "c.html");
    CHECK(fs::path(list.files[2]).filename() == "a.txt");
    REQUIRE(list.skipped.size() == 1);
    CHECK(list.skipped[0].kind == SkipKind::kMissing);
    CHECK(collect_files({dir.string()}, {"*.html"}).files.size() == 1);
    CHECK(collect_files({dir.string()}, {"a*", "c*"}).files.size() == 2);
    fs::remove_all(dir);
}

TEST_CASE("collect_files follows links to directories, walks each directory once, names loops") {
    auto dir = fs::temp_directory_path() / "telusur_test_collect_links";
    fs::remove_all(dir);
    fs::create_directories(dir / "real" / "sub");
    fs::create_directories(dir / "corpus");
    std::ofstream(dir / "real" / "a.txt") << "a";
    std::ofstream(dir / "real" / "sub" / "b.txt") << "b";
    fs::create_directory_symlink(dir / "real", dir / "corpus" / "2026");        // a way in
    fs::create_directory_symlink(dir / "real" / "sub", dir / "corpus" / "x");   // a second one
    fs::create_directory_symlink(dir / "corpus", dir / "real" / "sub" / "up");  // a loop
    fs::create_symlink(dir / "nowhere.txt", dir / "corpus" / "broken.txt");
    auto list = collect_files({(dir / "corpus").string()});
    const auto c = (dir / "corpus").string();
    CHECK(list.files == std::vector<std::string>{c + "/2026/a.txt", c + "/x/b.txt"});
    CHECK(list.skipped.empty());
    REQUIRE(list.warnings.size() == 3);
    CHECK(list.warnings[0] == c + "/broken.txt: broken symbolic link; not read");
    CHECK(list.warnings[1] ==
          c + "/2026/sub: the directory walked as " + c + "/x; not walked again");
    CHECK(list.warnings[2] == c + "/x/up: the directory walked as " + c +
                                  " (a loop or a second link to it); not walked again");
    // The same again: the walk does not depend on the order the directory lists its entries.
    CHECK(collect_files({(dir / "corpus").string()}).files == list.files);
    // A directory given twice, or under two names, is listed once and without a warning.
    auto twice = collect_files({(dir / "real").string(), (dir / "corpus" / "2026").string()});
    const auto r = (dir / "real").string();
    CHECK(twice.files == std::vector<std::string>{r + "/a.txt", r + "/sub/b.txt"});
    for (const auto& w : twice.warnings) {
        CHECK(w.rfind(c + "/2026:", 0) != 0);
    }
    fs::remove_all(dir);
}

TEST_CASE("every format reads into articles with metadata") {
    auto md = fixture("good/catatan.md");
    REQUIRE(md.articles.size() == 1);
    CHECK(md.articles[0].title == "Huawei Siapkan Chip Ascend Generasi Baru");
    CHECK(md.articles[0].date == "2025-08-12");
    CHECK(md.articles[0].author == "Rina Marlina");
    CHECK(md.articles[0].body.find("Harga GPU") == std::string::npos);
    CHECK(md.articles[0].body.find("produk Nvidia.") != std::string::npos);

    auto html = fixture("good/halaman.html");
    REQUIRE(html.articles.size() == 1);
    const auto& h = html.articles[0];
    CHECK(h.title == "Xiaomi Luncurkan Kacamata Pintar Berbasis AI");
    CHECK(h.date == "2025-06-26");
    CHECK(h.source == "Warta Contoh");
    CHECK(h.author == "Budi Santoso");
    CHECK(h.url == "https://warta.contoh.id/xiaomi-kacamata");
    CHECK(h.body.find("asisten kecerdasan buatan di Beijing.") != std::string::npos);
    for (const char* gone :
         {"skriptersembunyi", "Navigasisitus", "Sampingan", "Kakisitus", "Ponsel", "color"}) {
        CAPTURE(gone);
        CHECK(h.body.find(gone) == std::string::npos);
    }

    auto jsonl = fixture("good/kiriman.jsonl");
    REQUIRE(jsonl.articles.size() == 2);
    CHECK(jsonl.articles[0].id == "jl-1");
    CHECK(jsonl.articles[0].date == "2024-02-12");
    CHECK(jsonl.articles[0].source == "Kabar Contoh");
    CHECK(jsonl.articles[0].url == "https://kabar.contoh.id/1");
    CHECK(jsonl.articles[1].id.starts_with("doc-"));
    CHECK(jsonl.articles[1].id == fixture("good/kiriman.jsonl").articles[1].id);  // stable
    REQUIRE(jsonl.skipped.size() == 2);
    CHECK(jsonl.skipped[0].path.ends_with("kiriman.jsonl:2"));
    CHECK(jsonl.skipped[0].kind == SkipKind::kMalformed);
    CHECK(jsonl.skipped[1].kind == SkipKind::kNoBody);
    REQUIRE(jsonl.warnings.size() == 1);
    CHECK(jsonl.warnings[0].find("kiriman.jsonl:3: no 'id'") != std::string::npos);

    CHECK(fixture("good/tunggal.json").articles.at(0).date == "2024-12-03");
    auto array = fixture("good/larik.json");
    REQUIRE(array.articles.size() == 2);
    CHECK(array.articles[1].date == "2025-05-27");
}

TEST_CASE("bad input is skipped with a kind and a reason, or repaired with a warning") {
    CHECK(fixture("bad/kosong.txt").skipped.at(0).kind == SkipKind::kEmpty);
    CHECK(fixture("bad/spasi.txt").skipped.at(0).kind == SkipKind::kEmpty);
    CHECK(fixture("bad/biner.txt").skipped.at(0).reason == "binary file (NUL bytes)");
    CHECK(fixture("bad/kontrol.txt").skipped.at(0).kind == SkipKind::kBinary);
    auto big = read_file(kSource + "/tests/fixtures/ingest/bad/besar.txt", Cleaner::standard(),
                         ReadOptions{100, {}});
    CHECK(big.skipped.at(0).kind == SkipKind::kTooLarge);
    auto latin = fixture("bad/latin1.txt");
    REQUIRE(latin.articles.size() == 1);
    CHECK(latin.articles[0].body.find("caf\xEF\xBF\xBD yang") != std::string::npos);
    CHECK(latin.warnings.at(0).find("invalid UTF-8 repaired") != std::string::npos);
    CHECK_THROWS_WITH_AS((void)read_text_article("tidak-ada.txt"),
                         doctest::Contains("tidak-ada.txt"), telusur::InputError);
}

namespace {
auto record(int n) -> std::string {
    return R"({"id":"r)" + std::to_string(n) + R"(","body":"Kabar nomor )" + std::to_string(n) +
           R"( tentang chip."})";
}
}  // namespace

TEST_CASE("a JSONL reader hands out a chunk of articles at a time and goes on counting lines") {
    std::string text;
    for (int n = 1; n <= 10; ++n) {
        text += record(n) + (n == 4 ? "\r\n\n" : "\n");  // a CRLF line, then a blank one
    }
    std::istringstream in(text);
    const auto cleaner = Cleaner::standard();
    JsonlReader reader(in, "feed.jsonl", cleaner, {});
    std::vector<std::size_t> sizes;
    std::vector<std::string> paths;
    bool more = true;
    while (more) {
        Batch batch;
        more = reader.read(batch, 3);
        sizes.push_back(batch.articles.size());
        for (const auto& a : batch.articles) {
            paths.push_back(a.path);
        }
        CHECK(batch.skipped.empty());
    }
    CHECK(sizes == std::vector<std::size_t>{3, 3, 3, 1});
    REQUIRE(paths.size() == 10);
    CHECK(paths[3] == "feed.jsonl:4");
    CHECK(paths[4] == "feed.jsonl:6");  // line 5 is blank
    CHECK(paths[9] == "feed.jsonl:11");
    CHECK(reader.lines() == 10);
    CHECK(reader.last_line() == 11);
    // Started past lines read before: numbering goes on from there.
    std::istringstream rest(record(11) + "\n");
    JsonlReader later(rest, "feed.jsonl", cleaner, {}, 12);
    Batch batch;
    CHECK_FALSE(later.read(batch, 5));
    REQUIRE(batch.articles.size() == 1);
    CHECK(batch.articles[0].path == "feed.jsonl:12");
}

TEST_CASE("a JSONL reader keeps lines across its blocks whole and skips one over the limit") {
    // Lines of 100 KB cross the reader's 64 KiB blocks; the limit applies to each line.
    const std::string long_body(100000, 'a');
    const std::string big = R"({"id":"besar","body":")" + long_body + " chip\"}";
    const std::string huge = R"({"id":"raksasa","body":")" + std::string(300000, 'b') + "\"}";
    // A line of exactly the limit is read; one byte more is not.
    const std::string open = R"({"id":"tepat","body":")";
    const std::string exact = open + std::string(200000 - open.size() - 2, 'c') + "\"}";
    REQUIRE(exact.size() == 200000);
    const std::string over = open + std::string(200000 - open.size() - 1, 'c') + "\"}";
    std::istringstream in(record(1) + "\n" + big + "\n" + huge + "\n" + exact + "\n" + over + "\n" +
                          record(6));  // no final \n
    ReadOptions options;
    options.max_bytes = 200000;
    auto batch = read_jsonl(in, "f.jsonl", Cleaner::standard(), options);
    REQUIRE(batch.articles.size() == 4);
    CHECK(batch.articles[1].id == "besar");
    CHECK(batch.articles[1].body.size() == long_body.size() + 5);
    CHECK(batch.articles[2].id == "tepat");
    CHECK(batch.articles[3].id == "r6");
    CHECK(batch.articles[3].path == "f.jsonl:6");
    REQUIRE(batch.skipped.size() == 2);
    CHECK(batch.skipped[0].path == "f.jsonl:3");
    CHECK(batch.skipped[0].kind == SkipKind::kTooLarge);
    CHECK(batch.skipped[1].path == "f.jsonl:5");
}

TEST_CASE("a JSONL reader skips a binary input whole, a binary line alone, and one empty input") {
    std::istringstream binary("\x89PNG" + std::string(1000, '\x01') + "\n" + record(1) + "\n");
    auto b = read_jsonl(binary, "gambar.jsonl", Cleaner::standard(), {});
    CHECK(b.articles.empty());
    REQUIRE(b.skipped.size() == 1);
    CHECK(b.skipped[0].path == "gambar.jsonl");
    CHECK(b.skipped[0].kind == SkipKind::kBinary);
    CHECK(b.skipped[0].reason == "binary file (mostly non-text bytes)");
    // A NUL byte on a line after the first 64 KiB: that line only.
    std::string text;
    for (int n = 1; text.size() < 70000; ++n) {
        text += record(n) + "\n";
    }
    text += std::string(R"({"id":"nul","body":"a)") + '\0' + R"(b"})" + "\n" + record(9999) + "\n";
    std::istringstream in(text);
    auto batch = read_jsonl(in, "f.jsonl", Cleaner::standard(), {});
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].kind == SkipKind::kBinary);
    CHECK(batch.articles.back().id == "r9999");
    std::istringstream blank("\n  \n\n");
    auto empty = read_jsonl(blank, "kosong.jsonl", Cleaner::standard(), {});
    REQUIRE(empty.skipped.size() == 1);
    CHECK(empty.skipped[0].kind == SkipKind::kEmpty);
    std::istringstream none;
    const auto cleaner = Cleaner::standard();
    JsonlReader later(none, "f.jsonl", cleaner, {}, 50);  // nothing appended
    Batch nothing;
    CHECK_FALSE(later.read(nothing, 10));
    CHECK(nothing.skipped.empty());
}

TEST_CASE("invalid UTF-8 in JSONL is repaired line by line and reported once") {
    std::istringstream in(R"({"id":"a","body":"caf)" + std::string("\xE9") + R"( satu"})" + "\n" +
                          record(2) + "\n" + R"({"id":"c","body":"x)" + std::string("\xFF\xFE") +
                          R"(y"})" + "\n");
    auto batch = read_jsonl(in, "f.jsonl", Cleaner::standard(), {});
    REQUIRE(batch.articles.size() == 3);
    CHECK(batch.articles[0].body.find("caf\xEF\xBF\xBD satu") != std::string::npos);
    REQUIRE(batch.warnings.size() == 1);
    CHECK(batch.warnings[0] ==
          "f.jsonl: invalid UTF-8 repaired (3 sequences replaced by U+FFFD; 2 lines, the first "
          "line 1)");
}

TEST_CASE("a JSONL file is held to --max-bytes line by line, not as a whole") {
    auto path = (fs::temp_directory_path() / "telusur_test_feed.jsonl").string();
    {
        std::ofstream out(path, std::ios::binary);
        for (int n = 1; n <= 50; ++n) {
            out << record(n) << "\n";
        }
    }
    REQUIRE(fs::file_size(path) > 2000);
    auto batch = read_file(path, Cleaner::standard(), ReadOptions{100, {}});
    CHECK(batch.articles.size() == 50);
    CHECK(batch.skipped.empty());
    CHECK(is_jsonl(path));
    CHECK(is_jsonl("FEED.JSONL"));
    CHECK_FALSE(is_jsonl("feed.json"));
    fs::remove(path);
}

TEST_CASE("an id too long for a Xapian term is shortened, the same way every time") {
    CHECK(article_id("004_e9b3913e3daf1767") == "004_e9b3913e3daf1767");
    const std::string at_limit(kMaxIdBytes, 'a');
    CHECK(article_id(at_limit) == at_limit);
    const std::string long_id(246, 'a');
    const auto short_id = article_id(long_id);
    CHECK(short_id.size() <= kMaxIdBytes);
    CHECK(short_id.starts_with(std::string(150, 'a')));
    CHECK(short_id.find('~') == kMaxIdBytes - 17);
    CHECK(article_id(long_id) == short_id);
    CHECK(article_id(long_id + "b") != short_id);  // same first 183 bytes, another hash
    // Cut at a character boundary: 150 two-byte letters are not split.
    std::string accented;
    for (int i = 0; i < 150; ++i) {
        accented += "\xC3\xA9";
    }
    const auto cut = article_id(accented);
    CHECK(cut.size() <= kMaxIdBytes);
    const auto head = cut.substr(0, cut.find('~'));
    CHECK(head.size() % 2 == 0);
    CHECK(accented.starts_with(head));
    // Read from a file with a 246-byte name, and from a JSON id: shortened, with a warning.
    auto dir = fs::temp_directory_path() / "telusur_test_long_id";
    fs::create_directories(dir);
    auto file = dir / (long_id + ".txt");
    {
        std::ofstream out(file);
        out << "Judul berita\n\nIsi berita tentang chip H20.\n";
    }
    const auto cleaner = Cleaner::standard();
    auto batch = read_file(file, cleaner, {});
    REQUIRE(batch.articles.size() == 1);
    CHECK(batch.articles[0].id == short_id);
    REQUIRE(batch.warnings.size() == 1);
    CHECK(batch.warnings[0] ==
          file.string() + ": id longer than 200 bytes; using '" + short_id + "'");
    std::istringstream in(R"({"id":")" + long_id + R"(","body":"Isi berita."})" + "\n");
    auto json = read_jsonl(in, "f.jsonl", cleaner, {});
    REQUIRE(json.articles.size() == 1);
    CHECK(json.articles[0].id == short_id);
    CHECK(json.warnings.at(0).starts_with("f.jsonl:1: id longer than 200 bytes"));
    fs::remove_all(dir);
}

TEST_CASE("JSONL from a stream: other lines survive a malformed one") {
    std::istringstream in(
        "{\"id\":\"a\",\"body\":\"satu dua tiga\"}\n{oops\n\n"
        "{\"id\":\"b\",\"body\":\"empat lima\",\"date\":\"kemarin\"}\n");
    auto batch = read_jsonl(in, "<stdin>", Cleaner::standard(), {});
    REQUIRE(batch.articles.size() == 2);
    CHECK(batch.articles[1].id == "b");
    CHECK_FALSE(batch.articles[1].date.has_value());
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].path == "<stdin>:2");
    CHECK(batch.skipped[0].reason == "malformed line: not valid JSON");
    CHECK(batch.warnings.at(0).find("unrecognised date 'kemarin'") != std::string::npos);
}

TEST_CASE("JSONL: half a last line is said to be one, a whole one without its newline is read") {
    std::istringstream cut("{\"id\":\"a\",\"body\":\"satu dua tiga\"}\n{\"id\":\"b\",\"bo");
    auto batch = read_jsonl(cut, "feed.jsonl", Cleaner::standard(), {});
    REQUIRE(batch.articles.size() == 1);
    REQUIRE(batch.skipped.size() == 1);
    CHECK(batch.skipped[0].path == "feed.jsonl:2");
    CHECK(batch.skipped[0].reason ==
          "malformed line: not valid JSON (the last line, without its newline: cut short or still "
          "being written)");
    std::istringstream whole(
        "{\"id\":\"a\",\"body\":\"satu dua tiga\"}\n"
        "{\"id\":\"b\",\"body\":\"empat lima\"}");
    batch = read_jsonl(whole, "feed.jsonl", Cleaner::standard(), {});
    REQUIRE(batch.articles.size() == 2);
    CHECK(batch.articles[1].path == "feed.jsonl:2");
    CHECK(batch.skipped.empty());
}

TEST_CASE("JsonlReader: limit() stops at a byte count, last_unterminated() names the last line") {
    const std::string a = "{\"id\":\"a\",\"body\":\"satu dua tiga\"}\n";
    const std::string b = "{\"id\":\"b\",\"body\":\"empat lima\"}";
    std::istringstream in(a + b + "\n{\"id\":\"c\",\"body\":\"ditulis kemudian\"}\n");
    // As hashed: a and b, b without its newline yet; c came after.
    const auto cleaner = Cleaner::standard();
    JsonlReader reader(in, "feed.jsonl", cleaner, {});
    reader.limit(a.size() + b.size());
    Batch batch;
    CHECK(reader.read(batch, 1));
    REQUIRE(batch.articles.size() == 1);
    CHECK_FALSE(reader.last_unterminated());
    CHECK(reader.read(batch, 1));
    REQUIRE(batch.articles.size() == 2);
    CHECK(batch.articles[1].id == "b");
    CHECK(reader.last_unterminated());
    CHECK_FALSE(reader.read(batch, 1));
    CHECK(batch.articles.size() == 2);  // c is not read
    CHECK_FALSE(reader.last_unterminated());
    // Without a limit, the same input: b ends with its newline.
    std::istringstream all(a + b + "\n");
    JsonlReader unlimited(all, "feed.jsonl", cleaner, {});
    Batch rest;
    CHECK(unlimited.read(rest, 2));
    CHECK(rest.articles.size() == 2);
    CHECK_FALSE(unlimited.last_unterminated());
}
