#include "telusur/index/bulk.hpp"

#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "telusur/error.hpp"
#include "telusur/index/layout.hpp"
#include "telusur/ingest/dedup.hpp"

namespace fs = std::filesystem;

namespace telusur::index {

namespace {

/// A bounded queue between the reading thread and one worker.
template <class T>
class Queue {
public:
    explicit Queue(std::size_t capacity) : m_capacity(capacity) {}

    void push(T item) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [this] { return m_items.size() < m_capacity; });
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
    }

    /// The next item; none once closed and drained.
    auto pop() -> std::optional<T> {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [this] { return !m_items.empty() || m_closed; });
        if (m_items.empty()) {
            return std::nullopt;
        }
        auto item = std::move(m_items.front());
        m_items.pop_front();
        // The reader waits only when the queue is full; waking it at every item made the two
        // threads take turns, a futex wake and two context switches per article. Woken once the
        // queue is half empty, it refills it in one go.
        if (m_items.size() <= m_capacity / 2) {
            m_not_full.notify_one();
        }
        return item;
    }

    void close() {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_empty.notify_all();
    }

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_not_full;
    std::condition_variable m_not_empty;
    std::deque<T> m_items;
    bool m_closed = false;
};

/// Sets what index::Writer records in every database it writes.
void set_index_metadata(Xapian::WritableDatabase& db, const std::string& fingerprint) {
    db.set_metadata(kAnalyzerVersionKey, std::to_string(analysis::Analyzer::kVersion));
    db.set_metadata(kFingerprintKey, fingerprint);
}

/// Merges databases (in order: their documents keep that order) into out, in one pass over
/// all of them. (DBCOMPACT_MULTIPASS, which merges the posting lists a few databases at a
/// time through temporary tables, was slower for our merges of hundreds of runs: 100k
/// articles indexed in 60-67 s instead of 55 s, and 247 MB peak RSS instead of 114 MB.)
void compact_into(const std::vector<std::string>& sources, const std::string& out) {
    Xapian::Database all;
    for (const auto& s : sources) {
        all.add_database(Xapian::Database(s));
    }
    all.compact(out, 0);
}

}  // namespace

auto merge_sources_allowed() -> std::size_t {
    constexpr rlim_t kWanted = 65536;
    constexpr rlim_t kReserved = 256;  // the reading thread, runs being written, stdio, ...
    constexpr rlim_t kFilesPerDatabase = 8;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return 2;
    }
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < kWanted &&
        limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? kWanted : std::min(limit.rlim_max, kWanted);
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            limit = raised;
        }
    }
    const rlim_t files =
        limit.rlim_cur == RLIM_INFINITY ? kWanted : std::min(limit.rlim_cur, kWanted);
    return files <= kReserved + 2 * kFilesPerDatabase
               ? 2
               : static_cast<std::size_t>((files - kReserved) / kFilesPerDatabase);
}

auto worker_of(const std::string& id, unsigned workers) -> unsigned {
    if (workers <= 1) {
        return 0;
    }
    auto h = ingest::fnv1a(id);
    h ^= h >> 33U;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33U;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33U;
    return static_cast<unsigned>(h % workers);
}

auto shard_names(unsigned shards) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (unsigned k = 0; k < shards; ++k) {
        out.push_back("shard-" + std::to_string(k));
    }
    return out;
}

/// What add() remembers of every article, in about 150 bytes each (1M articles: ~150 MB): its
/// id once, and 64-bit content hashes (content_hash_value()) rather than two maps of strings to
/// strings (~440 bytes each).
struct BulkBuilder::Seen {
    std::deque<std::string> ids;         ///< by article number; a deque never moves them
    std::vector<std::uint64_t> hash_of;  ///< article number -> its current content hash
    std::unordered_map<std::string_view, std::uint32_t> number_of_id;  ///< views into ids
    std::unordered_map<std::uint64_t, std::uint32_t> first_of_hash;    ///< hash -> number
};

/** Articles queued before the common terms are known, in the order they came. */
struct BulkBuilder::Held {
    struct Entry {
        unsigned worker;
        ingest::Article article;
        std::string file_hash;
        std::string file;
        bool replaces;
    };
    std::vector<Entry> entries;
    search::CommonTerms sample;
    std::vector<std::string> records;  ///< their stored records, to train the dictionary on
    std::optional<analysis::Analyzer> analyzer;
};

/** One thread: analyses its articles and writes them into run databases, per shard. */
struct BulkBuilder::Worker {
    struct Job {
        ingest::Article article;
        std::string file_hash;
        std::string file;       ///< its source file ("": article.path)
        bool replaces = false;  ///< an earlier article with this id must go
    };
    /// The runs of one shard: levels[0] are runs, levels[k] merges of runs_per_merge of k-1.
    struct ShardRuns {
        std::optional<Xapian::WritableDatabase> current;
        std::string current_path;
        std::size_t current_documents = 0;
        std::vector<std::vector<std::string>> levels;
        unsigned next_name = 0;
    };

    Worker(unsigned number, const BulkBuilder& owner)
        : m_number(number), m_owner(owner), m_shards(owner.m_options.shards) {
        m_thread = std::thread([this] { run(); });
    }

    void run() {
        std::optional<analysis::Analyzer> analyzer;
        std::optional<Compressor> compressor;
        while (auto job = m_queue.pop()) {
            if (m_failed.load()) {
                continue;  // drain, so the reading thread never blocks on a dead worker
            }
            try {
                if (!analyzer) {
                    analyzer.emplace();
                    compressor.emplace(m_owner.m_dictionary);  // set before the first job
                }
                write(*job, *analyzer, *compressor);
            } catch (...) {
                m_error = std::current_exception();
                m_failed.store(true);
            }
        }
        if (m_failed.load()) {
            return;
        }
        try {
            for (unsigned s = 0; s < m_shards.size(); ++s) {
                close_run(m_shards[s]);
            }
        } catch (...) {
            m_error = std::current_exception();
            m_failed.store(true);
        }
    }

    auto path_for(unsigned shard, ShardRuns& runs) const -> std::string {
        return m_owner.m_runs_dir + "/w" + std::to_string(m_number) + "-s" + std::to_string(shard) +
               "-" + std::to_string(runs.next_name++);
    }

    void write(Job& job, analysis::Analyzer& analyzer, Compressor& compressor) {
        const auto shard = shard_of(job.article.id, m_owner.m_options.shards);
        auto& runs = m_shards[shard];
        const auto id_term = kIdPrefix + job.article.id;
        if (job.replaces) {
            remove_everywhere(runs, id_term);
        }
        auto doc = make_document(job.article, analyzer, m_owner.m_catalog.get(),
                                 m_owner.m_options.phrases.get(), &compressor);
        if (!job.file_hash.empty()) {
            doc.add_boolean_term(file_term(job.file.empty() ? job.article.path : job.file));
            doc.add_value(kFileHash, job.file_hash);
        }
        if (!runs.current) {
            runs.current_path = path_for(shard, runs);
            // A run is scratch (removed if anything fails), so it is written in place, without
            // Xapian's copy-on-write of changed blocks.
            runs.current.emplace(runs.current_path,
                                 Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
            set_index_metadata(*runs.current, m_owner.m_fingerprint);
        }
        runs.current->add_document(doc);
        if (++runs.current_documents >= m_owner.m_options.run_documents) {
            close_run(runs);
        }
    }

    /// Commits the current run of a shard and merges full levels.
    void close_run(ShardRuns& runs) {
        if (!runs.current) {
            return;
        }
        runs.current->commit();
        runs.current->close();
        runs.current.reset();
        runs.current_documents = 0;
        if (runs.levels.empty()) {
            runs.levels.emplace_back();
        }
        runs.levels[0].push_back(runs.current_path);
        for (std::size_t level = 0; level < runs.levels.size(); ++level) {
            if (runs.levels[level].size() < m_owner.m_options.runs_per_merge) {
                break;
            }
            auto merged = runs.current_path + "-m" + std::to_string(level + 1);
            compact_into(runs.levels[level], merged);
            for (const auto& p : runs.levels[level]) {
                fs::remove_all(p);
            }
            runs.levels[level].clear();
            if (runs.levels.size() == level + 1) {
                runs.levels.emplace_back();
            }
            runs.levels[level + 1].push_back(merged);
        }
    }

    /// Deletes the document with id_term from the current run and every closed run of a shard.
    void remove_everywhere(ShardRuns& runs, const std::string& id_term) {
        if (runs.current && runs.current->term_exists(id_term)) {
            runs.current->delete_document(id_term);
        }
        for (const auto& level : runs.levels) {
            for (const auto& path : level) {
                Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
                if (db.term_exists(id_term)) {
                    db.delete_document(id_term);
                    db.commit();
                }
            }
        }
    }

    /// This worker's databases of a shard, oldest documents first.
    [[nodiscard]] auto sources(unsigned shard) const -> std::vector<std::string> {
        std::vector<std::string> out;
        const auto& levels = m_shards[shard].levels;
        for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
            out.insert(out.end(), level->begin(), level->end());
        }
        return out;
    }

    unsigned m_number;
    const BulkBuilder& m_owner;
    std::vector<ShardRuns> m_shards;
    Queue<Job> m_queue{64};
    std::atomic<bool> m_failed{false};
    std::exception_ptr m_error;
    std::thread m_thread;
};

namespace {

[[noreturn]] void rethrow_as_index_error(const std::exception_ptr& error, const std::string& dir) {
    try {
        std::rethrow_exception(error);
    } catch (const Error&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot write index at " + dir + ": " + e.get_description());
    } catch (const std::exception& e) {
        throw IndexError("cannot write index at " + dir + ": " + e.what());
    }
}

}  // namespace

BulkBuilder::BulkBuilder(const std::string& out_dir,
                         std::shared_ptr<const entity::Catalog> catalog,
                         const BulkOptions& options)
    : m_out(out_dir),
      m_runs_dir(out_dir + "/.runs"),
      m_catalog(std::move(catalog)),
      m_options(options),
      m_fingerprint(analysis_fingerprint()),
      m_seen(std::make_unique<Seen>()) {
    m_options.jobs = std::max(1U, m_options.jobs);
    m_options.shards = std::max(1U, m_options.shards);
    m_options.run_documents = std::max<std::size_t>(1, m_options.run_documents);
    if (m_options.max_merge_sources == 0) {
        m_options.max_merge_sources = merge_sources_allowed();
    }
    m_options.max_merge_sources = std::max<std::size_t>(2, m_options.max_merge_sources);
    if (m_options.runs_per_merge == 0) {
        // Each thread's share of the final merge, half of it for unmerged runs.
        m_options.runs_per_merge =
            std::min(kMaxRunsPerMerge, m_options.max_merge_sources / m_options.jobs / 2);
    }
    m_options.runs_per_merge =
        std::clamp<std::size_t>(m_options.runs_per_merge, 2, m_options.max_merge_sources);
    std::error_code ec;
    fs::create_directories(m_runs_dir, ec);
    if (ec) {
        throw IndexError("cannot create " + m_runs_dir + ": " + ec.message());
    }
    if ((m_options.common_terms > 0 || m_options.compress) && m_options.common_sample > 0) {
        m_held = std::make_unique<Held>();
    }
    for (unsigned w = 0; w < m_options.jobs; ++w) {
        m_workers.push_back(std::make_unique<Worker>(w, *this));
    }
}

void BulkBuilder::queue(unsigned worker,
                        ingest::Article article,
                        std::string file_hash,
                        std::string file,
                        bool replaces) {
    auto& w = *m_workers[worker];
    if (w.m_failed.load()) {
        stop_workers();
        rethrow_as_index_error(w.m_error, m_out);
    }
    w.m_queue.push(
        Worker::Job{std::move(article), std::move(file_hash), std::move(file), replaces});
}

void BulkBuilder::release_held() {
    if (!m_held) {
        return;
    }
    auto held = std::move(m_held);
    // Set before any article is queued: the workers read them only after taking a job.
    if (m_options.common_terms > 0) {
        m_options.phrases =
            search::with_common(m_options.phrases, held->sample.choose(m_options.common_terms));
        m_common_basis = held->sample.documents();
    }
    if (m_options.compress) {
        m_dictionary = train_dictionary(held->records);
        held->records = {};
    }
    for (auto& e : held->entries) {
        queue(e.worker, std::move(e.article), std::move(e.file_hash), std::move(e.file),
              e.replaces);
    }
}

BulkBuilder::~BulkBuilder() {
    stop_workers();
    std::error_code ec;
    fs::remove_all(m_runs_dir, ec);
}

void BulkBuilder::stop_workers() noexcept {
    for (auto& w : m_workers) {
        w->m_queue.close();
    }
    for (auto& w : m_workers) {
        if (w->m_thread.joinable()) {
            w->m_thread.join();
        }
    }
}

auto BulkBuilder::add(const ingest::Article& article,
                      const std::string& file_hash,
                      const std::string& file,
                      bool* unchanged) -> AddResult {
    if (unchanged != nullptr) {
        *unchanged = false;
    }
    auto text = std::string(article.title).append("\n").append(article.body);
    const auto hash = ingest::content_hash_value(text);
    auto& seen = *m_seen;
    if (auto first = seen.first_of_hash.find(hash);
        first != seen.first_of_hash.end() && seen.ids[first->second] != article.id) {
        return {AddResult::kDuplicate, seen.ids[first->second]};
    }
    auto known = seen.number_of_id.find(article.id);
    const bool fresh_id = known == seen.number_of_id.end();
    std::uint32_t number = 0;
    if (fresh_id) {
        number = static_cast<std::uint32_t>(seen.ids.size());
        seen.ids.push_back(article.id);
        seen.hash_of.push_back(hash);
        seen.number_of_id.emplace(seen.ids.back(), number);
    } else {
        number = known->second;
        if (unchanged != nullptr) {
            *unchanged = seen.hash_of[number] == hash;
        }
        // The replaced text is no longer indexed: another id may now have it.
        if (auto old = seen.first_of_hash.find(seen.hash_of[number]);
            old != seen.first_of_hash.end() && old->second == number) {
            seen.first_of_hash.erase(old);
        }
        seen.hash_of[number] = hash;
    }
    seen.first_of_hash.try_emplace(hash, number);
    const auto worker = worker_of(article.id, static_cast<unsigned>(m_workers.size()));
    if (m_held) {
        if (m_options.common_terms > 0) {
            if (!m_held->analyzer) {
                m_held->analyzer.emplace();
            }
            m_held->sample.add(*m_held->analyzer, text);
        }
        if (m_options.compress) {
            m_held->records.push_back(encode(article));
        }
        m_held->entries.push_back({worker, article, file_hash, file, !fresh_id});
        if (m_held->entries.size() >= m_options.common_sample) {
            release_held();
        }
    } else {
        queue(worker, article, file_hash, file, !fresh_id);
    }
    return {fresh_id ? AddResult::kAdded : AddResult::kReplaced, {}};
}

auto BulkBuilder::within_merge_limit(std::vector<std::string> sources, unsigned shard) const
    -> std::vector<std::string> {
    unsigned round = 0;
    while (sources.size() > m_options.max_merge_sources) {
        // Consecutive groups, so that documents keep their order.
        std::vector<std::string> merged;
        for (std::size_t first = 0; first < sources.size(); first += m_options.max_merge_sources) {
            const auto last = std::min(sources.size(), first + m_options.max_merge_sources);
            if (last - first == 1) {
                merged.push_back(sources[first]);
                continue;
            }
            std::vector<std::string> group(sources.begin() + static_cast<std::ptrdiff_t>(first),
                                           sources.begin() + static_cast<std::ptrdiff_t>(last));
            merged.push_back(m_runs_dir + "/final-s" + std::to_string(shard) + "-" +
                             std::to_string(round) + "-" + std::to_string(merged.size()));
            compact_into(group, merged.back());
            for (const auto& p : group) {
                fs::remove_all(p);
            }
        }
        sources = std::move(merged);
        ++round;
    }
    return sources;
}

auto BulkBuilder::finish() -> std::vector<std::string> {
    if (m_finished) {
        throw Error("BulkBuilder::finish called twice");
    }
    m_finished = true;
    release_held();
    stop_workers();
    for (const auto& w : m_workers) {
        if (w->m_failed.load()) {
            rethrow_as_index_error(w->m_error, m_out);
        }
    }
    auto names =
        m_options.shards == 1 ? std::vector<std::string>{""} : shard_names(m_options.shards);
    try {
        m_documents = 0;
        for (unsigned s = 0; s < m_options.shards; ++s) {
            std::vector<std::string> sources;
            for (const auto& w : m_workers) {
                auto mine = w->sources(s);
                sources.insert(sources.end(), mine.begin(), mine.end());
            }
            const auto out = names[s].empty() ? m_out : m_out + "/" + names[s];
            sources = within_merge_limit(std::move(sources), s);
            if (!sources.empty()) {
                compact_into(sources, out);
            }
            // An empty shard is still a database; every shard carries the index metadata.
            Xapian::WritableDatabase db(out, Xapian::DB_CREATE_OR_OPEN);
            set_index_metadata(db, m_fingerprint);
            record_phrases(db, m_options.phrases.get(), true);
            record_common_count(db, m_options.common_terms);
            if (m_options.common_terms > 0 && m_common_basis > 0) {
                db.set_metadata(search::kCommonBasisKey, std::to_string(m_common_basis));
            }
            if (!m_dictionary.empty()) {
                db.set_metadata(kDictionaryKey, m_dictionary);
            }
            db.set_metadata(kUpdatedKey, layout::utc_now());
            db.commit();
            m_documents += db.get_doccount();
        }
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot write index at " + m_out + ": " + e.get_description());
    }
    std::error_code ec;
    fs::remove_all(m_runs_dir, ec);
    return names;
}

}  // namespace telusur::index
