#pragma once
// The telusur command-line front end: one function per subcommand, all thin over the library.

#include <string>
#include <vector>

namespace telusur::cli {

/// Exit codes, like grep's (README, "Exit codes").
enum Exit : int { kHit = 0, kNoHit = 1, kError = 2 };

/// Thrown when stdout was closed by its reader (`telusur search ... | head`): main exits quietly.
struct BrokenPipe {};

/// Flushes stdout; throws BrokenPipe when the reader has gone, so long runs stop at once.
void flush_output();

/// Each subcommand gets its arguments after the subcommand name and returns an exit code.
auto index_command(const std::vector<std::string>& args) -> int;
auto search_command(const std::vector<std::string>& args) -> int;
auto similar_command(const std::vector<std::string>& args) -> int;
auto facets_command(const std::vector<std::string>& args) -> int;
auto entities_command(const std::vector<std::string>& args) -> int;
auto show_command(const std::vector<std::string>& args) -> int;
auto stem_command(const std::vector<std::string>& args) -> int;
auto analyze_command(const std::vector<std::string>& args) -> int;
auto rollback_command(const std::vector<std::string>& args) -> int;
auto stats_command(const std::vector<std::string>& args) -> int;
auto check_command(const std::vector<std::string>& args) -> int;
auto compact_command(const std::vector<std::string>& args) -> int;

}  // namespace telusur::cli
