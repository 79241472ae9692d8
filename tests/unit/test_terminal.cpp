#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "telusur/output/format.hpp"
#include "telusur/output/terminal.hpp"

using telusur::output::sanitize_for_terminal;

TEST_CASE("sanitize_for_terminal keeps printable text and Indonesian letters") {
    CHECK(sanitize_for_terminal("Chip AI Tiongkok — “Kunlun” éà 中国") ==
          "Chip AI Tiongkok — “Kunlun” éà 中国");
    CHECK(sanitize_for_terminal("").empty());
}

TEST_CASE("sanitize_for_terminal removes escape sequences that recolour or clear the screen") {
    // ESC [ 2 J clears, ESC [ 31 m colours, ESC ] 0 ; title BEL retitles the window.
    auto out = sanitize_for_terminal("a\x1b[2Jb\x1b[31mc\x1b]0;pwned\x07" "d");
    CHECK(out == "a?[2Jb?[31mc?]0;pwned?d");
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
}

TEST_CASE("sanitize_for_terminal replaces C0 and C1 controls and DEL one for one") {
    CHECK(sanitize_for_terminal(std::string("a\0b\rc\bd\x7f", 8)) == "a?b?c?d?");
    // U+009B is the 8-bit CSI; U+0085 NEL.
    CHECK(sanitize_for_terminal("x\xC2\x9B" "2Jy\xC2\x85z") == "x?2Jy?z");
    // U+00A0 (no-break space) is printable and kept.
    CHECK(sanitize_for_terminal("a\xC2\xA0" "b") == "a\xC2\xA0" "b");
}

TEST_CASE("sanitize_for_terminal turns tabs and newlines into spaces unless lines are kept") {
    CHECK(sanitize_for_terminal("judul\tsatu\ndua") == "judul satu dua");
    CHECK(sanitize_for_terminal("satu\ndua\x1b[K", true) == "satu\ndua?[K");
}

TEST_CASE("sanitize_for_terminal neutralises bidirectional overrides") {
    // U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE reorder what is shown.
    CHECK(sanitize_for_terminal("abc\xE2\x80\xAE" "def\xE2\x81\xA6") == "abc?def?");
}

TEST_CASE("sanitize_for_terminal replaces bytes that are not UTF-8") {
    // A Latin-1 file name: 0xE9 alone, and a lone 8-bit CSI byte 0x9B.
    CHECK(sanitize_for_terminal("caf\xE9.txt") == "caf\xEF\xBF\xBD.txt");
    CHECK(sanitize_for_terminal("a\x9B" "2J") == "a\xEF\xBF\xBD" "2J");
}

TEST_CASE("text results sanitize the id and the snippet and keep bold highlights in place") {
    telusur::search::Results r;
    r.total = 1;
    r.limit = 10;
    telusur::search::Hit h;
    h.rank = 1;
    h.id = "berkas\x1b[2J";  // an id from a file name
    h.title = "Judul";
    h.snippet.text = "awal \x1b[31m chip Kunlun \x1b]0;x\x07 akhir";
    // all ASCII before "Kunlun", so its code-point offset is its byte offset
    auto begin = std::string("awal \x1b[31m chip ").size();
    h.snippet.highlights = {{begin, begin + 6}};
    r.hits.push_back(h);
    for (bool bold : {false, true}) {
        std::ostringstream out;
        telusur::output::write_text(out, r, {bold});
        auto text = out.str();
        CHECK(text.find("berkas?[2J  score") != std::string::npos);
        CHECK(text.find("\x1b[2J") == std::string::npos);
        CHECK(text.find("\x1b[31m") == std::string::npos);
        CHECK(text.find('\x07') == std::string::npos);
        CHECK(text.find(bold ? "awal ?[31m chip \x1b[1;31mKunlun\x1b[0m ?]0;x? akhir"
                             : "awal ?[31m chip Kunlun ?]0;x? akhir") != std::string::npos);
    }
}
