#pragma once
// Index stage: Article -> Xapian document -> database. Also the one place that opens databases,
// so every command reports a missing, locked, corrupt or incompatible index the same way.

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/ingest/article.hpp"

namespace telusur::index {

/// Term prefixes (Omega conventions: a leading capital is a prefix).
inline constexpr const char* kIdPrefix = "Q";     ///< unique document id
inline constexpr const char* kTitlePrefix = "S";  ///< title words
inline constexpr const char* kHashPrefix = "H";   ///< content hash of the cleaned text
/// Value slots: the date sorts as a string ("YYYYMMDD"), for --since/--until and date order.
enum Slot : Xapian::valueno {
    kDate = 0,     ///< "YYYYMMDD", absent when the article has no date
    kMinHash = 1,  ///< near-duplicate signature: kMinHashSize 32-bit hashes, big-endian
    kEntityCounts = 10,  ///< mention counts per entity (entity/terms.hpp, kCountsSlot)
};
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
    std::optional<std::string> date;  ///< YYYY-MM-DD
    std::optional<std::string> source;
    std::optional<std::string> author;
    std::optional<std::string> url;
    std::string raw;      ///< the original text, for `telusur show --raw`
    std::string hash;     ///< content hash (hex) of the cleaned text
    std::string minhash;  ///< near-duplicate signature (hex)
};
[[nodiscard]] auto encode(const ingest::Article& article) -> std::string;
[[nodiscard]] auto decode(const std::string& data) -> StoredArticle;

/// Builds the Xapian document of an article: positional body terms, title terms, id term,
/// content-hash term, date and signature values.
/// With a catalog, also the entity terms and mention counts (entity/terms.hpp).
[[nodiscard]] auto make_document(const ingest::Article& article,
                                 analysis::Analyzer& analyzer,
                                 const entity::Catalog* catalog = nullptr) -> Xapian::Document;

/** What Writer::add did with an article. */
struct AddResult {
    enum Kind { kAdded, kReplaced, kDuplicate } kind = kAdded;
    std::string duplicate_of;  ///< for kDuplicate: id of the article with the same text
};

/** Adds and replaces articles in a writable database at a path. */
class Writer {
public:
    /// Opens or creates the index at dir. Throws IndexError if it is locked or corrupt.
    /// With a catalog, documents carry entity terms and counts.
    explicit Writer(const std::string& dir, std::shared_ptr<const entity::Catalog> catalog = nullptr);
    /// Adds or replaces (by id) one article. An article whose cleaned text is already indexed
    /// under another id is not added (kDuplicate).
    auto add(const ingest::Article& article, analysis::Analyzer& analyzer) -> AddResult;
    void commit();
    [[nodiscard]] auto document_count() const -> Xapian::doccount;

private:
    std::string m_dir;
    Xapian::WritableDatabase m_db;
    std::shared_ptr<const entity::Catalog> m_catalog;
};

/// The stored article with an id, or none.
[[nodiscard]] auto find(const Xapian::Database& db, const std::string& id)
    -> std::optional<StoredArticle>;

/// Opens an index for searching. Throws IndexError with a one-line, actionable message.
[[nodiscard]] auto open_for_reading(const std::string& dir) -> Xapian::Database;

}  // namespace telusur::index
