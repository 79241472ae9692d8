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
    Parser(std::string_view text, analysis::Analyzer& analyzer, KnownTerm known)
        : m_text(text), m_lexemes(lex(text)), m_analyzer(analyzer), m_known(std::move(known)) {}

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
        std::string previous_word;  // norm of the last plain word added to must
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
            auto word = negated ? std::string() : plain_word(peek());
            auto q = negated ? unary_negated(depth) : primary(depth);
            if (q.empty()) {
                continue;
            }
            // Two plain words that the index also holds written together ("chat gpt" and
            // "chatgpt") match either way.
            if (!word.empty() && !previous_word.empty() && m_known) {
                auto joined = m_analyzer.term(previous_word + word);
                if (m_known(joined)) {
                    Xapian::Query pair(Xapian::Query::OP_AND, must.back(), q);
                    must.back() = Xapian::Query(Xapian::Query::OP_OR, pair, Xapian::Query(joined));
                    m_positive.push_back(joined);
                    previous_word.clear();
                    continue;
                }
            }
            (negated ? must_not : must).push_back(q);
            previous_word = word;
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
                return words(next());
            default:
                fail("expected a word, a phrase or '('");
        }
    }

    /// A single token outside a phrase: its term, or for a compound the joined form or the
    /// phrase of its parts ("Chat-GPT" -> chatgpt OR "chat gpt").
    auto token_query(const analysis::Token& token) -> Xapian::Query {
        auto terms = m_analyzer.terms(token);
        for (const auto& t : terms) {
            m_positive.push_back(t.text);
        }
        if (terms.size() == 1) {
            return Xapian::Query(terms.front().text);
        }
        std::vector<Xapian::Query> parts;
        for (auto it = terms.begin() + 1; it != terms.end(); ++it) {
            parts.emplace_back(it->text);
        }
        Xapian::Query phrase(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                             static_cast<Xapian::termcount>(parts.size()));
        return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(terms.front().text), phrase);
    }

    /// A word or a quoted phrase. Stop words are dropped from plain words only; inside a phrase
    /// every word counts, and compounds are matched by their parts.
    auto words(const Lexeme& lexeme) -> Xapian::Query {
        auto tokens = m_analyzer.tokenize(lexeme.text);
        if (tokens.size() == 1) {
            if (lexeme.kind == Kind::Word && m_drop_stopwords &&
                m_analyzer.is_stopword(tokens.front().norm)) {
                m_dropped = true;
                return {};
            }
            return token_query(tokens.front());
        }
        std::vector<Xapian::Query> sequence;
        for (const auto& token : tokens) {
            auto terms = m_analyzer.terms(token);
            for (std::size_t i = terms.size() == 1 ? 0 : 1; i < terms.size(); ++i) {
                m_positive.push_back(terms[i].text);
                sequence.emplace_back(terms[i].text);
            }
        }
        if (sequence.size() <= 1) {
            return sequence.empty() ? Xapian::Query() : sequence.front();
        }
        return Xapian::Query(Xapian::Query::OP_PHRASE, sequence.begin(), sequence.end(),
                             static_cast<Xapian::termcount>(sequence.size()));
    }

    /// The normalised form of a lexeme that is one plain (non-compound) word, else "".
    auto plain_word(const Lexeme& lexeme) -> std::string {
        if (lexeme.kind != Kind::Word) {
            return {};
        }
        auto tokens = m_analyzer.tokenize(lexeme.text);
        if (tokens.size() != 1 || tokens.front().norm.find('-') != std::string::npos) {
            return {};
        }
        return tokens.front().norm;
    }

    std::string_view m_text;
    std::vector<Lexeme> m_lexemes;
    std::size_t m_pos = 0;
    analysis::Analyzer& m_analyzer;
    KnownTerm m_known;
    std::vector<std::string> m_positive;

public:
    bool m_drop_stopwords = true;  ///< drop stop words from plain words
    bool m_dropped = false;        ///< a stop word was dropped
};

}  // namespace

auto parse_query(std::string_view text, analysis::Analyzer& analyzer, const KnownTerm& known)
    -> ParsedQuery {
    Parser parser(text, analyzer, known);
    auto parsed = parser.run();
    if (parsed.empty && parser.m_dropped) {
        // Only stop words ("yang"): search for them rather than list everything.
        Parser again(text, analyzer, known);
        again.m_drop_stopwords = false;
        return again.run();
    }
    return parsed;
}

}  // namespace telusur::search
