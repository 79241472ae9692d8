#pragma once
// Raw input checks shared by the readers: size, emptiness, binary content, UTF-8 repair.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "telusur/error.hpp"
#include "telusur/ingest/article.hpp"

namespace telusur::ingest {

/** An input that is skipped, with the kind counted in the summary. */
class SkipError : public InputError {
public:
    SkipError(SkipKind kind, const std::string& reason) : InputError(reason), m_kind(kind) {}
    [[nodiscard]] auto kind() const -> SkipKind { return m_kind; }

private:
    SkipKind m_kind;
};

/// Reads a whole file; throws SkipError when it is unreadable, too large or blank.
[[nodiscard]] auto read_bytes(const std::filesystem::path& path, std::uintmax_t max_bytes)
    -> std::string;

/// Empty string when data looks like text, else why not ("NUL bytes", "mostly non-text bytes").
[[nodiscard]] auto binary_reason(std::string_view data) -> std::string;

/// Replaces each invalid UTF-8 sequence by U+FFFD; returns how many were replaced.
auto repair_utf8(std::string& text) -> std::size_t;

/// Trims ASCII whitespace (and a UTF-8 BOM or no-break spaces at the ends).
[[nodiscard]] auto trim(std::string_view s) -> std::string_view;

/// Splits text into lines (LF, CRLF or CR), without the line ends.
[[nodiscard]] auto split_lines(std::string_view text) -> std::vector<std::string>;

}  // namespace telusur::ingest
