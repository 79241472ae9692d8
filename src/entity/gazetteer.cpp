#include "telusur/entity/gazetteer.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "telusur/entity/text.hpp"
#include "telusur/error.hpp"

namespace telusur::entity {

namespace {

auto trim(std::string_view s) -> std::string_view {
    const auto* ws = " \t\r\n";
    const auto first = s.find_first_not_of(ws);
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

auto split(std::string_view s, char sep) -> std::vector<std::string_view> {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = s.find(sep, start);
        parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

auto valid_id(std::string_view id) -> bool {
    if (id.empty() || id.front() == '-' || id.back() == '-' ||
        id.find("--") != std::string_view::npos) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

auto is_type(std::string_view type) -> bool {
    return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

/// Whether the first and the last code point of an alias are letters or digits.
auto word_edges(std::string_view alias) -> bool {
    std::size_t pos = 0;
    char32_t first = next_code_point(alias, pos);
    char32_t last = first;
    while (pos < alias.size()) {
        last = next_code_point(alias, pos);
    }
    return is_word_char(first) && is_word_char(last);
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw InputError(std::string(where).append(": ").append(what));
}

auto quoted(std::string_view s) -> std::string {
    return std::string("'").append(s).append("'");
}

auto edit_distance(std::string_view a, std::string_view b) -> std::size_t {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// Parses the lines of one file into entities, checking each line on its own.
auto parse_lines(std::string_view text, const std::string& source) -> std::vector<Entity> {
    std::vector<Entity> out;
    std::size_t line_number = 0;
    for (auto raw : split(text, '\n')) {
        ++line_number;
        const std::string where =
            std::string(source).append(":").append(std::to_string(line_number));
        if (!raw.empty() && raw.back() == '\r') {
            raw.remove_suffix(1);
        }
        const auto content = trim(raw);
        if (content.empty() || content.front() == '#') {
            continue;
        }
        const auto fields = split(raw, '\t');
        if (fields.size() < 4) {
            static const std::array<const char*, 4> names = {"id", "type", "name", "aliases"};
            fail(where, std::string("missing field '")
                            .append(names[fields.size()])
                            .append("' (expected id, type, name, aliases[, parent], "
                                    "separated by tabs)"));
        }
        if (fields.size() > 5) {
            fail(where, "too many fields (expected id, type, name, aliases[, parent])");
        }
        Entity entity;
        entity.source = where;
        entity.id = trim(fields[0]);
        entity.type = trim(fields[1]);
        entity.name = trim(fields[2]);
        if (fields.size() == 5) {
            entity.parent = trim(fields[4]);
        }
        if (!valid_id(entity.id)) {
            fail(where, std::string("bad id ")
                            .append(quoted(entity.id))
                            .append(" (lower-case ASCII letters, digits and single '-')"));
        }
        if (!is_type(entity.type)) {
            fail(where, std::string("unknown type ")
                            .append(quoted(entity.type))
                            .append(" (company, product, person, place or org)"));
        }
        if (entity.name.empty()) {
            fail(where, "missing field 'name'");
        }
        if (!entity.parent.empty() && !valid_id(entity.parent)) {
            fail(where, std::string("bad parent id ").append(quoted(entity.parent)));
        }
        if (entity.parent == entity.id) {
            fail(where,
                 std::string("entity ").append(quoted(entity.id)).append(" is its own parent"));
        }
        const auto aliases = split(fields[3], '|');
        for (std::size_t i = 0; i < aliases.size(); ++i) {
            auto text = trim(aliases[i]);
            Alias alias;
            if (!text.empty() && text.front() == '=') {
                alias.exact = true;
                text = trim(text.substr(1));
            }
            if (text.empty()) {
                fail(where, std::string("empty alias (number ")
                                .append(std::to_string(i + 1))
                                .append(" in the aliases field)"));
            }
            if (!word_edges(text)) {
                fail(where, std::string("alias ")
                                .append(quoted(text))
                                .append(" must begin and end with a letter or digit"));
            }
            alias.text = text;
            entity.aliases.push_back(std::move(alias));
        }
        out.push_back(std::move(entity));
    }
    return out;
}

}  // namespace

auto Gazetteer::load(const std::string& path) -> Gazetteer {
    Gazetteer g;
    g.load_more(path);
    return g;
}

auto Gazetteer::parse(std::string_view text, const std::string& source) -> Gazetteer {
    Gazetteer g;
    g.parse_more(text, source);
    return g;
}

void Gazetteer::load_more(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail(path, "cannot read the gazetteer file");
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        fail(path, "cannot read the gazetteer file");
    }
    parse_more(text, path);
}

void Gazetteer::parse_more(std::string_view text, const std::string& source) {
    auto added = parse_lines(text, source);
    // Ids: unique over the old and the new entities.
    std::unordered_map<std::string, std::size_t> by_id = m_by_id;
    const std::size_t base = m_entities.size();
    for (std::size_t i = 0; i < added.size(); ++i) {
        const auto& e = added[i];
        auto [it, inserted] = by_id.emplace(e.id, base + i);
        if (!inserted) {
            const auto& first =
                it->second < base ? m_entities[it->second] : added[it->second - base];
            fail(e.source, std::string("duplicate id ")
                               .append(quoted(e.id))
                               .append(" (first defined at ")
                               .append(first.source)
                               .append(")"));
        }
    }
    auto entity_at = [&](std::size_t i) -> const Entity& {
        return i < base ? m_entities[i] : added[i - base];
    };
    // Parents: defined, and no cycle.
    for (const auto& e : added) {
        if (e.parent.empty()) {
            continue;
        }
        if (by_id.find(e.parent) == by_id.end()) {
            fail(e.source,
                 std::string("parent ").append(quoted(e.parent)).append(" is not defined"));
        }
        std::string at = e.parent;
        for (std::size_t steps = 0; !at.empty(); ++steps) {
            if (at == e.id || steps > by_id.size()) {
                fail(e.source,
                     std::string("parent chain of ").append(quoted(e.id)).append(" is a cycle"));
            }
            at = entity_at(by_id.at(at)).parent;
        }
    }
    // Spellings: none shared by two entities. A case-insensitive alias collides with any alias of
    // the same folded form; two exact aliases collide only when identical.
    struct Owner {
        std::size_t entity;
        bool exact;
        std::string text;
    };
    std::map<std::string, std::vector<Owner>> owners;
    for (std::size_t i = 0; i < base + added.size(); ++i) {
        const auto& e = entity_at(i);
        for (const auto& alias : e.aliases) {
            auto& list = owners[alias_key(alias.text, false)];
            const auto exact_key = alias_key(alias.text, true);
            for (const auto& other : list) {
                const bool clash = !alias.exact || !other.exact || other.text == exact_key;
                if (clash && other.entity != i) {
                    const auto& first = entity_at(other.entity);
                    fail(e.source, std::string("alias ")
                                       .append(quoted(alias.text))
                                       .append(" already names ")
                                       .append(quoted(first.id))
                                       .append(" (")
                                       .append(first.source)
                                       .append(")"));
                }
            }
            list.push_back({i, alias.exact, exact_key});
        }
    }
    for (auto& e : added) {
        m_entities.push_back(std::move(e));
    }
    m_by_id = std::move(by_id);
}

auto Gazetteer::find(std::string_view id) const -> const Entity* {
    const auto i = index_of(id);
    return i == npos ? nullptr : &m_entities[i];
}

auto Gazetteer::index_of(std::string_view id) const -> std::size_t {
    const auto it = m_by_id.find(std::string(id));
    return it == m_by_id.end() ? npos : it->second;
}

auto Gazetteer::ancestors(std::string_view id) const -> std::vector<std::string> {
    std::vector<std::string> out;
    const Entity* e = find(id);
    while (e != nullptr && !e->parent.empty()) {
        out.push_back(e->parent);
        e = find(e->parent);
    }
    return out;
}

auto Gazetteer::suggest(std::string_view id, std::string_view type, std::size_t n) const
    -> std::vector<std::string> {
    std::vector<std::pair<std::size_t, const std::string*>> scored;
    const std::size_t limit = std::max<std::size_t>(2, id.size() / 3);
    for (const auto& e : m_entities) {
        if (!type.empty() && e.type != type) {
            continue;
        }
        auto d = edit_distance(id, e.id);
        // A prefix ("moonshot" for "moonshot-ai") is a good suggestion too.
        if (e.id.size() > id.size() && e.id.compare(0, id.size(), id) == 0 && id.size() >= 3) {
            d = std::min<std::size_t>(d, 1);
        }
        if (d <= limit) {
            scored.emplace_back(d, &e.id);
        }
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < n; ++i) {
        out.push_back(*scored[i].second);
    }
    return out;
}

}  // namespace telusur::entity
