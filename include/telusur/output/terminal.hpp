#pragma once
// Output stage: untrusted text (article titles, bodies, ids from file names, paths in warnings)
// made safe to print on a terminal, so that an article cannot recolour, clear or retitle the
// user's screen, move the cursor, or reorder what is shown.

#include <string>
#include <string_view>

namespace telusur::output {

/// Returns text with everything a terminal would interpret replaced, one code point for one:
/// - C0 controls (U+0000..U+001F, including ESC, CR, BEL, backspace) and DEL become '?'; a tab
///   and a newline become a space (a newline is kept with keep_newlines);
/// - C1 controls (U+0080..U+009F, e.g. the 8-bit CSI U+009B) become '?';
/// - bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) become '?';
/// - each byte that is not part of valid UTF-8 becomes U+FFFD.
/// Everything else (all printable Unicode) is kept as it is.
[[nodiscard]] auto sanitize_for_terminal(std::string_view text, bool keep_newlines = false)
    -> std::string;

}  // namespace telusur::output
