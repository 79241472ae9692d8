// telusur config [--format text|json] [--index DIR] [--limit N] [--color WHEN] [--snippet-length N]

#include <boost/program_options.hpp>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "telusur/data.hpp"
#include "telusur/error.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

/// The data directory in use (the one holding entities.tsv) and why it was chosen.
auto data_dir_setting() -> config::Setting {
    try {
        auto dir = data_path("entities.tsv").parent_path();
        for (const auto& d : data_dirs()) {
            if (d.path == dir) {
                return {dir.string(), d.why};
            }
        }
        return {dir.string(), "found"};
    } catch (const Error& e) {
        return {"(not found)", e.what()};
    }
}

auto width_setting() -> config::Setting {
    auto width = text_width();
    const char* columns = std::getenv("COLUMNS");
    if (width == 0) {
        return {"0", "no wrapping: stdout is not a terminal and COLUMNS is unset"};
    }
    if (columns != nullptr && std::to_string(width) == columns) {
        return {std::to_string(width), "environment (COLUMNS)"};
    }
    return {std::to_string(width), "terminal"};
}

}  // namespace

auto config_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur config [OPTIONS]\n\n"
        "Prints the effective settings and where each came from: command line > environment >\n"
        "config file ($XDG_CONFIG_HOME/telusur/config, else ~/.config/telusur/config, or\n"
        "--config FILE) > built-in default. Give a setting's option to see it win. Also shows\n"
        "the data directory and text width in use. Exit codes: 0 printed, 2 error (e.g. a bad\n"
        "config file, named with its line).\n\nOptions");
    visible.add_options()("help,h", "show this help")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json")(
        "index", po::value<std::string>(), "index directory")("limit", po::value<int>(),
                                                              "default number of search results")(
        "color", po::value<std::string>(), "colour: auto, always or never")(
        "snippet-length", po::value<int>(), "snippet size in characters");
    add_common_options(visible);
    auto parsed = parse_command(args, visible);
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    const bool json = text_or_json(vm, "config");
    const auto& s = settings();
    std::vector<std::pair<std::string, config::Setting>> rows = {
        {"config file", {s.file.empty() ? "(none)" : s.file, s.file_source}},
        {"index", s.index},
        {"limit", s.limit},
        {"color", s.color},
        {"snippet-length", s.snippet_length},
        {"pager", s.pager},
        {"data directory", data_dir_setting()},
        {"width", width_setting()}};
    try {
        rows.emplace_back("gazetteer",
                          config::Setting{data_path("entities.tsv").string(), "shipped"});
        rows.emplace_back("synonyms",
                          config::Setting{data_path("synonyms-id.txt").string(), "shipped"});
    } catch (const Error&) {
        // reported by "data directory"
    }
    for (const auto& g : s.gazetteers) {
        rows.emplace_back("gazetteer", g);
    }
    for (const auto& g : s.synonyms) {
        rows.emplace_back("synonyms", g);
    }
    if (json) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [name, setting] : rows) {
            nlohmann::json item = {{"value", setting.value}, {"source", setting.source}};
            if (name == "gazetteer" || name == "synonyms") {
                out[name].push_back(item);
            } else {
                out[name] = item;
            }
        }
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kHit;
    }
    for (const auto& [name, setting] : rows) {
        std::cout << std::left << std::setw(16) << name << setting.value << "  (" << setting.source
                  << ")\n";
    }
    return kHit;
}

}  // namespace telusur::cli
