#include <doctest/doctest.h>

#include "telusur/ingest/date.hpp"

using telusur::ingest::is_date_line;
using telusur::ingest::parse_date;

TEST_CASE("Indonesian and international date forms normalise to YYYY-MM-DD") {
    struct Case {
        const char* text;
        const char* iso;
    };
    const Case cases[] = {
        {"Posted On Mei 27, 2025", "2025-05-27"},
        {"27 Mei 2025", "2025-05-27"},
        {"Selasa (27/5/2025)", "2025-05-27"},
        {"Senin, 12 Feb 2024 14:30 WIB", "2024-02-12"},
        {"17 Agt 2024", "2024-08-17"},
        {"17 Agustus 2024", "2024-08-17"},
        {"1 Des 2023", "2023-12-01"},
        {"31 Desember 2023, 23:59 WITA", "2023-12-31"},
        {"2025-05-27", "2025-05-27"},
        {"2025-05-27T10:00:00+07:00", "2025-05-27"},
        {"2025/05/27", "2025-05-27"},
        {"May 27, 2025", "2025-05-27"},
        {"Tuesday, 27 May 2025", "2025-05-27"},
        {"August 17, 2024", "2024-08-17"},
        {"27-05-2025", "2025-05-27"},
        {"27.05.2025 08:15", "2025-05-27"},
        {"Jumat, 3/1/2025 | 08:00 WIB", "2025-01-03"},
        {"Jum'at, 10 Januari 2025", "2025-01-10"},
        {"Kamis, 29 Februari 2024", "2024-02-29"},
        {"Diperbarui 5 Okt 2022", "2022-10-05"},
        {"Minggu, 6 Nop 2022", "2022-11-06"},
        {"Rabu, 09 Maret 2022 - 07:00 WIB", "2022-03-09"},
        {"20250527", "2025-05-27"},
        {"27/5/25", "2025-05-27"},
        {"Sabtu, 14 Sept 2024", "2024-09-14"},
        {"diposting pada 2 Juni 2021", "2021-06-02"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto got = parse_date(c.text);
        REQUIRE(got.has_value());
        CHECK(*got == c.iso);
    }
}

TEST_CASE("no date is an answer, never a guess") {
    for (const char* text :
         {"", "Mei 2025", "tahun 2025", "30 Februari 2023", "29 Feb 2023", "32/1/2025",
          "13/13/2025", "Chip Kunlun P800 dan H200", "Senin", "1 Maret"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_date(text).has_value());
    }
}

TEST_CASE("date lines are only date stamps, not sentences with a date") {
    CHECK(is_date_line("Posted On Mei 27, 2025"));
    CHECK(is_date_line("Selasa (27/5/2025)"));
    CHECK(is_date_line("Senin, 12 Feb 2024 14:30 WIB"));
    CHECK_FALSE(
        is_date_line("kata Lau, dikutip dari PANGKEP NEWS International, Selasa (27/5/2025)."));
    CHECK_FALSE(is_date_line("Mengapa China Semakin Kuat"));
}
