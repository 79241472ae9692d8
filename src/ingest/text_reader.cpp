// Plain text and markdown articles: header metadata (date stamp, byline, breadcrumb, dateline),
// the headline, and the cleaned body.

#include <algorithm>

#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/date.hpp"
#include "telusur/ingest/input.hpp"
#include "telusur/ingest/readers.hpp"
#include "telusur/text.hpp"

namespace telusur::ingest {

namespace {

constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kHeaderLines = 8;  ///< metadata is looked for in the first lines only

/// "Oleh: Nama", "Penulis: Nama", "By Nama", "Nama 0 comments" -> the name.
auto byline(std::string_view line) -> std::optional<std::string> {
    if (auto who = comment_counter(line); who && !who->empty() && who->size() < 60) {
        return who;
    }
    auto k = ascii_lower(line);
    for (std::string_view lead : {"oleh", "penulis", "reporter", "ditulis oleh", "by", "author"}) {
        if (k.starts_with(lead) && k.size() > lead.size() + 1 &&
            (k[lead.size()] == ':' || k[lead.size()] == ' ') && line.size() < 80) {
            auto name = trim(line.substr(lead.size() + 1));
            while (name.starts_with(":")) {
                name = trim(name.substr(1));
            }
            name = name.substr(0, name.find_first_of("|,"));
            if (!name.empty()) {
                return std::string(trim(name));
            }
        }
    }
    return std::nullopt;
}

/// True for domain-like names ("Selular.id", "KOMPAS.com").
auto looks_like_site(std::string_view s) -> bool {
    auto dot = s.rfind('.');
    return dot != std::string_view::npos && dot > 0 && s.size() - dot >= 3 &&
           s.find(' ') == std::string_view::npos;
}

/// Site named by a dateline: "Selular.id – ...", "Jakarta, PANGKEP NEWS - ...".
auto dateline_source(std::string_view para) -> std::optional<std::string> {
    std::size_t dash = std::string_view::npos;
    for (std::string_view d : {" – ", " — ", " - "}) {
        dash = std::min(dash, para.find(d));
    }
    if (dash == std::string_view::npos || dash > 50) {
        return std::nullopt;
    }
    auto head = trim(para.substr(0, dash));
    auto comma = head.rfind(',');
    if (comma != std::string_view::npos) {
        auto site = trim(head.substr(comma + 1));
        bool upper =
            std::none_of(site.begin(), site.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (!site.empty() && (upper || looks_like_site(site))) {
            return std::string(site);
        }
        return std::nullopt;
    }
    return looks_like_site(head) ? std::optional(std::string(head)) : std::nullopt;
}

/// Cuts a long first line (an article without a headline) at a word boundary.
auto shorten(std::string_view line) -> std::string {
    if (line.size() <= kMaxTitleBytes) {
        return std::string(line);
    }
    auto cut = line.rfind(' ', kMaxTitleBytes);
    if (cut == std::string_view::npos || cut < kMaxTitleBytes / 2) {
        cut = kMaxTitleBytes;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
            --cut;  // never split a UTF-8 sequence
        }
    }
    return std::string(trim(line.substr(0, cut))).append("…");
}

}  // namespace

void read_header(std::vector<std::string>& lines, Article& article, const Cleaner& cleaner) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < lines.size() && seen < kHeaderLines; ++i) {
        bool table = false;
        auto line = strip_markup(lines[i], table);
        if (line.empty()) {
            continue;
        }
        ++seen;
        bool meta = true;
        if (is_date_line(line)) {
            if (!article.date) {
                article.date = parse_date(line);
            }
        } else if (auto parts = breadcrumb(line); !parts.empty()) {
            auto root = ascii_lower(parts.front());
            if (!article.source && root != "home" && root != "beranda") {
                article.source = parts.front();
            }
        } else if (auto who = byline(line)) {
            if (!article.author) {
                article.author = who;
            }
        } else if (cleaner.is_furniture(line)) {
            // dropped by the cleaner later
            meta = false;
        } else if (article.title.empty() && line.size() <= kMaxTitleBytes &&
                   is_headline_shaped(line)) {
            article.title = line;
        } else {
            if (!article.source) {
                article.source = dateline_source(line);
            }
            if (line.size() > kMaxTitleBytes) {
                break;  // the body has started
            }
            continue;
        }
        if (meta) {
            lines[i].clear();
        }
    }
}

void finish_text(std::vector<std::string> lines, Article& article, const Cleaner& cleaner) {
    read_header(lines, article, cleaner);
    if (article.title.empty()) {
        // A page scraped twice: the headline of the second copy stands right before the
        // repeated first paragraph.
        auto first = std::find_if(lines.begin(), lines.end(),
                                  [](const auto& l) { return !trim(l).empty(); });
        for (auto it = first; first != lines.end() && it + 1 < lines.end(); ++it) {
            if (it > first && is_headline_shaped(*it) && trim(*(it + 1)) == trim(*first) &&
                !cleaner.is_furniture(*it)) {
                article.title = std::string(trim(*it));
                it->clear();
                break;
            }
        }
    }
    auto paragraphs = cleaner.clean(lines);
    if (article.title.empty() && !paragraphs.empty()) {
        article.title = shorten(paragraphs.front());
        if (paragraphs.front().size() <= kMaxTitleBytes) {
            paragraphs.erase(paragraphs.begin());  // a headline line, not a paragraph
        }
    }
    article.body.clear();
    for (const auto& p : paragraphs) {
        article.body.append(article.body.empty() ? "" : "\n\n").append(p);
    }
}

}  // namespace telusur::ingest
