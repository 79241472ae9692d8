#include "telusur/entity/matcher.hpp"

#include "telusur/entity/text.hpp"

namespace telusur::entity {

namespace {
auto edge_key(std::uint32_t node, char32_t c) -> std::uint64_t {
    return (static_cast<std::uint64_t>(node) << 32) | c;
}
}  // namespace

Matcher::Matcher(const Gazetteer& gazetteer) {
    for (auto* trie : {&m_folded, &m_exact}) {
        trie->terminal.push_back(-1);
        trie->separator_ok.push_back(false);
    }
    const auto& entities = gazetteer.all();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        m_ids.push_back(entities[i].id);
        for (const auto& alias : entities[i].aliases) {
            const auto index = static_cast<std::int32_t>(i);
            if (alias.exact) {
                insert(m_exact, alias.text, false, index);
            } else {
                insert(m_folded, alias.text, true, index);
            }
        }
    }
}

void Matcher::insert(Trie& trie, std::string_view alias, bool fold_case, std::int32_t entity) {
    std::uint32_t node = 0;
    std::size_t pos = 0;
    while (pos < alias.size()) {
        char32_t c = next_code_point(alias, pos);
        if (is_separator(c)) {
            trie.separator_ok[node] = true;
            continue;
        }
        if (fold_case) {
            c = fold(c);
        }
        auto [it, inserted] =
            trie.edges.emplace(edge_key(node, c), static_cast<std::uint32_t>(trie.terminal.size()));
        if (inserted) {
            trie.terminal.push_back(-1);
            trie.separator_ok.push_back(false);
        }
        node = it->second;
    }
    // The gazetteer guarantees no two entities share a spelling; the first one wins otherwise.
    if (trie.terminal[node] < 0) {
        trie.terminal[node] = entity;
    }
}

auto Matcher::walk(const Trie& trie, std::string_view text, std::size_t start, bool fold_case)
    -> std::pair<std::int32_t, std::size_t> {
    std::pair<std::int32_t, std::size_t> best{-1, 0};
    std::uint32_t node = 0;
    std::size_t pos = start;
    while (pos < text.size()) {
        std::size_t next = pos;
        char32_t c = next_code_point(text, next);
        if (node != 0 && is_separator(c)) {
            if (!trie.separator_ok[node]) {
                break;
            }
            while (next < text.size()) {
                std::size_t after = next;
                c = next_code_point(text, after);
                if (!is_separator(c)) {
                    break;
                }
                next = after;
            }
            if (next >= text.size()) {
                break;
            }
            c = next_code_point(text, next);
        }
        const auto it = trie.edges.find(edge_key(node, fold_case ? fold(c) : c));
        if (it == trie.edges.end()) {
            break;
        }
        node = it->second;
        pos = next;
        if (trie.terminal[node] >= 0) {
            std::size_t after = pos;
            if (pos == text.size() || !is_word_char(next_code_point(text, after))) {
                best = {trie.terminal[node], pos};
            }
        }
    }
    return best;
}

auto Matcher::find(std::string_view text) const -> std::vector<Mention> {
    std::vector<Mention> out;
    bool previous_is_word = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t next = pos;
        const bool word = is_word_char(next_code_point(text, next));
        if (word && !previous_is_word) {
            auto folded = walk(m_folded, text, pos, true);
            const auto exact = walk(m_exact, text, pos, false);
            if (exact.first >= 0 && (folded.first < 0 || exact.second >= folded.second)) {
                folded = exact;
            }
            if (folded.first >= 0) {
                out.push_back({m_ids[static_cast<std::size_t>(folded.first)], pos, folded.second});
                pos = folded.second;
                previous_is_word = true;  // a match ends on a word character
                continue;
            }
        }
        previous_is_word = word;
        pos = next;
    }
    return out;
}

auto count(const std::vector<Mention>& mentions) -> std::map<std::string, unsigned> {
    std::map<std::string, unsigned> counts;
    for (const auto& m : mentions) {
        ++counts[m.entity_id];
    }
    return counts;
}

auto with_parents(const std::map<std::string, unsigned>& counts, const Gazetteer& gazetteer)
    -> std::set<std::string> {
    std::set<std::string> ids;
    for (const auto& [id, n] : counts) {
        if (n == 0) {
            continue;
        }
        ids.insert(id);
        for (auto& ancestor : gazetteer.ancestors(id)) {
            ids.insert(std::move(ancestor));
        }
    }
    return ids;
}

}  // namespace telusur::entity
