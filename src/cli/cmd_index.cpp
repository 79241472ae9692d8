// telusur index [--index DIR] PATH...

#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

auto index_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur index [--index DIR] PATH...\n\n"
        "Adds .txt articles (files, or directories searched recursively) to the index.\n"
        "An article's id is its file name without extension; indexing it again replaces it.\n"
        "Unreadable or empty files are skipped with a warning. Exit codes: 0 indexed,\n"
        "2 error (a PATH does not exist, nothing could be indexed, index locked or corrupt).\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)");
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
    auto dir = index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
    auto list = ingest::collect_files(paths);
    if (!list.skipped.empty()) {
        const auto& bad = list.skipped.front();
        throw InputError(bad.path + ": " + bad.reason);
    }
    analysis::Analyzer analyzer;
    index::Writer writer(dir);
    std::size_t added = 0;
    std::size_t replaced = 0;
    std::size_t skipped = 0;
    for (const auto& file : list.files) {
        try {
            auto article = ingest::read_text_article(file);
            (writer.add(article, analyzer) ? replaced : added) += 1;
        } catch (const InputError& e) {
            std::cerr << "telusur: warning: skipped " << e.what() << "\n";
            ++skipped;
        }
    }
    if (added + replaced == 0) {
        throw InputError("nothing to index in " + paths.front() +
                         (paths.size() > 1 ? " and the other paths" : "") +
                         " (no readable .txt articles)");
    }
    writer.commit();
    std::cout << "indexed " << added << ", updated " << replaced << ", skipped " << skipped << "; "
              << writer.document_count() << " articles in " << dir << "\n";
    return kHit;
}

}  // namespace telusur::cli
