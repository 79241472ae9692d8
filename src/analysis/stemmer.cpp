/// @file
/// @brief Indonesian stemmer: confix stripping with recoding and backtracking over a root list.
///
/// The rules follow the published descriptions of Nazief & Adriani (1996) and of Enhanced Confix
/// Stripping (Arifin, Mahendra & Ciptaningtyas 2009; Tahitoe & Purwitasari 2010). Instead of a
/// single greedy pass with backtracking, every parse the rules allow is enumerated (inflectional
/// suffixes x derivational suffix x up to three prefixes with all recodings) and the best parse
/// that ends in a dictionary root wins: fewest removals, then fewest prefixes, then the root whose
/// hunspell flags licence the affixes, then rule order. This is the ECS backtracking loop made
/// exhaustive, which is cheap because words are short and results are cached.

#include "telusur/analysis/stemmer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/text.hpp"

namespace telusur::analysis {

namespace {

constexpr std::size_t k_min_root = 3;  // shortest root an affix may be stripped down to
constexpr int k_max_prefixes = 3;

[[nodiscard]] auto is_vowel(char c) -> bool {
    return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

[[nodiscard]] auto ends_with(std::string_view w, std::string_view s) -> bool {
    return w.size() >= s.size() && w.substr(w.size() - s.size()) == s;
}

[[nodiscard]] auto trim(std::string_view s) -> std::string_view {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

[[nodiscard]] auto letters_and_hyphens(std::string_view s) -> bool {
    return !s.empty() && std::all_of(s.begin(), s.end(),
                                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// Prefix classes, named after the hunspell flag letter of the same prefix in id_ID.aff.
constexpr char k_none = 0;
constexpr char k_di = 'D';
constexpr char k_ke = 'K';
constexpr char k_se = 'S';
constexpr char k_ber = 'B';
constexpr char k_ter = 'T';
constexpr char k_per = 'R';
constexpr char k_meN = 'M';
constexpr char k_peN = 'P';
constexpr char k_ku = 'O';     // ku-/kau- (proclitic agent)
constexpr char k_redup = 'X';  // partial reduplication: rerata, lelembut

enum class Suffix : std::uint8_t { none, i, kan, an };

struct Alternative {
    std::string rest;
    char cls;
};

// All ways of removing one prefix from `w`, preferred recoding first.
void prefix_alternatives(std::string_view w, std::vector<Alternative>& out) {
    out.clear();
    const auto at = [&](std::size_t i) -> char { return i < w.size() ? w[i] : '\0'; };
    const auto add = [&](std::string_view head, std::size_t cut, char cls) {
        out.push_back({std::string(head) + std::string(w.substr(cut)), cls});
    };
    const auto starts = [&](std::string_view p) { return w.substr(0, p.size()) == p; };
    const auto in = [](char c, std::string_view set) {
        return c != '\0' && set.find(c) != std::string_view::npos;
    };

    if (starts("di")) add("", 2, k_di);
    if (starts("ke")) add("", 2, k_ke);
    if (starts("se")) add("", 2, k_se);
    if (starts("kau")) add("", 3, k_ku);
    if (starts("ku")) add("", 2, k_ku);

    // ber-: ber-V | be-rV; be-C1er (bekerja); bel-ajar.
    if (starts("ber")) {
        add("", 3, k_ber);
        if (is_vowel(at(3))) add("", 2, k_ber);
    } else if (starts("be") && !is_vowel(at(2)) && at(3) == 'e' && at(4) == 'r') {
        add("", 2, k_ber);
    }
    if (starts("belajar")) add("", 3, k_ber);

    // ter-: ter-V | te-rV; ter-C; te-C1er (teterbang).
    if (starts("ter")) {
        add("", 3, k_ter);
        if (is_vowel(at(3))) add("", 2, k_ter);
    } else if (starts("te") && !is_vowel(at(2)) && at(3) == 'e' && at(4) == 'r') {
        add("", 2, k_ter);
    }

    // per-: per-V | pe-rV; per-C.
    if (starts("per")) {
        add("", 3, k_per);
    }

    // meN-
    if (starts("me")) {
        const char c2 = at(2);
        const char c3 = at(3);
        if (c2 == 'm') {
            if (in(c3, "bfvp")) add("", 3, k_meN);
            if (is_vowel(c3)) {
                add("m", 3, k_meN);
                add("p", 3, k_meN);
            }
            if (c3 == 'r') add("p", 3, k_meN);  // memrogram (program)
        } else if (c2 == 'n' && at(3) == 'g') {
            const char c4 = at(4);
            if (in(c4, "ghkq")) add("", 4, k_meN);
            if (c4 == 'e' && !is_vowel(at(5)) && w.size() >= 5 + k_min_root) add("", 5, k_meN);
            if (is_vowel(c4)) {
                add("", 4, k_meN);
                add("k", 4, k_meN);
                add("ng", 4, k_meN);
            }
        } else if (c2 == 'n' && c3 == 'y') {
            if (is_vowel(at(4))) {
                add("s", 4, k_meN);
                add("ny", 4, k_meN);
            }
        } else if (c2 == 'n') {
            if (in(c3, "cdjzst")) add("", 3, k_meN);
            if (is_vowel(c3)) {
                add("t", 3, k_meN);
                add("n", 3, k_meN);
            }
        }
        if (in(c2, "lrwymn")) add("", 2, k_meN);
    }

    // peN- and pe-
    if (starts("pe")) {
        const char c2 = at(2);
        const char c3 = at(3);
        if (c2 == 'm') {
            if (in(c3, "bfvp")) add("", 3, k_peN);
            if (is_vowel(c3)) {
                add("p", 3, k_peN);
                add("m", 3, k_peN);
            }
            if (c3 == 'r') add("p", 3, k_peN);  // pemrosesan (proses)
        } else if (c2 == 'n' && c3 == 'g') {
            const char c4 = at(4);
            if (in(c4, "ghkq")) add("", 4, k_peN);
            if (c4 == 'e' && !is_vowel(at(5)) && w.size() >= 5 + k_min_root) add("", 5, k_peN);
            if (is_vowel(c4)) {
                add("", 4, k_peN);
                add("k", 4, k_peN);
                add("ng", 4, k_peN);
            }
        } else if (c2 == 'n' && c3 == 'y') {
            if (is_vowel(at(4))) {
                add("s", 4, k_peN);
                add("ny", 4, k_peN);
            }
        } else if (c2 == 'n') {
            if (in(c3, "cdjzst")) add("", 3, k_peN);
            if (is_vowel(c3)) {
                add("t", 3, k_peN);
                add("n", 3, k_peN);
            }
        }
        if (starts("pelajar")) add("", 3, k_peN);
        // pe- before any other consonant, and pe-rV of per-: pekerja, petani, pelaku, perusak.
        add("", 2, c2 == 'r' ? k_per : k_peN);
    }

    // Partial reduplication: rerata -> rata, lelaki -> laki.
    if (w.size() >= 5 && !is_vowel(at(0)) && at(1) == 'e' && at(2) == at(0)) add("", 2, k_redup);
}

// Confix pairs that Indonesian morphology does not allow (ECS): be-i, di-an, ke-i, ke-kan, me-an,
// se-i, se-kan, te-an.
[[nodiscard]] auto confix_disallowed(char cls, Suffix s) -> bool {
    switch (cls) {
        case k_ber:
            return s == Suffix::i;
        case k_di:
            return s == Suffix::an;
        case k_ke:
            return s == Suffix::i || s == Suffix::kan;
        case k_meN:
            return s == Suffix::an;
        case k_se:
            return s == Suffix::i || s == Suffix::kan;
        case k_ter:
            return s == Suffix::an;
        default:
            return false;
    }
}

struct Candidate {
    std::string root;
    int removals;
    int prefixes;
    int score;
    int order;
};

// Enumerates every parse of one word that ends in a dictionary root.
class ParseSearch {
public:
    explicit ParseSearch(const RootDictionary& roots) : m_roots(roots) {}

    void run(std::string_view word);

    [[nodiscard]] auto best() const -> const Candidate* {
        const Candidate* best = nullptr;
        for (const auto& c : m_candidates) {
            if (best == nullptr || better(c, *best)) {
                best = &c;
            }
        }
        return best;
    }

private:
    [[nodiscard]] static auto better(const Candidate& a, const Candidate& b) -> bool {
        if (a.removals != b.removals) return a.removals < b.removals;
        if (a.prefixes != b.prefixes) return a.prefixes < b.prefixes;
        if (a.score != b.score) return a.score > b.score;
        return a.order < b.order;
    }

    // How well the hunspell flags of `root` licence the outer prefix class and the suffix.
    [[nodiscard]] auto score(std::string_view root, char cls, Suffix s) const -> int {
        const auto flags = m_roots.flags(root);
        if (flags.empty()) return 0;
        int result = 1;
        bool prefix_ok = false;
        bool suffix_ok = false;
        for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
            const char a = flags[i];
            const char b = flags[i + 1];
            if (cls != k_none && a == cls) prefix_ok = true;
            if ((s == Suffix::kan && (b == 'k' || a == 'k')) ||
                (s == Suffix::an && (b == 'a' || a == 'a')) ||
                (s == Suffix::i && (b == 'i' || a == 'i'))) {
                suffix_ok = true;
            }
        }
        return result + (prefix_ok ? 2 : 0) + (suffix_ok ? 1 : 0);
    }

    void candidate(
        std::string_view root, int removals, int prefixes, char cls, Suffix s, int preference) {
        if (root.size() < k_min_root && removals > 0) return;
        m_candidates.push_back({std::string(root), removals, prefixes, score(root, cls, s),
                                preference * 10000 + m_order++});
    }

    void strip_prefixes(std::string_view w,
                        int depth,
                        char first,
                        char previous,
                        Suffix s,
                        int removals,
                        int preference);

    const RootDictionary& m_roots;
    std::vector<Candidate> m_candidates;
    int m_order = 0;
};

void ParseSearch::strip_prefixes(std::string_view w,
                                 int depth,
                                 char first,
                                 char previous,
                                 Suffix s,
                                 int removals,
                                 int preference) {
    std::vector<Alternative> alternatives;
    prefix_alternatives(w, alternatives);
    for (const auto& alt : alternatives) {
        if (alt.rest.size() < k_min_root) continue;
        if (alt.cls == previous) continue;  // a prefix is never stacked on itself
        if (alt.cls == k_redup && depth > 0) continue;
        const char outer = depth == 0 ? alt.cls : first;
        if (depth == 0 && confix_disallowed(alt.cls, s)) continue;
        // Nominal confixes (pe-an, per-an, ke-an) take -an; verbal prefixes take -kan.
        int pref = preference;
        if (s == Suffix::an && (outer == k_peN || outer == k_per || outer == k_ke)) pref = 0;
        if (s == Suffix::kan && (outer == k_meN || outer == k_di || outer == k_ter)) pref = 0;
        if (m_roots.contains(alt.rest)) {
            candidate(alt.rest, removals + 1, depth + 1, outer, s, pref);
        }
        if (depth + 1 < k_max_prefixes) {
            strip_prefixes(alt.rest, depth + 1, outer, alt.cls, s, removals + 1, pref);
        }
    }
}

void ParseSearch::run(std::string_view word) {
    // Inflectional variants: particle, then possessive.
    struct Variant {
        std::string_view text;
        int removals;
    };
    std::array<Variant, 4> variants{};
    std::size_t n = 0;
    variants[n++] = {word, 0};
    const auto strip_possessive = [](std::string_view w) -> std::string_view {
        for (std::string_view p : {"nya", "ku", "mu"}) {
            if (ends_with(w, p) && w.size() >= p.size() + k_min_root) {
                return w.substr(0, w.size() - p.size());
            }
        }
        return {};
    };
    for (std::string_view p : {"lah", "kah", "tah", "pun"}) {
        if (ends_with(word, p) && word.size() >= p.size() + k_min_root) {
            const auto rest = word.substr(0, word.size() - p.size());
            variants[n++] = {rest, 1};
            if (const auto r = strip_possessive(rest); !r.empty()) variants[n++] = {r, 2};
            break;
        }
    }
    if (const auto r = strip_possessive(word); !r.empty()) variants[n++] = {r, 1};

    for (std::size_t v = 0; v < n; ++v) {
        const auto [text, removals] = variants[v];
        if (removals > 0 && m_roots.contains(text)) {
            candidate(text, removals, 0, k_none, Suffix::none, 0);
        }
        struct Option {
            std::string_view base;
            Suffix suffix;
        };
        std::array<Option, 3> options{};
        std::size_t m = 0;
        options[m++] = {text, Suffix::none};
        if (ends_with(text, "kan")) options[m++] = {text.substr(0, text.size() - 3), Suffix::kan};
        if (ends_with(text, "an")) options[m++] = {text.substr(0, text.size() - 2), Suffix::an};
        if (ends_with(text, "i")) options[m++] = {text.substr(0, text.size() - 1), Suffix::i};
        for (std::size_t o = 0; o < m; ++o) {
            const auto [base, suffix] = options[o];
            if (base.size() < k_min_root) continue;
            const int r = removals + (suffix == Suffix::none ? 0 : 1);
            if (suffix != Suffix::none && m_roots.contains(base)) {
                candidate(base, r, 0, k_none, suffix, 0);
            }
            strip_prefixes(base, 0, k_none, k_none, suffix, r, suffix == Suffix::none ? 0 : 1);
        }
    }
}

// Removes only particles and possessives, for words with no dictionary parse (names, loans).
[[nodiscard]] auto strip_inflection(std::string_view w) -> std::string {
    for (std::string_view p : {"lah", "kah", "tah", "pun"}) {
        // "-llah" is Arabic (allah, abdullah), not a particle.
        if (ends_with(w, p) && w.size() >= p.size() + 4 && !ends_with(w, "llah")) {
            w.remove_suffix(p.size());
            break;
        }
    }
    if (ends_with(w, "nya") && w.size() >= 3 + 3) {
        w.remove_suffix(3);
    }
    return std::string(w);
}

}  // namespace

// ---- RootDictionary --------------------------------------------------------------------------

auto RootDictionary::load_hunspell(const std::string& dic_path) -> RootDictionary {
    std::ifstream in(dic_path, std::ios::binary);
    if (!in) {
        throw InputError("cannot read hunspell dictionary '" + dic_path + "'");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        throw InputError("cannot read hunspell dictionary '" + dic_path + "'");
    }
    const std::string text = std::move(buffer).str();
    // Bounds the entries' places in their 32-bit offsets (id_ID.dic is 315 KB).
    constexpr std::size_t kMaxBytes = std::size_t{64} << 20U;
    if (text.size() > kMaxBytes) {
        throw InputError("hunspell dictionary '" + dic_path + "' is larger than 64 MiB");
    }
    RootDictionary dict;
    dict.m_text.reserve(text.size());
    std::string_view rest = text;
    bool first = true;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        std::string_view entry = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (first) {  // entry count: room for that many
            first = false;
            std::size_t count = 0;
            const auto number = trim(entry);
            constexpr std::size_t kMaxReserved = std::size_t{1} << 22U;
            if (std::from_chars(number.data(), number.data() + number.size(), count).ec ==
                std::errc()) {
                dict.m_entries.reserve(std::min(count, kMaxReserved));
            }
            continue;
        }
        std::string_view flags;
        if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
            flags = trim(entry.substr(slash + 1));
            entry = entry.substr(0, slash);
        }
        const auto at = dict.m_text.size();
        dict.m_text.append(ascii_lower(trim(entry)));
        const auto word = std::string_view(dict.m_text).substr(at);
        if (!letters_and_hyphens(word) || word.front() == '-' || word.back() == '-' ||
            word.size() > UINT16_MAX) {
            dict.m_text.resize(at);
            continue;
        }
        auto& e = dict.insert_tail(at);
        // Case variants of one word share their flags (a few letters each: bounded, as they
        // only break ties between roots).
        constexpr std::size_t kMaxFlags = 64;
        if (!flags.empty() && e.flags_size + flags.size() <= kMaxFlags) {
            const auto old =
                std::string(std::string_view(dict.m_text).substr(e.flags, e.flags_size));
            const auto at_flags = dict.m_text.size();
            dict.m_text.append(old).append(flags);
            e.flags = static_cast<std::uint32_t>(at_flags);
            e.flags_size = static_cast<std::uint16_t>(dict.m_text.size() - at_flags);
        }
    }
    return dict;
}

void RootDictionary::load_extra(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw InputError("cannot read stemmer exceptions '" + path + "'");
    }
    std::string line;
    while (std::getline(in, line)) {
        std::string_view text = line;
        if (const auto hash = text.find('#'); hash != std::string_view::npos) {
            text = text.substr(0, hash);
        }
        text = trim(text);
        if (text.empty()) continue;
        const auto tab = text.find('\t');
        if (tab != std::string_view::npos) {
            add_override(ascii_lower(std::string(trim(text.substr(0, tab)))),
                         ascii_lower(std::string(trim(text.substr(tab + 1)))));
        } else if (text.front() == '!') {
            remove(ascii_lower(std::string(text.substr(1))));
        } else {
            add(ascii_lower(std::string(text)));
        }
    }
}

auto RootDictionary::find(std::string_view word) const -> const Entry* {
    if (m_slots.empty()) {
        return nullptr;
    }
    const auto mask = m_slots.size() - 1;
    for (auto slot = std::hash<std::string_view>{}(word)&mask;; slot = (slot + 1) & mask) {
        const auto number = m_slots[slot];
        if (number == 0) {
            return nullptr;
        }
        const auto& e = m_entries[number - 1];
        if (word_of(e) == word) {
            return &e;
        }
    }
}

void RootDictionary::grow(std::size_t slot_count) {
    std::vector<std::uint32_t> slots(slot_count, 0);
    const auto mask = slots.size() - 1;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        auto slot = std::hash<std::string_view>{}(word_of(m_entries[i])) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = static_cast<std::uint32_t>(i + 1);
    }
    m_slots = std::move(slots);
}

auto RootDictionary::insert_tail(std::size_t at) -> Entry& {
    const auto word = std::string_view(m_text).substr(at);
    if (const auto* known = find(word); known != nullptr) {
        m_text.resize(at);
        auto& e = m_entries[static_cast<std::size_t>(known - m_entries.data())];
        if (e.removed) {  // added again after "!word": a new root, without the old flags
            e.removed = false;
            e.flags_size = 0;
            ++m_live;
        }
        return e;
    }
    // At most half full (short probes); sized at once for the count a file announces.
    if ((m_entries.size() + 1) * 2 > m_slots.size()) {
        grow(std::bit_ceil(
            std::max<std::size_t>({64, (m_entries.size() + 1) * 2, m_entries.capacity() * 2})));
    }
    m_entries.push_back(Entry{static_cast<std::uint32_t>(at), 0,
                              static_cast<std::uint16_t>(word.size()), 0, false});
    const auto mask = m_slots.size() - 1;
    auto slot = std::hash<std::string_view>{}(word)&mask;
    while (m_slots[slot] != 0) {
        slot = (slot + 1) & mask;
    }
    m_slots[slot] = static_cast<std::uint32_t>(m_entries.size());
    ++m_live;
    return m_entries.back();
}

void RootDictionary::remove(std::string_view word) {
    if (const auto* known = find(word); known != nullptr && !known->removed) {
        m_entries[static_cast<std::size_t>(known - m_entries.data())].removed = true;
        --m_live;
    }
}

auto RootDictionary::contains(std::string_view word) const -> bool {
    const auto* e = find(word);
    return e != nullptr && !e->removed;
}

void RootDictionary::add(std::string_view word) {
    if (word.empty() || word.size() > UINT16_MAX) {
        return;
    }
    const auto at = m_text.size();
    m_text.append(word);
    insert_tail(at);
}

auto RootDictionary::size() const -> std::size_t {
    return m_live;
}

auto RootDictionary::flags(std::string_view word) const -> std::string_view {
    const auto* e = find(word);
    return e == nullptr || e->removed ? std::string_view{}
                                      : std::string_view(m_text).substr(e->flags, e->flags_size);
}

auto RootDictionary::override_for(std::string_view word) const -> std::optional<std::string_view> {
    const auto it = m_overrides.find(word);
    if (it == m_overrides.end()) return std::nullopt;
    return std::string_view{it->second};
}

auto RootDictionary::irregular_words() const -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto& [word, root] : m_overrides) {
        if (root.size() > 1 && word.find(std::string_view(root).substr(1)) == std::string::npos) {
            out.push_back(word);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void RootDictionary::add_override(std::string word, std::string root) {
    m_overrides.insert_or_assign(std::move(word), std::move(root));
}

auto default_dictionary_path() -> std::string {
    if (const char* env = std::getenv("TELUSUR_HUNSPELL_DIC"); env != nullptr && *env != '\0') {
        return env;
    }
    return "/usr/share/hunspell/id_ID.dic";
}

auto default_extra_path() -> std::string {
    return data_path("stemming/exceptions.tsv");
}

// ---- IndonesianStemmer -----------------------------------------------------------------------

IndonesianStemmer::IndonesianStemmer(std::shared_ptr<const RootDictionary> roots,
                                     std::size_t cache_capacity)
    : m_roots(std::move(roots)), m_cache_capacity(cache_capacity) {
    if (!m_roots) {
        throw std::invalid_argument("IndonesianStemmer needs a root dictionary");
    }
}

auto IndonesianStemmer::operator()(const std::string& word) -> std::string {
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_cache.find(word); it != m_cache.end()) {
            return it->second;
        }
    }
    auto root = stem_uncached(word);
    const std::lock_guard lock(m_mutex);
    if (m_cache.size() >= m_cache_capacity) {
        m_cache.clear();  // simple bound: news vocabulary refills the hot words quickly
    }
    if (m_cache_capacity > 0) {
        m_cache.emplace(word, root);
    }
    return root;
}

auto IndonesianStemmer::get_description() const -> std::string {
    return "telusur-indonesian";
}

auto IndonesianStemmer::stem_uncached(std::string_view word) const -> std::string {
    if (!letters_and_hyphens(word)) {
        return std::string(word);  // empty, digits (h200, covid-19), non-ASCII letters, symbols
    }
    if (word.find('-') != std::string_view::npos) {
        return stem_reduplicated(word);
    }
    return stem_simple(word);
}

auto IndonesianStemmer::stem_simple(std::string_view word) const -> std::string {
    if (const auto over = m_roots->override_for(word)) {
        return std::string(*over);
    }
    if (word.size() <= k_min_root || m_roots->contains(word)) {
        return std::string(word);
    }
    ParseSearch search(*m_roots);
    search.run(word);
    if (const auto* best = search.best()) {
        return best->root;
    }
    return strip_inflection(word);
}

// Reduplication: "buku-buku" -> buku, "berbalas-balasan" -> balas, "meniru-nirukan" -> tiru,
// "kuasa-mu" -> kuasa. A compound whose halves do not share a root ("bolak-balik") is kept whole.
auto IndonesianStemmer::stem_reduplicated(std::string_view word) const -> std::string {
    if (const auto over = m_roots->override_for(word)) {
        return std::string(*over);
    }
    const auto dash = word.rfind('-');
    const auto head = word.substr(0, dash);
    const auto tail = word.substr(dash + 1);
    if (head.empty() || tail.empty()) {
        return std::string(word);
    }
    // Full reduplication conflates with its base even when hunspell lists it (benar-benar).
    if (head == tail) {
        return stem_simple(head);
    }
    if (m_roots->contains(word)) {
        return std::string(word);
    }
    for (std::string_view clitic : {"ku", "mu", "nya", "lah", "kah", "pun", "tah"}) {
        if (tail == clitic) {
            return stem_uncached(head);
        }
    }
    if (head.find('-') != std::string_view::npos) {
        return std::string(word);
    }
    auto left = stem_simple(head);
    if (stem_simple(tail) == left) {
        return left;
    }
    // The second half often lacks the prefix's first syllable: menyepak-nyepak, meniru-nirukan.
    if (left != head && stem_simple("me" + std::string(tail)) == left) {
        return left;
    }
    return std::string(word);
}

}  // namespace telusur::analysis
