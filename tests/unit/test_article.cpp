#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "telusur/error.hpp"
#include "telusur/ingest/article.hpp"

using telusur::ingest::Article;
namespace fs = std::filesystem;

TEST_CASE("title is the first line that is not a date stamp") {
    struct Case {
        const char* text;
        const char* title;
        const char* body_start;
    };
    const Case cases[] = {
        // A headline line is taken and removed from the body.
        {"Judul Berita\nIsi berita.", "Judul Berita", "Isi berita."},
        // Leading blank lines and date stamps are skipped.
        {"\n\nPosted On Mei 27, 2025\nMengapa China Kuat\nIsi.", "Mengapa China Kuat", "Isi."},
        {"27/5/2025\nJudul\nIsi.", "Judul", "Isi."},
        // No text at all: no title, empty body.
        {"", "", ""},
    };
    for (const auto& c : cases) {
        Article a;
        telusur::ingest::split_title(c.text, a);
        CHECK(a.title == c.title);
        CHECK(a.body.rfind(c.body_start, 0) == 0);
    }
}

TEST_CASE("a long first paragraph gives a shortened title and stays in the body") {
    std::string para(60, 'x');
    para = para + " " + para + " " + para + " " + para + " akhir";
    Article a;
    telusur::ingest::split_title(para + "\nkedua", a);
    CHECK(a.title.size() < para.size());
    CHECK(a.title.ends_with("…"));
    CHECK(a.body.rfind(para, 0) == 0);
}

TEST_CASE("collect_files walks directories for .txt files in sorted order and reports bad paths") {
    auto dir = fs::temp_directory_path() / "telusur_test_collect";
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "b.txt") << "b";
    std::ofstream(dir / "sub" / "a.txt") << "a";
    std::ofstream(dir / "skip.bin") << "x";
    auto list = telusur::ingest::collect_files({dir.string(), (dir / "missing.txt").string()});
    REQUIRE(list.files.size() == 2);
    CHECK(list.files[0].filename() == "b.txt");
    CHECK(list.files[1].filename() == "a.txt");
    REQUIRE(list.skipped.size() == 1);
    CHECK(list.skipped[0].reason == "no such file or directory");
    fs::remove_all(dir);
}

TEST_CASE("read_text_article sets id from the file name and rejects empty files") {
    auto dir = fs::temp_directory_path() / "telusur_test_read";
    fs::create_directories(dir);
    std::ofstream(dir / "004_abc.txt") << "Judul\nIsi artikel.";
    std::ofstream(dir / "kosong.txt") << "  \n";
    auto a = telusur::ingest::read_text_article(dir / "004_abc.txt");
    CHECK(a.id == "004_abc");
    CHECK(a.title == "Judul");
    CHECK(a.body == "Isi artikel.");
    CHECK_THROWS_AS((void)telusur::ingest::read_text_article(dir / "kosong.txt"),
                    telusur::InputError);
    CHECK_THROWS_WITH_AS((void)telusur::ingest::read_text_article(dir / "tidak-ada.txt"),
                         doctest::Contains("tidak-ada.txt"), telusur::InputError);
    fs::remove_all(dir);
}
