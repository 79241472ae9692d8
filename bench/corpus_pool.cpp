// The sentence pool, the gazetteer and the random machinery shared by gen_corpus and gen_queries.

#include "corpus_pool.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "telusur/text.hpp"

namespace fs = std::filesystem;

namespace bench {

// ---------------------------------------------------------------------------------------------
// Random numbers

namespace {

auto splitmix64(std::uint64_t& x) -> std::uint64_t {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

auto rotl(std::uint64_t x, int k) -> std::uint64_t {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
}

}  // namespace

Rng::Rng(std::uint64_t seed) : m_s{} {
    for (auto& s : m_s) {
        s = splitmix64(seed);
    }
}

auto Rng::next() -> std::uint64_t {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17U;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

auto Rng::below(std::uint64_t n) -> std::uint64_t {
    // Lemire's multiply-shift; the tiny bias is irrelevant here and the result is portable.
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64U);
}

auto Rng::uniform() -> double {
    return static_cast<double>(next() >> 11U) * 0x1.0p-53;
}

auto Rng::between(int lo, int hi) -> int {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

Zipf::Zipf(std::size_t n, double exponent, double offset) {
    m_cumulative.reserve(n);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += 1.0 / std::pow(static_cast<double>(i) + offset, exponent);
        m_cumulative.push_back(sum);
    }
    for (auto& c : m_cumulative) {
        c /= sum;
    }
}

auto Zipf::draw(Rng& rng) const -> std::size_t {
    auto u = rng.uniform();
    auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
    auto i = static_cast<std::size_t>(it - m_cumulative.begin());
    return std::min(i, m_cumulative.size() - 1);
}

auto Zipf::probability(std::size_t rank) const -> double {
    return rank == 0 ? m_cumulative[0] : m_cumulative[rank] - m_cumulative[rank - 1];
}

// ---------------------------------------------------------------------------------------------
// Text helpers

auto lower(std::string_view s) -> std::string {
    return telusur::ascii_lower(s);
}

namespace {

auto is_word_byte(char c) -> bool {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

auto trim(std::string_view s) -> std::string_view {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
    }
    return s;
}

/// Collapses runs of white space (and no-break spaces) into one space and trims.
auto squeeze(std::string_view s) -> std::string {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
            c = ' ';  // U+00A0 no-break space
            ++i;
        }
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            if (!out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
        } else {
            out.push_back(c);
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

auto valid_utf8(std::string_view s) -> bool {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80) {
            n = 0;
        } else if ((c & 0xE0U) == 0xC0U && c >= 0xC2) {
            n = 1;
        } else if ((c & 0xF0U) == 0xE0U) {
            n = 2;
        } else if ((c & 0xF8U) == 0xF0U && c <= 0xF4) {
            n = 3;
        } else {
            return false;
        }
        if (i + n >= s.size() && n > 0) {
            return false;  // truncated sequence
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

auto read_file(const fs::path& path) -> std::string {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Decompresses a gzip file through gzip(1) (always on Debian; no zlib headers needed).
auto read_gzip(const fs::path& path) -> std::string {
    std::string cmd = "gzip -dc -- '" + path.string() + "'";
    // The path comes from our own generator inputs (Debian doc files), quoted.
    // NOLINTNEXTLINE(cert-env33-c)
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run " + cmd);
    }
    std::string out;
    std::array<char, 65536> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        out.append(buf.data(), n);
    }
    pclose(pipe);
    return out;
}

/// Files under dir (recursively) whose name ends with suffix, sorted.
auto files_under(const fs::path& dir, std::string_view suffix) -> std::vector<fs::path> {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return out;
    }
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (e.is_regular_file() && e.path().filename().string().ends_with(suffix)) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// ---------------------------------------------------------------------------------------------
// Sentences

const std::unordered_set<std::string> kIndonesianMarkers{
    "yang",  "dan",  "di",      "untuk",  "dengan", "ini",      "itu",   "tidak", "dari",
    "ke",    "akan", "dapat",   "adalah", "atau",   "pada",     "dalam", "jika",  "anda",
    "telah", "bisa", "sebagai", "oleh",   "harus",  "tersebut", "juga",  "lebih", "karena"};

const std::unordered_set<std::string> kEnglishMarkers{"the", "and",  "of",   "is",   "to",
                                                      "you", "for",  "this", "with", "are",
                                                      "be",  "that", "not",  "your"};

const std::unordered_set<std::string> kAbbreviations{
    "dll", "dsb",   "dst", "mis",  "no", "dr", "hlm", "yg",  "tsb", "spt", "sbg", "e.g",
    "i.e", "misal", "ir",  "prof", "jl", "tn", "ny",  "sdr", "kab", "kec", "etc", "vs"};

auto is_upper_start(std::string_view s) -> bool {
    while (!s.empty() && (s.front() == '"' || s.front() == '(')) {
        s.remove_prefix(1);
    }
    return !s.empty() && s.front() >= 'A' && s.front() <= 'Z';
}

/// Splits a paragraph at '.', '!' or '?' followed by a space and a capital letter, except after
/// a known abbreviation or a single letter.
auto split_sentences(std::string_view para) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i + 2 < para.size(); ++i) {
        const char c = para[i];
        if ((c != '.' && c != '!' && c != '?') || para[i + 1] != ' ' ||
            !is_upper_start(para.substr(i + 2))) {
            continue;
        }
        if (c == '.') {
            auto w = i;
            while (w > start && is_word_byte(para[w - 1])) {
                --w;
            }
            auto word = lower(para.substr(w, i - w));
            if (word.size() <= 1 || kAbbreviations.count(word) != 0U) {
                continue;
            }
        }
        out.emplace_back(trim(para.substr(start, i + 1 - start)));
        start = i + 2;
    }
    if (start < para.size()) {
        out.emplace_back(trim(para.substr(start)));
    }
    return out;
}

/// True for a prose-like Indonesian sentence.
auto acceptable(std::string_view s, bool news) -> bool {
    if (s.size() < 40 || s.size() > 320 || !is_upper_start(s)) {
        return false;
    }
    const char last = s.back();
    if (last != '.' && last != '!' && last != '?' && !(news && (last == '"' || last == ')'))) {
        return false;
    }
    if (s.find_first_of(news ? "%$<>{}[]|\\=_@#*`~^" : "%$<>{}[]|\\/=_@#*`~^&;") !=
            std::string_view::npos ||
        s.find("--") != std::string_view::npos || s.find("...") != std::string_view::npos ||
        s.find("://") != std::string_view::npos || s.find("  ") != std::string_view::npos) {
        return false;
    }
    if (!valid_utf8(s)) {
        return false;
    }
    std::size_t digits = 0;
    for (char c : s) {
        digits += (c >= '0' && c <= '9') ? 1U : 0U;
    }
    if (digits * (news ? 8 : 20) > s.size()) {
        return false;
    }
    auto words = words_of(s);
    if (words.size() < 6) {
        return false;
    }
    std::size_t id = 0;
    std::size_t en = 0;
    for (const auto& w : words) {
        auto l = lower(w);
        id += kIndonesianMarkers.count(l);
        en += kEnglishMarkers.count(l);
    }
    return id >= (news ? 1U : 2U) && en == 0;
}

/// Plain text of a roff man page: macro lines end paragraphs, escapes are removed.
auto roff_paragraphs(std::string_view roff) -> std::vector<std::string> {
    std::vector<std::string> paras;
    std::string cur;
    auto flush = [&] {
        auto p = squeeze(cur);
        if (!p.empty()) {
            paras.push_back(std::move(p));
        }
        cur.clear();
    };
    std::istringstream in{std::string(roff)};
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '.' || line[0] == '\'') {
            flush();
            continue;
        }
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] != '\\' || i + 1 >= line.size()) {
                text.push_back(line[i]);
                continue;
            }
            const char e = line[++i];
            auto skip_name = [&] {  // \fB, \f(CW, \f[B], \(em, \*(xx
                if (i + 1 >= line.size()) {
                    return;
                }
                if (line[i + 1] == '(') {
                    i = std::min(i + 3, line.size() - 1);
                } else if (line[i + 1] == '[') {
                    auto close = line.find(']', i + 1);
                    i = close == std::string::npos ? line.size() - 1 : close;
                } else {
                    ++i;
                }
            };
            switch (e) {
                case '"':
                    i = line.size();  // comment
                    break;
                case 'f':
                case '*':
                case 'n':
                    skip_name();
                    break;
                case '(':
                    i = std::min(i + 2, line.size() - 1);
                    text.push_back(' ');
                    break;
                case '-':
                    text.push_back('-');
                    break;
                case ' ':
                case '~':
                    text.push_back(' ');
                    break;
                case 'e':
                    text.push_back('\\');
                    break;
                default:
                    break;  // \&, \|, \^, \, and friends: nothing
            }
        }
        cur += text;
        cur += ' ';
    }
    flush();
    return paras;
}

/// Paragraphs of Debian Reference's plain-text rendering: blocks between blank lines, without
/// command examples, tables and list bullets.
auto reference_paragraphs(std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> paras;
    std::string cur;
    bool code = false;
    auto flush = [&] {
        auto p = squeeze(cur);
        if (!p.empty() && !code) {
            paras.push_back(std::move(p));
        }
        cur.clear();
        code = false;
    };
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        auto t = trim(line);
        if (t.empty()) {
            flush();
            continue;
        }
        if (t.starts_with("$ ") || t.starts_with("# ") || t.starts_with("|") ||
            t.starts_with("+-")) {
            code = true;
        }
        if (t.starts_with("* ") || t.starts_with("+ ") || t.starts_with("o ")) {
            flush();
            t.remove_prefix(2);
        }
        cur.append(t).push_back(' ');
    }
    flush();
    return paras;
}

auto read_u32(const std::string& data, std::size_t off, bool swap) -> std::uint32_t {
    if (off + 4 > data.size()) {
        throw std::runtime_error("truncated .mo file");
    }
    std::uint32_t v = 0;
    std::memcpy(&v, data.data() + off, 4);
    return swap ? __builtin_bswap32(v) : v;
}

/// The translations (msgstr, first plural form) of a GNU .mo catalog.
auto mo_translations(const std::string& data) -> std::vector<std::string> {
    std::vector<std::string> out;
    if (data.size() < 28) {
        return out;
    }
    const auto magic = read_u32(data, 0, false);
    bool swap = false;
    if (magic == 0xde120495U) {
        swap = true;
    } else if (magic != 0x950412deU) {
        return out;
    }
    const auto n = read_u32(data, 8, swap);
    const auto table = read_u32(data, 16, swap);
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto len = read_u32(data, table + 8U * i, swap);
        const auto off = read_u32(data, table + 8U * i + 4, swap);
        if (len == 0 || static_cast<std::size_t>(off) + len > data.size()) {
            continue;
        }
        std::string s(data.data() + off, len);
        s = s.substr(0, s.find('\0'));
        if (s.find("Content-Type:") != std::string::npos) {
            continue;  // the header entry
        }
        // A catalog's line breaks are layout; blank lines separate paragraphs.
        std::size_t start = 0;
        while (start <= s.size()) {
            auto end = s.find("\n\n", start);
            if (end == std::string::npos) {
                end = s.size();
            }
            auto p = squeeze(std::string_view(s).substr(start, end - start));
            if (!p.empty()) {
                out.push_back(std::move(p));
            }
            start = end + 2;
        }
    }
    return out;
}

/// Hand-written news sentences with slots: {company}, {product}, {person}, {place}, {org}, {num}.
const std::array<const char*, 30> kStockTemplates{
    "{company} mengumumkan rencana investasi baru senilai {num} miliar dolar AS untuk memperluas "
    "pusat data di {place}.",
    "Saham {company} naik {num} persen setelah laporan keuangan kuartal terakhir melampaui "
    "perkiraan analis.",
    "Menurut {org}, permintaan chip kecerdasan buatan dari {place} terus meningkat sepanjang "
    "tahun ini.",
    "{person} mengatakan bahwa perusahaannya akan tetap bekerja sama dengan {company} meskipun ada "
    "pembatasan ekspor.",
    "Produk {product} disebut mampu bersaing dengan chip buatan {company} dalam melatih model "
    "bahasa besar.",
    "Pemerintah {place} memperketat aturan ekspor semikonduktor canggih ke {place}.",
    "{company} dikabarkan sedang mengembangkan prosesor AI sendiri untuk mengurangi ketergantungan "
    "pada {company}.",
    "Analis menilai langkah {company} akan mengubah peta persaingan industri semikonduktor global.",
    "Dalam wawancara dengan {org}, {person} menegaskan pentingnya kemandirian teknologi.",
    "Penjualan {product} di {place} turun tajam setelah regulator setempat meminta perusahaan "
    "menghentikan pembelian.",
    "{company} dan {company} menandatangani kesepakatan kerja sama untuk memasok server AI ke "
    "sejumlah pusat data.",
    "Kebijakan baru itu membuat {company} harus mendapatkan izin khusus sebelum menjual {product} "
    "ke pelanggan di {place}.",
    "Para pengembang di {place} mulai beralih ke {product} karena pasokan chip impor semakin "
    "terbatas.",
    "{person} dijadwalkan bertemu dengan pejabat {org} untuk membahas kontrol ekspor teknologi.",
    "Laporan {org} menyebutkan bahwa {company} telah menimbun ribuan unit {product} sebelum "
    "larangan berlaku.",
    "Nilai pasar {company} kini mencapai lebih dari {num} triliun dolar AS.",
    "Perusahaan rintisan asal {place} itu memanfaatkan {product} untuk melatih model kecerdasan "
    "buatan berbiaya rendah.",
    "Investasi {company} di {place} diperkirakan akan menciptakan ribuan lapangan kerja baru.",
    "Juru bicara {company} menolak berkomentar mengenai laporan tersebut.",
    "{company} memperkenalkan {product} generasi terbaru yang diklaim lebih hemat energi.",
    "Kerja sama antara {company} dan pemerintah {place} mencakup pelatihan talenta digital dan "
    "riset bersama.",
    "Menteri dari {place} menyatakan bahwa negaranya terbuka bagi investasi {company} di sektor "
    "kecerdasan buatan.",
    "Sejumlah pengamat menilai {person} berhasil membawa {company} bertahan di tengah tekanan "
    "geopolitik.",
    "Pangsa pasar {company} di {place} diperkirakan turun menjadi {num} persen tahun depan.",
    "Pengguna {product} di {place} kini mencapai {num} juta orang.",
    "{org} melaporkan bahwa penyelundupan chip canggih ke {place} masih terjadi melalui negara "
    "ketiga.",
    "Pengembangan {product} melibatkan ratusan insinyur yang sebelumnya bekerja di {company}.",
    "Kebijakan tarif yang diumumkan {person} memicu kekhawatiran di kalangan produsen perangkat "
    "keras.",
    "Penimbunan chip oleh {company} dinilai sebagai strategi untuk menghadapi sanksi dari {place}.",
    "{company} berencana mengembangkan pusat riset kecerdasan buatan bersama universitas di "
    "{place}."};

/// Finds alias mentions (word-bounded; case-exact aliases compared exactly, others ignoring ASCII
/// case) and turns them into slots of the entity's type. Longest alias first.
auto slot_entities(const std::string& sentence, const std::vector<Entity>& entities)
    -> std::optional<Template> {
    struct Alias {
        std::string text;
        std::string lowered;
        std::string type;
        bool exact;
    };
    static thread_local std::vector<Alias> aliases;
    if (aliases.empty()) {
        for (const auto& e : entities) {
            for (std::size_t i = 0; i < e.aliases.size(); ++i) {
                if (e.aliases[i].size() >= 2) {
                    aliases.push_back({e.aliases[i], lower(e.aliases[i]), e.type, e.exact[i]});
                }
            }
        }
        std::stable_sort(aliases.begin(), aliases.end(), [](const Alias& a, const Alias& b) {
            return a.text.size() > b.text.size();
        });
    }
    const auto lowered = lower(sentence);
    Template t;
    std::size_t pos = 0;
    std::size_t literal_start = 0;
    bool any = false;
    while (pos < sentence.size()) {
        if (pos > 0 && is_word_byte(sentence[pos - 1])) {
            ++pos;
            continue;
        }
        const Alias* hit = nullptr;
        for (const auto& a : aliases) {
            const auto end = pos + a.text.size();
            if (end > sentence.size() || (end < sentence.size() && is_word_byte(sentence[end]))) {
                continue;
            }
            if (a.exact ? sentence.compare(pos, a.text.size(), a.text) == 0
                        : lowered.compare(pos, a.lowered.size(), a.lowered) == 0) {
                hit = &a;
                break;
            }
        }
        if (hit == nullptr) {
            ++pos;
            continue;
        }
        if (pos > literal_start) {
            t.pieces.push_back({sentence.substr(literal_start, pos - literal_start), false});
        }
        t.pieces.push_back({hit->type, true});
        any = true;
        pos += hit->text.size();
        literal_start = pos;
    }
    if (!any) {
        return std::nullopt;
    }
    if (literal_start < sentence.size()) {
        t.pieces.push_back({sentence.substr(literal_start), false});
    }
    return t;
}

// ---------------------------------------------------------------------------------------------
// hunspell affixes

/// One PFX/SFX rule: strip, add, the add's continuation flags, the condition.
struct AffixRule {
    std::string strip;
    std::string add;
    std::vector<std::string> flags;
    std::vector<std::pair<std::string, bool>> condition;  ///< per char: set, negated
};

struct AffixClass {
    bool prefix = false;
    std::vector<AffixRule> rules;
};

auto split_flags(std::string_view s) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        out.emplace_back(s.substr(i, 2));  // FLAG long: two characters a flag
    }
    return out;
}

auto parse_condition(std::string_view c) -> std::vector<std::pair<std::string, bool>> {
    std::vector<std::pair<std::string, bool>> out;
    if (c == ".") {
        return out;
    }
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i] == '[') {
            auto close = c.find(']', i);
            auto body = c.substr(i + 1, close - i - 1);
            bool negated = body.starts_with("^");
            std::string set;
            for (char ch : body) {
                if (ch != '^') {
                    set.push_back(ch);  // "[^l^r]" in id_ID.aff means "neither l nor r"
                }
            }
            out.emplace_back(set, negated);
            i = close;
        } else if (c[i] == '.') {
            out.emplace_back("", true);  // any character
        } else {
            out.emplace_back(std::string(1, c[i]), false);
        }
    }
    return out;
}

auto condition_holds(const AffixRule& r, std::string_view word, bool prefix) -> bool {
    if (r.condition.size() > word.size()) {
        return false;
    }
    const auto base = prefix ? 0 : word.size() - r.condition.size();
    for (std::size_t i = 0; i < r.condition.size(); ++i) {
        const auto& [set, negated] = r.condition[i];
        const bool in = set.find(word[base + i]) != std::string::npos;
        if (in == negated) {
            return false;
        }
    }
    return true;
}

/// Applies one rule; "" when it does not apply.
auto apply_rule(const AffixRule& r, const std::string& word, bool prefix) -> std::string {
    if (!condition_holds(r, word, prefix)) {
        return "";
    }
    if (prefix) {
        if (!word.starts_with(r.strip)) {
            return "";
        }
        return r.add + word.substr(r.strip.size());
    }
    if (!word.ends_with(r.strip)) {
        return "";
    }
    return word.substr(0, word.size() - r.strip.size()) + r.add;
}

auto lexicon_word(const std::string& w) -> bool {
    return w.size() >= 3 && w.front() != '-' && w.back() != '-' &&
           std::all_of(w.begin(), w.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

/// -lah, -kah, -ku, -mu endings: real, but rare in news; the dictionary would make them as
/// frequent as -nya or -kan.
auto rare_particle(std::string_view add) -> bool {
    return add.ends_with("lah") || add.ends_with("kah") || add.ends_with("ku") ||
           add.ends_with("mu");
}

}  // namespace

auto parse_template(std::string_view s) -> Template {
    Template t;
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto open = s.find('{', pos);
        if (open == std::string_view::npos) {
            t.pieces.push_back({std::string(s.substr(pos)), false});
            break;
        }
        auto close = s.find('}', open);
        if (open > pos) {
            t.pieces.push_back({std::string(s.substr(pos, open - pos)), false});
        }
        t.pieces.push_back({std::string(s.substr(open + 1, close - open - 1)), true});
        pos = close + 1;
    }
    return t;
}

auto load_lexicon(const std::string& dic_path, const std::string& aff_path)
    -> std::vector<std::string> {
    std::map<std::string, AffixClass> classes;
    std::string circumfix;
    {
        std::istringstream in(read_file(aff_path));
        std::string line;
        while (std::getline(in, line)) {
            line = line.substr(0, line.find('#'));
            std::istringstream fields(line);
            std::vector<std::string> f;
            std::string x;
            while (fields >> x) {
                f.push_back(x);
            }
            if (f.size() == 2 && f[0] == "CIRCUMFIX") {
                circumfix = f[1];
            }
            if (f.size() < 4 || (f[0] != "PFX" && f[0] != "SFX")) {
                continue;
            }
            auto [it, fresh] = classes.try_emplace(f[1]);
            it->second.prefix = f[0] == "PFX";
            if (fresh) {
                continue;  // the header line: PFX flag Y|N count
            }
            AffixRule r;
            r.strip = f[2] == "0" ? "" : f[2];
            auto slash = f[3].find('/');
            r.add = f[3].substr(0, slash);
            if (r.add == "0") {
                r.add.clear();
            }
            if (slash != std::string::npos) {
                r.flags = split_flags(std::string_view(f[3]).substr(slash + 1));
            }
            r.condition = parse_condition(f.size() >= 5 ? f[4] : ".");
            it->second.rules.push_back(std::move(r));
        }
    }
    std::set<std::string> words;
    auto emit = [&](const std::string& w) {
        if (lexicon_word(w)) {
            words.insert(w);
        }
    };
    std::istringstream in(read_file(dic_path));
    std::string line;
    std::getline(in, line);  // the word count
    while (std::getline(in, line)) {
        line = line.substr(0, line.find_first_of(" \t"));
        const auto slash = line.find('/');
        const auto root = line.substr(0, slash);
        if (!lexicon_word(root)) {
            continue;  // proper names, abbreviations, Latin-1 letters
        }
        emit(root);
        if (slash == std::string::npos) {
            continue;
        }
        for (const auto& flag : split_flags(std::string_view(line).substr(slash + 1))) {
            auto c = classes.find(flag);
            if (c == classes.end()) {
                continue;
            }
            for (const auto& r : c->second.rules) {
                if (!c->second.prefix && rare_particle(r.add)) {
                    continue;
                }
                auto w = apply_rule(r, root, c->second.prefix);
                if (w.empty()) {
                    continue;
                }
                const bool bound =
                    std::find(r.flags.begin(), r.flags.end(), circumfix) != r.flags.end();
                if (!bound) {
                    emit(w);
                }
                // Continuation flags: the other half of a circumfix (me-...-kan), a suffix
                // after a prefix, or the like.
                for (const auto& next : r.flags) {
                    auto n = classes.find(next);
                    if (n == classes.end() || n->second.prefix == c->second.prefix) {
                        continue;
                    }
                    for (const auto& r2 : n->second.rules) {
                        auto w2 = apply_rule(r2, w, n->second.prefix);
                        if (!w2.empty()) {
                            emit(w2);
                        }
                    }
                }
            }
        }
    }
    std::vector<std::string> out(words.begin(), words.end());
    Rng order(0x6c65'7869'636fULL);
    for (std::size_t i = out.size(); i > 1; --i) {
        std::swap(out[i - 1], out[order.below(i)]);
    }
    return out;
}

auto words_of(std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (is_word_byte(c)) {
            cur.push_back(c);
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) {
        out.push_back(std::move(cur));
    }
    return out;
}

auto load_words(const std::string& path) -> std::vector<std::string> {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        auto t = trim(line.substr(0, line.find('#')));
        if (!t.empty()) {
            out.emplace_back(t);
        }
    }
    return out;
}

auto load_entities(const std::string& path) -> std::vector<Entity> {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::vector<Entity> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::vector<std::string> cols;
        std::istringstream fields(line);
        std::string col;
        while (std::getline(fields, col, '\t')) {
            cols.push_back(col);
        }
        if (cols.size() < 4) {
            continue;
        }
        Entity e{cols[0], cols[1], cols[2], {}, {}};
        std::istringstream aliases(cols[3]);
        std::string a;
        while (std::getline(aliases, a, '|')) {
            bool exact = a.starts_with("=");
            auto text = std::string(trim(exact ? a.substr(1) : a));
            if (!text.empty()) {
                e.aliases.push_back(text);
                e.exact.push_back(exact);
            }
        }
        if (e.aliases.empty()) {
            e.aliases.push_back(e.name);
            e.exact.push_back(false);
        }
        out.push_back(std::move(e));
    }
    return out;
}

auto build_pool(const std::string& data_dir,
                const std::vector<Entity>& entities,
                const std::string& system_root) -> Pool {
    Pool pool;
    std::set<std::string> seen;
    auto add = [&](std::vector<std::string>& to, const std::string& para, bool news,
                   const std::string& source) {
        for (auto& s : split_sentences(para)) {
            if (acceptable(s, news) && seen.insert(s).second) {
                to.push_back(s);
                if (!news) {
                    ++pool.sources[source];
                }
            }
        }
    };

    // The bundled articles: one paragraph a line.
    for (const auto& path : files_under(fs::path(data_dir) / "articles", ".txt")) {
        std::istringstream in(read_file(path));
        std::string line;
        while (std::getline(in, line)) {
            add(pool.news, squeeze(line), true, "articles");
        }
    }
    for (const auto& s : pool.news) {
        if (auto t = slot_entities(s, entities)) {
            pool.templates.push_back(std::move(*t));
        }
    }
    for (const auto* s : kStockTemplates) {
        pool.templates.push_back(parse_template(s));
    }

    const fs::path root = system_root.empty() ? fs::path("/") : fs::path(system_root);
    for (const auto& path : files_under(root / "usr/share/man/id", ".gz")) {
        for (const auto& p : roff_paragraphs(read_gzip(path))) {
            add(pool.general, p, false, "manpages-id");
        }
    }
    for (const auto& path : files_under(root / "usr/share/debian-reference", ".id.txt.gz")) {
        for (const auto& p : reference_paragraphs(read_gzip(path))) {
            add(pool.general, p, false, "debian-reference-id");
        }
    }
    for (const auto& path : files_under(root / "usr/share/locale/id/LC_MESSAGES", ".mo")) {
        for (const auto& p : mo_translations(read_file(path))) {
            add(pool.general, p, false, "locale-id");
        }
    }
    if (pool.general.size() + pool.news.size() < 500) {
        throw std::runtime_error(
            "only " + std::to_string(pool.general.size() + pool.news.size()) +
            " Indonesian sentences found; install manpages-id and debian-reference-id");
    }
    // A fixed shuffle decides which sentences are frequent (their Zipf rank), independently of
    // the article seed, so queries made with any seed fit any corpus.
    Rng order(0x7465'6c75'7375'72ULL);
    for (auto* v : {&pool.news, &pool.general}) {
        for (std::size_t i = v->size(); i > 1; --i) {
            std::swap((*v)[i - 1], (*v)[order.below(i)]);
        }
    }
    return pool;
}

auto parse_bench_options(int argc,
                         char** argv,
                         const boost::program_options::options_description& options,
                         const char* program) -> bool {
    namespace po = boost::program_options;
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help") != 0U) {
            std::cout << options;
            return true;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        bench_usage(program, options, e.what());
    }
    return false;
}

void bench_usage(const char* program,
                 const boost::program_options::options_description& options,
                 const std::string& error) {
    std::cerr << program << ": " << error << "\n" << options;
    std::exit(2);
}

}  // namespace bench
