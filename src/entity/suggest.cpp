#include "telusur/entity/suggest.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/index/index.hpp"

namespace telusur::entity {

namespace {

constexpr std::size_t kMaxWords = 3;

auto capitalised(std::string_view word) -> bool {
    return !word.empty() && word.front() >= 'A' && word.front() <= 'Z';
}

/// True when the text before a word ends a sentence (or there is none).
auto sentence_start(std::string_view text, std::size_t at) -> bool {
    while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '"')) {
        --at;
    }
    return at == 0 || text[at - 1] == '.' || text[at - 1] == '!' || text[at - 1] == '?' ||
           text[at - 1] == ':' || text[at - 1] == '\n';
}

}  // namespace

auto suggest_names(const Xapian::Database& db, const Matcher& matcher, unsigned min_mentions)
    -> std::vector<Candidate> {
    analysis::Analyzer analyzer;
    std::map<std::string, Candidate> found;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        auto stored = index::decode(db.get_document(*it).get_data());
        const std::string& text = stored.body;
        std::vector<std::pair<std::size_t, std::size_t>> known;
        for (const auto& m : matcher.find(text)) {
            known.emplace_back(m.begin, m.end);
        }
        auto inside_known = [&known](std::size_t b, std::size_t e) {
            return std::any_of(known.begin(), known.end(),
                               [&](const auto& k) { return b < k.second && e > k.first; });
        };
        auto tokens = analyzer.tokenize(text);
        std::set<std::string> in_article;
        for (std::size_t i = 0; i < tokens.size();) {
            auto word =
                std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
            if (!capitalised(word) || sentence_start(text, tokens[i].begin) ||
                analyzer.is_stopword(tokens[i].norm)) {
                ++i;
                continue;
            }
            auto j = i + 1;
            while (j < tokens.size() && j - i < kMaxWords &&
                   tokens[j].begin - tokens[j - 1].end == 1 &&
                   capitalised(std::string_view(text).substr(tokens[j].begin, 1))) {
                ++j;
            }
            auto b = tokens[i].begin;
            auto e = tokens[j - 1].end;
            // Skip known entities and words usually written in lower case (sentence openers).
            // (A word that is its own stem has no Z term: its stem term counts the documents.)
            auto lower_count = db.get_termfreq(std::string("Z").append(tokens[i].norm));
            if (lower_count == 0) {
                lower_count = db.get_termfreq(tokens[i].norm);
            }
            if (!inside_known(b, e) && (j - i > 1 || lower_count <= db.get_doccount() / 2)) {
                auto name = text.substr(b, e - b);
                auto& c = found[name];
                c.name = name;
                ++c.mentions;
                if (in_article.insert(name).second) {
                    ++c.articles;
                }
            }
            i = j;
        }
    }
    std::vector<Candidate> out;
    for (auto& [name, c] : found) {
        if (c.mentions >= min_mentions) {
            out.push_back(std::move(c));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.mentions != b.mentions ? a.mentions > b.mentions : a.name < b.name;
    });
    return out;
}

}  // namespace telusur::entity
