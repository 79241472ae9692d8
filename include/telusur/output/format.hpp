#pragma once
// Output stage: results -> text for people or JSON for scripts.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "telusur/index/index.hpp"
#include "telusur/search/searcher.hpp"

namespace telusur::output {

struct TextStyle {
    bool bold = false;  ///< colour matched words and titles with ANSI escapes (terminals only)
    /// Wrap snippets to this many columns (0: one line each).
    std::size_t width = 0;
};

/// Per-result JSON fields, in output order. rank, id, title, path, score, snippet and highlights
/// are the foundation contract; the others were added later.
inline constexpr const char* kResultFields[] = {
    "rank", "id",    "title",   "path",       "date",     "source",  "author",
    "url",  "score", "snippet", "highlights", "entities", "similar", "explain"};

/** What write_json prints besides the fixed top-level fields. */
struct JsonOptions {
    double took_ms = -1.0;            ///< >= 0 adds "took_ms" (batch: time spent on this query)
    std::vector<std::string> fields;  ///< per-result fields to keep; empty = all
};

/// Human-readable listing: rank, id, title, score, and the snippet.
void write_text(std::ostream& out, const search::Results& results, const TextStyle& style);

/// Facet counts as text lines ("facet company: Nvidia 5, Baidu 3"); nothing without facets.
void write_facets_text(std::ostream& out, const search::Results& results);

/// One JSON object, schema in README ("JSON output"). Field names are a stable contract.
/// took_ms >= 0 adds "took_ms" (batch mode: the time spent on this query).
void write_json(std::ostream& out, const search::Results& results, double took_ms = -1.0);
void write_json(std::ostream& out, const search::Results& results, const JsonOptions& options);

/// One line per hit, tab-separated: id, score, date (empty if none), title. No header: for cut/awk.
void write_tsv(std::ostream& out, const search::Results& results);

/// A batch line whose query failed: {"query", "error", "took_ms"}.
void write_json_error(std::ostream& out,
                      const std::string& query,
                      const std::string& error,
                      double took_ms);

/// One stored article with its metadata for `telusur show`: the cleaned text, or the original
/// with `raw`. Text keeps line breaks but drops other control characters.
void write_article_text(std::ostream& out, const index::StoredArticle& article, bool raw);
/// The same as one JSON object (id, title, date, source, author, url, path, body or raw).
void write_article_json(std::ostream& out, const index::StoredArticle& article, bool raw);

/// Word-wraps one line of text to `width` columns (code points; ANSI escapes take none), each
/// line starting with `indent`. A word longer than a line gets a line of its own. width 0: the
/// text on one line after the indent.
[[nodiscard]] auto wrap(const std::string& text, std::size_t width, const std::string& indent)
    -> std::string;

/// Makes untrusted text safe for a terminal: output::sanitize_for_terminal (terminal.hpp).
[[nodiscard]] auto terminal_safe(const std::string& text) -> std::string;

}  // namespace telusur::output
