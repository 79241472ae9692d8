#include "telusur/search/ranker.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "telusur/search/facets.hpp"

namespace telusur::search {

namespace {

// Xapian::BM25Weight's default parameters (what the searcher ranks with).
constexpr double kK1 = 1.0;
constexpr double kK3 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormLength = 0.5;
/// How close to the last wanted score a document must come to be a candidate too.
constexpr double kTieMargin = 1e-9;

/// A term of query frequency 1, with or without a position (what our parser builds). Xapian 1.4
/// has no accessor for a leaf's wqf; its description is "Query(<term>[#<wqf>][@<pos>])".
auto plain_term(const Xapian::Query& leaf) -> bool {
    const auto description = leaf.get_description();
    const auto& term = *leaf.get_terms_begin();
    const std::string_view open = "Query(";
    if (!description.starts_with(open) || !description.ends_with(')') ||
        description.compare(open.size(), term.size(), term) != 0) {
        return false;
    }
    const auto rest = std::string_view(description).substr(open.size() + term.size());
    if (rest == ")") {
        return true;
    }
    return rest.size() > 2 && rest.front() == '@' &&
           rest.find_first_not_of("0123456789", 1) == rest.size() - 1;
}

auto plain_terms(const Xapian::Query& query) -> bool {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return plain_term(query);
        case Xapian::Query::OP_OR:
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                const auto& part = query.get_subquery(i);
                if (part.get_type() != Xapian::Query::LEAF_TERM || !plain_term(part)) {
                    return false;
                }
            }
            return true;
        default:
            return false;
    }
}

/** Adds a query's BM25 scores into an array, term by term (see add()). */
class Scorer {
public:
    Scorer(const Xapian::Database& db,
           const std::vector<double>& norm,
           std::vector<double>& score,
           std::vector<Xapian::docid>& touched)
        : m_db(db),
          m_norm(norm),
          m_score(score),
          m_touched(touched),
          m_documents(db.get_doccount()) {}

    /// Adds the weight query (plain_terms()) gives each document: each term's BM25 weight
    /// where it occurs, added up (as Xapian's OR does).
    void add(const Xapian::Query& query) {
        if (query.get_type() == Xapian::Query::LEAF_TERM) {
            add_term(*query.get_terms_begin());
            return;
        }
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            add_term(*query.get_subquery(i).get_terms_begin());
        }
    }

private:
    /// Xapian::BM25Weight::init's term weight (no relevance set).
    [[nodiscard]] auto term_weight(Xapian::doccount termfreq) const -> double {
        double tw = (m_documents - termfreq + 0.5) / (termfreq + 0.5);
        if (tw < 2) {
            tw = tw * 0.5 + 1;  // Xapian's floor for terms in more than a third of the documents
        }
        double weight = std::log(tw);
        const double wqf = 1;  // plain_term()
        weight *= (kK3 + 1) * wqf / (kK3 + wqf);
        return weight * (kK1 + 1);
    }

    void add_posting(Xapian::docid did, Xapian::termcount wdf, double weight) {
        const double wdf_double = wdf;
        const double part = weight * (wdf_double / (m_norm[did] + wdf_double));
        auto& score = m_score[did];
        if (score == 0 && part > 0) {
            m_touched.push_back(did);
        }
        score += part;
    }

    void add_term(const std::string& term) {
        const auto termfreq = m_db.get_termfreq(term);
        if (termfreq == 0) {
            return;
        }
        const double weight = term_weight(termfreq);
        for (auto it = m_db.postlist_begin(term), end = m_db.postlist_end(term); it != end; ++it) {
            add_posting(*it, it.get_wdf(), weight);
        }
    }

    const Xapian::Database& m_db;
    const std::vector<double>& m_norm;
    std::vector<double>& m_score;
    std::vector<Xapian::docid>& m_touched;
    Xapian::doccount m_documents;
};

}  // namespace

auto rankable(const Xapian::Query& query) -> bool {
    return plain_terms(query);
}

Ranker::Ranker(const Xapian::Database& db) : m_key(FacetTable::key(db)) {
    const double average = db.get_avlength();
    const double length_factor = average != 0 ? 1 / average : 0;
    m_norm.resize(static_cast<std::size_t>(db.get_lastdocid()) + 1);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        // BM25Weight::get_sumpart's denominator without the wdf.
        const double length = it.get_doclength();
        const double normlen = std::max(length * length_factor, kMinNormLength);
        m_norm[*it] = kK1 * (normlen * kB + (1 - kB));
    }
    m_score.resize(m_norm.size());
}

auto Ranker::fits(const Xapian::Database& db) const -> bool {
    return FacetTable::key(db) == m_key;
}

auto Ranker::score(const Xapian::Database& db, const Xapian::Query& query) -> bool {
    if (!rankable(query) || db.get_lastdocid() + std::size_t{1} > m_score.size()) {
        return false;
    }
    Scorer(db, m_norm, m_score, m_touched).add(query);
    return true;
}

void Ranker::reset() {
    for (auto did : m_touched) {
        m_score[did] = 0;
    }
    m_touched.clear();
}

auto Ranker::scores(const Xapian::Database& db, const Xapian::Query& query)
    -> std::optional<std::vector<std::pair<Xapian::docid, double>>> {
    if (!score(db, query)) {
        return std::nullopt;
    }
    std::vector<std::pair<Xapian::docid, double>> out;
    out.reserve(m_touched.size());
    for (auto did : m_touched) {
        out.emplace_back(did, m_score[did]);
    }
    reset();
    std::sort(out.begin(), out.end());
    return out;
}

auto Ranker::candidates(const Xapian::Database& db,
                        const Xapian::Query& query,
                        Xapian::doccount wanted) -> std::optional<std::vector<Xapian::docid>> {
    if (wanted == 0 || !score(db, query)) {
        return std::nullopt;
    }
    if (m_touched.size() < wanted) {
        // Fewer scored documents than wanted: the page would go on with unscored matches in
        // docid order, which the matcher orders (and such small queries are cheap for it).
        reset();
        return std::nullopt;
    }
    // The wanted best in one pass (a heap whose top is the worst of them), then every document
    // within kTieMargin of that worst one: two sequential reads of the scores.
    auto better = [this](Xapian::docid a, Xapian::docid b) {
        return m_score[a] != m_score[b] ? m_score[a] > m_score[b] : a < b;
    };
    std::vector<Xapian::docid> best(m_touched.begin(), m_touched.begin() + wanted);
    std::make_heap(best.begin(), best.end(), better);
    for (auto it = m_touched.begin() + wanted; it != m_touched.end(); ++it) {
        if (better(*it, best.front())) {
            std::pop_heap(best.begin(), best.end(), better);
            best.back() = *it;
            std::push_heap(best.begin(), best.end(), better);
        }
    }
    const double threshold = m_score[best.front()] * (1 - kTieMargin);
    std::vector<Xapian::docid> out;
    out.reserve(wanted);
    for (auto did : m_touched) {
        if (m_score[did] >= threshold) {
            out.push_back(did);
        }
    }
    reset();
    if (out.size() > wanted + kMaxTies) {
        return std::nullopt;
    }
    std::sort(out.begin(), out.end());
    ++m_answered;
    return out;
}

}  // namespace telusur::search
