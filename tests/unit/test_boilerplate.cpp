#include <doctest/doctest.h>

#include "telusur/error.hpp"
#include "telusur/ingest/boilerplate.hpp"

using namespace telusur::ingest;

namespace {
auto joined(const std::vector<std::string>& paragraphs) -> std::string {
    std::string out;
    for (const auto& p : paragraphs) {
        out.append(p).append("\n");
    }
    return out;
}
const std::string kPara =
    "Perusahaan teknologi besar terus mengembangkan chip sendiri untuk pusat data mereka.";
}  // namespace

TEST_CASE("single furniture lines, by rule") {
    auto cleaner = Cleaner::standard();
    CHECK(cleaner.rule_count() > 20);
    struct Case {
        const char* line;
        bool furniture;
    };
    const Case cases[] = {
        {"Baca juga: Media Barat Ungkap Chip Buatan AS Dipakai Untuk Drone", true},
        {"Baca Juga:", true},
        {"BACA JUGA : Harga GPU naik", true},
        {"Related Post", true},
        {"Lihat Asli", true},
        {"Isi komentar sepenuhnya adalah tanggung jawab pengguna dan diatur dalam UU ITE.", true},
        {"Halaman ini mungkin berisi konten pihak ketiga, yang disediakan untuk tujuan informasi "
         "saja. Lihat Penafian untuk detailnya.",
         true},
        {"0 comments", true},
        {"Hesti Nuraini 0 comments", true},
        {"12 Komentar", true},
        {"BERITA PANGKEP >> Teknologi >> Mengapa China Semakin Kuat", true},
        {"Home » Tekno » Gadget", true},
        {"Posted On Mei 27, 2025", true},
        {"---|", true},
        {"Advertisement", true},
        {"Copyright © 2025 Contoh Media. All rights reserved.", true},
        // Article text stays.
        {"Baca buku ini sebelum tidur, kata pakar kesehatan.", false},
        {"China Semakin Kuat di Tengah Blokade Teknologi AS", false},
        {"Harga naik > 10 persen tahun ini.", false},
        {"Ia mengirim 3 komentar kepada regulator pekan lalu, termasuk soal tarif.", false},
        {kPara.c_str(), false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        CHECK(cleaner.is_furniture(c.line) == c.furniture);
    }
}

TEST_CASE("line shapes: breadcrumbs, comment counters, markup, headlines") {
    CHECK(breadcrumb("BERITA PANGKEP >> Teknologi >> Judul") ==
          std::vector<std::string>{"BERITA PANGKEP", "Teknologi", "Judul"});
    CHECK(breadcrumb("a >> b").empty());
    for (const auto* line : {"Home \u00bb Tekno \u00bb Gadget", "Home \u203a Tekno \u203a Gadget",
                             "Home > Tekno > Gadget", "Home >> Tekno \u00bb Gadget"}) {
        CAPTURE(line);
        CHECK(breadcrumb(line) == std::vector<std::string>{"Home", "Tekno", "Gadget"});
    }
    CHECK(breadcrumb("a > b >c").empty());  // one separator: ">c" is not one
    CHECK(breadcrumb("Harga naik 5% dibanding tahun lalu").empty());
    CHECK(comment_counter("Hesti Nuraini 0 comments") == "Hesti Nuraini");
    CHECK(comment_counter("0 comments") == "");
    CHECK_FALSE(comment_counter("banyak comments").has_value());
    bool table = false;
    CHECK(strip_markup("![]() |", table).empty());
    CHECK(table);
    CHECK(strip_markup("Judul Berita Lain |", table) == "Judul Berita Lain");
    CHECK(strip_markup("Lihat [tautan](https://x.id) **ini**", table) == "Lihat tautan ini");
    CHECK_FALSE(table);
    CHECK(strip_markup("## Subjudul", table) == "Subjudul");
    CHECK(strip_markup("__tebal__ dan *miring* ![gambar](x.png) akhir*", table) ==
          "tebal dan *miring*  akhir*");
    CHECK(strip_markup("[tanpa tutup dan ! tanda", table) == "[tanpa tutup dan ! tanda");
    CHECK(is_headline_shaped("Raja Ojol Tutup di RI, Mengancam Masa Depan Driver Online"));
    CHECK_FALSE(is_headline_shaped(kPara));
    CHECK_FALSE(is_headline_shaped("Satu"));
}

TEST_CASE("clean: link lists, trailing headline lists, markup, repeats, glued notes") {
    auto cleaner = Cleaner::standard();
    struct Case {
        std::vector<std::string> lines;
        std::vector<std::string> kept;
    };
    const Case cases[] = {
        // A link list under a heading goes, up to the next real paragraph.
        {{kPara, "Related Post", "", "Judul Lain Satu", "Judul Lain SatuJakarta - Teaser…",
          "Judul Lain Dua"},
         {kPara}},
        {{"Baca Juga:", kPara}, {kPara}},
        // A trailing run of headlines (markdown table of other articles) goes.
        {{kPara, "Bunuh Tokoh, Pelaku Dituntut |", "![]() |", "---|", "Gaza Membara Lagi |",
          "![]() |", "---|", "Menko: Pemerintah Perlu Kebijakan |", "![]() |", "---|",
          "Isi komentar sepenuhnya adalah tanggung jawab pengguna dan diatur dalam UU ITE."},
         {kPara}},
        // One subheading between paragraphs stays.
        {{kPara, "Ambisi Chip China", kPara + " Lagi."},
         {kPara, "Ambisi Chip China", kPara + " Lagi."}},
        // Repeated paragraphs are kept once; a repeated short line is not a repeat.
        {{kPara, "Lihat Asli", kPara, "Oke", "Oke"}, {kPara, "Oke", "Oke"}},
        // A note glued without a space to the last sentence goes.
        {{kPara, "Akhir kalimat China.Ini diartikan agar konten lebih baik dan relevan."},
         {kPara, "Akhir kalimat China."}},
        // Domain names are not glued notes.
        {{"Menurut Selular.id pekan ini chip baru dirilis."},
         {"Menurut Selular.id pekan ini chip baru dirilis."}},
    };
    for (const auto& c : cases) {
        CAPTURE(joined(c.lines));
        CHECK(joined(cleaner.clean(c.lines)) == joined(c.kept));
    }
}

TEST_CASE("rules file errors name the line") {
    CHECK_THROWS_WITH_AS(Cleaner("# ok\nline x\nfrobnicate y\n"), doctest::Contains("line 3"),
                         telusur::InputError);
    CHECK(Cleaner("list Artikel Lain").is_furniture("artikel lain:"));
}
