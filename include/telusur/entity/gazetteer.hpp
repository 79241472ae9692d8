#pragma once
// The gazetteer: the companies, products, people, places and organisations telusur recognises in
// articles, with every spelling (alias) and, for products, the company that makes them.
// Format of the data file: data/entities.md.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace telusur::entity {

/// The entity types, in facet order.
inline constexpr std::array<std::string_view, 5> kTypes = {"company", "product", "person", "place",
                                                           "org"};

/** One spelling of an entity. */
struct Alias {
    std::string text;    ///< as written in the file, without the case rule
    bool exact = false;  ///< `=` rule: matches only with exactly this case
};

/** One line of the gazetteer. */
struct Entity {
    std::string id;      ///< lower-case ASCII slug: `nvidia`, `amerika-serikat`
    std::string type;    ///< one of kTypes
    std::string name;    ///< display name: `Nvidia`
    std::string parent;  ///< id of the maker (products) or owner; empty if none
    std::vector<Alias> aliases;
    std::string source;  ///< "FILE:LINE" of its definition, for messages
};

/**
 * The set of known entities. Every id is unique, every parent is defined, parents form no cycle,
 * and no spelling belongs to two entities (so a match is never ambiguous).
 */
class Gazetteer {
public:
    /// Reads a gazetteer file. Throws InputError "FILE:LINE: what is wrong" on the first bad line,
    /// or "FILE: cannot read" if the file cannot be opened.
    [[nodiscard]] static auto load(const std::string& path) -> Gazetteer;

    /// Parses gazetteer text; `source` names it in messages (as FILE does for load()).
    [[nodiscard]] static auto parse(std::string_view text, const std::string& source) -> Gazetteer;

    /// Adds a user's file on top: its entities may use the ones already loaded as parents, but may
    /// not redefine an id or reuse a spelling. All or nothing: on error nothing is added.
    void load_more(const std::string& path);
    /// load_more() from text.
    void parse_more(std::string_view text, const std::string& source);

    /// The entity with this id, or nullptr.
    [[nodiscard]] auto find(std::string_view id) const -> const Entity*;
    /// All entities, in file order.
    [[nodiscard]] auto all() const -> const std::vector<Entity>& { return m_entities; }
    /// Position of an entity in all(), or npos.
    [[nodiscard]] auto index_of(std::string_view id) const -> std::size_t;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// The parent, its parent, ...: `kunlun-p800` -> {`kunlun`, `baidu`}.
    [[nodiscard]] auto ancestors(std::string_view id) const -> std::vector<std::string>;

    /// Up to n known ids closest to a misspelt one (edit distance; of one type if given), for
    /// "unknown company 'nvdia'; did you mean nvidia?".
    [[nodiscard]] auto suggest(std::string_view id,
                               std::string_view type = "",
                               std::size_t n = 3) const -> std::vector<std::string>;

private:
    std::vector<Entity> m_entities;
    std::unordered_map<std::string, std::size_t> m_by_id;
};

}  // namespace telusur::entity
