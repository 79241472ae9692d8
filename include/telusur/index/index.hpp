#pragma once
// Index stage: Article -> Xapian document -> database. Also the one place that opens databases,
// so every command reports a missing, locked, corrupt or incompatible index the same way.

#include <xapian.h>

#include <optional>
#include <string>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/ingest/article.hpp"

namespace telusur::index {

/// Term prefixes (Omega conventions: a leading capital is a prefix).
inline constexpr const char* kIdPrefix = "Q";     ///< unique document id
inline constexpr const char* kTitlePrefix = "S";  ///< title words
/// Gap between the title's word positions and the body's, so phrases never span the two.
inline constexpr Xapian::termpos kBodyPositionGap = 100;
/// Metadata key that records which analyzer built the index.
inline constexpr const char* kAnalyzerVersionKey = "telusur.analyzer_version";

/// Index location: `--index DIR`, else `$TELUSUR_INDEX`, else `./index`.
[[nodiscard]] auto resolve_path(const std::optional<std::string>& option) -> std::string;

/** The stored form of an article, kept as document data (JSON) for results and snippets. */
struct StoredArticle {
    std::string id;
    std::string title;
    std::string path;
    std::string body;
};
[[nodiscard]] auto encode(const ingest::Article& article) -> std::string;
[[nodiscard]] auto decode(const std::string& data) -> StoredArticle;

/// Builds the Xapian document of an article: positional body terms, title terms, id term.
[[nodiscard]] auto make_document(const ingest::Article& article, analysis::Analyzer& analyzer)
    -> Xapian::Document;

/** Adds and replaces articles in a writable database at a path. */
class Writer {
public:
    /// Opens or creates the index at dir. Throws IndexError if it is locked or corrupt.
    explicit Writer(const std::string& dir);
    /// Adds or replaces (by id) one article; returns true when it replaced an existing one.
    auto add(const ingest::Article& article, analysis::Analyzer& analyzer) -> bool;
    void commit();
    [[nodiscard]] auto document_count() const -> Xapian::doccount;

private:
    std::string m_dir;
    Xapian::WritableDatabase m_db;
};

/// Opens an index for searching. Throws IndexError with a one-line, actionable message.
[[nodiscard]] auto open_for_reading(const std::string& dir) -> Xapian::Database;

}  // namespace telusur::index
