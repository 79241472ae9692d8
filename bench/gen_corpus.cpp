/// @file
/// @brief Generates a deterministic set of Indonesian news-like articles for the benchmark.
///
/// Usage: gen_corpus --articles N --out DIR [--seed S] [--first K] [--format txt|jsonl|both]
///                   [--data DIR]
///        gen_corpus --pool-stats [--data DIR]
/// (--hunspell PREFIX: the dictionary, default /usr/share/hunspell/id_ID -> .dic and .aff)
///
/// Each article (about 2.6 KB) is a title line, sometimes a date line ("Posted On Mei 27, 2025",
/// "Senin, 12 Feb 2024 14:30 WIB", "27 Mei 2025"), a dateline naming the site in most, and
/// paragraphs of real Indonesian sentences drawn with Zipf-like frequencies from the pool (see
/// corpus_pool.hpp): Debian's Indonesian prose, the bundled articles, and news sentences whose
/// entity slots are filled from data/entities.tsv with skewed popularity (file order = rank).
/// Some articles carry site furniture ("Baca juga: ...", a trailing "Berita Terkait" list).
/// About 6% of the other words of a sentence (lower-case, 4+ letters, not stop words) are replaced
/// by word forms of the hunspell-id dictionary drawn with Zipf-like frequencies (see
/// load_lexicon), so the vocabulary keeps growing with the corpus as a real one does (Heaps' law)
/// instead of stopping at the pool's few thousand words.
///
/// Output: DIR/txt/NNNN/ID.txt (1000 files a directory), DIR/jsonl/articles.jsonl (fields id,
/// title, date, source, body) and DIR/MANIFEST.json (counts and bytes). The same seed, article
/// count and installed Debian packages give byte-identical output; article i does not depend on N.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus_pool.hpp"

namespace fs = std::filesystem;

namespace {

namespace po = boost::program_options;
using bench::bench_usage;
using bench::parse_bench_options;

constexpr std::size_t kFilesPerDir = 1000;

const std::vector<std::string> kMonths{"Januari",   "Februari", "Maret",    "April",
                                       "Mei",       "Juni",     "Juli",     "Agustus",
                                       "September", "Oktober",  "November", "Desember"};
const std::vector<std::string> kMonthsShort{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                            "Jul", "Agt", "Sep", "Okt", "Nov", "Des"};
const std::vector<std::string> kWeekdays{"Minggu", "Senin", "Selasa", "Rabu",
                                         "Kamis",  "Jumat", "Sabtu"};
/// Sites, most frequent first; the dateline shape telusur recognises ("City, SITE - ").
const std::vector<std::string> kSources{
    "KOMPAS.com",   "Selular.id",     "Tempo.co",   "Liputan6.com",   "ANTARA",
    "Kontan.co.id", "BERITA PANGKEP", "Bisnis.com", "Katadata.co.id", "CNBC"};
const std::vector<std::string> kCities{"Jakarta",  "Surabaya", "Bandung",    "Medan",    "Makassar",
                                       "Semarang", "Beijing",  "Washington", "Singapura"};
const std::vector<std::string> kHeadlines{"{company} Luncurkan {product} Generasi Baru",
                                          "Saham {company} Melonjak Usai Laporan Kuartalan",
                                          "{place} Perketat Ekspor Chip ke {place}",
                                          "{person} Bicara Soal Masa Depan Kecerdasan Buatan",
                                          "Mengapa {company} Semakin Kuat di Tengah Pembatasan",
                                          "{company} Siapkan Investasi Rp{num} Triliun di {place}",
                                          "Persaingan Chip AI: {company} vs {company}",
                                          "{org} Ungkap Penyelundupan Chip ke {place}",
                                          "Pengguna {product} Tembus {num} Juta",
                                          "{company} Geser Strategi Desain Chip",
                                          "{person} Temui Bos {company} di {place}",
                                          "Penimbunan Chip {company} Jadi Sorotan"};
const std::set<std::string> kSmallWords{"di",   "ke",   "dari", "dan",   "yang",   "untuk",
                                        "oleh", "pada", "atau", "dalam", "dengan", "akan"};

struct Options {
    std::size_t articles = 0;
    std::uint64_t seed = 1;
    std::size_t first = 0;  ///< number of the first article (ids and text follow from it)
    std::string out;
    std::string format = "both";
    std::string data = BENCH_DATA_DIR;
    std::string hunspell = "/usr/share/hunspell/id_ID";
    bool pool_stats = false;
};

auto parse(int argc, char** argv) -> Options {
    Options o;
    po::options_description d(
        "usage: gen_corpus --articles N --out DIR [--seed S] [--first K] "
        "[--format txt|jsonl|both] [--data DIR]\n       gen_corpus --pool-stats [--data "
        "DIR]\n\nOptions");
    d.add_options()("help,h", "show this help")("articles", po::value(&o.articles),
                                                "number of articles")(
        "seed", po::value(&o.seed)->default_value(o.seed), "random seed")(
        "first", po::value(&o.first)->default_value(o.first),
        "number of the first article: articles K..K+N-1 of the corpus of this seed (the ones a "
        "corpus of K articles does not have)")("out", po::value(&o.out), "output directory")(
        "format", po::value(&o.format)->default_value(o.format), "txt, jsonl or both")(
        "data", po::value(&o.data)->default_value(o.data), "telusur's data directory")(
        "hunspell", po::value(&o.hunspell)->default_value(o.hunspell), "hunspell dictionary")(
        "pool-stats", po::bool_switch(&o.pool_stats), "print the sentence pool's figures");
    if (parse_bench_options(argc, argv, d, "gen_corpus")) {
        std::exit(0);
    }
    if (!o.pool_stats && (o.articles == 0 || o.out.empty())) {
        bench_usage("gen_corpus", d, "--articles and --out are required");
    }
    if (o.format != "txt" && o.format != "jsonl" && o.format != "both") {
        bench_usage("gen_corpus", d, "--format must be txt, jsonl or both");
    }
    return o;
}

auto upper_ascii(std::string s) -> std::string {
    for (auto& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return s;
}

void json_escape(std::string& out, std::string_view s) {
    out.push_back('"');
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    (void)std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

struct Article {
    std::string id;
    std::string title;
    std::string date_line;  ///< "" when none
    std::string iso_date;   ///< "" when none
    std::string source;
    std::vector<std::string> paragraphs;
};

class Generator {
public:
    Generator(bench::Pool pool,
              std::vector<bench::Entity> entities,
              std::vector<std::string> lexicon,
              std::set<std::string> stop)
        : m_pool(std::move(pool)),
          m_entities(std::move(entities)),
          m_lexicon(std::move(lexicon)),
          m_stop(std::move(stop)) {
        m_lexicon_zipf = bench::Zipf(m_lexicon.size(), 1.0, 50.0);
        for (std::size_t i = 0; i < m_entities.size(); ++i) {
            m_by_type[m_entities[i].type].push_back(i);
        }
        for (const auto& [type, ids] : m_by_type) {
            m_type_zipf[type] = bench::Zipf(ids.size(), 1.1, 1.0);
        }
        m_news = bench::Zipf(m_pool.news.size(), 0.8, 5.0);
        m_general = bench::Zipf(m_pool.general.size(), 1.0, 30.0);
        m_templates = bench::Zipf(m_pool.templates.size(), 0.5, 2.0);
        m_sources = bench::Zipf(kSources.size(), 1.0, 1.5);
        for (const auto& s : kHeadlines) {
            m_headlines.push_back(bench::parse_template(s));
        }
    }

    auto make(std::uint64_t seed, std::size_t index) -> Article {
        bench::Rng rng(seed * 0x9E3779B97F4A7C15ULL + index);
        Article a;
        char id[32];
        (void)std::snprintf(id, sizeof id, "a%07zu", index);
        a.id = id;
        choose_focus(rng);
        a.title = headline(rng);
        a.source = kSources[m_sources.draw(rng)];
        if (rng.chance(0.6)) {
            date(rng, a);
        }
        const auto target = 1400 + rng.below(2000);
        std::size_t bytes = 0;
        std::set<const void*> used;
        std::string para;
        if (rng.chance(0.7)) {
            para = (a.source.find('.') != std::string::npos && rng.chance(0.5))
                       ? a.source + " – "
                       : kCities[rng.below(kCities.size())] + ", " + a.source + " - ";
        }
        const bool see_also = rng.chance(0.15);
        const bool related = rng.chance(0.08);
        while (bytes < target) {
            const int sentences = rng.between(1, 4);
            for (int s = 0; s < sentences; ++s) {
                auto text = sentence(rng, used);
                if (!para.empty() && para.back() != ' ') {
                    para.push_back(' ');
                }
                para += text;
            }
            bytes += para.size() + 2;
            a.paragraphs.push_back(std::move(para));
            para.clear();
            if (see_also && a.paragraphs.size() == 2) {
                a.paragraphs.push_back("Baca juga: " + headline(rng));
            }
        }
        if (related) {
            a.paragraphs.emplace_back("Berita Terkait");
            for (int k = 0; k < 3; ++k) {
                a.paragraphs.push_back(headline(rng));
            }
        }
        return a;
    }

private:
    void choose_focus(bench::Rng& rng) {
        m_focus.clear();
        for (const auto& [type, ids] : m_by_type) {
            auto& f = m_focus[type];
            const int n = type == "company" ? rng.between(1, 3) : rng.between(1, 2);
            for (int k = 0; k < n; ++k) {
                f.push_back(ids[m_type_zipf[type].draw(rng)]);
            }
        }
    }

    auto mention(bench::Rng& rng, const std::string& type, std::size_t nth) -> std::string {
        if (type == "num") {
            return rng.chance(0.3)
                       ? std::to_string(rng.between(1, 9)) + "," + std::to_string(rng.between(1, 9))
                       : std::to_string(rng.between(2, 250));
        }
        auto it = m_by_type.find(type);
        if (it == m_by_type.end()) {
            return type;
        }
        const auto& focus = m_focus[type];
        const auto& e = m_entities[rng.chance(0.75) ? focus[nth % focus.size()]
                                                    : it->second[m_type_zipf[type].draw(rng)]];
        const auto k = rng.chance(0.65) ? 0 : rng.below(e.aliases.size());
        if (!e.exact[k] && rng.chance(0.08)) {
            return upper_ascii(e.aliases[k]);
        }
        return e.aliases[k];
    }

    auto fill(bench::Rng& rng, const bench::Template& t) -> std::string {
        std::string out;
        std::map<std::string, std::size_t> nth;
        for (const auto& p : t.pieces) {
            out += p.slot ? mention(rng, p.text, nth[p.text]++) : p.text;
        }
        return out;
    }

    auto sentence(bench::Rng& rng, std::set<const void*>& used) -> std::string {
        for (int attempt = 0;; ++attempt) {
            const auto r = rng.uniform();
            const void* key = nullptr;
            if (r < 0.14) {
                const auto& t = m_pool.templates[m_templates.draw(rng)];
                key = &t;
                if (used.insert(key).second || attempt >= 3) {
                    return vary(rng, fill(rng, t));
                }
            } else {
                const auto& s =
                    r < 0.32 ? m_pool.news[m_news.draw(rng)] : m_pool.general[m_general.draw(rng)];
                key = &s;
                if (used.insert(key).second || attempt >= 3) {
                    return vary(rng, s);
                }
            }
        }
    }

    /// Replaces some lower-case content words with dictionary word forms.
    auto vary(bench::Rng& rng, const std::string& s) -> std::string {
        std::string out;
        out.reserve(s.size() + 16);
        std::size_t i = 0;
        while (i < s.size()) {
            if (s[i] < 'a' || s[i] > 'z' || (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(')) {
                out.push_back(s[i++]);
                continue;
            }
            auto end = i;
            while (end < s.size() && s[end] >= 'a' && s[end] <= 'z') {
                ++end;
            }
            const auto word = s.substr(i, end - i);
            const bool boundary =
                end == s.size() || s[end] == ' ' || s[end] == ',' || s[end] == '.' || s[end] == ')';
            if (boundary && word.size() >= 4 && m_stop.count(word) == 0U && rng.chance(0.06)) {
                out += m_lexicon[m_lexicon_zipf.draw(rng)];
            } else {
                out += word;
            }
            i = end;
        }
        return out;
    }

    auto headline(bench::Rng& rng) -> std::string {
        if (rng.chance(0.45)) {
            return fill(rng, m_headlines[rng.below(m_headlines.size())]);
        }
        const auto& s =
            rng.chance(0.5) ? m_pool.news[m_news.draw(rng)] : m_pool.general[m_general.draw(rng)];
        std::vector<std::string> words;
        std::size_t pos = 0;
        const auto want = static_cast<std::size_t>(rng.between(5, 9));
        while (pos < s.size() && words.size() < want) {
            auto end = s.find(' ', pos);
            if (end == std::string::npos) {
                end = s.size();
            }
            words.push_back(s.substr(pos, end - pos));
            pos = end + 1;
        }
        std::string out;
        for (std::size_t i = 0; i < words.size(); ++i) {
            auto w = words[i];
            if ((i == 0 || kSmallWords.count(w) == 0U) && w[0] >= 'a' && w[0] <= 'z') {
                w[0] = static_cast<char>(w[0] - 'a' + 'A');
            }
            out += (i == 0 ? "" : " ") + w;
        }
        while (!out.empty() &&
               std::string_view(".,;:!?\"()").find(out.back()) != std::string_view::npos) {
            out.pop_back();
        }
        return out;
    }

    static void date(bench::Rng& rng, Article& a) {
        using namespace std::chrono;
        const sys_days first = year_month_day{year{2023}, January, day{1}};
        const sys_days day_picked = first + days{rng.below(1035)};  // to the end of Oct 2025
        const year_month_day ymd{day_picked};
        const auto y = static_cast<int>(ymd.year());
        const auto m = static_cast<unsigned>(ymd.month());
        const auto d = static_cast<unsigned>(ymd.day());
        const auto wd = weekday{day_picked}.c_encoding();
        char buf[96];
        (void)std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
        a.iso_date = buf;
        switch (rng.below(3)) {
            case 0:
                (void)std::snprintf(buf, sizeof buf, "Posted On %s %u, %d", kMonths[m - 1].c_str(),
                                    d, y);
                break;
            case 1:
                (void)std::snprintf(buf, sizeof buf, "%s, %u %s %d %02d:%02d WIB",
                                    kWeekdays[wd].c_str(), d, kMonthsShort[m - 1].c_str(), y,
                                    rng.between(6, 22), rng.between(0, 59));
                break;
            default:
                (void)std::snprintf(buf, sizeof buf, "%u %s %d", d, kMonths[m - 1].c_str(), y);
        }
        a.date_line = buf;
    }

    bench::Pool m_pool;
    std::vector<bench::Entity> m_entities;
    std::vector<std::string> m_lexicon;
    std::set<std::string> m_stop;
    bench::Zipf m_lexicon_zipf;
    std::map<std::string, std::vector<std::size_t>> m_by_type;
    std::map<std::string, bench::Zipf> m_type_zipf;
    std::map<std::string, std::vector<std::size_t>> m_focus;
    bench::Zipf m_news;
    bench::Zipf m_general;
    bench::Zipf m_templates;
    bench::Zipf m_sources;
    std::vector<bench::Template> m_headlines;
};

auto to_txt(const Article& a) -> std::string {
    std::string out = a.title + "\n\n";
    if (!a.date_line.empty()) {
        out += a.date_line + "\n\n";
    }
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        out += a.paragraphs[i];
        out += i + 1 < a.paragraphs.size() ? "\n\n" : "\n";
    }
    return out;
}

auto to_jsonl(const Article& a) -> std::string {
    std::string out = "{\"id\":";
    json_escape(out, a.id);
    out += ",\"title\":";
    json_escape(out, a.title);
    out += ",\"date\":";
    if (a.iso_date.empty()) {
        out += "null";
    } else {
        json_escape(out, a.iso_date);
    }
    out += ",\"source\":";
    json_escape(out, a.source);
    std::string body;
    for (const auto& p : a.paragraphs) {
        body.append(body.empty() ? "" : "\n\n").append(p);
    }
    out += ",\"body\":";
    json_escape(out, body);
    out += "}\n";
    return out;
}

void write_file(const fs::path& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
        std::fclose(f) != 0) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

}  // namespace

auto main(int argc, char** argv) -> int {
    try {
        const auto opt = parse(argc, argv);
        auto entities = bench::load_entities(opt.data + "/entities.tsv");
        auto pool = bench::build_pool(opt.data, entities);
        auto lexicon = bench::load_lexicon(opt.hunspell + ".dic", opt.hunspell + ".aff");
        auto stop_list = bench::load_words(opt.data + "/stopwords-id.txt");
        if (opt.pool_stats) {
            std::cout << "lexicon word forms: " << lexicon.size() << "\n";
            for (std::size_t k = 0; k < 12; ++k) {
                std::cout << (k == 0 ? "  e.g. " : " ") << lexicon[k];
            }
            std::cout << "\nnews sentences: " << pool.news.size()
                      << "\ngeneral sentences: " << pool.general.size()
                      << "\ntemplates: " << pool.templates.size() << "\n";
            for (const auto& [source, n] : pool.sources) {
                std::cout << "  " << source << ": " << n << "\n";
            }
            return 0;
        }
        const auto started = std::chrono::steady_clock::now();
        const auto n_news = pool.news.size();
        const auto n_general = pool.general.size();
        const auto n_templates = pool.templates.size();
        const auto n_lexicon = lexicon.size();
        Generator gen(std::move(pool), std::move(entities), std::move(lexicon),
                      std::set<std::string>(stop_list.begin(), stop_list.end()));
        const bool txt = opt.format != "jsonl";
        const bool jsonl = opt.format != "txt";
        const fs::path out(opt.out);
        fs::create_directories(out);
        FILE* jf = nullptr;
        if (jsonl) {
            fs::create_directories(out / "jsonl");
            jf = std::fopen((out / "jsonl" / "articles.jsonl").c_str(), "wb");
            if (jf == nullptr) {
                throw std::runtime_error("cannot write " + (out / "jsonl").string());
            }
        }
        std::uintmax_t txt_bytes = 0;
        std::uintmax_t jsonl_bytes = 0;
        std::uintmax_t dated = 0;
        for (std::size_t i = opt.first; i < opt.first + opt.articles; ++i) {
            const auto a = gen.make(opt.seed, i);
            dated += a.iso_date.empty() ? 0U : 1U;
            if (txt) {
                char shard[32];
                (void)std::snprintf(shard, sizeof shard, "%04zu", i / kFilesPerDir);
                const auto dir = out / "txt" / shard;
                if (i % kFilesPerDir == 0 || i == opt.first) {
                    fs::create_directories(dir);
                }
                const auto text = to_txt(a);
                txt_bytes += text.size();
                write_file(dir / (a.id + ".txt"), text);
            }
            if (jsonl) {
                const auto line = to_jsonl(a);
                jsonl_bytes += line.size();
                if (std::fwrite(line.data(), 1, line.size(), jf) != line.size()) {
                    throw std::runtime_error("cannot write articles.jsonl");
                }
            }
        }
        if (jf != nullptr && std::fclose(jf) != 0) {
            throw std::runtime_error("cannot write articles.jsonl");
        }
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::string manifest =
            "{\"generator\":\"gen_corpus 1\",\"articles\":" + std::to_string(opt.articles) +
            ",\"seed\":" + std::to_string(opt.seed) + ",\"first\":" + std::to_string(opt.first) +
            ",\"format\":\"" + opt.format + "\",\"txt_bytes\":" + std::to_string(txt_bytes) +
            ",\"jsonl_bytes\":" + std::to_string(jsonl_bytes) +
            ",\"dated\":" + std::to_string(dated) +
            ",\"pool\":{\"news\":" + std::to_string(n_news) +
            ",\"general\":" + std::to_string(n_general) +
            ",\"templates\":" + std::to_string(n_templates) +
            ",\"lexicon\":" + std::to_string(n_lexicon) + "}}\n";
        write_file(out / "MANIFEST.json", manifest);
        (void)std::fprintf(stderr,
                           "gen_corpus: %zu articles, %.1f MB txt, %.1f MB jsonl in %.1f s -> %s\n",
                           opt.articles, static_cast<double>(txt_bytes) / 1e6,
                           static_cast<double>(jsonl_bytes) / 1e6, seconds, opt.out.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "gen_corpus: " << e.what() << "\n";
        return 1;
    }
}
