// telusur index [--index DIR] [--include GLOB]... [--max-bytes N] [--strict] PATH...

#include <boost/program_options.hpp>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/output/terminal.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

/// "skipped 3: 1 empty, 1 binary, 1 malformed line"
auto skip_summary(const std::vector<ingest::Skipped>& skipped) -> std::string {
    auto out = std::string("skipped ").append(std::to_string(skipped.size()));
    std::map<std::string, std::size_t> counts;
    for (const auto& s : skipped) {
        ++counts[ingest::kind_name(s.kind)];
    }
    std::string sep = ": ";
    for (const auto& [name, n] : counts) {
        out.append(sep).append(std::to_string(n)).append(" ").append(name);
        sep = ", ";
    }
    return out;
}

/// One warning line on stderr; file names and article text cannot reach the terminal raw.
void warn(const std::string& what) {
    std::cerr << "telusur: warning: " << output::sanitize_for_terminal(what) << "\n";
}

}  // namespace

auto index_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur index [OPTIONS] PATH...\n\n"
        "Adds articles to the index: .txt, .md, .html/.htm, .json (one object or an array) and\n"
        ".jsonl files, or directories searched recursively; '-' reads JSONL from stdin.\n"
        "Site furniture (link lists, breadcrumbs, disclaimers) is removed; dates, source, author\n"
        "and URL are kept. An article's id is its file name without extension (JSON: its 'id');\n"
        "indexing it again replaces it. The same text under another id is not indexed twice.\n"
        "Bad inputs are skipped with one warning each. Exit codes: 0 indexed, 2 error (a PATH\n"
        "does not exist, nothing could be indexed, --strict and something was skipped, index\n"
        "locked or corrupt); on error the index is left as it was.\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "include", po::value<std::vector<std::string>>(),
        "only files whose name matches GLOB in walked directories (repeatable), e.g. '*.txt'")(
        "max-bytes",
        po::value<std::uintmax_t>()->default_value(std::uintmax_t{10} * 1024U * 1024U),
        "skip files (and stdin JSONL lines) larger than this many bytes")("strict", "any skipped input is an error (exit 2)");
    po::options_description all;
    all.add(visible).add_options()("path", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("path", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help") != 0U) {
        std::cout << visible;
        return kHit;
    }
    if (vm.count("path") == 0U) {
        throw UsageError("index: no PATH given; see 'telusur index --help'");
    }
    auto paths = vm["path"].as<std::vector<std::string>>();
    ingest::ReadOptions options;
    options.max_bytes = vm["max-bytes"].as<std::uintmax_t>();
    if (vm.count("include") != 0U) {
        options.include = vm["include"].as<std::vector<std::string>>();
    }
    bool strict = vm.count("strict") != 0U;
    auto dir = index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
    std::vector<std::string> files_args;
    bool stdin_input = false;
    for (const auto& p : paths) {
        if (p == "-") {
            stdin_input = true;
        } else {
            files_args.push_back(p);
        }
    }
    auto list = ingest::collect_files(files_args, options.include);
    for (const auto& bad : list.skipped) {
        if (bad.kind == ingest::SkipKind::kMissing) {
            throw InputError(bad.path + ": " + bad.reason);
        }
    }
    auto cleaner = ingest::Cleaner::standard();
    analysis::Analyzer analyzer;
    index::Writer writer(dir, entity::default_catalog());
    std::size_t added = 0;
    std::size_t replaced = 0;
    std::vector<ingest::Skipped> skipped = list.skipped;
    auto take = [&](ingest::Batch batch) {
        for (const auto& w : batch.warnings) {
            warn(w);
        }
        for (auto& s : batch.skipped) {
            warn(s.path + ": " + s.reason);
            skipped.push_back(std::move(s));
        }
        for (const auto& article : batch.articles) {
            auto result = writer.add(article, analyzer);
            if (result.kind == index::AddResult::kDuplicate) {
                auto reason = std::string("duplicate of ")
                                  .append(result.duplicate_of)
                                  .append(" (same text); not indexed");
                warn(article.path + ": " + reason);
                skipped.push_back({article.path, reason, ingest::SkipKind::kDuplicate});
            } else {
                (result.kind == index::AddResult::kReplaced ? replaced : added) += 1;
            }
        }
    };
    for (const auto& bad : list.skipped) {
        warn(bad.path + ": " + bad.reason);
    }
    if (stdin_input) {
        take(ingest::read_jsonl(std::cin, "<stdin>", cleaner, options));
    }
    for (const auto& file : list.files) {
        take(ingest::read_file(file, cleaner, options));
    }
    if (strict && !skipped.empty()) {
        throw InputError(std::string("--strict: ")
                             .append(skip_summary(skipped))
                             .append("; the index is unchanged"));
    }
    if (added + replaced == 0) {
        throw InputError(std::string("nothing to index in ")
                             .append(paths.front())
                             .append(paths.size() > 1 ? " and the other paths" : "")
                             .append(" (")
                             .append(skip_summary(skipped))
                             .append(")"));
    }
    writer.commit();
    std::cout << "indexed " << added << ", updated " << replaced << ", " << skip_summary(skipped)
              << "; " << writer.document_count() << " articles in " << dir << "\n";
    return kHit;
}

}  // namespace telusur::cli
