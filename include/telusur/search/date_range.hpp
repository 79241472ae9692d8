#pragma once
// Date ranges typed by users: `date:2025`, `date:2025-05`, `date:Mei 2025`,
// `date:2025-05-01..2025-06-30`, `--since 2025-05-01`, open ends `2025-05..`.

#include <optional>
#include <string>
#include <string_view>

namespace telusur::search {

/** An inclusive range of days as sortable "YYYYMMDD" strings; an empty end is open. */
struct DateRange {
    std::string from;  ///< "" = no lower bound
    std::string to;    ///< "" = no upper bound
};

/// One date or period: "2025", "2025-05", "2025-05-27", "Mei 2025", "27 Mei 2025", "May 2025".
/// Returns its first and last day, or nullopt when the text is not a date.
[[nodiscard]] auto parse_period(std::string_view text) -> std::optional<DateRange>;

/// A period or a range "A..B" (either side may be empty). nullopt when malformed.
[[nodiscard]] auto parse_date_range(std::string_view text) -> std::optional<DateRange>;

/// True when a word is an Indonesian or English month name or abbreviation ("Mei", "Agt").
[[nodiscard]] auto is_month_name(std::string_view word) -> bool;

}  // namespace telusur::search
