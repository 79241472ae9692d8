/// @file
/// @brief Compares the telusur Indonesian stemmer with Xapian's Snowball "indonesian" stemmer.
///
/// Usage: bench_stemmer GOLD.tsv [TEXT_FILE...]
/// Prints strict accuracy on the gold list, same-root pair conflation (recall and precision) and
/// throughput in words/s (median of 5 runs over the tokens of the text files; default text = the
/// gold words repeated to >= 1M words). The dictionary is default_dictionary_path(), plus
/// default_extra_path() when TELUSUR_DATA_DIR is set.

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "telusur/analysis/stemmer.hpp"

namespace {

struct GoldPair {
    std::string word;
    std::string root;
};

auto read_gold(const std::string& path) -> std::vector<GoldPair> {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<GoldPair> pairs;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        GoldPair p;
        if (std::getline(fields, p.word, '\t') && std::getline(fields, p.root, '\t')) {
            pairs.push_back(std::move(p));
        }
    }
    return pairs;
}

// Lower-cases ASCII and splits on anything that is not a letter, digit or UTF-8 byte.
auto tokenize_file(const std::string& path, std::vector<std::string>& out) -> void {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string token;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80) {
            token += c;
        } else if (c >= 'A' && c <= 'Z') {
            token += static_cast<char>(c - 'A' + 'a');
        } else if (!token.empty()) {
            out.push_back(std::move(token));
            token.clear();
        }
    }
    if (!token.empty()) out.push_back(std::move(token));
}

struct Quality {
    double accuracy;
    double recall;
    double precision;
};

auto measure_quality(const std::vector<GoldPair>& gold,
                     const std::function<std::string(const std::string&)>& stem) -> Quality {
    std::vector<std::string> stems;
    std::size_t correct = 0;
    for (const auto& p : gold) {
        stems.push_back(stem(p.word));
        if (stems.back() == p.root) ++correct;
    }
    // Count pairs through group sizes: gold-root groups, stem groups, and their intersections.
    std::map<std::string, std::size_t> by_root;
    std::map<std::string, std::size_t> by_stem;
    std::map<std::pair<std::string, std::string>, std::size_t> by_both;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        ++by_root[gold[i].root];
        ++by_stem[stems[i]];
        ++by_both[{gold[i].root, stems[i]}];
    }
    const auto pairs = [](const auto& groups) {
        double n = 0;
        for (const auto& [key, size] : groups) {
            n += static_cast<double>(size) * static_cast<double>(size - 1) / 2.0;
        }
        return n;
    };
    const double same_root = pairs(by_root);
    const double same_stem = pairs(by_stem);
    const double both = pairs(by_both);
    return {100.0 * static_cast<double>(correct) / static_cast<double>(gold.size()),
            same_root > 0 ? 100.0 * both / same_root : 100.0,
            same_stem > 0 ? 100.0 * both / same_stem : 100.0};
}

auto median_words_per_second(const std::vector<std::string>& tokens,
                             const std::function<std::string(const std::string&)>& stem) -> double {
    std::vector<double> rates;
    std::size_t sink = 0;
    for (int run = 0; run < 5; ++run) {
        const auto start = std::chrono::steady_clock::now();
        for (const auto& t : tokens) sink += stem(t).size();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        rates.push_back(static_cast<double>(tokens.size()) / took.count());
    }
    if (sink == 0) std::cerr << "(no output)\n";
    std::sort(rates.begin(), rates.end());
    return rates[2];
}

}  // namespace

auto main(int argc, char** argv) -> int {
    if (argc < 2) {
        std::cerr << "usage: bench_stemmer GOLD.tsv [TEXT_FILE...]\n";
        return 2;
    }
    try {
        using telusur::analysis::IndonesianStemmer;
        using telusur::analysis::RootDictionary;
        const auto gold = read_gold(argv[1]);
        std::vector<std::string> tokens;
        for (int i = 2; i < argc; ++i) tokenize_file(argv[i], tokens);
        if (argc == 2) {
            while (tokens.size() < 1000000) {
                for (const auto& p : gold) tokens.push_back(p.word);
            }
        }

        auto dict = std::make_shared<RootDictionary>(
            RootDictionary::load_hunspell(telusur::analysis::default_dictionary_path()));
        if (const auto extra = telusur::analysis::default_extra_path(); !extra.empty()) {
            dict->load_extra(extra);
        }
        IndonesianStemmer ours(dict);
        Xapian::Stem snowball("indonesian");

        const std::function<std::string(const std::string&)> ours_cached =
            [&](const std::string& w) { return ours(w); };
        const std::function<std::string(const std::string&)> ours_uncached =
            [&](const std::string& w) { return ours.stem_uncached(w); };
        const std::function<std::string(const std::string&)> snow = [&](const std::string& w) {
            return snowball(w);
        };

        std::printf("gold pairs: %zu, throughput tokens: %zu\n\n", gold.size(), tokens.size());
        std::printf("%-22s %9s %9s %10s %14s\n", "stemmer", "strict%", "recall%", "precision%",
                    "words/s");
        const auto row = [&](const char* name, const auto& stem, bool quality) {
            const auto q = measure_quality(gold, stem);
            const double wps = median_words_per_second(tokens, stem);
            if (quality) {
                std::printf("%-22s %9.2f %9.2f %10.2f %14.0f\n", name, q.accuracy, q.recall,
                            q.precision, wps);
            } else {
                std::printf("%-22s %9s %9s %10s %14.0f\n", name, "", "", "", wps);
            }
        };
        row("telusur (cached)", ours_cached, true);
        row("telusur (uncached)", ours_uncached, false);
        row("snowball indonesian", snow, true);

        if (std::getenv("BENCH_SHOW_ERRORS") != nullptr) {
            std::printf("\nerrors (word gold ours snowball):\n");
            for (const auto& p : gold) {
                const auto s = ours.stem_uncached(p.word);
                if (s != p.root) {
                    std::printf("  %-24s %-16s %-16s %s\n", p.word.c_str(), p.root.c_str(),
                                s.c_str(), snowball(p.word).c_str());
                }
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_stemmer: " << e.what() << '\n';
        return 2;
    }
}
