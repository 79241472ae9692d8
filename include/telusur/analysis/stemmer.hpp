#pragma once
/// @file
/// @brief Dictionary-based Indonesian stemmer (Nazief–Adriani / Enhanced Confix Stripping).

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace telusur::analysis {

/// Transparent hash so string-keyed maps can be probed with a `std::string_view`.
struct StringHash {
    using is_transparent = void;
    [[nodiscard]] auto operator()(std::string_view s) const noexcept -> std::size_t {
        return std::hash<std::string_view>{}(s);
    }
};

/**
 * The set of known Indonesian root words, with the hunspell affix flags of each entry (used only
 * to break ties between two dictionary roots) and a few word -> root overrides.
 * Example: after `load_hunspell("/usr/share/hunspell/id_ID.dic")`, `contains("timbun")` is true.
 */
class RootDictionary {
public:
    // Loads a hunspell .dic (first line = count; each line "word" or "word/FLAGS"); lowercases
    // entries; keeps entries with letters and '-' only. Throws telusur::InputError naming the
    // path if unreadable or larger than 64 MiB.
    [[nodiscard]] static auto load_hunspell(const std::string& dic_path) -> RootDictionary;

    // Loads extra roots and overrides (see data/stemming/README.md): a line "word" adds a root,
    // a line "word<TAB>root" makes `word` always stem to `root`; '#' starts a comment.
    // Throws telusur::InputError naming the path if unreadable.
    void load_extra(const std::string& path);

    [[nodiscard]] auto contains(std::string_view word) const -> bool;
    void add(std::string_view word);
    [[nodiscard]] auto size() const -> std::size_t;

    // Hunspell flags of a root ("" if none or unknown).
    [[nodiscard]] auto flags(std::string_view word) const -> std::string_view;
    // The override root of `word`, if one was loaded.
    [[nodiscard]] auto override_for(std::string_view word) const -> std::optional<std::string_view>;
    // The overridden words whose root, less its first letter, does not occur in the word: the
    // only words whose stem breaks that rule (the rules strip affixes and recode at most the
    // first letter: menyapu -> sapu, mengembangkan -> kembang).
    [[nodiscard]] auto irregular_words() const -> std::vector<std::string>;
    void add_override(std::string word, std::string root);

private:
    /// A root: its word and flags as places in m_text.
    struct Entry {
        std::uint32_t word = 0;
        std::uint32_t flags = 0;
        std::uint16_t word_size = 0;
        std::uint16_t flags_size = 0;
        bool removed = false;  ///< taken out by an exceptions line "!word"
    };
    [[nodiscard]] auto word_of(const Entry& e) const -> std::string_view {
        return std::string_view(m_text).substr(e.word, e.word_size);
    }
    /// The entry of `word` (removed or not), or nullptr.
    [[nodiscard]] auto find(std::string_view word) const -> const Entry*;
    /// Adds the word m_text holds from `at` to its end (the entry keeps it there) with no flags,
    /// or, if it is already known, forgets that copy and returns the known entry.
    auto insert_tail(std::size_t at) -> Entry&;
    void remove(std::string_view word);
    /// Rebuilds the table with slot_count slots (a power of 2).
    void grow(std::size_t slot_count);

    // Tens of thousands of roots loaded by every process that analyses text: one block of
    // text and an open-addressing table of entry numbers rather than a node per root (loading
    // id_ID.dic into an unordered_map was most of a one-off command's own CPU time).
    std::string m_text;
    std::vector<Entry> m_entries;
    std::vector<std::uint32_t> m_slots;  ///< entry number + 1, 0: empty; a power of 2 long
    std::size_t m_live = 0;              ///< entries not removed
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_overrides;
};

// Default dictionary path: $TELUSUR_HUNSPELL_DIC if set, else /usr/share/hunspell/id_ID.dic
[[nodiscard]] auto default_dictionary_path() -> std::string;

// Default extra-roots file: data file stemming/exceptions.tsv (see telusur/data.hpp); throws
// telusur::InputError when it cannot be found.
[[nodiscard]] auto default_extra_path() -> std::string;

/**
 * Indonesian stemmer usable wherever Xapian takes a stemmer:
 * `Xapian::Stem(new IndonesianStemmer(d))`.
 * Strips particles, possessives, derivational suffixes and up to three prefixes, undoing nasal
 * recoding, and accepts only parses that end in a dictionary root ("menimbun" -> "timbun",
 * "perkembangan" -> "kembang"). Words with no such parse lose only inflectional suffixes
 * ("tiongkoknya" -> "tiongkok"). Results are cached; calls are thread-safe.
 */
class IndonesianStemmer : public Xapian::StemImplementation {
public:
    explicit IndonesianStemmer(std::shared_ptr<const RootDictionary> roots,
                               std::size_t cache_capacity = 200000);

    // word: already NFKC-case-folded lower-case UTF-8 token. Returns its root.
    auto operator()(const std::string& word) -> std::string override;
    [[nodiscard]] auto get_description() const -> std::string override;

    // The same as operator() but bypassing the cache (for benchmarks and tests).
    [[nodiscard]] auto stem_uncached(std::string_view word) const -> std::string;

private:
    [[nodiscard]] auto stem_simple(std::string_view word) const -> std::string;
    [[nodiscard]] auto stem_reduplicated(std::string_view word) const -> std::string;

    std::shared_ptr<const RootDictionary> m_roots;
    std::size_t m_cache_capacity;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_cache;
};

}  // namespace telusur::analysis
