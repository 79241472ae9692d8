#include "telusur/ingest/input.hpp"

#include <unicode/utf8.h>

#include <fstream>
#include <iterator>

namespace telusur::ingest {

auto kind_name(SkipKind kind) -> const char* {
    switch (kind) {
        case SkipKind::kMissing:
            return "missing";
        case SkipKind::kUnreadable:
            return "unreadable";
        case SkipKind::kEmpty:
            return "empty";
        case SkipKind::kBinary:
            return "binary";
        case SkipKind::kTooLarge:
            return "too large";
        case SkipKind::kMalformed:
            return "malformed line";
        case SkipKind::kNoBody:
            return "no body";
        case SkipKind::kDuplicate:
            return "duplicate";
    }
    return "other";
}

auto trim(std::string_view s) -> std::string_view {
    for (bool changed = true; changed && !s.empty();) {
        changed = false;
        for (std::string_view ws :
             {" ", "\t", "\r", "\n", "\f", "\v", "\xEF\xBB\xBF", "\xC2\xA0"}) {
            while (s.starts_with(ws)) {
                s.remove_prefix(ws.size());
                changed = true;
            }
            while (s.ends_with(ws)) {
                s.remove_suffix(ws.size());
                changed = true;
            }
        }
    }
    return s;
}

auto split_lines(std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
            out.emplace_back(text.substr(start, i - start));
            if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
                ++i;
            }
            start = i + 1;
        }
    }
    return out;
}

auto read_bytes(const std::filesystem::path& path, std::uintmax_t max_bytes) -> std::string {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw SkipError(SkipKind::kUnreadable, std::string("cannot read: ").append(ec.message()));
    }
    if (size > max_bytes) {
        throw SkipError(SkipKind::kTooLarge, std::to_string(size)
                                                 .append(" bytes, over the --max-bytes limit of ")
                                                 .append(std::to_string(max_bytes)));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SkipError(SkipKind::kUnreadable, "cannot open for reading");
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw SkipError(SkipKind::kUnreadable, "read error");
    }
    if (trim(data).empty()) {
        throw SkipError(SkipKind::kEmpty, "empty article");
    }
    return data;
}

auto binary_reason(std::string_view data) -> std::string {
    if (data.find('\0') != std::string_view::npos) {
        return "binary file (NUL bytes)";
    }
    // Control characters and invalid UTF-8 in the first 64 KiB: text has next to none.
    auto sample = data.substr(0, std::size_t{64} * 1024U);
    const auto* s = reinterpret_cast<const std::uint8_t*>(sample.data());
    auto length = static_cast<std::int32_t>(sample.size());
    std::size_t bad = 0;
    std::size_t chars = 0;
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        ++chars;
        if (c < 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7F) {
            ++bad;
        }
    }
    if (chars > 0 && bad * 10 > chars * 3) {
        return "binary file (mostly non-text bytes)";
    }
    return {};
}

auto repair_utf8(std::string& text) -> std::size_t {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    // 64-bit offsets: --max-bytes may let a text past 2 GiB through.
    auto length = static_cast<std::int64_t>(text.size());
    std::string out;
    std::size_t replaced = 0;
    for (std::int64_t i = 0; i < length;) {
        auto start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            out.append("\xEF\xBF\xBD");
            ++replaced;
        } else {
            out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        }
    }
    if (replaced > 0) {
        text = std::move(out);
    }
    return replaced;
}

}  // namespace telusur::ingest
