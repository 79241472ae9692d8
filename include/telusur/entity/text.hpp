#pragma once
// Character classes and folding shared by the gazetteer and the matcher. Both work on code points
// of UTF-8 text; invalid bytes decode as kInvalid (one byte each) and are never word characters.

#include <cstddef>
#include <string>
#include <string_view>

namespace telusur::entity {

/// Code point returned for an invalid UTF-8 byte.
inline constexpr char32_t kInvalid = 0xFFFFFFFF;

/// Decodes the code point at text[pos] and advances pos past it (one byte if invalid).
[[nodiscard]] auto next_code_point(std::string_view text, std::size_t& pos) -> char32_t;

/// A letter, digit or combining mark (Unicode-aware): what may not touch a match on either side.
[[nodiscard]] auto is_word_char(char32_t c) -> bool;

/// Whitespace or a hyphen (`-`, U+2010, U+2011, U+00AD): what a space or `-` in an alias matches.
[[nodiscard]] auto is_separator(char32_t c) -> bool;

/// Simple Unicode case folding of one code point (ASCII fast path).
[[nodiscard]] auto fold(char32_t c) -> char32_t;

/// An alias reduced to the form two aliases collide on: case-folded unless `exact`, separators
/// removed ("Chat-GPT" and "chat gpt" give "chatgpt"). UTF-8.
[[nodiscard]] auto alias_key(std::string_view alias, bool exact) -> std::string;

}  // namespace telusur::entity
