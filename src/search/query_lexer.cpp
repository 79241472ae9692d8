#include "query_lexer.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "telusur/error.hpp"

namespace telusur::search::detail {

namespace {

constexpr std::array<std::string_view, 5> kFields{"title", "source", "company", "entity", "date"};
constexpr unsigned kMaxNear = 1000;

auto is_space(char c) -> bool {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

auto is_break(char c) -> bool {
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

/// "NEAR" or "NEAR/n": the window, 0 when the word is not a NEAR operator.
auto near_window(std::string_view word, std::string_view query, std::size_t at) -> unsigned {
    if (word == "NEAR") {
        return 10;
    }
    if (!word.starts_with("NEAR/")) {
        return 0;
    }
    unsigned n = 0;
    auto digits = word.substr(5);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || n == 0 || n > kMaxNear) {
        throw QueryError("NEAR/n needs a number n from 1 to 1000", column(query, at));
    }
    return n;
}

auto read_phrase(std::string_view text, std::size_t open) -> std::size_t {
    auto close = text.find('"', open + 1);
    if (close == std::string_view::npos) {
        throw QueryError("unterminated phrase: expected a closing '\"'", column(text, open));
    }
    return close;
}

}  // namespace

auto column(std::string_view text, std::size_t offset) -> std::size_t {
    offset = std::min(offset, text.size());
    auto chars =
        std::count_if(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset),
                      [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; });
    return 1 + static_cast<std::size_t>(chars);
}

auto lex(std::string_view text) -> std::vector<Lexeme> {
    std::vector<Lexeme> out;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Kind::LParen : Kind::RParen, {}, i});
            ++i;
        } else if (c == '"') {
            auto close = read_phrase(text, i);
            out.push_back({Kind::Phrase, std::string(text.substr(i + 1, close - i - 1)), i});
            i = close + 1;
        } else if ((c == '-' || c == '+') && i + 1 < text.size() && !is_space(text[i + 1])) {
            out.push_back({c == '-' ? Kind::Minus : Kind::Plus, {}, i});
            ++i;
        } else {
            auto start = i;
            while (i < text.size() && !is_break(text[i])) {
                ++i;
            }
            std::string_view word = text.substr(start, i - start);
            auto colon = word.find(':');
            std::string field;
            if (colon != std::string_view::npos) {
                for (auto f : kFields) {
                    if (word.substr(0, colon) == f) {
                        field = f;
                    }
                }
            }
            if (!field.empty()) {
                Lexeme lexeme{Kind::Field, std::string(word.substr(colon + 1)), start, field};
                if (lexeme.text.empty() && i < text.size() && text[i] == '"') {
                    auto close = read_phrase(text, i);
                    lexeme.text = std::string(text.substr(i + 1, close - i - 1));
                    lexeme.quoted = true;
                    i = close + 1;
                }
                out.push_back(std::move(lexeme));
            } else if (word == "AND" || word == "OR" || word == "NOT") {
                out.push_back({word == "AND"  ? Kind::And
                               : word == "OR" ? Kind::Or
                                              : Kind::Not,
                               std::string(word), start});
            } else if (auto window = near_window(word, text, start); window != 0) {
                Lexeme lexeme{Kind::Near, std::string(word), start};
                lexeme.window = window;
                out.push_back(std::move(lexeme));
            } else if (word.size() > 1 && word.back() == '*') {
                out.push_back(
                    {Kind::Wildcard, std::string(word.substr(0, word.size() - 1)), start});
            } else {
                out.push_back({Kind::Word, std::string(word), start});
            }
        }
    }
    out.push_back({Kind::End, {}, text.size()});
    return out;
}

}  // namespace telusur::search::detail
