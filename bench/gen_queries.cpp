/// @file
/// @brief Generates the benchmark's query set from the vocabulary gen_corpus writes with.
///
/// Usage: gen_queries [--count N] [--seed S] [--out FILE] [--data DIR] [--hunspell PREFIX]
///
/// One query a line, distinct, in a fixed mix: single words (22%, frequent words more often),
/// dictionary word forms the generator sprinkles in (8%, mostly rare words),
/// inflected forms (15%: meN-/peN-/ber-/di-/ter- words and -kan/-an/-i suffixes, e.g. penimbunan,
/// mengembangkan), 2-3 words that occur in one pool sentence (25%), quoted phrases of 2-3
/// consecutive words (15%), and company filters in telusur's syntax, alone or with a word
/// (15%: `company:nvidia`, `ekspor company:huawei`). Words are weighted by how often the
/// generator uses their sentences, so queries hit the corpus much as real ones would.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus_pool.hpp"

namespace {

namespace po = boost::program_options;
using bench::bench_usage;
using bench::parse_bench_options;

struct Options {
    std::size_t count = 300;
    std::uint64_t seed = 1;
    std::string out;
    std::string data = BENCH_DATA_DIR;
    std::string hunspell = "/usr/share/hunspell/id_ID";
};

auto parse(int argc, char** argv) -> Options {
    Options o;
    po::options_description d(
        "usage: gen_queries [--count N] [--seed S] [--out FILE] [--data DIR]\n\nOptions");
    d.add_options()("help,h", "show this help")(
        "count", po::value(&o.count)->default_value(o.count), "number of queries")(
        "seed", po::value(&o.seed)->default_value(o.seed), "random seed")(
        "out", po::value(&o.out), "output file (default: standard output)")(
        "data", po::value(&o.data)->default_value(o.data), "telusur's data directory")(
        "hunspell", po::value(&o.hunspell)->default_value(o.hunspell), "hunspell dictionary");
    if (parse_bench_options(argc, argv, d, "gen_queries")) {
        std::exit(0);
    }
    if (o.count == 0) {
        bench_usage("gen_queries", d, "--count must be positive");
    }
    return o;
}

auto alphabetic(const std::string& w) -> bool {
    return std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

auto inflected(const std::string& w) -> bool {
    if (w.size() < 8) {
        return false;
    }
    static const std::vector<std::string> prefixes{"meng", "meny", "mem", "men", "me",
                                                   "peng", "peny", "pem", "pen", "per",
                                                   "pe",   "ber",  "di",  "ter", "ke"};
    static const std::vector<std::string> suffixes{"kan", "an", "nya"};
    bool prefix = std::any_of(prefixes.begin(), prefixes.end(),
                              [&](const auto& p) { return w.starts_with(p); });
    bool suffix = std::any_of(suffixes.begin(), suffixes.end(),
                              [&](const auto& s) { return w.ends_with(s); });
    return prefix && (suffix || w.size() >= 9);
}

class QueryMaker {
public:
    QueryMaker(bench::Pool pool,
               const std::vector<bench::Entity>& entities,
               std::vector<std::string> lexicon,
               std::set<std::string> stop)
        : m_pool(std::move(pool)), m_lexicon(std::move(lexicon)), m_stop(std::move(stop)) {
        m_lexicon_zipf = bench::Zipf(m_lexicon.size(), 1.0, 50.0);  // as gen_corpus
        // Same shares and Zipf shapes as gen_corpus (news 18%, general 68% of sentences).
        m_news = bench::Zipf(m_pool.news.size(), 0.8, 5.0);
        m_general = bench::Zipf(m_pool.general.size(), 1.0, 30.0);
        std::unordered_map<std::string, double> weight;
        auto count = [&](const std::string& s, double p) {
            for (const auto& w : bench::words_of(s)) {
                auto l = bench::lower(w);
                if (l.size() >= 3 && alphabetic(l) && m_stop.count(l) == 0U) {
                    weight[l] += p;
                }
            }
        };
        for (std::size_t i = 0; i < m_pool.news.size(); ++i) {
            count(m_pool.news[i], 0.18 * m_news.probability(i));
        }
        for (std::size_t i = 0; i < m_pool.general.size(); ++i) {
            count(m_pool.general[i], 0.68 * m_general.probability(i));
        }
        std::vector<std::pair<std::string, double>> ranked(weight.begin(), weight.end());
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (const auto& [w, p] : ranked) {
            m_vocabulary.push_back(w);
            if (inflected(w)) {
                m_inflected.push_back(w);
            }
        }
        m_vocabulary.resize(std::min<std::size_t>(m_vocabulary.size(), 6000));
        m_inflected.resize(std::min<std::size_t>(m_inflected.size(), 1500));
        m_words = bench::Zipf(m_vocabulary.size(), 0.8, 10.0);
        m_inflected_zipf = bench::Zipf(m_inflected.size(), 0.8, 5.0);
        for (const auto& e : entities) {
            if (e.type == "company") {
                m_companies.push_back(e.id);
            }
        }
        m_company_zipf = bench::Zipf(m_companies.size(), 1.1, 1.0);
    }

    auto make(bench::Rng& rng) -> std::string {
        const auto r = rng.uniform();
        if (r < 0.22) {
            return m_vocabulary[m_words.draw(rng)];
        }
        if (r < 0.30) {
            return m_lexicon[m_lexicon_zipf.draw(rng)];
        }
        if (r < 0.45) {
            return m_inflected[m_inflected_zipf.draw(rng)];
        }
        if (r < 0.70) {
            auto words = content_words(sentence(rng));
            if (words.size() < 2) {
                return "";
            }
            const auto n = std::min<std::size_t>(words.size(), rng.chance(0.6) ? 2 : 3);
            std::vector<std::size_t> picks;
            while (picks.size() < n) {
                auto k = rng.below(words.size());
                if (std::find(picks.begin(), picks.end(), k) == picks.end()) {
                    picks.push_back(k);
                }
            }
            std::sort(picks.begin(), picks.end());
            std::string q;
            for (auto k : picks) {
                q += (q.empty() ? "" : " ") + words[k];
            }
            return q;
        }
        if (r < 0.85) {
            return phrase(rng);
        }
        auto filter = "company:" + m_companies[m_company_zipf.draw(rng)];
        if (rng.chance(0.4)) {
            return filter;
        }
        auto words = content_words(m_pool.news[m_news.draw(rng)]);
        return words.empty() ? filter : words[rng.below(words.size())] + " " + filter;
    }

private:
    auto sentence(bench::Rng& rng) -> const std::string& {
        return rng.uniform() < 0.21 ? m_pool.news[m_news.draw(rng)]
                                    : m_pool.general[m_general.draw(rng)];
    }

    auto content_words(const std::string& s) -> std::vector<std::string> {
        std::vector<std::string> out;
        for (const auto& w : bench::words_of(s)) {
            auto l = bench::lower(w);
            if (l.size() >= 3 && alphabetic(l) && m_stop.count(l) == 0U &&
                std::find(out.begin(), out.end(), l) == out.end()) {
                out.push_back(l);
            }
        }
        return out;
    }

    /// 2-3 consecutive words of a sentence with only spaces between them.
    auto phrase(bench::Rng& rng) -> std::string {
        const auto& s = sentence(rng);
        std::vector<std::string> tokens;
        std::size_t pos = 0;
        while (pos < s.size()) {
            auto end = s.find(' ', pos);
            if (end == std::string::npos) {
                end = s.size();
            }
            tokens.push_back(s.substr(pos, end - pos));
            pos = end + 1;
        }
        const auto n = rng.chance(0.6) ? 2U : 3U;
        if (tokens.size() < n) {
            return "";
        }
        const auto start = rng.below(tokens.size() - n + 1);
        std::string q;
        bool content = false;
        for (std::size_t k = start; k < start + n; ++k) {
            auto l = bench::lower(tokens[k]);
            if (!alphabetic(l)) {
                return "";  // punctuation inside: not a clean phrase
            }
            content = content || m_stop.count(l) == 0U;
            q += (q.empty() ? "" : " ") + l;
        }
        return content ? "\"" + q + "\"" : "";
    }

    bench::Pool m_pool;
    std::vector<std::string> m_lexicon;
    bench::Zipf m_lexicon_zipf;
    std::set<std::string> m_stop;
    bench::Zipf m_news;
    bench::Zipf m_general;
    std::vector<std::string> m_vocabulary;
    std::vector<std::string> m_inflected;
    bench::Zipf m_words;
    bench::Zipf m_inflected_zipf;
    std::vector<std::string> m_companies;
    bench::Zipf m_company_zipf;
};

}  // namespace

auto main(int argc, char** argv) -> int {
    try {
        const auto opt = parse(argc, argv);
        auto entities = bench::load_entities(opt.data + "/entities.tsv");
        auto pool = bench::build_pool(opt.data, entities);
        auto stop_list = bench::load_words(opt.data + "/stopwords-id.txt");
        auto lexicon = bench::load_lexicon(opt.hunspell + ".dic", opt.hunspell + ".aff");
        QueryMaker maker(std::move(pool), entities, std::move(lexicon),
                         std::set<std::string>(stop_list.begin(), stop_list.end()));
        bench::Rng rng(opt.seed ^ 0x5175657279ULL);
        // The examples come first, then the random mix.
        std::vector<std::string> queries{"penimbunan", "mengembangkan"};
        std::set<std::string> seen(queries.begin(), queries.end());
        for (int tries = 0; queries.size() < opt.count && tries < 1000000; ++tries) {
            auto q = maker.make(rng);
            if (!q.empty() && seen.insert(q).second) {
                queries.push_back(std::move(q));
            }
        }
        queries.resize(std::min(queries.size(), opt.count));
        std::ofstream file;
        if (!opt.out.empty()) {
            file.open(opt.out);
            if (!file) {
                throw std::runtime_error("cannot write " + opt.out);
            }
        }
        std::ostream& out = opt.out.empty() ? std::cout : file;
        for (const auto& q : queries) {
            out << q << "\n";
        }
        out.flush();
        if (!out) {
            throw std::runtime_error("write failed");
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "gen_queries: " << e.what() << "\n";
        return 1;
    }
}
