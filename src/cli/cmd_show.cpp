// telusur show [--index DIR] [--raw] [--format text|json] ID

#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/output/format.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

auto show_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur show [OPTIONS] ID\n\n"
        "Prints an indexed article as it was indexed: metadata and the cleaned text, or with\n"
        "--raw the original text, to check what the cleaner removed.\n"
        "Exit codes: 0 shown, 1 no article with that id, 2 error.\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "raw", "print the original text instead of the cleaned one")(
        "format", po::value<std::string>()->default_value("text"), "text or json");
    add_common_options(visible);
    auto parsed = parse_command(args, visible, "id");
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    const bool json = text_or_json(vm, "show");
    if (vm.count("id") == 0U || vm["id"].as<std::vector<std::string>>().size() != 1) {
        throw UsageError("show: give exactly one ID; see 'telusur show --help'");
    }
    auto id = vm["id"].as<std::vector<std::string>>().front();
    auto dir = index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
    auto db = index::open_for_reading(dir);
    auto article = index::find(db, id);
    if (!article) {
        warn() << "telusur: no article with id '" << output::terminal_safe(id) << "' in " << dir
               << "\n";
        return kNoHit;
    }
    bool raw = vm.count("raw") != 0U;
    if (json) {
        output::write_article_json(std::cout, *article, raw);
    } else {
        output::write_article_text(std::cout, *article, raw);
    }
    std::cout.flush();
    return kHit;
}

}  // namespace telusur::cli
