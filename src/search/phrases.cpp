#include "telusur/search/phrases.hpp"

#include <algorithm>

namespace telusur::search {

namespace {

/// Longest marker term kept (Xapian's limit is 245 bytes).
constexpr std::size_t kMaxMarkerBytes = 200;

}  // namespace

auto phrase_terms(analysis::Analyzer& analyzer, std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto& token : analyzer.tokenize(text)) {
        auto terms = analyzer.terms(token);
        // A compound's first term is its joined form; its parts follow.
        for (std::size_t i = terms.size() == 1 ? 0 : 1; i < terms.size(); ++i) {
            out.push_back(std::move(terms[i].text));
        }
    }
    return out;
}

auto phrase_marker(const std::vector<std::string>& terms) -> std::string {
    std::string out(kPhrasePrefix);
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (terms[i].empty()) {
            return {};
        }
        out.append(i == 0 ? "" : " ").append(terms[i]);
    }
    return out.size() > kMaxMarkerBytes ? std::string() : out;
}

PhraseSet::PhraseSet(const SynonymTable& table, analysis::Analyzer& analyzer) {
    for (const auto& group : table.groups()) {
        for (const auto& member : group) {
            add(phrase_terms(analyzer, member));
        }
    }
}

void PhraseSet::add(std::vector<std::string> terms) {
    if (terms.size() < 2) {
        return;
    }
    auto marker = phrase_marker(terms);
    if (marker.empty() || !m_markers.insert(marker).second) {
        return;
    }
    for (const auto& t : terms) {
        m_terms.insert(t);
    }
    auto first = terms.front();
    m_by_first[first].push_back(std::move(terms));
}

auto PhraseSet::find(std::vector<std::pair<Xapian::termpos, std::string>>& postings) const
    -> std::vector<std::string> {
    std::vector<std::string> found;
    if (m_by_first.empty()) {
        return found;
    }
    std::sort(postings.begin(), postings.end());
    auto at = [&](Xapian::termpos position, const std::string& term) {
        auto it = std::lower_bound(
            postings.begin(), postings.end(), position,
            [](const auto& posting, Xapian::termpos p) { return posting.first < p; });
        while (it != postings.end() && it->first == position && it->second != term) {
            ++it;
        }
        return it != postings.end() && it->first == position && it->second == term;
    };
    for (const auto& [position, term] : postings) {
        auto candidates = m_by_first.find(term);
        if (candidates == m_by_first.end()) {
            continue;
        }
        for (const auto& terms : candidates->second) {
            bool all = true;
            for (std::size_t i = 1; all && i < terms.size(); ++i) {
                all = at(position + static_cast<Xapian::termpos>(i), terms[i]);
            }
            if (all) {
                found.push_back(phrase_marker(terms));
            }
        }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

auto join_markers(const std::set<std::string>& markers) -> std::string {
    std::string out;
    for (const auto& m : markers) {
        out.append(m).push_back('\n');
    }
    return out;
}

auto split_markers(std::string_view value) -> std::set<std::string> {
    std::set<std::string> out;
    while (!value.empty()) {
        auto end = value.find('\n');
        auto line = value.substr(0, end);
        if (!line.empty()) {
            out.emplace(line);
        }
        if (end == std::string_view::npos) {
            break;
        }
        value.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace telusur::search
