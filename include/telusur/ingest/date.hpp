#pragma once
// Publication dates as Indonesian news sites write them, normalised to ISO 8601.

#include <optional>
#include <string>
#include <string_view>

namespace telusur::ingest {

/**
 * Reads the first complete date in text and returns it as `YYYY-MM-DD`, or nullopt when there
 * is none: never a guess. Understands Indonesian and English month names and abbreviations
 * (`Mei`, `Agt`, `Des`, `May`), day names, `27 Mei 2025`, `Mei 27, 2025`, `Selasa (27/5/2025)`
 * (day first), `Senin, 12 Feb 2024 14:30 WIB`, ISO dates and timestamps.
 */
[[nodiscard]] auto parse_date(std::string_view text) -> std::optional<std::string>;

/**
 * True when a line is only a date stamp (`Posted On Mei 27, 2025`, `Selasa, 27/5/2025 10:00 WIB`)
 * rather than a sentence that mentions a date.
 */
[[nodiscard]] auto is_date_line(std::string_view line) -> bool;

}  // namespace telusur::ingest
