// telusur entities [--type TYPE] [--suggest [--min N]] [--format text|json]

#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/entity/suggest.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/output/format.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

auto entities_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur entities [OPTIONS]\n\n"
        "Lists the gazetteer's entities (data/entities.tsv plus $TELUSUR_ENTITIES), or with\n"
        "--suggest the frequent capitalised names in the index that the gazetteer does not know:\n"
        "candidates to add. Exit codes: 0 listed, 1 nothing to list, 2 error.\n\nOptions");
    visible.add_options()("help,h", "show this help")(
        "type", po::value<std::string>(), "only this type (company, product, person, place, org)")(
        "suggest", "list names found in the index that are not in the gazetteer")(
        "min", po::value<unsigned>()->default_value(2),
        "with --suggest: at least this many mentions")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json");
    add_common_options(visible);
    auto parsed = parse_command(args, visible);
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    const bool json = text_or_json(vm, "entities");
    auto catalog = entity::default_catalog();
    nlohmann::json out = nlohmann::json::array();
    if (vm.count("suggest") != 0U) {
        auto db = index::open_for_reading(index::resolve_path(
            vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt));
        for (const auto& c :
             entity::suggest_names(db, catalog->matcher(), vm["min"].as<unsigned>())) {
            out.push_back({{"name", c.name}, {"mentions", c.mentions}, {"articles", c.articles}});
        }
    } else {
        auto type = vm.count("type") != 0U ? vm["type"].as<std::string>() : std::string();
        for (const auto& e : catalog->gazetteer().all()) {
            if (type.empty() || e.type == type) {
                out.push_back(
                    {{"id", e.id}, {"type", e.type}, {"name", e.name}, {"parent", e.parent}});
            }
        }
    }
    if (json) {
        std::cout << out.dump() << "\n";
    } else {
        for (const auto& item : out) {
            if (item.contains("id")) {
                std::cout << item["id"].get<std::string>() << "\t"
                          << item["type"].get<std::string>() << "\t"
                          << output::terminal_safe(item["name"].get<std::string>()) << "\n";
            } else {
                std::cout << output::terminal_safe(item["name"].get<std::string>()) << "\t"
                          << item["mentions"] << " mentions in " << item["articles"]
                          << " articles\n";
            }
        }
    }
    return out.empty() ? kNoHit : kHit;
}

}  // namespace telusur::cli
