#pragma once
// Finds gazetteer entities in article text: on the original text, before any case folding, so
// that case rules (`=AS`, `=Meta`) can tell the country from the word `as`.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "telusur/entity/gazetteer.hpp"

namespace telusur::entity {

/** One occurrence of an entity in a text. */
struct Mention {
    std::string entity_id;
    std::size_t begin = 0;  ///< byte offset of the first byte in the original text
    std::size_t end = 0;    ///< byte offset one past the last byte

    auto operator==(const Mention&) const -> bool = default;
};

/**
 * Matches all aliases of a gazetteer at once with two code-point tries (one case-folded, one
 * exact). Rules:
 * - a match starts and ends on a word boundary: the code points before and after it are not
 *   letters, digits or marks (Unicode), so `ASEAN` holds no `AS` and `Nvidiaku` no `Nvidia`;
 *   punctuation and hyphens are boundaries (`AS-Tiongkok`, `Nvidia-nya`);
 * - case-insensitive aliases compare by Unicode simple case folding (`NVIDIA` = `Nvidia`); `=`
 *   aliases compare exactly;
 * - a space or hyphen in an alias matches any run of whitespace and hyphens in the text, or none:
 *   the alias `Chat-GPT` matches `Chat-GPT`, `Chat GPT` and `ChatGPT`;
 * - at each position the longest match wins (`Kunlun P800` over `Kunlun`); matches do not overlap
 *   and the text is scanned left to right.
 * Immutable after construction: one Matcher may be shared by threads.
 */
class Matcher {
public:
    explicit Matcher(const Gazetteer& gazetteer);

    /// All mentions in text, in order. Invalid UTF-8 is tolerated (never a word character).
    [[nodiscard]] auto find(std::string_view text) const -> std::vector<Mention>;

private:
    struct Trie {
        /// (node << 32 | code point) -> child node.
        std::unordered_map<std::uint64_t, std::uint32_t> edges;
        std::vector<std::int32_t> terminal;  ///< entity index per node, or -1
        std::vector<bool> separator_ok;      ///< whether the alias had a separator after the node
    };
    static void insert(Trie& trie, std::string_view alias, bool fold, std::int32_t entity);
    /// Longest match of trie at start: entity index and end offset, or -1.
    static auto walk(const Trie& trie, std::string_view text, std::size_t start, bool fold)
        -> std::pair<std::int32_t, std::size_t>;

    std::vector<std::string> m_ids;
    Trie m_folded;
    Trie m_exact;
};

/// Mentions per entity id.
[[nodiscard]] auto count(const std::vector<Mention>& mentions) -> std::map<std::string, unsigned>;

/// The ids an article is about, for filtering with products: each mentioned id and all its
/// ancestors (`kunlun-p800` -> also `kunlun`, `baidu`).
[[nodiscard]] auto with_parents(const std::map<std::string, unsigned>& counts,
                                const Gazetteer& gazetteer) -> std::set<std::string>;

}  // namespace telusur::entity
