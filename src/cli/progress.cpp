#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "telusur/error.hpp"

namespace telusur::cli {

namespace {
constexpr auto kInterval = std::chrono::milliseconds(250);
constexpr int kBarWidth = 30;
}  // namespace

Progress::Progress(const std::string& mode, std::size_t total)
    : m_total(total), m_start(std::chrono::steady_clock::now()), m_last(m_start) {
    if (mode == "json") {
        m_mode = Mode::kJson;
        std::cerr << nlohmann::json{{"event", "start"}, {"files_total", total}}.dump() << std::endl;
    } else if (mode == "auto") {
        m_mode = ::isatty(STDERR_FILENO) != 0 ? Mode::kBar : Mode::kNever;
    } else if (mode != "never") {
        throw UsageError("--progress must be auto, never or json, not '" + mode + "'");
    }
}

void Progress::step() {
    ++m_done;
    auto now = std::chrono::steady_clock::now();
    if (m_mode != Mode::kNever && now - m_last >= kInterval) {
        m_last = now;
        print(false);
    }
}

void Progress::print(bool final) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    double rate = seconds > 0 ? static_cast<double>(m_done) / seconds : 0;
    double eta = rate > 0 && m_total > m_done ? static_cast<double>(m_total - m_done) / rate : 0;
    if (m_mode == Mode::kJson) {
        std::cerr << nlohmann::json{{"event", "progress"},
                                    {"files_done", m_done},
                                    {"files_total", m_total},
                                    {"files_per_s",
                                     static_cast<double>(static_cast<long>(rate * 10)) / 10},
                                    {"eta_s", std::lround(eta)}}
                         .dump()
                  << std::endl;
        return;
    }
    auto filled = m_total > 0 ? static_cast<int>(kBarWidth * m_done / m_total) : kBarWidth;
    std::string bar(static_cast<std::size_t>(filled), '=');
    bar.resize(kBarWidth, ' ');
    auto eta_s = std::lround(eta);
    char line[160];
    (void)std::snprintf(line, sizeof line, "\r[%s] %zu/%zu files  %.0f files/s  ETA %ld:%02ld ",
                        bar.c_str(), m_done, m_total, rate, eta_s / 60, eta_s % 60);
    std::cerr << line << (final ? "\n" : "") << std::flush;
}

void Progress::finish(const std::string& summary) {
    if (m_mode == Mode::kBar) {
        print(true);
    } else if (m_mode == Mode::kJson) {
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        std::cerr << nlohmann::json{{"event", "done"},
                                    {"files_done", m_done},
                                    {"files_total", m_total},
                                    {"seconds",
                                     static_cast<double>(static_cast<long>(seconds * 1000)) / 1000},
                                    {"summary", summary}}
                         .dump()
                  << std::endl;
    }
}

}  // namespace telusur::cli
