#pragma once
// Index stage: Article -> Xapian document -> database. Also the one place that opens databases,
// so every command reports a missing, locked, corrupt or incompatible index the same way.

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/error.hpp"
#include "telusur/index/compression.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/search/phrases.hpp"

namespace telusur::index {

/// Term prefixes (Omega conventions: a leading capital is a prefix).
inline constexpr const char* kIdPrefix = "Q";     ///< unique document id
inline constexpr const char* kTitlePrefix = "S";  ///< title words
inline constexpr const char* kHashPrefix = "H";   ///< content hash of the cleaned text
inline constexpr const char* kFilePrefix = "XF";  ///< source file (file_key) it was read from
/// Value slots: the date sorts as a string ("YYYYMMDD"), for --since/--until and date order.
enum Slot : Xapian::valueno {
    kDate = 0,      ///< "YYYYMMDD", absent when the article has no date
    kMinHash = 1,   ///< near-duplicate signature: the low 16 bits of kMinHashSize hashes,
                    ///< big-endian (32-bit hashes in indexes written before)
    kFileHash = 2,  ///< ingest::bytes_hash of the raw source file, for incremental runs;
                    ///< JSONL: file_hash_value() (hash and size, to tell a file that grew)
    kId = 3,        ///< the article id (also the Q term): read cheaply for folded near-duplicates
    /// A JSONL record's line number (decimal): its stored record then names the file alone, so
    /// that a record whose line moved (a feed rotated) changes this value, not its record.
    kLine = 4,
    kEntityCounts = 10,  ///< mention counts per entity (entity/terms.hpp, kCountsSlot)
};
/// Position of the title's first word. Not 0: Xapian 1.4.22's glass backend stores a position
/// list of exactly {0, 1} as {1} (a title "Kadang Kadang Pengarang" lost the first "kadang",
/// and the phrase "kadang kadang pengarang" missed it); TermGenerator numbers from 1 as well.
inline constexpr Xapian::termpos kTitlePosition = 1;
/// Gap between the title's word positions and the body's, so phrases never span the two.
inline constexpr Xapian::termpos kBodyPositionGap = 100;
/// Metadata key that records which analyzer built the index.
inline constexpr const char* kAnalyzerVersionKey = "telusur.analyzer_version";
/// Metadata key: fingerprint of everything besides the text that decides a document's terms
/// (analyzer version, stop list, stemmer exceptions, gazetteer, boilerplate list).
inline constexpr const char* kFingerprintKey = "telusur.fingerprint";
/// Metadata key: when the index was last written (UTC, ISO 8601).
inline constexpr const char* kUpdatedKey = "telusur.updated";

/// The fingerprint of this process's analysis data (see kFingerprintKey), a hex hash.
[[nodiscard]] auto analysis_fingerprint() -> std::string;
/// The term that ties a document to its source file: absolute, normalised path (hashed if long).
[[nodiscard]] auto file_term(const std::string& path) -> std::string;

/// The kFileHash value of a JSONL file's documents: "HASH/SIZE", the bytes hash and size of the
/// file's complete lines as read (ingest::FileHashes::lines_hash, lines_size; all of it if it
/// has no newline), so that a later run can tell a file that has only grown since.
[[nodiscard]] auto file_hash_value(const std::string& hash, std::uint64_t size) -> std::string;
/// (HASH, SIZE) of a value file_hash_value() made; nothing for another (a plain hash, "").
[[nodiscard]] auto parse_file_hash_value(const std::string& value)
    -> std::optional<std::pair<std::string, std::uint64_t>>;

/// The shard (0..shards-1) of an article id: FNV-1a 64 of the id, modulo shards. Stable across
/// runs, machines and versions, so a rebuild puts every article where it was, and an in-place
/// run puts a new one where a rebuild would.
[[nodiscard]] auto shard_of(const std::string& id, unsigned shards) -> unsigned;

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
    std::string raw;   ///< the original text, for `telusur show --raw`
    std::string hash;  ///< content hash (hex) of the cleaned text
    /// Near-duplicate signature (hex), only in data written before it moved to value slot
    /// kMinHash alone; empty otherwise.
    std::string minhash;
    /// The record names its JSONL file alone: the line is value kLine ("line": true), which
    /// decode(const Xapian::Document&) appends. Searches read that value only then.
    bool line_in_value = false;
};
/// The stored data: a JSON object with the fields above. The original text is stored as
/// "rawd", a line delta against title and body (most of its lines are cleaned lines verbatim),
/// rather than a second copy; data with a plain "raw" (older indexes) decodes too.
[[nodiscard]] auto encode(const ingest::Article& article) -> std::string;
[[nodiscard]] auto decode(const std::string& data) -> StoredArticle;
/// The stored fields of a document: decode() of its data (compressed or not), its path with
/// the line of kLine (`FILE:LINE`) when it has one.
[[nodiscard]] auto decode(const Xapian::Document& doc) -> StoredArticle;

/// Builds the Xapian document of an article: positional body terms, title terms, id term,
/// content-hash term, date and signature values.
/// With a catalog, also the entity terms and mention counts (entity/terms.hpp); with phrases,
/// the marker terms of those that occur (search/phrases.hpp); with an enabled compressor, the
/// stored record compressed (index/compression.hpp).
[[nodiscard]] auto make_document(const ingest::Article& article,
                                 analysis::Analyzer& analyzer,
                                 const entity::Catalog* catalog = nullptr,
                                 const search::PhraseSet* phrases = nullptr,
                                 Compressor* compressor = nullptr) -> Xapian::Document;

/// Records in a database which phrase markers its documents carry (search::kPhrasesKey):
/// `phrases` when the database held no document before this writer's changes (fresh), else
/// only the markers both the recorded set and `phrases` have (older documents were marked for
/// the recorded set only). Without a recorded set, a non-fresh database has none. The same for
/// the common terms whose pairs are marked (search::kCommonKey).
void record_phrases(Xapian::WritableDatabase& db, const search::PhraseSet* phrases, bool fresh);

/// Records how many common terms a bulk build was asked for (search::kCommonCountKey), and
/// reads it back: nullopt when the database has none recorded (built before it was) or
/// something that is not such a number.
void record_common_count(Xapian::WritableDatabase& db, std::size_t count);
[[nodiscard]] auto recorded_common_count(const Xapian::Database& db) -> std::optional<std::size_t>;
/// How many articles the common terms were chosen from (search::kCommonBasisKey); nullopt when
/// not recorded (indexes built before 2026-11-30, or without common terms).
[[nodiscard]] auto recorded_common_basis(const Xapian::Database& db) -> std::optional<std::size_t>;
/// Whether an index has grown so far past the articles its common terms were chosen from that a
/// rebuild would choose better ones: at least twice as many, and 200 more.
[[nodiscard]] auto common_terms_outgrown(std::size_t basis, std::size_t documents) -> bool;

/** What Writer::add did with an article. */
struct AddResult {
    enum Kind { kAdded, kReplaced, kDuplicate } kind = kAdded;
    std::string duplicate_of;  ///< for kDuplicate: id of the article with the same text
};

/** What an index holds for one source file. */
struct FileState {
    std::vector<std::string> ids;  ///< ids of the documents read from it
    bool same = false;             ///< all of them were read from bytes with this hash
    /// The file-hash values (kFileHash) its documents carry, each once, in order; "" stands
    /// for a document whose value cannot be relied on (none, or tied to the file by an older
    /// form of its file term, or written by this dry run).
    std::vector<std::string> hashes;
};

/** Adds and replaces articles in a writable database at a path (one glass database). */
class Writer {
public:
    /// kWrite changes the database. kPreview (`telusur index --dry-run`) only reads it: every
    /// method answers as kWrite would, but the run's changes live in memory, small (each
    /// article's id, content hash, file, file hash and a digest of its record), and go with the
    /// writer. Nothing is written, not even the blocks Xapian writes for uncommitted changes,
    /// so it needs no lock and works on an index it may not write.
    enum class Mode { kWrite, kPreview };
    /// Opens or creates the database at dir ("" = a new in-memory one). Throws
    /// IndexError if it is locked or corrupt, built by another analyzer version, or (unless it is
    /// empty) with other analysis data (fingerprint): those need `telusur index --rebuild`, never a
    /// mix of old and new analysis. With a catalog, documents carry entity terms and counts.
    /// transactional: all changes of the run become visible at commit() or not at all (incremental
    /// runs); otherwise Xapian commits in batches as it goes (a fresh generation nobody reads yet).
    /// With phrases, documents carry their phrase markers, and commit() records the set. On a
    /// database that holds documents, the pairs of the recorded common terms are marked (none
    /// if nothing is recorded), whatever common terms `phrases` has: every document must carry
    /// the same pairs. Records are compressed with the index's dictionary; an index without one
    /// gets one as soon as it holds kMinDictionarySamples articles (when opened, or during the
    /// run), trained on its plain records and recorded with the run: later records use it.
    /// In kPreview, dir "" previews a new index (no database at all) and transactional does not
    /// matter.
    ///
    /// With shards (the glass databases of a sharded index, in shard order: shard-0, shard-1,
    /// ...), dir only names the index in messages, and the shards are opened (never created) as
    /// one database, Xapian's multi-database WritableDatabase: lookups, duplicates, replacements
    /// and removals see every shard, a new article goes to shard_of(id) as in a bulk build, and
    /// the index metadata is written into every shard (Xapian would write shard 0 only). Each
    /// shard commits its part of the run atomically, one after the other: a run killed between
    /// two shards' commits leaves the first ones updated; running it again completes it.
    explicit Writer(const std::string& dir,
                    std::shared_ptr<const entity::Catalog> catalog = nullptr,
                    bool transactional = true,
                    std::shared_ptr<const search::PhraseSet> phrases = nullptr,
                    Mode mode = Mode::kWrite,
                    const std::vector<std::string>& shards = {});
    ~Writer();
    Writer(const Writer&) = delete;
    auto operator=(const Writer&) -> Writer& = delete;
    Writer(Writer&&) = delete;
    auto operator=(Writer&&) -> Writer& = delete;
    /// Adds or replaces (by id) one article. An article whose cleaned text is already indexed
    /// under another id is not added (kDuplicate). With a file hash, the document records its
    /// source file (file_term(file)) and the hash of that file's raw bytes.
    auto add(const ingest::Article& article,
             analysis::Analyzer& analyzer,
             const std::string& file_hash = {},
             const std::string& file = {}) -> AddResult;

    /** An article made into the document add() writes, before it meets the database. */
    struct Prepared {
        std::string id;
        std::string hash_term;      ///< kHashPrefix + content hash of the cleaned text
        Xapian::Document document;  ///< its record plain: add() compresses it
    };
    /// What add(article, ...) does before it reads or writes the database: the analysis, the
    /// bulk of an article's CPU time. Reads only what the constructor settled (catalog, phrase
    /// set), so threads may prepare articles at once, each with its own analyzer, while the
    /// writer's thread adds others (index::Preparer).
    [[nodiscard]] auto prepare(const ingest::Article& article,
                               analysis::Analyzer& analyzer,
                               const std::string& file_hash = {},
                               const std::string& file = {}) const -> Prepared;
    /// add(article, ...) for a prepared article: the same checks and result. The record is
    /// compressed with the dictionary of the moment, so articles prepared before this run
    /// trained one are compressed like the others.
    auto add(Prepared prepared) -> AddResult;
    /// What the document with an article's id holds: another article (or none), this one
    /// (the same stored fields), this one read from another path (kMoved: a file moved to
    /// another folder), or from another line of the same JSONL file (kLineMoved: a feed
    /// rotated or a line above it deleted).
    enum class Stored { kOther, kSame, kMoved, kLineMoved };
    [[nodiscard]] auto stored(const ingest::Article& article) const -> Stored;
    /// Whether the document with this id holds this article, wherever it was read from.
    [[nodiscard]] auto unchanged(const ingest::Article& article) const -> bool {
        return stored(article) != Stored::kOther;
    }
    /// For an article read again whose document holds it (`held`: what stored() said of it):
    /// ties the document to this source file and file hash (as add() would) and records a new
    /// path, without analysing or writing it again; only its file term, hash value and the
    /// path change, if they do (kMoved: the stored record; kLineMoved: the kLine value alone).
    /// False when no document has the id.
    auto keep(const ingest::Article& article,
              const std::string& file_hash,
              const std::string& file,
              Stored held = Stored::kSame) -> bool;
    /// The documents read from a source file, and whether they came from bytes with file_hash.
    [[nodiscard]] auto file_state(const std::string& path, const std::string& file_hash) const
        -> FileState;
    /// Deletes a document by id; returns whether there was one.
    auto remove(const std::string& id) -> bool;
    /// Deletes the documents whose source file is gone (exists(path) false); returns how many.
    /// Files whose path was too long to keep in a term (file_term hashed it) are left alone.
    auto prune(const std::function<bool(const std::string& path)>& exists) -> std::size_t;
    /// Makes the run's changes visible (kPreview: does nothing).
    void commit();
    /// Whether keep() changed a document since this writer opened the database.
    [[nodiscard]] auto modified() const -> bool { return m_kept_changes; }
    [[nodiscard]] auto document_count() const -> Xapian::doccount;
    /// recorded_common_basis() of the database.
    [[nodiscard]] auto common_basis() const -> std::optional<std::size_t>;
    /// Closes the database (after commit(); needed before its directory is published).
    void close();

private:
    std::string m_dir;
    Xapian::WritableDatabase m_db;  ///< kWrite only
    /// kWrite on a sharded index: each shard's own handle, in shard order (m_db holds them all)
    std::vector<Xapian::WritableDatabase> m_shards;
    /// fn(db) for each database the index metadata goes into: m_db, or every shard.
    template <class Fn>
    void each_database(Fn&& fn);
    struct Preview;
    std::unique_ptr<Preview> m_preview;  ///< kPreview only: the database read, the run's changes
    /// What reads go to: the database (kWrite) or the previewed one (kPreview, empty if none).
    [[nodiscard]] auto reader() const -> const Xapian::Database&;
    /// fn() for kPreview: a database changed under it (another run committed twice) is
    /// IndexChanged, any other Xapian error as the opening would report it.
    template <class Fn>
    auto previewing(Fn&& fn) const -> decltype(fn());
    auto preview_add(Prepared prepared) -> AddResult;
    auto preview_keep(const ingest::Article& article,
                      const std::string& file_hash,
                      const std::string& file,
                      Stored held) -> bool;
    auto preview_prune(const std::function<bool(const std::string& path)>& exists) -> std::size_t;
    [[nodiscard]] auto read_file_state(const std::string& path, const std::string& file_hash) const
        -> FileState;
    std::shared_ptr<const entity::Catalog> m_catalog;
    bool m_transactional;
    std::shared_ptr<const search::PhraseSet> m_phrases;
    bool m_fresh = false;  ///< the database held no document when opened
    /// Compresses new records with the index's dictionary (none recorded: plain records).
    std::unique_ptr<Compressor> m_compressor;
    bool m_training_tried = false;  ///< this run has tried to train a dictionary
    bool m_kept_changes = false;    ///< keep() changed a document
    /// An index without a dictionary that holds kMinDictionarySamples documents (this run's
    /// included) gets one, trained on its plain records; later records use it.
    void train_dictionary_when_due();
};

/// The stored article with an id, or none.
[[nodiscard]] auto find(const Xapian::Database& db, const std::string& id)
    -> std::optional<StoredArticle>;

/// Opens an index for searching: DIR through its stub (layout.hpp), or a plain glass database.
/// Retries briefly when a switch races the open. Throws IndexError with a one-line message
/// (missing, foreign, corrupt, locked, other analyzer version).
[[nodiscard]] auto open_for_reading(const std::string& dir) -> Xapian::Database;

/// What DIR points at now: the stub's text ("" for a legacy index). Cheap; compare two of them
/// to notice that a rebuild, compact or rollback switched the index.
[[nodiscard]] auto live_stamp(const std::string& dir) -> std::string;

/**
 * For long-running readers (a batch of queries, a server), before each query: if the index was
 * switched since `stamp` (live_stamp), opens it again by path and updates stamp; otherwise
 * Database::reopen() picks up what incremental runs committed in place (and a stored-data
 * dictionary one of them recorded). reopen() alone would never see a switch, because it does not
 * re-read the stub.
 */
void refresh(Xapian::Database& db, const std::string& dir, std::string& stamp);

/// Thrown when the index changed under a running search (Xapian::DatabaseModifiedError).
class IndexChanged : public IndexError {
public:
    using IndexError::IndexError;
};

/// Call in a catch block for a Xapian::Error met while reading the index at dir: rethrows it as
/// the IndexError opening it would have given (corrupt, truncated, unreadable...).
[[noreturn]] void rethrow_reading_error(const std::string& dir);

/**
 * Runs fn(db) and, when a writer changed or switched the index under it (IndexChanged,
 * Xapian::DatabaseModifiedError, Xapian::DatabaseOpeningError), opens dir again by path and
 * reruns fn from the start, up to `attempts` times. Re-opening by path matters: reopen()
 * alone does not re-read a stub, so it would never see a new generation.
 */
template <class Fn>
auto retrying(Xapian::Database& db, const std::string& dir, Fn&& fn, int attempts = 5)
    -> decltype(fn(db)) {
    for (int attempt = 1;; ++attempt) {
        try {
            return fn(db);
        } catch (const IndexChanged&) {
            if (attempt >= attempts) {
                throw;
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= attempts) {
                throw IndexChanged("index at " + dir + " kept changing while searching");
            }
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt >= attempts) {
                throw;
            }
        } catch (const Xapian::DatabaseError&) {
            rethrow_reading_error(dir);  // e.g. a table cut short past the blocks opening read
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
        db = open_for_reading(dir);
    }
}

}  // namespace telusur::index
