#pragma once
// Progress of a long command on stderr: a bar with files/s and ETA on a terminal (auto), nothing
// (never, or auto when stderr is not a terminal), or one JSON object per line (json).

#include <chrono>
#include <cstddef>
#include <string>

namespace telusur::cli {

class Progress {
public:
    /// mode: "auto", "never" or "json" (else UsageError). total: files to process.
    Progress(const std::string& mode, std::size_t total);
    /// One more file done (prints at most a few times a second).
    void step();
    /// The run ended; summary is the same line the command prints on stdout.
    void finish(const std::string& summary);

private:
    enum class Mode { kNever, kBar, kJson } m_mode = Mode::kNever;
    std::size_t m_total = 0;
    std::size_t m_done = 0;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    void print(bool final);
};

}  // namespace telusur::cli
