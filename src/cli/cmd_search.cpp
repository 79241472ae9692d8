// telusur search [--index DIR] [--limit N] [--offset N] [--format text|json] QUERY...

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/output/format.hpp"
#include "telusur/search/searcher.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

constexpr int kMaxLimit = 10000;

auto join(const std::vector<std::string>& words) -> std::string {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

}  // namespace

auto search_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur search [OPTIONS] QUERY...\n\n"
        "Searches the index and prints ranked articles with snippets (BM25, Indonesian stemming).\n"
        "Query words are ANDed; \"quoted phrases\", OR, NOT, -word and (parentheses) work.\n"
        "An empty query lists the articles. Exit codes: 0 hit, 1 no hit, 2 error.\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "limit,n", po::value<int>()->default_value(10), "how many results to show (0..10000)")(
        "offset", po::value<int>()->default_value(0), "skip this many results first (paging)")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json");
    po::options_description all;
    all.add(visible).add_options()("query", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("query", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help") != 0U) {
        std::cout << visible;
        return kHit;
    }
    auto limit = vm["limit"].as<int>();
    auto offset = vm["offset"].as<int>();
    auto format = vm["format"].as<std::string>();
    if (limit < 0 || limit > kMaxLimit) {
        throw UsageError("search: --limit must be between 0 and 10000, got " +
                         std::to_string(limit));
    }
    if (offset < 0) {
        throw UsageError("search: --offset must not be negative, got " + std::to_string(offset));
    }
    if (format != "text" && format != "json") {
        throw UsageError("search: --format must be text or json, got '" + format + "'");
    }
    auto query = vm.count("query") != 0U ? join(vm["query"].as<std::vector<std::string>>()) : "";
    auto dir = index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
    auto db = index::open_for_reading(dir);
    analysis::Analyzer analyzer;
    search::SynonymTable synonyms;
    synonyms.load(data_path("synonyms-id.txt"));
    search::Options options;
    options.synonyms = &synonyms;
    options.limit = static_cast<Xapian::doccount>(limit);
    options.offset = static_cast<Xapian::doccount>(offset);
    auto results = search::run(db, analyzer, query, options);
    if (format == "json") {
        output::write_json(std::cout, results);
    } else {
        output::TextStyle style;
        style.bold = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
        output::write_text(std::cout, results, style);
    }
    std::cout.flush();
    return results.total > 0 ? kHit : kNoHit;
}

}  // namespace telusur::cli
