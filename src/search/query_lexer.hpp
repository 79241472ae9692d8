#pragma once
// Lexer of the query language (private to src/search/).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telusur::search::detail {

enum class Kind {
    Word,
    Phrase,
    Wildcard,
    Field,
    LParen,
    RParen,
    And,
    Or,
    Not,
    Near,
    Minus,
    Plus,
    End
};

struct Lexeme {
    Lexeme(Kind k, std::string t, std::size_t at, std::string f = {})
        : kind(k), text(std::move(t)), offset(at), field(std::move(f)) {}

    Kind kind;
    std::string text;     ///< word, phrase content, wildcard prefix or field value
    std::size_t offset;   ///< byte offset in the query
    std::string field;    ///< for Field: the field name (lower case)
    bool quoted = false;  ///< for Field: the value was a "quoted phrase"
    unsigned window = 0;  ///< for Near: NEAR/n
};

/// 1-based column in code points of a byte offset, for error messages.
[[nodiscard]] auto column(std::string_view text, std::size_t offset) -> std::size_t;

/// Splits a query into lexemes; the last is End. Throws QueryError on an unterminated phrase.
[[nodiscard]] auto lex(std::string_view text) -> std::vector<Lexeme>;

}  // namespace telusur::search::detail
