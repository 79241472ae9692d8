#include "telusur/output/format.hpp"

#include "telusur/output/terminal.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>

namespace telusur::output {

namespace {

/// Byte offset of the code point with index cp in UTF-8 text.
auto byte_offset(const std::string& text, std::size_t cp) -> std::size_t {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            if (count == cp) {
                return i;
            }
            ++count;
        }
    }
    return text.size();
}

auto highlighted(const snippet::Snippet& snippet, const TextStyle& style) -> std::string {
    if (!style.bold) {
        return sanitize_for_terminal(snippet.text);
    }
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        auto b = byte_offset(snippet.text, begin);
        auto e = byte_offset(snippet.text, end);
        out += sanitize_for_terminal(std::string_view(snippet.text).substr(at, b - at));
        out += "\x1b[1;31m";
        out += sanitize_for_terminal(std::string_view(snippet.text).substr(b, e - b));
        out += "\x1b[0m";
        at = e;
    }
    out += sanitize_for_terminal(std::string_view(snippet.text).substr(at));
    return out;
}

auto or_null(const std::optional<std::string>& v) -> nlohmann::json {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/// terminal_safe for each line, keeping the line breaks.
auto multiline_safe(const std::string& text) -> std::string {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        auto end = nl == std::string::npos ? text.size() : nl;
        out.append(terminal_safe(text.substr(start, end - start)));
        if (nl == std::string::npos) {
            break;
        }
        out.push_back('\n');
        start = nl + 1;
    }
    return out;
}

/// [{"id", "name", "type"?, "count"}]: for a hit, count = mentions; for a facet, documents.
auto entities_json(const std::vector<search::FacetCount>& counts, bool per_hit) -> nlohmann::json {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : counts) {
        nlohmann::json item = {{"id", c.id}, {"name", c.name}};
        if (per_hit) {
            item["type"] = c.type;
        }
        item["count"] = per_hit ? c.mentions : c.documents;
        out.push_back(item);
    }
    return out;
}

}  // namespace

/// "Companies: Nvidia 5, Baidu 3" lines after the results.
void write_facets_text(std::ostream& out, const search::Results& results) {
    if (!results.has_facets) {
        return;
    }
    auto line = [&out](const std::string& label, const std::vector<search::FacetCount>& counts) {
        if (counts.empty()) {
            return;
        }
        out << label << ":";
        for (std::size_t i = 0; i < counts.size(); ++i) {
            out << (i == 0 ? " " : ", ") << terminal_safe(counts[i].name) << " "
                << counts[i].documents;
        }
        out << "\n";
    };
    out << "\n";
    for (const auto& [type, counts] : results.facets) {
        line("facet " + type, counts);
    }
    if (results.company_all) {
        line("facet company (without the company filter)", *results.company_all);
    }
}

auto wrap(const std::string& text, std::size_t width, const std::string& indent) -> std::string {
    if (width == 0 || width <= indent.size() + 10) {
        return indent + text;
    }
    // Columns of text[begin, end): code points that are not inside an ESC [ ... m sequence.
    auto columns = [&text](std::size_t begin, std::size_t end) {
        std::size_t n = 0;
        for (std::size_t i = begin; i < end; ++i) {
            if (text[i] == '\x1b') {
                while (i < end && text[i] != 'm') {
                    ++i;
                }
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
                ++n;
            }
        }
        return n;
    };
    const std::size_t room = width - indent.size();
    std::string out = indent;
    std::size_t used = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        auto space = text.find(' ', at);
        auto end = space == std::string::npos ? text.size() : space;
        auto n = columns(at, end);
        if (used > 0 && used + 1 + n > room) {
            out.append("\n").append(indent);
            used = 0;
        } else if (used > 0) {
            out.push_back(' ');
            ++used;
        }
        out.append(text, at, end - at);
        used += n;
        at = end == text.size() ? end : end + 1;
    }
    return out;
}

auto terminal_safe(const std::string& text) -> std::string {
    return sanitize_for_terminal(text);
}

void write_text(std::ostream& out, const search::Results& results, const TextStyle& style) {
    if (results.suggestion) {
        out << "Maksud Anda: " << terminal_safe(*results.suggestion) << "?\n";
    }
    if (results.hits.empty()) {
        out << "No articles match";
        if (results.total > 0) {
            out << " at offset " << results.offset << " (" << results.total << " in all)";
        }
        out << ".\n";
        write_facets_text(out, results);
        return;
    }
    if (results.relaxed) {
        out << "No article has all the words; showing articles with any of them.\n";
    }
    out << (results.total_exact ? "" : "about ") << results.total
        << (results.total == 1 ? " article" : " articles") << " found";
    if (results.collapsed > 0) {
        out << " (" << results.collapsed << " near-duplicate" << (results.collapsed == 1 ? "" : "s")
            << " folded)";
    }
    out << "; showing " << results.hits.front().rank << "–" << results.hits.back().rank << ".\n";
    const char* title_on = style.bold ? "\x1b[1m" : "";
    const char* title_off = style.bold ? "\x1b[0m" : "";
    for (const auto& hit : results.hits) {
        out << "\n"
            << hit.rank << ". " << title_on << terminal_safe(hit.title.empty() ? hit.id : hit.title)
            << title_off << "\n   " << terminal_safe(hit.id) << "  score " << std::fixed << std::setprecision(3)
            << hit.score;
        if (hit.date) {
            out << "  " << terminal_safe(*hit.date);
        }
        if (hit.source) {
            out << "  " << terminal_safe(*hit.source);
        }
        std::string companies;
        for (const auto& e : hit.entities) {
            if (e.type == "company") {
                companies += (companies.empty() ? "" : ", ") + e.name;
            }
        }
        if (!companies.empty()) {
            out << "  [" << terminal_safe(companies) << "]";
        }
        if (!hit.snippet.text.empty()) {
            out << "\n" << wrap(highlighted(hit.snippet, style), style.width, "   ");
        }
        out << "\n";
        if (!hit.similar.empty()) {
            out << "   +" << hit.similar.size() << " similar:";
            for (const auto& id : hit.similar) {
                out << " " << terminal_safe(id);
            }
            out << "\n";
        }
        for (const auto& e : hit.explanation) {
            out << "   matched " << terminal_safe(e.word) << " → " << terminal_safe(e.norm) << " → "
                << terminal_safe(e.term) << " (" << e.count << "×)\n";
        }
    }
    write_facets_text(out, results);
}

void write_tsv(std::ostream& out, const search::Results& results) {
    const auto& field = terminal_safe;  // tabs and newlines become spaces
    for (const auto& hit : results.hits) {
        out << field(hit.id) << '\t' << std::fixed << std::setprecision(3) << hit.score << '\t'
            << (hit.date ? field(*hit.date) : std::string()) << '\t'
            << field(hit.title.empty() ? hit.id : hit.title) << '\n';
    }
}

void write_json_error(std::ostream& out,
                      const std::string& query,
                      const std::string& error,
                      double took_ms) {
    nlohmann::json doc = {{"query", query}, {"error", error}, {"took_ms", took_ms}};
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_json(std::ostream& out, const search::Results& results, double took_ms) {
    write_json(out, results, JsonOptions{took_ms, {}});
}

void write_json(std::ostream& out, const search::Results& results, const JsonOptions& options) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& hit : results.hits) {
        nlohmann::json highlights = nlohmann::json::array();
        for (const auto& [begin, end] : hit.snippet.highlights) {
            highlights.push_back({begin, end});
        }
        nlohmann::json explain = nlohmann::json::array();
        for (const auto& e : hit.explanation) {
            explain.push_back(
                {{"word", e.word}, {"norm", e.norm}, {"term", e.term}, {"count", e.count}});
        }
        nlohmann::json all = {{"rank", hit.rank},
                              {"id", hit.id},
                              {"title", hit.title},
                              {"path", hit.path},
                              {"date", or_null(hit.date)},
                              {"source", or_null(hit.source)},
                              {"author", or_null(hit.author)},
                              {"url", or_null(hit.url)},
                              {"score", hit.score},
                              {"snippet", hit.snippet.text},
                              {"highlights", highlights},
                              {"entities", entities_json(hit.entities, true)},
                              {"similar", hit.similar}};
        if (!hit.explanation.empty()) {
            all["explain"] = explain;
        }
        if (options.fields.empty()) {
            hits.push_back(std::move(all));
            continue;
        }
        nlohmann::json chosen = nlohmann::json::object();
        for (const auto& name : options.fields) {
            if (all.contains(name)) {
                chosen[name] = all[name];
            }
        }
        hits.push_back(std::move(chosen));
    }
    nlohmann::json doc = {{"query", results.query},
                          {"total", results.total},
                          {"total_exact", results.total_exact},
                          {"collapsed", results.collapsed},
                          {"offset", results.offset},
                          {"limit", results.limit},
                          {"relaxed", results.relaxed},
                          {"suggestion", or_null(results.suggestion)},
                          {"results", hits}};
    if (options.took_ms >= 0) {
        doc["took_ms"] = options.took_ms;
    }
    if (results.has_facets) {
        nlohmann::json facets = nlohmann::json::object();
        for (const auto& [type, counts] : results.facets) {
            facets[type] = entities_json(counts, false);
        }
        if (results.company_all) {
            facets["company_all"] = entities_json(*results.company_all, false);
        }
        doc["facets"] = facets;
    }
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_article_text(std::ostream& out, const index::StoredArticle& article, bool raw) {
    if (raw) {
        out << multiline_safe(article.raw);
        if (!article.raw.empty() && article.raw.back() != '\n') {
            out << "\n";
        }
        return;
    }
    out << terminal_safe(article.title.empty() ? article.id : article.title) << "\n";
    auto field = [&](const char* name, const std::optional<std::string>& value) {
        out << name << ": " << (value ? terminal_safe(*value) : std::string("-")) << "\n";
    };
    field("id", article.id);
    field("date", article.date);
    field("source", article.source);
    field("author", article.author);
    field("url", article.url);
    field("path", article.path);
    out << "\n" << multiline_safe(article.body) << "\n";
}

void write_article_json(std::ostream& out, const index::StoredArticle& article, bool raw) {
    nlohmann::json doc = {{"id", article.id},
                          {"title", article.title},
                          {"date", or_null(article.date)},
                          {"source", or_null(article.source)},
                          {"author", or_null(article.author)},
                          {"url", or_null(article.url)},
                          {"path", article.path},
                          {raw ? "raw" : "body", raw ? article.raw : article.body}};
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace telusur::output
