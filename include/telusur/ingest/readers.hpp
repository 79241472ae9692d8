#pragma once
// The format readers behind telusur::ingest::read_file; each fills an Article from decoded text.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"

namespace telusur::ingest {

/// Takes metadata from the first lines (date stamp, breadcrumb site, byline, headline, dateline
/// site); fields already set are kept. Lines used as metadata are blanked.
void read_header(std::vector<std::string>& lines, Article& article, const Cleaner& cleaner);

/// Plain text or markdown lines -> metadata, title (when not set yet) and cleaned body.
void finish_text(std::vector<std::string> lines, Article& article, const Cleaner& cleaner);

/// An HTML page -> title, meta description/date/site/author/URL, and cleaned body text.
void read_html(const std::string& html, Article& article, const Cleaner& cleaner);

/**
 * One JSON article object -> Article. `where` names it in messages (`FILE:LINE`). Missing `id`
 * gives a stable hash id and a warning; a missing or empty `body` throws SkipError (kNoBody),
 * a value that is not an object throws SkipError (kMalformed).
 */
[[nodiscard]] auto json_article(const nlohmann::json& value,
                                const std::string& where,
                                const Cleaner& cleaner,
                                std::vector<std::string>& warnings) -> Article;

}  // namespace telusur::ingest
