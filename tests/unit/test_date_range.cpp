#include <doctest/doctest.h>

#include "telusur/search/date_range.hpp"

using telusur::search::parse_date_range;

TEST_CASE("periods and ranges users type") {
    struct Case {
        const char* text;
        const char* from;
        const char* to;
    };
    const Case cases[] = {
        // Years, months, days.
        {"2025", "20250101", "20251231"},
        {"2025-05", "20250501", "20250531"},
        {"2024-02", "20240201", "20240229"},  // leap year
        {"2025-05-27", "20250527", "20250527"},
        // Month names, Indonesian and English, and abbreviations.
        {"Mei 2025", "20250501", "20250531"},
        {"agustus 2024", "20240801", "20240831"},
        {"Agt 2024", "20240801", "20240831"},
        {"Des 2023", "20231201", "20231231"},
        {"May 2025", "20250501", "20250531"},
        {"27 Mei 2025", "20250527", "20250527"},
        // Ranges, open on either side.
        {"2025-05-01..2025-06-30", "20250501", "20250630"},
        {"2025..2026", "20250101", "20261231"},
        {"2025-05..", "20250501", ""},
        {"..2024", "", "20241231"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto r = parse_date_range(c.text);
        REQUIRE(r.has_value());
        CHECK(r->from == c.from);
        CHECK(r->to == c.to);
    }
}

TEST_CASE("what is not a date is refused, never guessed") {
    for (const char* bad : {"", "kemarin", "2025-13", "2025-02-30", "25", "2025-05-00", "..",
                            "2026..2025", "Mei", "32 Mei 2025", "20250527"}) {
        INFO(bad);
        CHECK_FALSE(parse_date_range(bad).has_value());
    }
}
