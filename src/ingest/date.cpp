#include "telusur/ingest/date.hpp"

#include <array>
#include <cstdio>
#include <utility>
#include <vector>

namespace telusur::ingest {

namespace {

struct Token {
    std::string text;     ///< ASCII-lowercased letters, or digits
    bool number = false;  ///< all digits
    char sep = ' ';       ///< the punctuation before it ('/', '-', '.', ':', ...) or ' '
};

/// Month names and abbreviations, Indonesian and English (ASCII lower case).
constexpr std::pair<const char*, int> kMonths[] = {
    {"januari", 1},  {"january", 1},  {"jan", 1},       {"februari", 2},  {"pebruari", 2},
    {"february", 2}, {"feb", 2},      {"peb", 2},       {"maret", 3},     {"march", 3},
    {"mar", 3},      {"april", 4},    {"apr", 4},       {"mei", 5},       {"may", 5},
    {"juni", 6},     {"june", 6},     {"jun", 6},       {"juli", 7},      {"july", 7},
    {"jul", 7},      {"agustus", 8},  {"august", 8},    {"agu", 8},       {"agt", 8},
    {"ags", 8},      {"aug", 8},      {"september", 9}, {"sep", 9},       {"sept", 9},
    {"oktober", 10}, {"october", 10}, {"okt", 10},      {"oct", 10},      {"november", 11},
    {"nov", 11},     {"nop", 11},     {"desember", 12}, {"december", 12}, {"des", 12},
    {"dec", 12},
};

auto month_of(const std::string& word) -> int {
    for (const auto& [name, month] : kMonths) {
        if (word == name) {
            return month;
        }
    }
    return 0;
}

auto tokenize(std::string_view text) -> std::vector<Token> {
    std::vector<Token> out;
    char sep = ' ';
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        bool digit = c >= '0' && c <= '9';
        bool alpha = (c | 0x20U) >= 'a' && (c | 0x20U) <= 'z';
        if (!digit && !alpha) {
            if (c != ' ' && c != '\t' && sep == ' ') {
                sep = static_cast<char>(c);
            }
            ++i;
            continue;
        }
        Token t;
        t.number = digit;
        t.sep = sep;
        while (i < text.size()) {
            auto d = static_cast<unsigned char>(text[i]);
            bool same = digit ? (d >= '0' && d <= '9')
                              : ((d | 0x20U) >= 'a' && (d | 0x20U) <= 'z') || d == '\'';
            if (!same) {
                break;
            }
            t.text.push_back(static_cast<char>(digit ? d : (d | 0x20U)));
            ++i;
        }
        out.push_back(std::move(t));
        sep = ' ';
    }
    return out;
}

auto valid(int y, int m, int d) -> bool {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[static_cast<std::size_t>(m - 1)] && (m != 2 || d <= 28 || leap);
}

auto iso(int y, int m, int d) -> std::optional<std::string> {
    if (!valid(y, m, d)) {
        return std::nullopt;
    }
    std::array<char, 48> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", y, m, d);
    return std::string(buf.data());
}

auto num(const Token& t) -> int {
    return t.text.size() > 4 ? -1 : std::stoi(t.text);
}
auto year_of(const Token& t) -> int {
    int y = num(t);
    return t.text.size() == 2 ? 2000 + y : (t.text.size() == 4 ? y : -1);
}
auto is_num(const std::vector<Token>& ts, std::size_t i, std::size_t min, std::size_t max) -> bool {
    return i < ts.size() && ts[i].number && ts[i].text.size() >= min && ts[i].text.size() <= max;
}
auto numeric_sep(char c) -> bool {
    return c == '/' || c == '-' || c == '.';
}

/// Tries each date shape at token i.
auto match_at(const std::vector<Token>& ts, std::size_t i) -> std::optional<std::string> {
    // 2025-05-27, 2025/05/27, 2025-05-27T10:00:00+07:00
    if (is_num(ts, i, 4, 4) && is_num(ts, i + 1, 1, 2) && is_num(ts, i + 2, 1, 2) &&
        numeric_sep(ts[i + 1].sep) && ts[i + 2].sep == ts[i + 1].sep) {
        return iso(num(ts[i]), num(ts[i + 1]), num(ts[i + 2]));
    }
    // 20250527
    if (is_num(ts, i, 8, 8)) {
        const auto& s = ts[i].text;
        return iso(std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)), std::stoi(s.substr(6, 2)));
    }
    // 27/5/2025, 27-05-2025, 27.05.2025 (day first, as in Indonesia); 27/5/25
    if (is_num(ts, i, 1, 2) && is_num(ts, i + 1, 1, 2) &&
        (is_num(ts, i + 2, 4, 4) || is_num(ts, i + 2, 2, 2)) && numeric_sep(ts[i + 1].sep) &&
        ts[i + 2].sep == ts[i + 1].sep) {
        return iso(year_of(ts[i + 2]), num(ts[i + 1]), num(ts[i]));
    }
    // 27 Mei 2025, 27 Mei, 2025, 27-Mei-2025
    if (is_num(ts, i, 1, 2) && i + 1 < ts.size() && month_of(ts[i + 1].text) != 0 &&
        is_num(ts, i + 2, 4, 4)) {
        return iso(num(ts[i + 2]), month_of(ts[i + 1].text), num(ts[i]));
    }
    // Mei 27, 2025; May 27 2025
    if (!ts[i].number && month_of(ts[i].text) != 0 && is_num(ts, i + 1, 1, 2) &&
        is_num(ts, i + 2, 4, 4)) {
        return iso(num(ts[i + 2]), month_of(ts[i].text), num(ts[i + 1]));
    }
    return std::nullopt;
}

}  // namespace

auto parse_date(std::string_view text) -> std::optional<std::string> {
    auto ts = tokenize(text);
    for (std::size_t i = 0; i < ts.size(); ++i) {
        if (auto date = match_at(ts, i)) {
            return date;
        }
    }
    return std::nullopt;
}

auto is_date_line(std::string_view line) -> bool {
    if (line.size() > 80 || !parse_date(line)) {
        return false;
    }
    // Only dates, times, day names, zones and stamp words: no sentence around the date.
    static constexpr std::array<const char*, 34> kAllowed{
        "posted",  "on",      "diposting", "pada",     "diterbitkan", "dipublikasikan", "terbit",
        "tanggal", "tgl",     "published", "updated",  "diperbarui",  "senin",          "selasa",
        "rabu",    "kamis",   "jumat",     "jum'at",   "sabtu",       "minggu",         "ahad",
        "monday",  "tuesday", "wednesday", "thursday", "friday",      "saturday",       "sunday",
        "wib",     "wita",    "wit",       "gmt",      "utc",         "pukul"};
    for (const auto& t : tokenize(line)) {
        if (t.number || month_of(t.text) != 0 || t.text == "t" || t.text == "z") {
            continue;
        }
        bool ok = false;
        for (const auto* word : kAllowed) {
            ok = ok || t.text == word;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace telusur::ingest
