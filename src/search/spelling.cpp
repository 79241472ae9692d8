#include "telusur/search/spelling.hpp"

#include <algorithm>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/search/query.hpp"

namespace telusur::search {

namespace {

/// Candidates are scanned only among words sharing the first letter: bounded work per word.
constexpr std::size_t kMaxScanned = 200000;

/// The smallest string greater than every string that starts with s ("" for "" or all 0xFF).
auto successor(std::string s) -> std::string {
    while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFFU) {
        s.pop_back();
    }
    if (!s.empty()) {
        s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1U);
    }
    return s;
}

}  // namespace

auto edit_distance(std::string_view a, std::string_view b, std::size_t limit) -> std::size_t {
    auto diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (diff > limit) {
        return limit + 1;
    }
    // Three rolling rows (the transposition looks two rows back); no allocation per call.
    const std::size_t width = b.size() + 1;
    thread_local std::vector<std::size_t> rows;
    rows.assign(3 * width, 0);
    auto row = [&](std::size_t i) { return rows.data() + (i % 3) * width; };
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row(0)[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        auto* d = row(i);
        const auto* up = row(i - 1);
        const auto* up2 = row(i + 1);  // i - 2, modulo 3
        d[0] = i;
        std::size_t best = d[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[j] = std::min({up[j] + 1, d[j - 1] + 1, up[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[j] = std::min(d[j], up2[j - 2] + 1);
            }
            best = std::min(best, d[j]);
        }
        if (best > limit) {
            return limit + 1;  // every path is already too long
        }
    }
    return std::min(row(a.size())[b.size()], limit + 1);
}

auto correct_word(const Xapian::Database& db, const std::string& norm)
    -> std::optional<std::string> {
    if (norm.size() < 3 || norm.find_first_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    // A word that is its own stem has no Z term (see kSurfacePrefix): the vocabulary is the Z
    // terms and the unprefixed (stem) terms together.
    const std::string surface = std::string(kSurfacePrefix).append(norm);
    if (db.term_exists(surface) || db.term_exists(norm)) {
        return std::nullopt;
    }
    std::size_t limit = norm.size() >= 5 ? 2 : 1;
    std::optional<std::string> best;
    std::pair<std::size_t, Xapian::doccount> best_key{limit + 1, 0};
    const auto consider = [&](const std::string& word, Xapian::doccount freq) {
        auto distance = edit_distance(norm, word, limit);
        if (distance > limit) {
            return;
        }
        if (distance < best_key.first ||
            (distance == best_key.first &&
             (freq > best_key.second || (freq == best_key.second && best && word < *best)))) {
            best_key = {distance, freq};
            best = word;
        }
    };
    // Walks the words (surface and stem terms) that start with the first `letters` bytes of
    // norm, skipping over those that start with its first `walked` bytes: walked before.
    const auto scan = [&](std::size_t letters, std::size_t walked) {
        for (const std::string head : {kSurfacePrefix, ""}) {
            const auto prefix = head + norm.substr(0, letters);
            const auto seen = walked > letters ? head + norm.substr(0, walked) : std::string();
            const auto past_seen = successor(seen);
            std::size_t scanned = 0;
            for (auto it = db.allterms_begin(prefix);
                 it != db.allterms_end(prefix) && scanned < kMaxScanned;) {
                const auto term = *it;
                if (!past_seen.empty() && term.starts_with(seen)) {
                    it.skip_to(past_seen);
                    continue;
                }
                consider(term.substr(head.size()), it.get_termfreq());
                ++it;
                ++scanned;
            }
        }
    };
    // The words sharing the first two letters first: typos come mostly later in a word, and the
    // walk is several times shorter (glass's allterms passes every posting chunk of the terms it
    // walks). A word 1 edit away there is the answer; otherwise the other words of the first
    // letter too.
    std::size_t walked = 0;
    if (norm.size() >= 4) {
        scan(2, 0);
        if (best_key.first <= 1) {
            return best;
        }
        walked = 2;
    }
    scan(1, walked);
    return best;
}

auto suggest_query(const Xapian::Database& db, std::string_view query)
    -> std::optional<std::string> {
    std::string out;
    bool changed = false;
    bool in_quotes = false;
    std::size_t i = 0;
    while (i < query.size()) {
        auto end = query.find(' ', i);
        if (end == std::string_view::npos) {
            end = query.size();
        }
        std::string word(query.substr(i, end - i));
        bool plain = !in_quotes && !word.empty() &&
                     word.find_first_of("\":*()") == std::string::npos && word != "AND" &&
                     word != "OR" && word != "NOT" && !word.starts_with("NEAR") &&
                     word.front() != '-' && word.front() != '+';
        if (std::count(word.begin(), word.end(), '"') % 2 == 1) {
            in_quotes = !in_quotes;
        }
        if (plain) {
            if (auto fixed = correct_word(db, analysis::Analyzer::normalize(word))) {
                word = *fixed;
                changed = true;
            }
        }
        out += (out.empty() ? "" : " ") + word;
        i = end + 1;
    }
    return changed ? std::optional(out) : std::nullopt;
}

}  // namespace telusur::search
