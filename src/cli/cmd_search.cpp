// telusur search [--index DIR] [--limit N] [--offset N] [--format text|json] QUERY...

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <utility>

#include "commands.hpp"
#include "common.hpp"
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
    explicit Setup(const po::variables_map& vm, search::Options base = {})
        : options(std::move(base)),
          dir(index::resolve_path(vm.count("index") != 0U
                                      ? std::optional(vm["index"].as<std::string>())
                                      : std::nullopt)),
          stamp(index::live_stamp(dir)),
          db(index::open_for_reading(dir)),
          catalog(entity::default_catalog()) {
        load_synonyms(synonyms);
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
    /// Runs a query on the live index: picks up a switch or new commits first (a batch runs
    /// long), and reopens by path and reruns the query if a writer switched it meanwhile.
    auto search(const std::string& query) -> search::Results {
        index::refresh(db, dir, stamp);
        return index::retrying(db, dir, [&](const Xapian::Database& d) {
            if (cache_facets && options.facets && !options.remote &&
                (!facet_table || !facet_table->fits_match_sets(d))) {
                facet_table.emplace(d);  // read again after a switch or a commit
            }
            options.facet_table = facet_table ? &*facet_table : nullptr;
            if (cache_facets && options.collapse && !options.remote && d.size() == 1 &&
                d.get_doccount() <= search::kMaxSignatureTable &&
                (!signatures || !signatures->fits(d))) {
                signatures.emplace(d);
            }
            options.signatures = signatures ? &*signatures : nullptr;
            if (cache_facets && !options.remote && d.size() == 1 && (!ranker || !ranker->fits(d))) {
                ranker.emplace(d);
            }
            options.ranker = ranker ? &*ranker : nullptr;
            options.helper = helper_for(d);
            return search::run(d, analyzer, query, options);
        });
    }
    /// A second thread with a handle on the state d is in (null if the index is remote or
    /// changed between the two openings).
    auto helper_for(const Xapian::Database& d) -> search::Helper* {
        if (options.remote) {
            return nullptr;
        }
        const auto key = search::FacetTable::key(d);
        if (!helper || search::FacetTable::key(helper->database()) != key) {
            helper.reset();
            auto other = index::open_for_reading(dir);
            if (search::FacetTable::key(other) == key) {
                helper = std::make_unique<search::Helper>(std::move(other));
            }
        }
        return helper.get();
    }
    /// More like this, with the same retry.
    auto similar(const std::string& id) -> search::Results {
        return index::retrying(db, dir, [&](const Xapian::Database& d) {
            return search::similar(d, analyzer, id, options);
        });
    }
    search::Options options;
    std::string dir;
    std::string stamp;
    Xapian::Database db;
    analysis::Analyzer analyzer;
    std::shared_ptr<const entity::Catalog> catalog;
    search::SynonymTable synonyms;
    /// A batch keeps every document's entity counts in memory: one read of the counts slot
    /// (tens of ms at 100k articles) instead of a value fetch per match of every query.
    bool cache_facets = false;
    std::optional<search::FacetTable> facet_table;
    /// And every document's near-duplicate signature (64 MB at 100k articles) for collapsing.
    std::optional<search::SignatureTable> signatures;
    /// And every document's length normalisation (8 bytes; 8 more for scores) for ranking
    /// one-word and OR queries (ranker.hpp).
    std::optional<search::Ranker> ranker;
    std::unique_ptr<search::Helper> helper;  ///< see helper_for()
};

/// The options search and similar share: what to show and how.
void result_options(po::options_description& visible) {
    visible.add_options()("limit,n", po::value<int>()->default_value(10),
                          "how many results to show (0..10000)")(
        "offset", po::value<int>()->default_value(0), "skip this many results first (paging)")(
        "sort", po::value<std::string>()->default_value("relevance"),
        "order: relevance, date (oldest first) or -date (newest first); undated articles last")(
        "format", po::value<std::string>()->default_value("text"),
        "output format: text, json or tsv (id, score, date, title)")(
        "fields", po::value<std::string>(),
        "JSON: comma-separated result fields to print (e.g. id,score,title; no snippet or "
        "highlights skips building snippets)")(
        "facets", "count entities (company, product, person, place, org) over all matches")(
        "snippet-length", po::value<int>()->default_value(200), "snippet size in characters")(
        "no-collapse", "show near-duplicates (rewrites of one story) as results of their own")(
        "explain", "show which word in the text matched which query term, through which stem")(
        "color", po::value<std::string>()->default_value("auto"),
        "highlight matches: auto (terminal, unless NO_COLOR is set), always or never");
}

/** How to print results, from the command line. */
struct Printer {
    std::string format;
    output::JsonOptions json;
    output::TextStyle style;

    /// Prints results; returns the exit code (hit or no hit).
    auto print(const search::Results& results) const -> int {
        if (format == "json") {
            output::write_json(std::cout, results, json);
        } else if (format == "tsv") {
            output::write_tsv(std::cout, results);
        } else {
            output::write_text(std::cout, results, style);
        }
        flush_output();
        return results.total > 0 ? kHit : kNoHit;
    }
};

auto split_fields(const std::string& list) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto comma = list.find(',', start);
        auto name =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!name.empty()) {
            if (std::find(std::begin(output::kResultFields), std::end(output::kResultFields),
                          name) == std::end(output::kResultFields)) {
                std::string known;
                for (const auto* f : output::kResultFields) {
                    known.append(known.empty() ? "" : ",").append(f);
                }
                throw UsageError("--fields: unknown field '" + name + "'; known: " + known);
            }
            out.push_back(name);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

/// Checks the shared result options and applies them to the search options and the printer.
auto apply_result_options(const std::string& command,
                          const po::variables_map& vm,
                          search::Options& options) -> Printer {
    auto limit = vm["limit"].as<int>();
    auto offset = vm["offset"].as<int>();
    auto snippet_length = vm["snippet-length"].as<int>();
    auto sort = vm["sort"].as<std::string>();
    auto color = vm["color"].as<std::string>();
    Printer printer;
    printer.format = vm["format"].as<std::string>();
    if (limit < 0 || limit > kMaxLimit) {
        throw UsageError(command + ": --limit must be between 0 and 10000, got " +
                         std::to_string(limit));
    }
    if (offset < 0) {
        throw UsageError(command + ": --offset must not be negative, got " +
                         std::to_string(offset));
    }
    if (printer.format != "text" && printer.format != "json" && printer.format != "tsv") {
        throw UsageError(command + ": --format must be text, json or tsv, got '" + printer.format +
                         "'");
    }
    if (snippet_length < 20 || snippet_length > 5000) {
        throw UsageError(command + ": --snippet-length must be between 20 and 5000, got " +
                         std::to_string(snippet_length));
    }
    if (sort == "relevance") {
        options.sort = search::Sort::kRelevance;
    } else if (sort == "date") {
        options.sort = search::Sort::kDateAscending;
    } else if (sort == "-date") {
        options.sort = search::Sort::kDateDescending;
    } else {
        throw UsageError(command + ": --sort must be relevance, date or -date, got '" + sort + "'");
    }
    if (color != "auto" && color != "always" && color != "never") {
        throw UsageError(command + ": --color must be auto, always or never, got '" + color + "'");
    }
    // --color, else the config file and NO_COLOR; `auto` only on a terminal (common.hpp).
    printer.style.bold = color_enabled(vm);
    printer.style.width = text_width();
    if (vm.count("fields") != 0U) {
        printer.json.fields = split_fields(vm["fields"].as<std::string>());
        auto wants = [&printer](const char* name) {
            return std::find(printer.json.fields.begin(), printer.json.fields.end(), name) !=
                   printer.json.fields.end();
        };
        options.snippets = wants("snippet") || wants("highlights");
        options.explain = wants("explain");
    }
    if (printer.format == "tsv") {
        options.snippets = false;
    }
    options.limit = static_cast<Xapian::doccount>(limit);
    options.offset = static_cast<Xapian::doccount>(offset);
    options.snippet_chars = static_cast<std::size_t>(snippet_length);
    options.facets = vm.count("facets") != 0U;
    options.collapse = vm.count("no-collapse") == 0U;
    options.explain = options.explain || vm.count("explain") != 0U;
    return printer;
}

/// Answers each line of a file (or stdin) with one JSON object, plus "took_ms".
auto run_batch(Setup& setup, const std::string& path, output::JsonOptions json) -> int {
    setup.cache_facets = true;
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
            json.took_ms = took();
            output::write_json(std::cout, results, json);
        } catch (const QueryError& e) {
            output::write_json_error(
                std::cout, line,
                std::string(e.what()) + " (column " + std::to_string(e.position()) + ")", took());
        }
        flush_output();
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
        "batch", po::value<std::string>(),
        "answer each line of FILE (- = stdin) as a query: one JSON object per line, with "
        "took_ms");
    result_options(visible);
    shared_options(visible);
    add_common_options(visible);
    auto parsed = parse_command(args, visible, "query");
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    auto query = vm.count("query") != 0U ? join(vm["query"].as<std::vector<std::string>>()) : "";
    search::Options options;
    auto printer = apply_result_options("search", vm, options);
    Setup setup(vm, options);
    if (vm.count("batch") != 0U) {
        if (!query.empty()) {
            throw UsageError("search: give either --batch FILE or a QUERY, not both");
        }
        return run_batch(setup, vm["batch"].as<std::string>(), printer.json);
    }
    return printer.print(setup.search(query));
}

auto similar_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur similar [OPTIONS] ID\n\n"
        "Lists the articles most like the article ID (more like this), excluding itself, ranked\n"
        "by its most informative words. Same filters and output as search.\n"
        "Exit codes: 0 hit, 1 no similar article, 2 error (e.g. no article with that id).\n\n"
        "Options");
    visible.add_options()("help,h", "show this help");
    result_options(visible);
    shared_options(visible);
    add_common_options(visible);
    auto parsed = parse_command(args, visible, "id");
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    auto ids =
        vm.count("id") != 0U ? vm["id"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (ids.size() != 1) {
        throw UsageError("similar: give exactly one article ID (see 'telusur search')");
    }
    search::Options options;
    auto printer = apply_result_options("similar", vm, options);
    Setup setup(vm, options);
    return printer.print(setup.similar(ids.front()));
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
    add_common_options(visible);
    auto parsed = parse_command(args, visible, "query");
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    const bool json = text_or_json(vm, "facets");
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
    setup.options.collapse = false;
    setup.options.suggest = false;
    auto results = setup.search(query);
    if (!type.empty()) {
        std::erase_if(results.facets, [&type](const auto& kv) { return kv.first != type; });
    }
    if (json) {
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
