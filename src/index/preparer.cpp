#include "telusur/index/preparer.hpp"

#include <utility>

namespace telusur::index {

Preparer::Preparer(const Writer& writer, unsigned threads, std::size_t window)
    : m_writer(writer), m_window(window != 0 ? window : 4 * std::size_t{threads}) {
    if (threads == 0) {
        m_inline = true;
        return;
    }
    m_threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        m_threads.emplace_back([this] { run(); });
    }
}

Preparer::~Preparer() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();  // not started: their futures report a broken promise, unread
    }
    m_wake.notify_all();
    for (auto& t : m_threads) {
        t.join();
    }
}

void Preparer::push(ingest::Article article, std::string file_hash, std::string file) {
    Job job([this, article = std::move(article), file_hash = std::move(file_hash),
             file = std::move(file)](std::unique_ptr<analysis::Analyzer>& analyzer) mutable {
        if (!analyzer) {
            analyzer = std::make_unique<analysis::Analyzer>();  // in the thread that uses it
        }
        auto prepared = m_writer.prepare(article, *analyzer, file_hash, file);
        return PreparedArticle{std::move(article), std::move(prepared)};
    });
    m_results.push_back(job.get_future());
    if (m_inline) {
        job(m_analyzer);
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

auto Preparer::pop() -> PreparedArticle {
    auto result = std::move(m_results.front());
    m_results.pop_front();
    return result.get();
}

void Preparer::run() {
    std::unique_ptr<analysis::Analyzer> analyzer;  // one per thread: it is not thread-safe
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop) {
                return;
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job(analyzer);  // what it throws goes to its future
    }
}

}  // namespace telusur::index
