#include "telusur/output/terminal.hpp"

#include <unicode/utf8.h>

#include <cstdint>

namespace telusur::output {

namespace {

auto interpreted_by_terminal(UChar32 c) -> bool {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

auto sanitize_for_terminal(std::string_view text, bool keep_newlines) -> std::string {
    std::string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    auto length = static_cast<std::int64_t>(text.size());
    for (std::int64_t i = 0; i < length;) {
        auto start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            // U8_NEXT skips a truncated sequence as a whole; one U+FFFD per byte keeps the
            // reader able to count what was lost.
            for (auto k = start; k < i; ++k) {
                out.append("\xEF\xBF\xBD");
            }
        } else if (c == '\t' || (c == '\n' && !keep_newlines)) {
            out.push_back(' ');
        } else if (c == '\n') {
            out.push_back('\n');
        } else if (interpreted_by_terminal(c)) {
            out.push_back('?');
        } else {
            out.append(text.substr(static_cast<std::size_t>(start),
                                   static_cast<std::size_t>(i - start)));
        }
    }
    return out;
}

}  // namespace telusur::output
