#include "telusur/search/query.hpp"

#include <algorithm>

#include "query_lexer.hpp"
#include "telusur/error.hpp"
#include "telusur/search/date_range.hpp"
#include "telusur/search/phrases.hpp"

namespace telusur::search {

namespace {

using detail::Kind;
using detail::Lexeme;

constexpr int kMaxDepth = 100;
constexpr std::size_t kMaxTerms = 1000;
constexpr std::size_t kMaxQueryBytes = std::size_t{64} * 1024U;

auto make_or(std::vector<Xapian::Query>& parts) -> Xapian::Query {
    std::erase_if(parts, [](const Xapian::Query& q) { return q.empty(); });
    if (parts.size() == 1) {
        return parts.front();
    }
    return parts.empty() ? Xapian::Query()
                         : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

auto phrase(std::vector<Xapian::Query>& parts) -> Xapian::Query {
    if (parts.size() == 1) {
        return parts.front();
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(parts.size()));
}

/// A filter that selects without adding to the score.
auto filter(const Xapian::Query& q) -> Xapian::Query {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

/** Recursive-descent parser over the lexemes; an empty Query means "no words here". */
class Parser {
public:
    Parser(std::string_view text, analysis::Analyzer& analyzer, const QueryContext& context)
        : m_text(text), m_lexemes(detail::lex(text)), m_analyzer(analyzer), m_context(context) {}

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
        out.empty = q.empty();
        out.query = q.empty() ? Xapian::Query::MatchAll : q;
        out.positive_terms = std::move(m_positive);
        out.relaxable = m_relaxable;
        return out;
    }

    bool m_drop_stopwords = true;  ///< drop stop words from plain words
    bool m_dropped = false;        ///< a stop word was dropped

private:
    [[nodiscard]] auto peek() const -> const Lexeme& { return m_lexemes[m_pos]; }
    auto next() -> const Lexeme& { return m_lexemes[m_pos++]; }
    [[noreturn]] void fail(const std::string& what) const {
        throw QueryError(what, detail::column(m_text, peek().offset));
    }
    void note_term(const std::string& term) {
        if (m_positive.size() >= kMaxTerms) {
            fail("query too long: more than 1000 terms");
        }
        m_positive.push_back(term);
    }
    [[nodiscard]] auto starts_unary() const -> bool {
        switch (peek().kind) {
            case Kind::Word:
            case Kind::Phrase:
            case Kind::Wildcard:
            case Kind::Field:
            case Kind::LParen:
            case Kind::Not:
            case Kind::Minus:
            case Kind::Plus:
                return true;
            default:
                return false;
        }
    }

    auto or_expr(int depth) -> Xapian::Query {
        std::vector<Xapian::Query> parts{and_expr(depth)};
        while (peek().kind == Kind::Or) {
            next();
            parts.push_back(and_expr(depth));
        }
        return make_or(parts);
    }

    auto and_expr(int depth) -> Xapian::Query {
        std::vector<Xapian::Query> must;      // words, combined with AND (OR when relaxed)
        std::vector<Xapian::Query> required;  // +word, AND, fields: always required
        std::vector<Xapian::Query> must_not;
        std::string previous_word;  // norm of the last plain word added to must
        if (!starts_unary()) {
            fail("expected a word, a phrase or '('");
        }
        while (starts_unary() || peek().kind == Kind::And) {
            bool explicit_and = peek().kind == Kind::And;
            if (explicit_and) {
                next();
                if (!starts_unary()) {
                    fail("expected a word, a phrase or '(' after AND");
                }
            }
            bool negated = peek().kind == Kind::Not || peek().kind == Kind::Minus;
            bool plus = peek().kind == Kind::Plus;
            if (negated || plus) {
                next();
                if (!starts_unary()) {
                    fail("expected a word, a phrase or '(' after NOT, '-' or '+'");
                }
            }
            bool is_field = peek().kind == Kind::Field;
            auto word = negated ? std::string() : plain_word(peek());
            auto saved = m_positive.size();
            auto q = negated ? negated_operand(depth) : near_expr(depth);
            if (negated) {
                m_positive.resize(saved);  // excluded words are not highlighted
            }
            if (q.empty()) {
                continue;
            }
            // Two plain words the index also holds written together ("chat gpt" and "chatgpt").
            if (!word.empty() && !previous_word.empty() && m_context.known && !must.empty()) {
                auto joined = m_analyzer.term(previous_word + word);
                if (m_context.known(joined)) {
                    Xapian::Query pair(Xapian::Query::OP_AND, must.back(), q);
                    must.back() = Xapian::Query(Xapian::Query::OP_OR, pair, Xapian::Query(joined));
                    note_term(joined);
                    previous_word.clear();
                    continue;
                }
            }
            // Two plain words that form a synonym key ("kecerdasan buatan" -> AI).
            if (!word.empty() && !previous_word.empty() && m_context.synonyms && !must.empty()) {
                auto alternatives = m_context.synonyms(previous_word + " " + word);
                if (!alternatives.empty()) {
                    std::vector<Xapian::Query> any{
                        Xapian::Query(Xapian::Query::OP_AND, must.back(), q)};
                    for (const auto& alt : alternatives) {
                        any.push_back(words(alt, true, ""));
                    }
                    must.back() = make_or(any);
                    previous_word.clear();
                    continue;
                }
            }
            if (negated) {
                must_not.push_back(q);
            } else if (plus || explicit_and || is_field) {
                required.push_back(q);
            } else {
                must.push_back(q);
            }
            previous_word = word;
        }
        if (must.size() > 1) {
            m_relaxable = true;
        }
        auto op = m_context.default_or ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
        Xapian::Query result =
            must.empty() ? Xapian::Query() : Xapian::Query(op, must.begin(), must.end());
        if (!required.empty()) {
            Xapian::Query all(Xapian::Query::OP_AND, required.begin(), required.end());
            result = result.empty() ? all : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, result);
            if (!m_context.default_or && !must.empty()) {
                result = Xapian::Query(Xapian::Query::OP_AND, all,
                                       Xapian::Query(op, must.begin(), must.end()));
            }
        }
        if (!must_not.empty()) {
            if (result.empty()) {
                result = Xapian::Query::MatchAll;
            }
            Xapian::Query excluded(Xapian::Query::OP_OR, must_not.begin(), must_not.end());
            result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, excluded);
        }
        return result;
    }

    /// The operand of NOT / '-' ("NOT NOT x" reads as "NOT x").
    auto negated_operand(int depth) -> Xapian::Query {
        if (peek().kind == Kind::Not || peek().kind == Kind::Minus) {
            next();
        }
        return near_expr(depth);
    }

    /// primary (NEAR[/n] primary)*: single words within n positions of each other.
    auto near_expr(int depth) -> Xapian::Query {
        if (peek().kind != Kind::Word || m_lexemes[m_pos + 1].kind != Kind::Near) {
            return primary(depth);
        }
        std::vector<Xapian::Query> terms;
        Xapian::termcount window = 0;
        while (true) {
            if (peek().kind != Kind::Word) {
                fail("NEAR joins single words: expected a word");
            }
            auto tokens = m_analyzer.tokenize(next().text);
            if (tokens.size() != 1 || m_analyzer.terms(tokens.front()).size() != 1) {
                --m_pos;
                fail("NEAR joins single words: expected a word");
            }
            auto term = m_analyzer.terms(tokens.front()).front().text;
            note_term(term);
            terms.emplace_back(term);
            if (peek().kind != Kind::Near) {
                break;
            }
            window = std::max<Xapian::termcount>(window, next().window);
        }
        // NEAR/n: at most n words apart, so the window spans n + number of words - 1 positions.
        return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                             window + static_cast<Xapian::termcount>(terms.size()) - 1);
    }

    auto primary(int depth) -> Xapian::Query {
        if (depth > kMaxDepth) {
            fail("parentheses nested too deeply (limit 100)");
        }
        switch (peek().kind) {
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
                return expanded(next());
            case Kind::Wildcard:
                return wildcard(next());
            case Kind::Field:
                return field(next());
            default:
                fail("expected a word, a phrase or '('");
        }
    }

    /// A word or phrase OR its synonyms and aliases.
    auto expanded(const Lexeme& lexeme) -> Xapian::Query {
        std::vector<Xapian::Query> alternatives{
            words(lexeme.text, lexeme.kind == Kind::Phrase, "")};
        if (m_context.synonyms && !alternatives.front().empty()) {
            for (const auto& alt : m_context.synonyms(lexeme.text)) {
                alternatives.push_back(words(alt, true, ""));
            }
        }
        // An entity's name also matches its mention counts: articles that name it often rank
        // higher (wdf = mentions, in any spelling the gazetteer knows).
        if (m_context.entity && !alternatives.front().empty()) {
            if (auto id = m_context.entity(lexeme.text); !id.empty()) {
                alternatives.emplace_back(std::string(kMentionPrefix).append(id));
            }
        }
        return make_or(alternatives);
    }

    /// The terms of some text: one term, a compound, or a phrase. prefix marks a field.
    auto words(const std::string& text, bool in_phrase, const std::string& prefix)
        -> Xapian::Query {
        auto tokens = m_analyzer.tokenize(text);
        if (tokens.size() == 1 && !in_phrase && prefix.empty() && m_drop_stopwords &&
            m_analyzer.is_stopword(tokens.front().norm)) {
            m_dropped = true;
            return {};
        }
        if (tokens.size() == 1) {
            auto terms = m_analyzer.terms(tokens.front());
            if (terms.size() == 1) {  // a word
                note_term(terms.front().text);
                return Xapian::Query(prefix + terms.front().text);
            }
        }
        // A phrase; compounds inside it match by their parts, alone by joined form or parts.
        // phrase_terms() is also what the indexer marks phrases by.
        const auto plain = phrase_terms(m_analyzer, text);
        std::vector<Xapian::Query> sequence;
        for (const auto& t : plain) {
            note_term(t);
            sequence.emplace_back(prefix + t);
        }
        if (sequence.empty()) {
            return {};
        }
        auto q = phrase(sequence);
        if (sequence.size() > 1 && prefix.empty() && m_context.marked) {
            if (auto marker = phrase_marker(plain); !marker.empty() && m_context.marked(marker)) {
                q = Xapian::Query(
                    Xapian::Query::OP_FILTER,
                    Xapian::Query(Xapian::Query::OP_AND, sequence.begin(), sequence.end()),
                    Xapian::Query(marker));
            } else {
                // A longer phrase: positions are read only where its marked pairs occur.
                std::vector<Xapian::Query> pairs;
                for (std::size_t i = 0; i + 1 < plain.size(); ++i) {
                    auto pair = phrase_marker({plain[i], plain[i + 1]});
                    if (!pair.empty() && m_context.marked(pair)) {
                        pairs.emplace_back(std::move(pair));
                    }
                }
                if (!pairs.empty()) {
                    q = Xapian::Query(
                        Xapian::Query::OP_FILTER, q,
                        pairs.size() == 1
                            ? pairs.front()
                            : Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
                }
            }
        }
        if (tokens.size() == 1) {
            auto joined = m_analyzer.terms(tokens.front()).front().text;
            note_term(joined);
            q = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(prefix + joined), q);
        }
        return q;
    }

    /// semikonduk*: stems and surface words with that beginning, bounded.
    auto wildcard(const Lexeme& lexeme) -> Xapian::Query {
        auto prefix = analysis::Analyzer::normalize(lexeme.text);
        if (prefix.size() < 2 || prefix.find_first_of(" *") != std::string::npos) {
            --m_pos;
            fail("a wildcard needs at least 2 letters before '*'");
        }
        if (m_context.expand) {
            for (const auto& t : m_context.expand(prefix, kMaxWildcardTerms)) {
                note_term(t);
            }
            for (const auto& t : m_context.expand(kSurfacePrefix + prefix, kMaxWildcardTerms)) {
                note_term(t);
            }
        }
        auto limit = Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT;
        return Xapian::Query(
            Xapian::Query::OP_OR,
            Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kMaxWildcardTerms, limit),
            Xapian::Query(Xapian::Query::OP_WILDCARD, kSurfacePrefix + prefix, kMaxWildcardTerms,
                          limit));
    }

    auto field(const Lexeme& lexeme) -> Xapian::Query {
        if (lexeme.text.empty()) {
            fail("expected a value after " + lexeme.field + ":");
        }
        if (lexeme.field == "title") {
            return words(lexeme.text, lexeme.quoted, "S");
        }
        if (lexeme.field == "source") {
            return filter(
                Xapian::Query(kSourcePrefix + analysis::Analyzer::normalize(lexeme.text)));
        }
        if (lexeme.field == "date") {
            return date(lexeme);
        }
        auto id = m_context.entity ? m_context.entity(lexeme.text) : std::string();
        if (id.empty()) {
            id = analysis::Analyzer::normalize(lexeme.text);
        }
        auto prefix = lexeme.field == "company" ? kCompanyPrefix : kEntityPrefix;
        return filter(Xapian::Query(prefix + id));
    }

    /// date:2025, date:2025-05, date:Mei 2025, date:2025-05-01..2025-06-30 (value range).
    auto date(const Lexeme& lexeme) -> Xapian::Query {
        auto text = lexeme.text;
        if (is_month_name(text) && peek().kind == Kind::Word) {
            text += " " + next().text;  // "date:Mei 2025"
        }
        auto range = parse_date_range(text);
        if (!range) {
            --m_pos;
            fail("expected a date after date: (2025, 2025-05, Mei 2025, 2025-05-01..2025-06-30)");
        }
        if (range->from.empty()) {
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot, range->to);
        }
        if (range->to.empty()) {
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDateSlot, range->from);
        }
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, range->from, range->to);
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
    const QueryContext& m_context;
    std::vector<std::string> m_positive;
    bool m_relaxable = false;
};

}  // namespace

auto parse_query(std::string_view text, analysis::Analyzer& analyzer, const QueryContext& context)
    -> ParsedQuery {
    if (text.size() > kMaxQueryBytes) {
        throw QueryError("query too long: " + std::to_string(text.size()) + " bytes, limit " +
                             std::to_string(kMaxQueryBytes),
                         detail::column(text, kMaxQueryBytes));
    }
    Parser parser(text, analyzer, context);
    auto parsed = parser.run();
    if (parsed.empty && parser.m_dropped) {
        // Only stop words ("yang"): search for them rather than list everything.
        Parser again(text, analyzer, context);
        again.m_drop_stopwords = false;
        return again.run();
    }
    return parsed;
}

auto parse_query(std::string_view text, analysis::Analyzer& analyzer, const KnownTerm& known)
    -> ParsedQuery {
    QueryContext context;
    context.known = known;
    return parse_query(text, analyzer, context);
}

}  // namespace telusur::search
