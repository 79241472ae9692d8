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
    Phrase phrase{{}, std::move(marker)};
    for (auto& t : terms) {
        auto [it, added] =
            m_numbers.try_emplace(std::move(t), static_cast<std::int32_t>(m_numbers.size()));
        if (added) {
            m_by_first.emplace_back();
        }
        phrase.terms.push_back(it->second);
    }
    m_by_first[static_cast<std::size_t>(phrase.terms.front())].push_back(m_phrases.size());
    m_phrases.push_back(std::move(phrase));
}

auto PhraseSet::find(std::vector<Posting>& postings) const -> std::vector<std::string> {
    std::vector<std::string> found;
    if (m_phrases.empty() || postings.empty()) {
        return found;
    }
    std::sort(postings.begin(), postings.end());
    auto at = [&](Xapian::termpos position, std::int32_t term) {
        return std::binary_search(postings.begin(), postings.end(), Posting{position, term});
    };
    for (const auto& [position, term] : postings) {
        if (term < 0) {
            continue;
        }
        for (auto p : m_by_first[static_cast<std::size_t>(term)]) {
            const auto& phrase = m_phrases[p];
            bool all = true;
            for (std::size_t i = 1; all && i < phrase.terms.size(); ++i) {
                all = at(position + static_cast<Xapian::termpos>(i), phrase.terms[i]);
            }
            if (all) {
                found.push_back(phrase.marker);
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

auto lists_marker(std::string_view value, std::string_view marker) -> bool {
    if (marker.empty() || marker.find('\n') != std::string_view::npos) {
        return false;
    }
    for (auto at = value.find(marker); at != std::string_view::npos;
         at = value.find(marker, at + 1)) {
        const auto end = at + marker.size();
        if ((at == 0 || value[at - 1] == '\n') && (end == value.size() || value[end] == '\n')) {
            return true;
        }
    }
    return false;
}

}  // namespace telusur::search
