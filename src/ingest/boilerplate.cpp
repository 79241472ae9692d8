#include "telusur/ingest/boilerplate.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/ingest/date.hpp"
#include "telusur/ingest/input.hpp"
#include "telusur/text.hpp"

namespace telusur::ingest {

namespace {

constexpr std::size_t kMaxFurnitureLine = 300;  ///< longer lines are article text
constexpr std::size_t kMinRepeatedParagraph = 40;
constexpr std::size_t kMinTrailingList = 3;

/// Lower case, trimmed, without a trailing colon: the form phrase rules match.
auto key(std::string_view line) -> std::string {
    auto t = trim(line);
    while (!t.empty() && (t.back() == ':' || t.back() == ' ')) {
        t.remove_suffix(1);
    }
    return ascii_lower(t);
}

auto has_alnum(std::string_view s) -> bool {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u >= '0' && u <= '9') || ((u | 0x20U) >= 'a' && (u | 0x20U) <= 'z') || u >= 0x80;
    });
}

auto ends_with_any(std::string_view s, std::initializer_list<std::string_view> ends) -> bool {
    return std::any_of(ends.begin(), ends.end(), [&](auto e) { return s.ends_with(e); });
}

auto is_teaser(std::string_view line) -> bool {
    return line.size() < kMaxFurnitureLine && ends_with_any(line, {"…", "...", "[…]", "[...]"});
}

/// Cuts a note glued without a space to the last sentence ("... daripada China.Ini diartikan
/// agar konten ..."): a rewriter's or scraper's residue, not the article.
void cut_glued_tail(std::string& para) {
    for (auto i = para.size(); i-- > 1;) {
        auto prev = para[i - 1];
        auto next = i + 1 < para.size() ? para[i + 1] : ' ';
        if (para[i] == '.' && prev >= 'a' && prev <= 'z' && next >= 'A' && next <= 'Z') {
            auto tail = std::string_view(para).substr(i + 1);
            bool one_sentence = tail.find(". ") == std::string_view::npos;
            if (one_sentence && tail.size() <= kMaxFurnitureLine &&
                std::count(tail.begin(), tail.end(), ' ') >= 3) {
                para.resize(i + 1);
            }
            return;
        }
    }
}

}  // namespace

Cleaner::Cleaner(std::string_view rules) {
    std::size_t number = 0;
    for (const auto& raw : split_lines(rules)) {
        ++number;
        auto line = trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto space = line.find_first_of(" \t");
        auto kind = line.substr(0, space);
        auto phrase = space == std::string_view::npos ? "" : key(line.substr(space));
        auto* list = kind == "line"       ? &m_lines
                     : kind == "prefix"   ? &m_prefixes
                     : kind == "contains" ? &m_contains
                     : kind == "list"     ? &m_lists
                                          : nullptr;
        if (list == nullptr || phrase.empty()) {
            throw InputError(std::string("boilerplate rules line ")
                                 .append(std::to_string(number))
                                 .append(": expected 'line|prefix|contains|list PHRASE'"));
        }
        list->push_back(phrase);
    }
}

auto Cleaner::load(const std::filesystem::path& path) -> Cleaner {
    std::ifstream in(path);
    if (!in) {
        throw InputError(std::string("cannot read boilerplate rules ").append(path.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return Cleaner(text.str());
}

auto Cleaner::standard() -> Cleaner {
    return load(data_path("boilerplate-id.txt"));
}

auto Cleaner::rule_count() const -> std::size_t {
    return m_lines.size() + m_prefixes.size() + m_contains.size() + m_lists.size();
}

auto Cleaner::is_list_heading(std::string_view line) const -> bool {
    auto k = key(line);
    return std::find(m_lists.begin(), m_lists.end(), k) != m_lists.end();
}

auto Cleaner::is_furniture(std::string_view line) const -> bool {
    auto t = trim(line);
    if (!has_alnum(t)) {
        return true;
    }
    if (t.size() > kMaxFurnitureLine) {
        return false;
    }
    auto k = key(t);
    auto starts = [&](const std::string& p) { return k.starts_with(p); };
    auto contains = [&](const std::string& p) { return k.find(p) != std::string::npos; };
    return std::find(m_lines.begin(), m_lines.end(), k) != m_lines.end() || is_list_heading(t) ||
           std::any_of(m_prefixes.begin(), m_prefixes.end(), starts) ||
           std::any_of(m_contains.begin(), m_contains.end(), contains) || !breadcrumb(t).empty() ||
           comment_counter(t).has_value() || is_date_line(t);
}

auto Cleaner::clean(const std::vector<std::string>& lines) const -> std::vector<std::string> {
    struct Line {
        std::string text;
        bool table;
    };
    std::vector<Line> kept;
    bool in_list = false;
    for (const auto& raw : lines) {
        bool table = false;
        auto text = std::string(trim(strip_markup(raw, table)));
        if (text.empty() || !has_alnum(text)) {
            continue;  // blank, or markup leftovers only (`![]() |`, `---|`)
        }
        if (is_list_heading(text)) {
            in_list = true;
            continue;
        }
        if (in_list && (is_headline_shaped(text) || is_teaser(text) || table)) {
            continue;  // an entry of the link list
        }
        in_list = false;
        if (!is_furniture(text)) {
            kept.push_back({std::move(text), table});
        }
    }
    // A trailing run of headlines (other articles of the site) is not part of the article.
    auto end = kept.size();
    while (end > 0 && (kept[end - 1].table || is_headline_shaped(kept[end - 1].text) ||
                       is_teaser(kept[end - 1].text))) {
        --end;
    }
    if (kept.size() - end >= kMinTrailingList) {
        kept.resize(end);
    }
    // A paragraph the text repeats (a page scraped twice) is kept once.
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& line : kept) {
        std::string norm;
        for (char c : ascii_lower(line.text)) {
            if (c != ' ' || (!norm.empty() && norm.back() != ' ')) {
                norm.push_back(c);
            }
        }
        if (!seen.insert(norm).second && norm.size() >= kMinRepeatedParagraph) {
            continue;
        }
        out.push_back(std::move(line.text));
    }
    if (!out.empty()) {
        cut_glued_tail(out.back());
    }
    return out;
}

auto breadcrumb(std::string_view line) -> std::vector<std::string> {
    std::vector<std::string> parts;
    if (line.size() > kMaxFurnitureLine) {
        return parts;
    }
    // Every separator holds one of these bytes: most lines have none, and no breadcrumb.
    if (line.find_first_of(">\xBB\xBA") == std::string_view::npos) {
        return parts;
    }
    // The length of the separator at i, if one starts there: ">>", "»", "›" or " > ".
    auto separator = [line](std::size_t i) -> std::size_t {
        switch (line[i]) {
            case '>':
                return line.compare(i, 2, ">>") == 0 ? 2 : 0;
            case '\xC2':
                return line.compare(i, 2, "\xC2\xBB") == 0 ? 2 : 0;
            case '\xE2':
                return line.compare(i, 3, "\xE2\x80\xBA") == 0 ? 3 : 0;
            case ' ':
                return line.compare(i, 3, " > ") == 0 ? 3 : 0;
            default:
                return 0;
        }
    };
    std::string current;
    std::size_t separators = 0;
    for (std::size_t i = 0; i < line.size();) {
        const auto len = separator(i);
        if (len == 0) {
            current.push_back(line[i++]);
            continue;
        }
        ++separators;
        parts.emplace_back(trim(current));
        current.clear();
        i += len;
    }
    parts.emplace_back(trim(current));
    if (separators < 2 || std::any_of(parts.begin(), parts.end(),
                                      [](const auto& p) { return p.empty() || p.size() > 200; })) {
        return {};
    }
    return parts;
}

auto comment_counter(std::string_view line) -> std::optional<std::string> {
    auto t = trim(line);
    if (t.size() > 120) {
        return std::nullopt;
    }
    auto k = ascii_lower(t);
    for (std::string_view word : {" comments", " comment", " komentar", " tanggapan"}) {
        if (!k.ends_with(word) && k != word.substr(1)) {
            continue;
        }
        auto rest = t.substr(0, t.size() - word.size() + (k == word.substr(1) ? 1 : 0));
        rest = trim(rest);
        auto digits = rest.find_last_not_of("0123456789");
        auto number = digits == std::string_view::npos ? rest : rest.substr(digits + 1);
        if (number.empty()) {
            return std::nullopt;
        }
        return std::string(trim(rest.substr(0, rest.size() - number.size())));
    }
    return std::nullopt;
}

auto strip_markup(std::string_view line, bool& table) -> std::string {
    auto t = trim(line);
    table = t.starts_with("|") || t.ends_with("|");
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        // Characters, not t.compare() at every position: three calls a character were ~4 % of
        // a rotated feed's run.
        const char c = t[i];
        const char next = i + 1 < t.size() ? t[i + 1] : '\0';
        const bool image = c == '!' && next == '[';
        if (image || c == '[') {
            // [text](url) -> text; ![alt](url) -> nothing
            auto close = t.find("](", i);
            auto end = close == std::string_view::npos ? close : t.find(')', close);
            if (end != std::string_view::npos) {
                auto text_begin = i + (image ? 2 : 1);
                if (!image) {
                    out.append(t.substr(text_begin, close - text_begin));
                }
                i = end;
                continue;
            }
        }
        if ((c == '*' || c == '_') && next == c) {
            ++i;  // markdown bold
            continue;
        }
        out.push_back(table && c == '|' ? ' ' : c);
    }
    auto s = trim(out);
    while (s.starts_with("#") || s.starts_with(">")) {
        s = trim(s.substr(1));
    }
    return std::string(s);
}

auto is_headline_shaped(std::string_view line) -> bool {
    auto t = trim(line);
    if (t.empty() || t.size() > 160 || std::count(t.begin(), t.end(), ' ') < 1) {
        return false;
    }
    return !ends_with_any(t, {".", "!", "?", ";", ":", ",", "\"", "”", "’", ")", "…"});
}

}  // namespace telusur::ingest
