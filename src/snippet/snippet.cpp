#include "telusur/snippet/snippet.hpp"

#include <algorithm>

namespace telusur::snippet {

namespace {

constexpr std::string_view kEllipsis = "…";
/// Context kept before the first matched word, in bytes (about a few words).
constexpr std::size_t kLeadingContext = 40;

/** Appends text to a snippet, collapsing whitespace and dropping control characters. */
class Builder {
public:
    explicit Builder(Snippet& out) : m_out(out) {}

    void append(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            auto c = static_cast<unsigned char>(text[i]);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                m_space = !m_out.text.empty();
                continue;
            }
            if (c < 0x20 || c == 0x7F) {
                continue;  // ESC and friends never reach a terminal
            }
            if (c == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                static_cast<unsigned char>(text[i + 1]) < 0xA0) {
                ++i;  // C1 controls (U+0080..U+009F), e.g. CSI
                continue;
            }
            flush_space();
            m_out.text.push_back(static_cast<char>(c));
            if ((c & 0xC0U) != 0x80U) {
                ++m_chars;
            }
        }
    }
    void flush_space() {
        if (m_space) {
            m_out.text.push_back(' ');
            ++m_chars;
            m_space = false;
        }
    }
    [[nodiscard]] auto chars() const -> std::size_t { return m_chars; }

private:
    Snippet& m_out;
    std::size_t m_chars = 0;
    bool m_space = false;
};

}  // namespace

auto matched_term(const analysis::Token& token,
                  const std::set<std::string>& terms,
                  analysis::Analyzer& analyzer) -> std::optional<std::string> {
    auto surface = std::string("Z").append(token.norm);  // wildcard expansions
    if (terms.contains(surface)) {
        return surface;
    }
    for (const auto& term : analyzer.terms(token)) {
        if (terms.contains(term.text)) {
            return term.text;
        }
    }
    return std::nullopt;
}

TermMatcher::TermMatcher(const std::set<std::string>& terms, analysis::Analyzer& analyzer)
    : m_terms(terms), m_list(terms.begin(), terms.end()), m_analyzer(analyzer) {
    const auto* irregular = analyzer.irregular_words();
    if (irregular == nullptr) {
        return;
    }
    m_prefilter = true;
    for (const auto& t : m_list) {
        if (t.starts_with('Z')) {
            m_surface.push_back(t.substr(1));
        } else if (t.empty() || !(t.front() >= 'A' && t.front() <= 'Z')) {
            // Analyzer terms are case-folded: a prefixed term (title:, XE...) never matches.
            m_inner.push_back(t.size() <= 1 ? std::string() : t.substr(1));
        }
    }
    for (const auto& word : *irregular) {
        analysis::Token token;
        token.norm = word;
        if (matched_term(token, m_terms, analyzer)) {
            m_always.push_back(word);
        }
    }
}

auto TermMatcher::cannot_match(const std::string& norm) const -> bool {
    if (norm.find('-') != std::string::npos) {
        return false;  // a compound: its joined form is not within the word
    }
    for (const auto& inner : m_inner) {
        if (norm.find(inner) != std::string::npos) {
            return false;
        }
    }
    return std::find(m_surface.begin(), m_surface.end(), norm) == m_surface.end() &&
           std::find(m_always.begin(), m_always.end(), norm) == m_always.end();
}

auto TermMatcher::match(const analysis::Token& token) -> int {
    if (m_prefilter && cannot_match(token.norm)) {
        return -1;
    }
    if (auto it = m_memo.find(token.norm); it != m_memo.end()) {
        return it->second;
    }
    int index = -1;
    if (auto term = matched_term(token, m_terms, m_analyzer)) {
        index = static_cast<int>(std::lower_bound(m_list.begin(), m_list.end(), *term) -
                                 m_list.begin());
    }
    m_memo.emplace(token.norm, index);
    return index;
}

auto explain(const std::string& body,
             const std::set<std::string>& terms,
             analysis::Analyzer& analyzer) -> std::vector<Explanation> {
    std::vector<Explanation> out;
    for (const auto& token : analyzer.tokenize(body)) {
        auto term = matched_term(token, terms, analyzer);
        if (!term) {
            continue;
        }
        auto word = body.substr(token.begin, token.end - token.begin);
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& e) { return e.word == word && e.term == *term; });
        if (it == out.end()) {
            out.push_back({word, token.norm, *term, 1});
        } else {
            ++it->count;
        }
    }
    return out;
}

auto make_snippet(const std::string& body,
                  const std::set<std::string>& terms,
                  analysis::Analyzer& analyzer,
                  std::size_t max_chars) -> Snippet {
    TermMatcher matcher(terms, analyzer);
    return make_snippet(body, matcher, max_chars);
}

auto make_snippet(const std::string& body, TermMatcher& matcher, std::size_t max_chars) -> Snippet {
    Snippet out;
    auto tokens = matcher.analyzer().tokenize(body);
    if (tokens.empty()) {
        return out;
    }
    std::vector<int> match(tokens.size(), -1);  // index of the matched term, or -1
    int terms = 0;                              // 1 + the largest index matched
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        match[i] = matcher.match(tokens[i]);
        terms = std::max(terms, match[i] + 1);
    }
    // Distinct terms of a window, without a set per window: seen[t] == window number.
    std::vector<std::size_t> seen(static_cast<std::size_t>(terms), 0);
    std::size_t window_number = 0;
    // Windows start a little before each match; pick the one with the most distinct terms,
    // then the most matches, then the earliest.
    std::size_t best_first = 0;
    std::size_t best_last = 0;
    std::pair<std::size_t, std::size_t> best_score{0, 0};
    auto window_from = [&](std::size_t first) {
        std::size_t last = first;
        while (last + 1 < tokens.size() &&
               tokens[last + 1].end - tokens[first].begin <= max_chars) {
            ++last;
        }
        return last;
    };
    best_last = window_from(0);
    for (std::size_t m = 0; m < tokens.size(); ++m) {
        if (match[m] < 0) {
            continue;
        }
        std::size_t first = m;
        while (first > 0 && tokens[m].begin - tokens[first - 1].begin <= kLeadingContext) {
            --first;
        }
        auto last = window_from(first);
        ++window_number;
        std::size_t distinct = 0;
        std::size_t count = 0;
        for (auto i = first; i <= last; ++i) {
            if (match[i] >= 0) {
                auto& mark = seen[static_cast<std::size_t>(match[i])];
                distinct += mark != window_number ? 1 : 0;
                mark = window_number;
                ++count;
            }
        }
        std::pair<std::size_t, std::size_t> score{distinct, count};
        if (score > best_score) {
            best_score = score;
            best_first = first;
            best_last = last;
        }
    }
    Builder builder(out);
    if (best_first > 0) {
        builder.append(kEllipsis);
        builder.append(" ");
    }
    for (auto i = best_first; i <= best_last; ++i) {
        if (i > best_first) {
            builder.append(std::string_view(body).substr(tokens[i - 1].end,
                                                         tokens[i].begin - tokens[i - 1].end));
        }
        builder.flush_space();
        auto begin = builder.chars();
        builder.append(
            std::string_view(body).substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        if (match[i] >= 0) {
            out.highlights.emplace_back(begin, builder.chars());
        }
    }
    if (best_last + 1 < tokens.size()) {
        builder.append(" ");
        builder.append(kEllipsis);
    } else {
        // Keep closing punctuation of the last sentence (".", ")").
        auto tail = std::string_view(body).substr(tokens[best_last].end);
        // Up to 3 characters (".”" is 4 bytes), never half of one.
        const auto stop = std::min(tail.find_first_of(" \t\r\n"), tail.size());
        std::size_t keep = 0;
        for (int chars = 0; chars < 3 && keep < stop; ++chars) {
            ++keep;
            while (keep < stop && (static_cast<unsigned char>(tail[keep]) & 0xC0U) == 0x80U) {
                ++keep;
            }
        }
        builder.append(tail.substr(0, keep));
    }
    return out;
}

}  // namespace telusur::snippet
