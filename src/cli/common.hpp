#pragma once
// What every telusur command shares beyond its own options: -q/--quiet, -v/--verbose, --pager,
// --config FILE, the user's configuration (telusur/config.hpp) with its precedence, colour and
// text-width decisions, and where messages go (results to stdout, messages to stderr).
//
// A command calls add_common_options() on its visible options and apply_common() right after
// po::store() of its command line; then it reads its options as usual: values from the config
// file are already stored as defaults for the options the user did not give.

#include <boost/program_options.hpp>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "telusur/config.hpp"

namespace telusur::search {
class SynonymTable;
}

namespace telusur::cli {

/// Adds -q/--quiet, -v/--verbose, --pager and --config FILE.
void add_common_options(boost::program_options::options_description& visible);

/**
 * After po::store() of the command line: loads the config (--config FILE or the default file)
 * once, records which settings the command line gave, stores config-file values for the options
 * this command has and the user did not give (so command line > environment > config file >
 * default), passes the extra gazetteers on, applies -q/-v and starts the pager if --pager asked.
 */
void apply_common(boost::program_options::variables_map& vm,
                  const boost::program_options::options_description& options);

/**
 * A command's whole command line: its visible options (add_common_options() already called on
 * them) plus, if `positional` is given, the words that are not options, collected under that
 * name; stored, then apply_common(). Prints the visible options and returns none for --help.
 */
[[nodiscard]] auto parse_command(const std::vector<std::string>& args,
                                 const boost::program_options::options_description& visible,
                                 const char* positional = nullptr)
    -> std::optional<boost::program_options::variables_map>;

/// --format: true for json, false for text; a UsageError naming the command for anything else.
[[nodiscard]] auto text_or_json(const boost::program_options::variables_map& vm,
                                const char* command) -> bool;

/// The effective settings (after apply_common(); loaded from the default places before).
[[nodiscard]] auto settings() -> const config::Settings&;

/// Where warnings go: stderr, or nowhere with -q. Errors are not warnings: main() prints them.
[[nodiscard]] auto warn() -> std::ostream&;
/// -v: also print what telusur is doing (config, index, data, time taken) on stderr.
[[nodiscard]] auto verbose() -> bool;
/// With -v, prints "telusur: MESSAGE" on stderr.
void info(const std::string& message);

/// Whether stdout was a terminal when telusur started (before any pager took it over).
[[nodiscard]] auto stdout_is_terminal() -> bool;
/// Colour for text output: --color if the command has it, else config/NO_COLOR, and for
/// `auto` only when stdout is a terminal.
[[nodiscard]] auto color_enabled(const boost::program_options::variables_map& vm) -> bool;
/// Width to wrap text output at: $COLUMNS, else the terminal's width; 0 (no wrapping) when
/// stdout is not a terminal and COLUMNS is unset.
[[nodiscard]] auto text_width() -> std::size_t;

/// The shipped synonyms (data/synonyms-id.txt) plus the user's files (config, TELUSUR_SYNONYMS).
void load_synonyms(search::SynonymTable& table);

}  // namespace telusur::cli
