#pragma once
// Output stage: results -> text for people or JSON for scripts.

#include <ostream>
#include <string>

#include "telusur/search/searcher.hpp"

namespace telusur::output {

struct TextStyle {
    bool bold = false;  ///< highlight matches with ANSI bold (only when writing to a terminal)
};

/// Human-readable listing: rank, id, title, score, and the snippet.
void write_text(std::ostream& out, const search::Results& results, const TextStyle& style);

/// One JSON object, schema in README ("JSON output"). Field names are a stable contract.
void write_json(std::ostream& out, const search::Results& results);

/// Makes untrusted text safe for a terminal: control characters are dropped.
[[nodiscard]] auto terminal_safe(const std::string& text) -> std::string;

}  // namespace telusur::output
