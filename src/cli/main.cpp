// telusur: full-text search for Indonesian news. Entry point: dispatches to subcommands and is
// the one place that turns library errors into one-line messages and exit codes.

#include <poll.h>
#include <unicode/uversion.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <boost/program_options/errors.hpp>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "telusur/analysis/analyzer.hpp"
#include "telusur/error.hpp"
#include "telusur/output/terminal.hpp"

#ifdef TELUSUR_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace {

/// The allocator that malloc() reaches: jemalloc and its version when the binary links it and an
/// allocation made here went through it (its per-thread byte count grew).
auto allocator() -> std::string {
#ifdef TELUSUR_JEMALLOC
    const char* version = nullptr;
    std::size_t size = sizeof(version);
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    std::size_t count_size = sizeof(before);
    if (mallctl("version", static_cast<void*>(&version), &size, nullptr, 0) == 0 &&
        mallctl("thread.allocated", &before, &count_size, nullptr, 0) == 0) {
        void* volatile block = std::malloc(std::size_t{1} << 16);
        const bool counted = mallctl("thread.allocated", &after, &count_size, nullptr, 0) == 0;
        std::free(block);
        if (counted && after > before) {
            const std::string full(version);  // "5.3.0-0-g54eaed1d..."
            return "jemalloc " + full.substr(0, full.find('-'));
        }
    }
    return "not jemalloc (malloc is interposed, e.g. by LD_PRELOAD)";
#else
    return "C library malloc";
#endif
}

constexpr const char* kUsage = R"(usage: telusur COMMAND [OPTIONS] [ARGS]

telusur is a full-text search engine for Indonesian news.

Commands:
  index     add articles (.txt .md .html .json .jsonl files, directories, '-') to the index
  search    search the index and print ranked articles with snippets
  similar   list the articles most like one article (more like this)
  show      print one indexed article (cleaned, or --raw) with its metadata
  entities  list the gazetteer, or --suggest names it does not know yet
  facets    count the articles naming each company, product, person, place, org
  stem      print the stem of each word (arguments or stdin lines)
  analyze   show tokens, normalised forms, terms and offsets of a text
  rollback  switch the index back to the generation before the last rebuild or compact
  stats     documents, terms, size, last update, dates, sources of the index
  check     run Xapian's and telusur's consistency checks on the index
  compact   compact the index into a new generation and switch to it atomically
  config    print the effective settings and where each came from

Run 'telusur help COMMAND' (or 'telusur COMMAND --help') for a command's options; every command
also takes -q/--quiet, -v/--verbose, --pager and --config FILE. 'man telusur' has it all.
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
    if (command == "similar") {
        return similar_command(args);
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
    if (command == "rollback") {
        return rollback_command(args);
    }
    if (command == "stats") {
        return stats_command(args);
    }
    if (command == "check") {
        return check_command(args);
    }
    if (command == "compact") {
        return compact_command(args);
    }
    if (command == "config") {
        return config_command(args);
    }
    throw telusur::UsageError("unknown command '" + command + "'; run 'telusur --help'");
}

}  // namespace

namespace telusur::cli {

namespace {

/// True when stdout is a pipe whose reader has gone (Linux reports POLLERR on its write end).
auto reader_gone() -> bool {
    pollfd fd{STDOUT_FILENO, POLLOUT, 0};
    return poll(&fd, 1, 0) == 1 && (fd.revents & POLLERR) != 0;
}

}  // namespace

void flush_output() {
    std::cout.flush();
    if (!std::cout) {
        // The failed write may have been an earlier one, so errno alone does not tell.
        if (errno == EPIPE || reader_gone()) {
            throw BrokenPipe{};
        }
        throw telusur::Error(std::string("cannot write the output: ") +
                             (errno != 0 ? std::strerror(errno) : "stream error"));
    }
}

}  // namespace telusur::cli

auto main(int argc, char** argv) -> int {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return telusur::cli::kError;
    }
    // The common options may also come before the command: telusur -q --config F index ...
    std::size_t lead = 0;
    while (lead < args.size()) {
        const auto& a = args[lead];
        if (a == "-q" || a == "--quiet" || a == "-v" || a == "--verbose" || a == "--pager" ||
            a.rfind("--config=", 0) == 0) {
            lead += 1;
        } else if (a == "--config" && lead + 1 < args.size()) {
            lead += 2;
        } else {
            break;
        }
    }
    if (lead > 0 && lead < args.size()) {
        std::rotate(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(lead),
                    args.begin() + static_cast<std::ptrdiff_t>(lead) + 1);
    }
    if (args[0] == "help" && args.size() >= 2) {
        args = {args.back(), "--help"};  // telusur help COMMAND = telusur COMMAND --help
    } else if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        UVersionInfo icu;
        u_getVersion(icu);
        char icu_text[U_MAX_VERSION_STRING_LENGTH];
        u_versionToString(icu, icu_text);
        std::cout << "telusur " << TELUSUR_VERSION << "\nXapian " << Xapian::version_string()
                  << "\nICU " << icu_text << "\nanalyzer version "
                  << telusur::analysis::Analyzer::kVersion << "\nallocator " << allocator() << "\n";
        return 0;
    }
    // A closed pipe is an error on write (EPIPE), not a signal: flush_output() turns it into a
    // quiet exit, as for `telusur search ... | head`.
    (void)std::signal(SIGPIPE, SIG_IGN);
    try {
        auto code = dispatch(args[0], std::vector<std::string>(args.begin() + 1, args.end()));
        telusur::cli::flush_output();
        return code;
    } catch (const telusur::cli::BrokenPipe&) {
        return 0;
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
