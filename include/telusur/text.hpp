#pragma once
// Small byte-level text helpers shared by the pipeline stages (and the benchmark generators).

#include <string>
#include <string_view>

namespace telusur {

/// s with A-Z turned into a-z; every other byte, UTF-8 sequences included, unchanged. For
/// matching ASCII keywords (month names, labels, affixes) and the ASCII fast path of
/// Analyzer::normalize; real case folding is ICU's (analysis::Analyzer::normalize).
[[nodiscard]] inline auto ascii_lower(std::string_view s) -> std::string {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace telusur
