#pragma once
// Bulk building of a new index (a fresh generation): analysis in parallel threads, written as
// many small Xapian databases ("runs") that are merged with Xapian::Database::compact, into one
// database or N shards.
//
// Why: Xapian's write path gets slower per document as the database it adds to grows (its
// buffered postings, then B-tree updates all over large tables); adding a few hundred documents
// to a brand-new database and merging the runs (compaction reads and writes each table in order)
// costs a fraction of it. Each thread merges its runs only when it has runs_per_merge of them
// (by default, past ~100,000 articles per thread), so most articles are written twice: into
// their run, then by the final merge. Memory stays bounded: a run holds at most run_documents
// documents, the queues a few dozen articles, and a merge reads at most max_merge_sources
// databases (about 40 KB of memory and 4-6 open files each).
//
// Used by `telusur index` when it writes a new generation (first run, --rebuild); incremental
// runs on an existing index go through index::Writer.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "telusur/entity/catalog.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"

namespace telusur::index {

/// The thread (0..workers-1) that analyses and writes an article id in a BulkBuilder: FNV-1a 64
/// of the id through MurmurHash3's 64-bit finaliser, modulo workers. Deterministic, and even for
/// ids that differ only in their last characters (a0000001, a0000002, ...), whose raw FNV-1a high
/// bits are nearly all equal: routing by those put long runs of articles on one thread while
/// the other waited.
[[nodiscard]] auto worker_of(const std::string& id, unsigned workers) -> unsigned;

/// The shard directory names of a generation with n shards: {"shard-0", ..., "shard-<n-1>"}.
[[nodiscard]] auto shard_names(unsigned shards) -> std::vector<std::string>;

struct BulkOptions {
    unsigned jobs = 1;                ///< analysis + writing threads
    unsigned shards = 1;              ///< 1: one database in the output directory; N: DIR/shard-K
    std::size_t run_documents = 200;  ///< documents per run database
    /// A thread merges this many runs (then merges) into one as it goes; 0: as many as the
    /// final merge can read at once, divided among the threads, at most kMaxRunsPerMerge.
    std::size_t runs_per_merge = 0;
    /// The most databases one merge reads at once (each holds ~4-6 open files); 0: from the
    /// open-files limit (merge_sources_allowed()).
    std::size_t max_merge_sources = 0;
    /// Phrases whose markers documents carry (search/phrases.hpp); none if null.
    std::shared_ptr<const search::PhraseSet> phrases;
    /// Common terms whose adjacent pairs documents carry as markers (search/phrases.hpp): the
    /// common_terms terms in most of the first common_sample articles added (which wait in
    /// memory until then, or until finish()), replacing any that `phrases` has. 0: none.
    std::size_t common_terms = search::kCommonTerms;
    std::size_t common_sample = search::kCommonSample;
    /// Compress stored records with a dictionary trained on those of the same first articles
    /// (index/compression.hpp; at least kMinDictionarySamples of them, else plain records,
    /// until an incremental run trains one: index::Writer).
    bool compress = true;
};

/// Runs per merge when BulkOptions::runs_per_merge is 0 and the open-files limit allows it:
/// at 200 documents a run, a thread writes 100,000 articles before its first intermediate merge,
/// and each article is written twice (its run, the final merge) instead of three times or more.
inline constexpr std::size_t kMaxRunsPerMerge = 512;

/// How many databases a merge may read at once: raises the soft open-files limit
/// (RLIMIT_NOFILE) to the hard one (at most 65,536), then allows 8 files per database and keeps
/// 256 for the rest of the process. At least 2. The default soft limit of 1,024 allows 96.
[[nodiscard]] auto merge_sources_allowed() -> std::size_t;

/**
 * Builds a new index from articles given one by one (in the calling thread; the work happens in
 * BulkOptions::jobs threads). The same rules as index::Writer on an empty database: an article
 * whose cleaned text was already added under another id is a kDuplicate (not added); an id
 * added again replaces the earlier article (kReplaced). Documents get the same terms, values and
 * data as Writer::add gives them. With one job the document order is the input order; with
 * several, articles are spread over the threads by a hash of their id (deterministic too).
 *
 *     BulkBuilder bulk(gen_dir, catalog, {.jobs = 2, .shards = 4});
 *     for (...) bulk.add(article, file_hash);
 *     auto databases = bulk.finish();  // {"shard-0", ...} relative to gen_dir, or {""}
 *
 * Throws IndexError when writing fails (disk full, ...); the output is then incomplete and
 * must be discarded by the caller.
 */
class BulkBuilder {
public:
    BulkBuilder(const std::string& out_dir,
                std::shared_ptr<const entity::Catalog> catalog,
                const BulkOptions& options);
    ~BulkBuilder();
    BulkBuilder(const BulkBuilder&) = delete;
    auto operator=(const BulkBuilder&) -> BulkBuilder& = delete;

    /// Queues one article (file_hash and file as for Writer::add: the hash of its source file's
    /// raw bytes, "" for none, and that file; "" for the article's path, which for a JSONL
    /// record is "FILE:LINE", not a file). `unchanged` is set when the article repeats an id
    /// already added with the same text.
    auto add(const ingest::Article& article,
             const std::string& file_hash,
             const std::string& file = {},
             bool* unchanged = nullptr) -> AddResult;

    /// Waits for the threads, merges the runs, writes the index metadata and removes the
    /// temporary runs. Returns the database directories relative to out_dir ({""} for one).
    auto finish() -> std::vector<std::string>;

    /// Documents in the finished index.
    [[nodiscard]] auto document_count() const -> std::size_t { return m_documents; }

private:
    struct Worker;
    std::string m_out;
    std::string m_runs_dir;
    std::shared_ptr<const entity::Catalog> m_catalog;
    BulkOptions m_options;
    std::string m_fingerprint;  ///< analysis_fingerprint(), computed once
    std::vector<std::unique_ptr<Worker>> m_workers;
    struct Seen;
    std::unique_ptr<Seen> m_seen;
    /// Articles held back until the common terms and the dictionary are chosen.
    struct Held;
    std::unique_ptr<Held> m_held;
    /// The stored-data dictionary (empty: plain records); set before any article is queued.
    std::string m_dictionary;
    std::size_t m_common_basis = 0;  ///< the articles the common terms were chosen from
    std::size_t m_documents = 0;
    bool m_finished = false;
    void stop_workers() noexcept;
    /// Chooses the common terms and trains the dictionary from the held articles, then
    /// queues them.
    void release_held();
    void queue(unsigned worker,
               ingest::Article article,
               std::string file_hash,
               std::string file,
               bool replaces);
    /// Merges consecutive groups of sources until at most max_merge_sources remain.
    [[nodiscard]] auto within_merge_limit(std::vector<std::string> sources, unsigned shard) const
        -> std::vector<std::string>;
};

}  // namespace telusur::index
