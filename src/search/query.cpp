#include "telusur/search/query.hpp"

#include <algorithm>

#include "telusur/error.hpp"

namespace telusur::search {

namespace {

constexpr int kMaxDepth = 100;

enum class Kind { Word, Phrase, LParen, RParen, And, Or, Not, Minus, Plus, End };

struct Lexeme {
    Kind kind;
    std::string text;
    std::size_t offset;  ///< byte offset in the query
};

/// 1-based column in code points of a byte offset, for error messages.
auto column(std::string_view text, std::size_t offset) -> std::size_t {
    offset = std::min(offset, text.size());
    return 1 +
           static_cast<std::size_t>(std::count_if(text.begin(), text.begin() + offset, [](char c) {
               return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
           }));
}

auto is_space(char c) -> bool {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
            auto close = text.find('"', i + 1);
            if (close == std::string_view::npos) {
                throw QueryError("unterminated phrase: expected a closing '\"'", column(text, i));
            }
            out.push_back({Kind::Phrase, std::string(text.substr(i + 1, close - i - 1)), i});
            i = close + 1;
        } else if ((c == '-' || c == '+') && i + 1 < text.size() && !is_space(text[i + 1])) {
            out.push_back({c == '-' ? Kind::Minus : Kind::Plus, {}, i});
            ++i;
        } else {
            auto start = i;
            while (i < text.size() && !is_space(text[i]) && text[i] != '(' && text[i] != ')' &&
                   text[i] != '"') {
                ++i;
            }
            std::string word(text.substr(start, i - start));
            Kind kind = word == "AND"   ? Kind::And
                        : word == "OR"  ? Kind::Or
                        : word == "NOT" ? Kind::Not
                                        : Kind::Word;
            out.push_back({kind, std::move(word), start});
        }
    }
    out.push_back({Kind::End, {}, text.size()});
    return out;
}

/** Recursive-descent parser over the lexemes; an invalid Query means "no words here". */
class Parser {
public:
    Parser(std::string_view text, analysis::Analyzer& analyzer)
        : m_text(text), m_lexemes(lex(text)), m_analyzer(analyzer) {}

    auto run() -> ParsedQuery {
        ParsedQuery out;
        if (peek().kind == Kind::End) {
            out.query = Xapian::Query::MatchAll;
            return out;
        }
        auto q = or_expr(0);
        if (peek().kind != Kind::End) {
            fail(peek().kind == Kind::RParen ? "unbalanced ')': no '(' to close"
                                             : "expected an operator or a word");
        }
        out.empty = m_positive.empty() && q.empty();
        out.query = q.empty() ? Xapian::Query::MatchAll : q;
        out.positive_terms = std::move(m_positive);
        return out;
    }

private:
    [[nodiscard]] auto peek() const -> const Lexeme& { return m_lexemes[m_pos]; }
    auto next() -> const Lexeme& { return m_lexemes[m_pos++]; }
    [[noreturn]] void fail(const std::string& what) const {
        throw QueryError(what, column(m_text, peek().offset));
    }

    auto or_expr(int depth) -> Xapian::Query {
        std::vector<Xapian::Query> parts{and_expr(depth)};
        while (peek().kind == Kind::Or) {
            next();
            parts.push_back(and_expr(depth));
        }
        if (parts.size() == 1) {
            return parts.front();
        }
        std::erase_if(parts, [](const Xapian::Query& q) { return q.empty(); });
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    auto and_expr(int depth) -> Xapian::Query {
        std::vector<Xapian::Query> must;
        std::vector<Xapian::Query> must_not;
        auto starts_unary = [this] {
            auto k = peek().kind;
            return k == Kind::Word || k == Kind::Phrase || k == Kind::LParen || k == Kind::Not ||
                   k == Kind::Minus || k == Kind::Plus;
        };
        if (!starts_unary()) {
            fail("expected a word, a phrase or '('");
        }
        while (starts_unary() || peek().kind == Kind::And) {
            if (peek().kind == Kind::And) {
                next();
                if (!starts_unary()) {
                    fail("expected a word, a phrase or '(' after AND");
                }
            }
            bool negated = peek().kind == Kind::Not || peek().kind == Kind::Minus;
            if (negated) {
                next();
                if (!starts_unary()) {
                    fail("expected a word, a phrase or '(' after NOT or '-'");
                }
            } else if (peek().kind == Kind::Plus) {
                next();
            }
            auto q = negated ? unary_negated(depth) : primary(depth);
            if (!q.empty()) {
                (negated ? must_not : must).push_back(q);
            }
        }
        Xapian::Query result = must.empty()
                                   ? Xapian::Query()
                                   : Xapian::Query(Xapian::Query::OP_AND, must.begin(), must.end());
        if (!must_not.empty()) {
            if (result.empty()) {
                result = Xapian::Query::MatchAll;
            }
            Xapian::Query excluded(Xapian::Query::OP_OR, must_not.begin(), must_not.end());
            result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, excluded);
        }
        return result;
    }

    /// The operand of NOT / '-': its terms are not highlighted.
    auto unary_negated(int depth) -> Xapian::Query {
        auto saved = m_positive.size();
        if (peek().kind == Kind::Not || peek().kind == Kind::Minus) {
            next();  // double negation reads as the operand itself
        }
        auto q = primary(depth);
        m_positive.resize(saved);
        return q;
    }

    auto primary(int depth) -> Xapian::Query {
        if (depth > kMaxDepth) {
            fail("parentheses nested too deeply (limit 100)");
        }
        const auto& lexeme = peek();
        switch (lexeme.kind) {
            case Kind::LParen: {
                next();
                if (peek().kind == Kind::RParen) {
                    fail("empty parentheses: expected a word");
                }
                auto q = or_expr(depth + 1);
                if (peek().kind != Kind::RParen) {
                    fail("expected ')'");
                }
                next();
                return q;
            }
            case Kind::Word:
            case Kind::Phrase:
                return words(next().text);
            default:
                fail("expected a word, a phrase or '('");
        }
    }

    /// A word or phrase: its tokens as one term or a phrase of terms.
    auto words(const std::string& text) -> Xapian::Query {
        std::vector<Xapian::Query> terms;
        for (const auto& token : m_analyzer.tokenize(text)) {
            auto term = m_analyzer.term(token.norm);
            if (!term.empty()) {
                m_positive.push_back(term);
                terms.emplace_back(term);
            }
        }
        if (terms.size() <= 1) {
            return terms.empty() ? Xapian::Query() : terms.front();
        }
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
    }

    std::string_view m_text;
    std::vector<Lexeme> m_lexemes;
    std::size_t m_pos = 0;
    analysis::Analyzer& m_analyzer;
    std::vector<std::string> m_positive;
};

}  // namespace

auto parse_query(std::string_view text, analysis::Analyzer& analyzer) -> ParsedQuery {
    return Parser(text, analyzer).run();
}

}  // namespace telusur::search
