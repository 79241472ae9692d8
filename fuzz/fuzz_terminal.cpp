// Fuzzes output::sanitize_for_terminal: whatever an article or a file name holds, the result is
// valid UTF-8 with no C0/C1 control, DEL or bidirectional override left (a newline only when
// lines are kept), so nothing printed can drive the terminal.

#include "fuzz_common.hpp"
#include "telusur/output/terminal.hpp"

using namespace telusur;

namespace {

void check_safe(const std::string& out, bool keep_newlines) {
    fuzz::check(fuzz::valid_utf8(out), "sanitized text is valid UTF-8");
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto c = static_cast<unsigned char>(out[i]);
        fuzz::check(c >= 0x20 ? c != 0x7F : (keep_newlines && c == '\n'), "no C0 control or DEL");
        if (c == 0xC2 && i + 1 < out.size()) {
            auto next = static_cast<unsigned char>(out[i + 1]);
            fuzz::check(next < 0x80 || next > 0x9F, "no C1 control");
        }
        if (c == 0xE2 && i + 2 < out.size()) {
            auto b1 = static_cast<unsigned char>(out[i + 1]);
            auto b2 = static_cast<unsigned char>(out[i + 2]);
            fuzz::check(!(b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE), "no bidi embedding/override");
            fuzz::check(!(b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9), "no bidi isolate");
        }
    }
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    auto text = fuzz::view(data, size);
    check_safe(output::sanitize_for_terminal(text), false);
    check_safe(output::sanitize_for_terminal(text, true), true);
    return 0;
}
