#include "telusur/search/date_range.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

#include "telusur/text.hpp"

namespace telusur::search {

namespace {

struct MonthName {
    const char* name;
    int month;
};
/// Indonesian and English names and the abbreviations news sites use.
constexpr std::array<MonthName, 34> kMonths{{
    {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2}, {"february", 2},
    {"feb", 2},       {"maret", 3},    {"march", 3},     {"mar", 3},      {"april", 4},
    {"apr", 4},       {"mei", 5},      {"may", 5},       {"juni", 6},     {"june", 6},
    {"jun", 6},       {"juli", 7},     {"july", 7},      {"jul", 7},      {"agustus", 8},
    {"august", 8},    {"agu", 8},      {"agt", 8},       {"aug", 8},      {"september", 9},
    {"sep", 9},       {"oktober", 10}, {"october", 10},  {"okt", 10},     {"oct", 10},
    {"november", 11}, {"nov", 11},     {"desember", 12}, {"des", 12},
}};

auto month_of(std::string_view word) -> int {
    auto w = ascii_lower(word);
    if (w == "dec" || w == "december") {
        return 12;
    }
    for (const auto& m : kMonths) {
        if (w == m.name) {
            return m.month;
        }
    }
    return 0;
}

auto number(std::string_view s, int& out) -> bool {
    if (s.empty()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

auto days_in(int year, int month) -> int {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

auto ymd(int y, int m, int d) -> std::string {
    std::array<char, 16> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%04d%02d%02d", y % 10000, m % 100, d % 100);
    return buf.data();
}

auto split(std::string_view s, char sep) -> std::vector<std::string_view> {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (auto at = s.find(sep); at != std::string_view::npos; at = s.find(sep, start)) {
        out.push_back(s.substr(start, at - start));
        start = at + 1;
    }
    out.push_back(s.substr(start));
    return out;
}

auto make(int y, int m, int d) -> std::optional<DateRange> {
    if (y < 1000 || y > 9999 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0)) {
        return std::nullopt;
    }
    if (m == 0) {
        return DateRange{ymd(y, 1, 1), ymd(y, 12, 31)};
    }
    if (d == 0) {
        return DateRange{ymd(y, m, 1), ymd(y, m, days_in(y, m))};
    }
    if (d > days_in(y, m)) {
        return std::nullopt;
    }
    return DateRange{ymd(y, m, d), ymd(y, m, d)};
}

}  // namespace

auto is_month_name(std::string_view word) -> bool {
    return month_of(word) != 0;
}

auto parse_period(std::string_view text) -> std::optional<DateRange> {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    int y = 0;
    int m = 0;
    int d = 0;
    auto words = split(text, ' ');
    std::erase_if(words, [](std::string_view w) { return w.empty(); });
    if (words.size() == 1) {  // 2025, 2025-05, 2025-05-27
        auto parts = split(words[0], '-');
        if (parts.size() > 3 || !number(parts[0], y) || parts[0].size() != 4 ||
            (parts.size() > 1 && !number(parts[1], m)) ||
            (parts.size() > 2 && !number(parts[2], d))) {
            return std::nullopt;
        }
        if ((parts.size() > 1 && m == 0) || (parts.size() > 2 && d == 0)) {
            return std::nullopt;
        }
        return make(y, m, d);
    }
    if (words.size() == 2 && (m = month_of(words[0])) != 0 && number(words[1], y)) {
        return make(y, m, 0);  // Mei 2025
    }
    if (words.size() == 3 && number(words[0], d) && d > 0 && (m = month_of(words[1])) != 0 &&
        number(words[2], y)) {
        return make(y, m, d);  // 27 Mei 2025
    }
    return std::nullopt;
}

auto parse_date_range(std::string_view text) -> std::optional<DateRange> {
    auto dots = text.find("..");
    if (dots == std::string_view::npos) {
        return parse_period(text);
    }
    auto left = text.substr(0, dots);
    auto right = text.substr(dots + 2);
    DateRange range;
    if (!left.empty()) {
        auto p = parse_period(left);
        if (!p) {
            return std::nullopt;
        }
        range.from = p->from;
    }
    if (!right.empty()) {
        auto p = parse_period(right);
        if (!p) {
            return std::nullopt;
        }
        range.to = p->to;
    }
    if (range.from.empty() && range.to.empty()) {
        return std::nullopt;
    }
    if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
        return std::nullopt;
    }
    return range;
}

}  // namespace telusur::search
