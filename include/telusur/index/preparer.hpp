#pragma once
// Analysis ahead of an index::Writer, in worker threads: the parallel part of an incremental
// run (one that changes an index in place).
//
// Why: a run that adds articles to an existing index writes them through one
// Xapian::WritableDatabase, which only one thread may use; analysing an article (ICU, the
// stemmer, entities, phrase markers, the stored record) is about a quarter of its CPU time.
// Here that part runs in other threads while the writer's thread adds the articles prepared
// before, in the order they were given, so results are the same as adding them one by one.
//
//     index::Preparer preparer(writer, 1);   // 1 thread analyses, this one writes
//     for (...) {
//         preparer.push(article, file_hash, file);
//         while (preparer.pending() > preparer.window()) {
//             auto [article, prepared] = preparer.pop();
//             writer.add(std::move(prepared));
//         }
//     }
//     while (preparer.pending() > 0) ...   // the rest

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"

namespace telusur::index {

/** An article given to a Preparer, and its document. */
struct PreparedArticle {
    ingest::Article article;
    Writer::Prepared prepared;
};

/**
 * Prepares articles for a Writer (Writer::prepare) in `threads` threads, each with its own
 * analyzer, and hands them back in the order they were pushed. With 0 threads, push()
 * prepares in the caller's thread. The writer must outlive the preparer and must not be
 * changed but by add() meanwhile (prepare() reads its catalog and phrase set).
 */
class Preparer {
public:
    /// window: how many articles the caller lets run ahead (0: 4 per thread).
    Preparer(const Writer& writer, unsigned threads, std::size_t window = 0);
    ~Preparer();
    Preparer(const Preparer&) = delete;
    auto operator=(const Preparer&) -> Preparer& = delete;

    /// Queues an article (file_hash and file as for Writer::add).
    void push(ingest::Article article, std::string file_hash = {}, std::string file = {});
    /// Articles pushed and not popped yet.
    [[nodiscard]] auto pending() const -> std::size_t { return m_results.size(); }
    /// How many articles callers keep in flight: pop() while pending() > window().
    [[nodiscard]] auto window() const -> std::size_t { return m_window; }
    /// The oldest pending article, prepared (waits for it). Rethrows what preparing it threw.
    /// Requires pending() > 0.
    auto pop() -> PreparedArticle;

private:
    /// Runs with its thread's analyzer (made on first use, in that thread).
    using Job = std::packaged_task<PreparedArticle(std::unique_ptr<analysis::Analyzer>&)>;
    void run();

    const Writer& m_writer;
    std::size_t m_window;
    std::deque<std::future<PreparedArticle>> m_results;
    bool m_inline = false;                           ///< 0 threads: push() prepares
    std::unique_ptr<analysis::Analyzer> m_analyzer;  ///< the analyzer push() prepares with
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

}  // namespace telusur::index
