#include "telusur/entity/text.hpp"

#include <unicode/uchar.h>

namespace telusur::entity {

auto next_code_point(std::string_view text, std::size_t& pos) -> char32_t {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    std::size_t length = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        c = b0 & 0x1Fu;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        c = b0 & 0x0Fu;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        c = b0 & 0x07u;
        min = 0x10000;
    } else {
        ++pos;
        return kInvalid;
    }
    if (pos + length > text.size()) {
        ++pos;
        return kInvalid;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xC0u) != 0x80u) {
            ++pos;
            return kInvalid;
        }
        c = (c << 6) | (b & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        ++pos;
        return kInvalid;
    }
    pos += length;
    return c;
}

auto is_word_char(char32_t c) -> bool {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    if (c == kInvalid) {
        return false;
    }
    const auto cp = static_cast<UChar32>(c);
    return u_isalnum(cp) || u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) ||
           (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

auto is_separator(char32_t c) -> bool {
    if (c < 0x80) {
        return c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r';
    }
    if (c == kInvalid) {
        return false;
    }
    return c == 0x2010 || c == 0x2011 || c == 0x00AD || u_isUWhiteSpace(static_cast<UChar32>(c));
}

auto fold(char32_t c) -> char32_t {
    if (c < 0x80) {
        return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    }
    if (c == kInvalid) {
        return c;
    }
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

namespace {
void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}
}  // namespace

auto alias_key(std::string_view alias, bool exact) -> std::string {
    std::string key;
    std::size_t pos = 0;
    while (pos < alias.size()) {
        const char32_t c = next_code_point(alias, pos);
        if (c == kInvalid) {
            key.push_back('\xFF');
        } else if (!is_separator(c)) {
            append_utf8(key, exact ? c : fold(c));
        }
    }
    return key;
}

}  // namespace telusur::entity
