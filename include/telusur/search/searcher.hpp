#pragma once
// Search stage: query + database -> ranked results with snippets.

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/search/facets.hpp"
#include "telusur/search/ranker.hpp"
#include "telusur/search/signatures.hpp"
#include "telusur/search/synonyms.hpp"
#include "telusur/snippet/snippet.hpp"

namespace telusur::search {

/**
 * The result of a task on a Helper's thread. Waits for the task when destroyed, also when an
 * exception unwinds the caller: the task uses the caller's objects (declare it after them).
 */
template <typename T>
class Task {
public:
    Task() = default;
    explicit Task(std::future<T> future) : m_future(std::move(future)) {}
    Task(const Task&) = delete;
    auto operator=(const Task&) -> Task& = delete;
    Task(Task&& other) noexcept = default;
    auto operator=(Task&& other) noexcept -> Task& {
        wait();
        m_future = std::move(other.m_future);
        return *this;
    }
    ~Task() { wait(); }
    [[nodiscard]] auto valid() const -> bool { return m_future.valid(); }
    /// The task's result; rethrows its exception.
    auto get() -> T { return m_future.get(); }

private:
    void wait() noexcept {
        if (m_future.valid()) {
            m_future.wait();
        }
    }
    std::future<T> m_future;
};

/**
 * A second thread for searches, with its own database handle and analyzer (neither is
 * thread-safe). run() lends it: the match set is counted (facets, the exact total) while the
 * ranked pass runs, a query that reads positions is matched as two docid halves at once, and
 * the collapsing signatures and the hits of a page are read half by each thread. Results are
 * the same as without it. Long-lived (a batch reuses it): a thread per task would cost more.
 *
 *     search::Helper helper(index::open_for_reading(dir));
 *     options.helper = &helper;  // used while helper.database() is in db's state
 */
class Helper {
public:
    /// db: opened on the same index as the databases searched with this helper; resources:
    /// those of the analyzer the searches use (the helper makes snippets with its own).
    explicit Helper(
        Xapian::Database db,
        std::shared_ptr<const analysis::Resources> resources = analysis::default_resources());
    ~Helper();
    Helper(const Helper&) = delete;
    auto operator=(const Helper&) -> Helper& = delete;

    [[nodiscard]] auto database() const -> const Xapian::Database& { return m_db; }

    /// Runs fn(database, analyzer) on the helper thread; the Task gives its result or its
    /// exception. Tasks run one at a time, in order.
    template <typename Fn>
    auto submit(Fn fn) -> Task<decltype(fn(std::declval<const Xapian::Database&>(),
                                           std::declval<analysis::Analyzer&>()))> {
        using R = decltype(fn(std::declval<const Xapian::Database&>(),
                              std::declval<analysis::Analyzer&>()));
        auto task = std::make_shared<std::packaged_task<R()>>(
            [this, fn = std::move(fn)]() mutable { return fn(m_db, *m_analyzer); });
        Task<R> result(task->get_future());
        push([task] { (*task)(); });
        return result;
    }

private:
    void push(std::function<void()> job);
    void loop();

    Xapian::Database m_db;
    std::unique_ptr<analysis::Analyzer> m_analyzer;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_stop = false;
    std::thread m_thread;
};

/// Result order: BM25 relevance, or by date (undated articles last either way).
enum class Sort { kRelevance, kDateAscending, kDateDescending };

struct Options {
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    std::size_t snippet_chars = 200;
    /// When all words together find nothing, retry with any of them (Results::relaxed).
    bool relax = true;
    /// Synonyms and aliases that expand query words; none when null.
    const SynonymTable* synonyms = nullptr;
    /// Entities: filters, facets and per-hit lists need it; none when null.
    const entity::Catalog* catalog = nullptr;
    std::vector<std::string> companies;  ///< --company: any of them (all with all_companies)
    std::vector<std::string> entities;   ///< --entity: any of them
    bool all_companies = false;
    bool with_products = false;  ///< a company filter also matches its products' mentions
    bool facets = false;         ///< count entities over the whole match set
    Sort sort = Sort::kRelevance;
    /// Fold near-duplicates (rewrites of one story) into the best-ranked one (Hit::similar).
    bool collapse = true;
    bool snippets = true;  ///< build snippets (scripts that want only ids can skip them)
    bool explain = false;  ///< list which words matched which query terms (Hit::explanation)
    /// When a query finds little, suggest a spelling correction (Results::suggestion).
    bool suggest = true;
    /// The database has remote parts (stock xapian-tcpsrv): facets are counted with
    /// count_by_queries() (documents only, mentions 0) instead of the MatchSpy.
    bool remote = false;
    /// Entity counts of every document held in memory (a batch builds one): facets are
    /// counted from it when it fits the searched database, else from each match's value slot.
    const FacetTable* facet_table = nullptr;
    /// Near-duplicate signatures of every document held in memory (a batch builds one for
    /// indexes up to kMaxSignatureTable articles): collapsing reads them from it when it fits
    /// the searched database, instead of fetching ~50 values a query (same groups).
    const SignatureTable* signatures = nullptr;
    /// Every document's length normalisation held in memory (a batch builds one): one-word and
    /// OR queries find their page's candidates from it when it fits the searched database (one
    /// database), and Xapian's matcher ranks only those (same page).
    Ranker* ranker = nullptr;
    /// A second thread with its own handle on the same database state (FacetTable::key
    /// equal; ignored otherwise): see Helper.
    Helper* helper = nullptr;
};

struct Hit {
    Xapian::doccount rank = 0;  ///< 1-based, counted over the whole result list
    std::string id;
    std::string title;
    std::string path;
    std::optional<std::string> date;  ///< YYYY-MM-DD
    std::optional<std::string> source;
    std::optional<std::string> author;
    std::optional<std::string> url;
    double score = 0.0;
    snippet::Snippet snippet;
    std::vector<FacetCount> entities;  ///< entities the article names (mentions = count)
    std::vector<std::string> similar;  ///< ids of near-duplicates folded into this hit
    std::vector<snippet::Explanation> explanation;  ///< with Options::explain
};

struct Results {
    std::string query;
    Xapian::doccount total = 0;
    bool total_exact = true;  ///< false when total is Xapian's estimate (README, "total_exact")
    /// Near-duplicates folded into better-ranked results (counted among the best matches
    /// looked at for collapsing; they are part of total).
    Xapian::doccount collapsed = 0;
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 0;
    bool relaxed = false;  ///< no article had all the words: these have some of them
    std::optional<std::string> suggestion;  ///< "Maksud Anda: ...?": the query respelled
    std::vector<Hit> hits;
    bool has_facets = false;
    std::map<std::string, std::vector<FacetCount>> facets;  ///< by type, whole match set
    std::optional<std::vector<FacetCount>> company_all;     ///< companies as if --company were off
};

/**
 * Runs a query with BM25. An empty query lists documents in index order.
 * Throws QueryError for a syntax error and IndexError for a broken index.
 */
[[nodiscard]] auto run(const Xapian::Database& db,
                       analysis::Analyzer& analyzer,
                       const std::string& query,
                       const Options& options) -> Results;

/**
 * More like this: the articles most similar to the article with an id (excluding it), ranked
 * by its most informative terms. Filters, facets, sorting and paging work as for run().
 * Throws UsageError when no article has the id.
 */
[[nodiscard]] auto similar(const Xapian::Database& db,
                           analysis::Analyzer& analyzer,
                           const std::string& id,
                           const Options& options) -> Results;

}  // namespace telusur::search
