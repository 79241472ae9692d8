// telusur: full-text search for Indonesian news. Entry point: dispatches to subcommands and is
// the one place that turns library errors into one-line messages and exit codes.

#include <xapian.h>

#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "telusur/analysis/analyzer.hpp"
#include "telusur/error.hpp"
#include "telusur/output/terminal.hpp"

namespace {

constexpr const char* kUsage = R"(usage: telusur COMMAND [OPTIONS] [ARGS]

telusur is a full-text search engine for Indonesian news.

Commands:
  index     add articles (.txt .md .html .json .jsonl files, directories, '-') to the index
  search    search the index and print ranked articles with snippets
  show      print one indexed article (cleaned, or --raw) with its metadata
  entities  list the gazetteer, or --suggest names it does not know yet
  facets    count the articles naming each company, product, person, place, org
  stem      print the stem of each word (arguments or stdin lines)
  analyze   show tokens, normalised forms, terms and offsets of a text

Run 'telusur COMMAND --help' for a command's options.
Exit codes: 0 hit (or success), 1 no hit, 2 error.
)";

auto dispatch(const std::string& command, const std::vector<std::string>& args) -> int {
    using namespace telusur::cli;
    if (command == "index") {
        return index_command(args);
    }
    if (command == "search") {
        return search_command(args);
    }
    if (command == "show") {
        return show_command(args);
    }
    if (command == "entities") {
        return entities_command(args);
    }
    if (command == "facets") {
        return facets_command(args);
    }
    if (command == "stem") {
        return stem_command(args);
    }
    if (command == "analyze") {
        return analyze_command(args);
    }
    throw telusur::UsageError("unknown command '" + command + "'; run 'telusur --help'");
}

}  // namespace

auto main(int argc, char** argv) -> int {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return telusur::cli::kError;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (args[0] == "--version") {
        std::cout << "telusur " << TELUSUR_VERSION << " (Xapian " << Xapian::version_string()
                  << ", analyzer " << telusur::analysis::Analyzer::kVersion << ")\n";
        return 0;
    }
    try {
        return dispatch(args[0], std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const telusur::QueryError& e) {
        std::cerr << "telusur: bad query at column " << e.position() << ": " << e.what() << "\n";
    } catch (const boost::program_options::error& e) {
        std::cerr << "telusur " << args[0] << ": " << e.what() << "; see 'telusur " << args[0]
                  << " --help'\n";
    } catch (const telusur::Error& e) {
        std::cerr << "telusur: " << telusur::output::sanitize_for_terminal(e.what()) << "\n";
    } catch (const Xapian::Error& e) {
        std::cerr << "telusur: " << telusur::output::sanitize_for_terminal(e.get_description())
                  << "\n";
    } catch (const std::exception& e) {
        std::cerr << "telusur: " << e.what() << "\n";
    }
    return telusur::cli::kError;
}
