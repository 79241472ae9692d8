#pragma once
// Shared helpers of the libFuzzer targets: invariants that must hold for any input. A broken
// invariant aborts, so that libFuzzer saves the input as a crash.

#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "telusur/ingest/input.hpp"

namespace telusur::fuzz {

/// Aborts with a message when cond is false (assert() is compiled out in release builds).
inline void check(bool cond, const char* what) {
    if (!cond) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

/// True when text is valid UTF-8.
inline auto valid_utf8(const std::string& text) -> bool {
    std::string copy = text;
    return ingest::repair_utf8(copy) == 0;
}

/// Input bytes as a string view.
inline auto view(const std::uint8_t* data, std::size_t size) -> std::string_view {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace telusur::fuzz
