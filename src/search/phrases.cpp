#include "telusur/search/phrases.hpp"

#include <algorithm>
#include <set>

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

auto PhraseSet::number(const std::string& term) -> std::int32_t {
    auto [it, added] = m_numbers.try_emplace(term, static_cast<std::int32_t>(m_numbers.size()));
    if (added) {
        m_by_first.emplace_back();
        m_common_text.emplace_back();
    }
    return it->second;
}

void PhraseSet::add(const std::vector<std::string>& terms) {
    if (terms.size() < 2) {
        return;
    }
    auto marker = phrase_marker(terms);
    if (marker.empty() || !m_markers.insert(marker).second) {
        return;
    }
    Phrase phrase{{}, std::move(marker)};
    for (const auto& t : terms) {
        phrase.terms.push_back(number(t));
    }
    m_by_first[static_cast<std::size_t>(phrase.terms.front())].push_back(m_phrases.size());
    m_phrases.push_back(std::move(phrase));
}

void PhraseSet::set_common(const std::set<std::string>& terms) {
    for (auto& text : m_common_text) {
        text.clear();
    }
    m_common.clear();
    for (const auto& t : terms) {
        // A pair marker must fit in a term; a term with a space would make it ambiguous.
        if (t.empty() || t.find(' ') != std::string::npos || t.size() > (kMaxMarkerBytes - 3) / 2) {
            continue;
        }
        m_common.insert(t);
        m_common_text[static_cast<std::size_t>(number(t))] = t;
    }
}

auto PhraseSet::find(std::vector<Posting>& postings) const -> std::vector<std::string> {
    std::vector<std::string> found;
    if ((m_phrases.empty() && m_common.empty()) || postings.empty()) {
        return found;
    }
    std::sort(postings.begin(), postings.end());
    auto at = [&](Xapian::termpos position, std::int32_t term) {
        return std::binary_search(postings.begin(), postings.end(), Posting{position, term});
    };
    for (auto p = postings.begin(); p != postings.end(); ++p) {
        const auto [position, term] = *p;
        if (term < 0) {
            continue;
        }
        if (const auto& text = m_common_text[static_cast<std::size_t>(term)]; !text.empty()) {
            // The common terms at the next position: sorted right after this position's.
            for (auto next = std::lower_bound(p, postings.end(), Posting{position + 1, 0});
                 next != postings.end() && next->first == position + 1; ++next) {
                if (next->second >= 0) {
                    if (const auto& second = m_common_text[static_cast<std::size_t>(next->second)];
                        !second.empty()) {
                        found.push_back(
                            std::string(kPhrasePrefix).append(text).append(" ").append(second));
                    }
                }
            }
        }
        for (auto number : m_by_first[static_cast<std::size_t>(term)]) {
            const auto& phrase = m_phrases[number];
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

void CommonTerms::add(analysis::Analyzer& analyzer, std::string_view text) {
    std::set<std::string> seen;
    for (const auto& token : analyzer.tokenize(text)) {
        for (auto& term : analyzer.terms(token)) {
            if (!term.text.empty()) {
                seen.insert(std::move(term.text));
            }
        }
    }
    for (const auto& t : seen) {
        ++m_df[t];
    }
    ++m_documents;
}

auto CommonTerms::choose(std::size_t count) const -> std::set<std::string> {
    const auto least = std::max<std::size_t>(2, (m_documents + 9) / 10);
    std::vector<std::pair<std::uint32_t, const std::string*>> ranked;
    for (const auto& [term, df] : m_df) {
        if (df >= least) {
            ranked.emplace_back(df, &term);
        }
    }
    auto better = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : *a.second < *b.second;
    };
    const auto kept = std::min(count, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept),
                      ranked.end(), better);
    std::set<std::string> out;
    for (std::size_t i = 0; i < kept; ++i) {
        out.insert(*ranked[i].second);
    }
    return out;
}

auto with_common(const std::shared_ptr<const PhraseSet>& phrases,
                 const std::set<std::string>& common) -> std::shared_ptr<const PhraseSet> {
    auto out = phrases ? std::make_shared<PhraseSet>(*phrases) : std::make_shared<PhraseSet>();
    out->set_common(common);
    return out;
}

auto common_pair(std::string_view common_value, std::string_view marker) -> bool {
    if (common_value.empty() || !marker.starts_with(kPhrasePrefix)) {
        return false;
    }
    marker.remove_prefix(std::char_traits<char>::length(kPhrasePrefix));
    const auto space = marker.find(' ');
    if (space == std::string_view::npos || marker.find(' ', space + 1) != std::string_view::npos) {
        return false;
    }
    return lists_marker(common_value, marker.substr(0, space)) &&
           lists_marker(common_value, marker.substr(space + 1));
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
