#pragma once
// Output stage: results -> text for people or JSON for scripts.

#include <ostream>
#include <string>

#include "telusur/index/index.hpp"
#include "telusur/search/searcher.hpp"

namespace telusur::output {

struct TextStyle {
    bool bold = false;  ///< highlight matches with ANSI bold (only when writing to a terminal)
};

/// Human-readable listing: rank, id, title, score, and the snippet.
void write_text(std::ostream& out, const search::Results& results, const TextStyle& style);

/// Facet counts as text lines ("facet company: Nvidia 5, Baidu 3"); nothing without facets.
void write_facets_text(std::ostream& out, const search::Results& results);

/// One JSON object, schema in README ("JSON output"). Field names are a stable contract.
/// took_ms >= 0 adds "took_ms" (batch mode: the time spent on this query).
void write_json(std::ostream& out, const search::Results& results, double took_ms = -1.0);

/// A batch line whose query failed: {"query", "error", "took_ms"}.
void write_json_error(std::ostream& out, const std::string& query, const std::string& error,
                      double took_ms);

/// One stored article with its metadata for `telusur show`: the cleaned text, or the original
/// with `raw`. Text keeps line breaks but drops other control characters.
void write_article_text(std::ostream& out, const index::StoredArticle& article, bool raw);
/// The same as one JSON object (id, title, date, source, author, url, path, body or raw).
void write_article_json(std::ostream& out, const index::StoredArticle& article, bool raw);

/// Makes untrusted text safe for a terminal: output::sanitize_for_terminal (terminal.hpp).
[[nodiscard]] auto terminal_safe(const std::string& text) -> std::string;

}  // namespace telusur::output
