// telusur search [--index DIR] [--limit N] [--offset N] [--format text|json] QUERY...

#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "telusur/data.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/index/remote.hpp"
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

/// The options search and facets share: index, filters and what they need loaded.
auto shared_options(po::options_description& visible) {
    visible.add_options()("index", po::value<std::string>(),
                          "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "company", po::value<std::vector<std::string>>()->composing(),
        "only articles that name this company (id or alias; repeat: any of them)")(
        "entity", po::value<std::vector<std::string>>()->composing(),
        "only articles that name this entity of any type (repeat: any of them)")(
        "all-companies", "repeated --company values must all be named (AND instead of OR)")(
        "with-products",
        "--company/--entity also match articles that name only the company's products or "
        "subsidiaries (Kunlun, ERNIE for baidu); without it, only the company itself");
}

/** Everything a search needs, loaded once (a batch runs many queries on it). */
struct Setup {
    explicit Setup(const po::variables_map& vm)
        : dir(index::resolve_path(vm.count("index") != 0U
                                      ? std::optional(vm["index"].as<std::string>())
                                      : std::nullopt)),
          db(index::open_for_reading(dir)),
          catalog(entity::default_catalog()) {
        synonyms.load(data_path("synonyms-id.txt"));
        search::add_entity_aliases(synonyms, catalog->gazetteer());
        options.synonyms = &synonyms;
        options.catalog = catalog.get();
        if (vm.count("company") != 0U) {
            options.companies = vm["company"].as<std::vector<std::string>>();
        }
        if (vm.count("entity") != 0U) {
            options.entities = vm["entity"].as<std::vector<std::string>>();
        }
        options.all_companies = vm.count("all-companies") != 0U;
        options.with_products = vm.count("with-products") != 0U;
        options.remote = index::has_remote_parts(dir);
    }
    /// Runs a query; reopens the index by path and reruns it if a writer switched it meanwhile.
    auto search(const std::string& query) -> search::Results {
        return index::retrying(db, dir, [&](const Xapian::Database& d) {
            return search::run(d, analyzer, query, options);
        });
    }
    std::string dir;
    Xapian::Database db;
    analysis::Analyzer analyzer;
    std::shared_ptr<const entity::Catalog> catalog;
    search::SynonymTable synonyms;
    search::Options options;
};

auto parse_args(const std::vector<std::string>& args,
                const po::options_description& visible,
                const char* positional_name) -> po::variables_map {
    po::options_description all;
    all.add(visible).add_options()(positional_name, po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add(positional_name, -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    return vm;
}

/// Answers each line of a file (or stdin) with one JSON object, plus "took_ms".
auto run_batch(Setup& setup, const std::string& path) -> int {
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) {
            throw InputError(path + ": cannot read query file");
        }
    }
    std::istream& in = path == "-" ? std::cin : file;
    for (std::string line; std::getline(in, line);) {
        auto start = std::chrono::steady_clock::now();
        auto took = [&start] {
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                             start)
                .count();
        };
        try {
            auto results = setup.search(line);
            output::write_json(std::cout, results, took());
        } catch (const QueryError& e) {
            output::write_json_error(
                std::cout, line,
                std::string(e.what()) + " (column " + std::to_string(e.position()) + ")", took());
        }
    }
    std::cout.flush();
    return kHit;
}

}  // namespace

auto search_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur search [OPTIONS] QUERY...\n\n"
        "Searches the index and prints ranked articles with snippets (BM25, Indonesian stemming).\n"
        "Words are ANDed; \"phrases\", OR, NOT, -word, NEAR/n, prefix*, title:, source:,\n"
        "company:, entity:, date: work (README, \"Query syntax\"). An empty query with no\n"
        "filters lists the articles. Exit codes: 0 hit, 1 no hit, 2 error.\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "limit,n", po::value<int>()->default_value(10), "how many results to show (0..10000)")(
        "offset", po::value<int>()->default_value(0), "skip this many results first (paging)")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json")(
        "facets", "count entities (company, product, person, place, org) over all matches")(
        "snippet-length", po::value<int>()->default_value(200), "snippet size in characters")(
        "batch", po::value<std::string>(),
        "answer each line of FILE (- = stdin) as a query: one JSON object per line, with "
        "took_ms");
    shared_options(visible);
    auto vm = parse_args(args, visible, "query");
    if (vm.count("help") != 0U) {
        std::cout << visible;
        return kHit;
    }
    auto limit = vm["limit"].as<int>();
    auto offset = vm["offset"].as<int>();
    auto format = vm["format"].as<std::string>();
    auto snippet_length = vm["snippet-length"].as<int>();
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
    if (snippet_length < 20 || snippet_length > 5000) {
        throw UsageError("search: --snippet-length must be between 20 and 5000, got " +
                         std::to_string(snippet_length));
    }
    auto query = vm.count("query") != 0U ? join(vm["query"].as<std::vector<std::string>>()) : "";
    Setup setup(vm);
    setup.options.limit = static_cast<Xapian::doccount>(limit);
    setup.options.offset = static_cast<Xapian::doccount>(offset);
    setup.options.snippet_chars = static_cast<std::size_t>(snippet_length);
    setup.options.facets = vm.count("facets") != 0U;
    if (vm.count("batch") != 0U) {
        if (!query.empty()) {
            throw UsageError("search: give either --batch FILE or a QUERY, not both");
        }
        return run_batch(setup, vm["batch"].as<std::string>());
    }
    auto results = setup.search(query);
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

auto facets_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur facets [OPTIONS] [QUERY...]\n\n"
        "Counts the articles that name each entity, over the whole index or the matches of a\n"
        "query (same query language and filters as search). Exit codes: 0 counts printed,\n"
        "1 nothing matches, 2 error.\n\nOptions");
    visible.add_options()("help,h", "show this help")(
        "type", po::value<std::string>(), "only this type: company, product, person, place or org")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json");
    shared_options(visible);
    auto vm = parse_args(args, visible, "query");
    if (vm.count("help") != 0U) {
        std::cout << visible;
        return kHit;
    }
    auto format = vm["format"].as<std::string>();
    if (format != "text" && format != "json") {
        throw UsageError("facets: --format must be text or json, got '" + format + "'");
    }
    std::string type = vm.count("type") != 0U ? vm["type"].as<std::string>() : "";
    if (!type.empty() && type != "company" && type != "product" && type != "person" &&
        type != "place" && type != "org") {
        throw UsageError("facets: --type must be company, product, person, place or org, got '" +
                         type + "'");
    }
    auto query = vm.count("query") != 0U ? join(vm["query"].as<std::vector<std::string>>()) : "";
    Setup setup(vm);
    setup.options.limit = 0;
    setup.options.facets = true;
    auto results = setup.search(query);
    if (!type.empty()) {
        std::erase_if(results.facets, [&type](const auto& kv) { return kv.first != type; });
    }
    if (format == "json") {
        output::write_json(std::cout, results);
    } else {
        std::cout << results.total << (results.total == 1 ? " article" : " articles")
                  << (query.empty() ? " in the index" : " match") << ".\n";
        output::write_facets_text(std::cout, results);
    }
    std::cout.flush();
    return results.total > 0 ? kHit : kNoHit;
}

}  // namespace telusur::cli
