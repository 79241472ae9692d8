#include "telusur/search/synonyms.hpp"

#include <algorithm>
#include <fstream>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/error.hpp"

namespace telusur::search {

namespace {

auto trim(std::string_view s) -> std::string {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

/// Case-folded text with runs of spaces made single, as a lookup key.
auto key(std::string_view text) -> std::string {
    auto folded = analysis::Analyzer::normalize(text);
    std::string out;
    for (char c : folded) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out.push_back(c);
    }
    return trim(out);
}

}  // namespace

void SynonymTable::add_group(const std::vector<std::string>& members) {
    auto index = m_groups.size();
    std::vector<std::string> plain;
    for (const auto& m : members) {
        bool exact = m.starts_with('=');
        auto text = trim(exact ? std::string_view(m).substr(1) : std::string_view(m));
        if (text.empty()) {
            continue;
        }
        if (exact) {
            m_exact.emplace(text, index);
        } else {
            m_folded.emplace(key(text), index);
        }
        plain.push_back(text);
    }
    m_groups.push_back(std::move(plain));
}

void SynonymTable::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw InputError(path + ": cannot read synonym file");
    }
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        auto text = trim(line.substr(0, line.find('#')));
        if (text.empty()) {
            continue;
        }
        std::vector<std::string> members;
        std::size_t start = 0;
        for (auto bar = text.find('|');; bar = text.find('|', start)) {
            members.push_back(trim(std::string_view(text).substr(start, bar - start)));
            if (bar == std::string::npos) {
                break;
            }
            start = bar + 1;
        }
        if (members.size() < 2 || std::any_of(members.begin(), members.end(), [](const auto& m) {
                return m.empty() || m == "=";
            })) {
            throw InputError(
                path + ":" + std::to_string(number) +
                ": a synonym group needs two or more non-empty members separated by '|'");
        }
        add_group(members);
    }
}

auto SynonymTable::alternatives(std::string_view typed) const -> std::vector<std::string> {
    std::vector<std::size_t> groups;
    auto [eb, ee] = m_exact.equal_range(trim(typed));
    for (auto it = eb; it != ee; ++it) {
        groups.push_back(it->second);
    }
    auto k = key(typed);
    auto [fb, fe] = m_folded.equal_range(k);
    for (auto it = fb; it != fe; ++it) {
        groups.push_back(it->second);
    }
    std::vector<std::string> out;
    for (auto g : groups) {
        for (const auto& member : m_groups[g]) {
            if (key(member) != k && std::find(out.begin(), out.end(), member) == out.end()) {
                out.push_back(member);
            }
        }
    }
    return out;
}

void add_entity_aliases(SynonymTable& table, const entity::Gazetteer& gazetteer) {
    for (const auto& entity : gazetteer.all()) {
        if (entity.aliases.size() < 2) {
            continue;
        }
        std::vector<std::string> members;
        for (const auto& alias : entity.aliases) {
            members.push_back(alias.exact ? "=" + alias.text : alias.text);
        }
        table.add_group(members);
    }
}

}  // namespace telusur::search
