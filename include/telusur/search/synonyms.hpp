#pragma once
// Query-side synonyms and aliases: "Tiongkok" also finds "China", "AI" also "kecerdasan buatan".

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "telusur/entity/gazetteer.hpp"

namespace telusur::search {

/**
 * Groups of equivalent words and phrases. Lookup is by case-folded text, except for members
 * marked case-sensitive ("=AS"), which match only as written. Example: with the group
 * "china | tiongkok | cina | =RRT", alternatives("Tiongkok") is {"china", "cina", "RRT"}.
 */
class SynonymTable {
public:
    /// Loads data/synonyms-id.txt style files; throws InputError naming FILE:LINE on a bad line.
    void load(const std::string& path);
    /// Adds one group; members starting with '=' are case-sensitive.
    void add_group(const std::vector<std::string>& members);
    /// The other members of every group the typed text belongs to (as written in the file).
    [[nodiscard]] auto alternatives(std::string_view typed) const -> std::vector<std::string>;
    [[nodiscard]] auto group_count() const -> std::size_t { return m_groups.size(); }
    /// Every group's members as written (without the '=' mark).
    [[nodiscard]] auto groups() const -> const std::vector<std::vector<std::string>>& {
        return m_groups;
    }

private:
    std::vector<std::vector<std::string>> m_groups;              // members without the '=' mark
    std::unordered_multimap<std::string, std::size_t> m_folded;  // case-folded member -> group
    std::unordered_multimap<std::string, std::size_t> m_exact;   // case-sensitive member -> group
};

/// Adds one group per gazetteer entity with two or more aliases ("China | Tiongkok | =RRT").
void add_entity_aliases(SynonymTable& table, const entity::Gazetteer& gazetteer);

}  // namespace telusur::search
