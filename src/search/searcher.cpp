#include "telusur/search/searcher.hpp"

#include <algorithm>
#include <array>
#include <future>
#include <memory>
#include <set>

#include "telusur/entity/terms.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/search/matchset.hpp"
#include "telusur/search/phrases.hpp"
#include "telusur/search/query.hpp"
#include "telusur/search/ranker.hpp"
#include "telusur/search/spelling.hpp"

namespace telusur::search {

namespace {

/// A search never runs longer than this; past it, Xapian returns what it has (estimates).
constexpr double kTimeLimitSeconds = 10.0;
/// Collapsing near-duplicates looks at no more than this many matches beyond the page.
constexpr Xapian::doccount kMaxCollapseWindow = 1000;
/// Without facets, totals are counted exactly up to this many matches (estimated past it).
constexpr Xapian::doccount kExactTotalUpTo = 10000;
/// A suggestion is offered when a query finds fewer articles than this.
constexpr Xapian::doccount kSuggestBelow = 3;
/// `similar` ranks by this many of the article's most informative terms.
constexpr Xapian::termcount kSimilarTerms = 40;
constexpr std::array<const char*, 5> kFacetTypes{"company", "product", "person", "place", "org"};

/// What the parser may ask of this index, the synonym table and the gazetteer.
auto context_for(const Xapian::Database& db, const Options& options) -> QueryContext {
    QueryContext context;
    context.known = [&db](const std::string& t) { return db.term_exists(t); };
    context.expand = [&db](const std::string& prefix, std::size_t limit) {
        std::vector<std::string> out;
        for (auto it = db.allterms_begin(prefix);
             it != db.allterms_end(prefix) && out.size() < limit; ++it) {
            out.push_back(*it);
        }
        return out;
    };
    if (options.synonyms != nullptr) {
        context.synonyms = [table = options.synonyms](const std::string& typed) {
            return table->alternatives(typed);
        };
    }
    // Read per query: an incremental run may have narrowed the sets since the last one.
    auto recorded = db.get_metadata(kPhrasesKey);
    auto common = db.get_metadata(kCommonKey);
    if (!recorded.empty() || !common.empty()) {
        context.marked = [recorded = std::move(recorded),
                          common = std::move(common)](const std::string& marker) {
            return lists_marker(recorded, marker) || common_pair(common, marker);
        };
    }
    if (options.catalog != nullptr) {
        context.entity = [catalog = options.catalog](const std::string& typed) {
            return catalog->resolve(typed);
        };
    }
    return context;
}

/// The id a filter value names; an unknown one is an error with the closest known ids.
auto resolve_filter(const Options& options, const std::string& value, std::string_view type)
    -> std::string {
    if (options.catalog == nullptr) {
        return analysis::Analyzer::normalize(value);
    }
    auto id = options.catalog->resolve(value);
    const auto* entity = id.empty() ? nullptr : options.catalog->gazetteer().find(id);
    if (entity != nullptr && (type.empty() || entity->type == type)) {
        return id;
    }
    std::string what = type.empty() ? "entity" : std::string(type);
    std::string message = "unknown " + what + " '" + value + "'";
    auto close = options.catalog->gazetteer().suggest(analysis::Analyzer::normalize(value), type);
    for (std::size_t i = 0; i < close.size(); ++i) {
        message += (i == 0 ? "; did you mean " : i + 1 == close.size() ? " or " : ", ") + close[i];
    }
    throw UsageError(message + (close.empty() ? "; see 'telusur facets'" : "?"));
}

/// --company and --entity as filter queries (empty when not given).
auto filter_group(const Options& options,
                  const std::vector<std::string>& values,
                  std::string_view type,
                  bool all) -> Xapian::Query {
    std::vector<Xapian::Query> terms;
    for (const auto& value : values) {
        auto id = resolve_filter(options, value, type);
        auto prefix = options.with_products ? entity::kAboutPrefix
                      : type.empty()        ? entity::kEntityPrefix
                                            : entity::type_prefix(type);
        terms.emplace_back(entity::filter_term(prefix, id));
    }
    if (terms.empty()) {
        return {};
    }
    return Xapian::Query(all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, terms.begin(),
                         terms.end());
}

auto filtered(const Xapian::Query& query, const std::vector<Xapian::Query>& filters)
    -> Xapian::Query {
    std::vector<Xapian::Query> present;
    for (const auto& f : filters) {
        if (!f.empty()) {
            present.push_back(f);
        }
    }
    if (present.empty()) {
        return query;
    }
    Xapian::Query all(Xapian::Query::OP_AND, present.begin(), present.end());
    return Xapian::Query(Xapian::Query::OP_FILTER, query, all);
}

/// The in-memory facet table, if there is one for this database state: for a spy that counts
/// only match sets (count_into), also over shards; for one in a matcher pass, over one database.
auto table_for(const Xapian::Database& db, const Options& options, bool match_sets_only = false)
    -> const FacetTable* {
    const auto* table = options.facet_table;
    if (table == nullptr) {
        return nullptr;
    }
    return (match_sets_only ? table->fits_match_sets(db) : table->fits(db)) ? table : nullptr;
}

/// The facet lists of every type a spy has counted.
auto facet_lists_of(const EntityFacetSpy& spy) -> std::map<std::string, std::vector<FacetCount>> {
    std::map<std::string, std::vector<FacetCount>> out;
    for (const auto* type : kFacetTypes) {
        out[type] = spy.top(0, type);
    }
    return out;
}

/// Counts the facets of every document of matches: from the spy's table, else from the mention
/// postings or from the counts value stream, whichever is cheaper (mention_terms_to_count()).
void count_into(EntityFacetSpy& spy, const Xapian::Database& db, const DocSet& matches) {
    const auto n = matches.count();
    if (spy.has_table() && n > matches.last() / 2) {
        // Most of the database matches: the whole database's counts minus the others'.
        spy.add_all(n);
        matches.for_each_absent([&spy](Xapian::docid did) { spy.remove(did); });
    } else if (spy.has_table()) {
        matches.for_each([&spy](Xapian::docid did) { spy.add(did); });
    } else if (auto terms = mention_terms_to_count(db, n)) {
        spy.add_by_postings(db, matches, *terms);
    } else {
        count_values(spy, db, matches);
    }
}

/** Collects the docids of the matches of a matcher pass (one database: over shards a spy sees
 * each shard's own docids). */
class DocidCollector : public Xapian::MatchSpy {
public:
    explicit DocidCollector(Xapian::docid last) : m_set(last) {}
    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        if (const auto did = doc.get_docid(); did <= m_set.last()) {
            m_set.insert(did);
        }
    }
    [[nodiscard]] auto set() const -> const DocSet& { return m_set; }

private:
    DocSet m_set;
};

/// Runs spy over every match of query in a matcher pass without weights (for queries
/// match_set() cannot evaluate); the MSet's bounds give the total. Without a table, on one
/// database, the pass only collects the docids, counted then by count_into() (the mention
/// postings may be the cheaper way).
auto spy_every_match(const Xapian::Database& db, const Xapian::Query& query, EntityFacetSpy& spy)
    -> Xapian::MSet {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_time_limit(kTimeLimitSeconds);
    if (spy.has_table() || db.size() != 1) {
        enquire.add_matchspy(&spy);
        return enquire.get_mset(0, 0, db.get_doccount());
    }
    DocidCollector collector(db.get_lastdocid());
    enquire.add_matchspy(&collector);
    auto mset = enquire.get_mset(0, 0, db.get_doccount());
    count_into(spy, db, collector.set());
    return mset;
}

/// Entity facet counts of one type for a query over the whole match set.
auto count_facets(const Xapian::Database& db,
                  const Xapian::Query& query,
                  const Options& options,
                  std::string_view type) -> std::vector<FacetCount> {
    if (options.remote) {
        return count_by_queries(db, query, options.catalog->gazetteer(), type);
    }
    const auto matches = match_set(db, query);
    EntityFacetSpy spy(&options.catalog->gazetteer(), entity::kCountsSlot,
                       table_for(db, options, matches.has_value()));
    if (matches) {
        count_into(spy, db, *matches);
        return spy.top(0, type);
    }
    (void)spy_every_match(db, query, spy);
    return spy.top(0, type);
}

auto hit_entities(const Xapian::Document& doc, const entity::Catalog* catalog)
    -> std::vector<FacetCount> {
    std::vector<FacetCount> out;
    for (const auto& [id, count] : entity::entity_terms_of(doc)) {
        const auto* e = catalog != nullptr ? catalog->gazetteer().find(id) : nullptr;
        out.push_back({id, e != nullptr ? e->name : id, e != nullptr ? e->type : "", 1, count});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.mentions > b.mentions; });
    return out;
}

/// The id of a document without decoding its stored data: its id value, or in indexes built
/// before that value existed its Q term (which reads the whole term list).
auto id_of(const Xapian::Document& doc) -> std::string {
    if (auto id = doc.get_value(index::kId); !id.empty()) {
        return id;
    }
    auto it = doc.termlist_begin();
    it.skip_to(index::kIdPrefix);
    if (it != doc.termlist_end() && (*it).starts_with(index::kIdPrefix)) {
        return (*it).substr(1);
    }
    return {};
}

/** A ranked match: what the page and the groups need of an MSet entry. */
struct Match {
    Xapian::docid did = 0;
    double weight = 0.0;
};

/// The entries of an MSet, in its order.
auto matches_of(const Xapian::MSet& mset) -> std::vector<Match> {
    std::vector<Match> out;
    out.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back({*it, it.get_weight()});
    }
    return out;
}

/** What a ranked pass found, as plain values. */
struct Ranked {
    explicit Ranked(const Xapian::MSet& mset)
        : matches(matches_of(mset)),
          estimated(mset.get_matches_estimated()),
          exact(mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) {}
    std::vector<Match> matches;
    Xapian::doccount estimated;
    bool exact;
};

/** One shown result: the best-ranked article of a group of near-duplicates. */
struct Group {
    Match best;
    /// The near-duplicates folded into it (their ids are read only for the shown page).
    std::vector<Match> similar;
};

/// The near-duplicate signatures of ranked[first, last) (nullopt: none stored).
auto signatures_of(const Xapian::Database& db,
                   const std::vector<Match>& ranked,
                   std::size_t first,
                   std::size_t last) -> std::vector<std::optional<ingest::MinHash>> {
    std::vector<std::optional<ingest::MinHash>> out;
    out.reserve(last - first);
    for (auto i = first; i < last; ++i) {
        out.push_back(signature_of(db.get_document(ranked[i].did).get_value(index::kMinHash)));
    }
    return out;
}

/// Each match joins the first better-ranked group whose best match it is near (near(best, i),
/// indexes into ranked), else starts its own.
template <typename Near>
auto group_by(const std::vector<Match>& ranked, Near near) -> std::vector<Group> {
    std::vector<Group> groups;
    std::vector<std::size_t> leaders;  ///< the index in ranked of each group's best match
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        std::size_t g = 0;
        while (g < groups.size() && !near(leaders[g], i)) {
            ++g;
        }
        if (g < groups.size()) {
            groups[g].similar.push_back(ranked[i]);
        } else {
            groups.push_back({ranked[i], {}});
            leaders.push_back(i);
        }
    }
    return groups;
}

/// Groups the ranked matches into near-duplicates (each article joins the first better-ranked
/// group it nearly duplicates); without collapsing every article is its own group. With a
/// signature table fitting db, from memory; else, with a helper (its database in db's state),
/// the helper reads the second half of the signatures.
auto group_matches(const Xapian::Database& db,
                   const std::vector<Match>& ranked,
                   bool collapse,
                   const SignatureTable* table,
                   Helper* helper) -> std::vector<Group> {
    if (!collapse) {
        return group_by(ranked, [](std::size_t, std::size_t) { return false; });
    }
    if (table != nullptr) {
        // The entries lie at random places of a large table: ask for all of them at once.
        std::vector<const SignatureTable::Entry*> entries;
        entries.reserve(ranked.size());
        for (const auto& match : ranked) {
            entries.push_back(table->find(match.did));
            if (const auto* e = entries.back(); e != nullptr) {
                const auto* bytes = reinterpret_cast<const char*>(e);
                for (std::size_t at = 0; at < sizeof(*e); at += 64) {
                    __builtin_prefetch(bytes + at);
                }
            }
        }
        // A pair whose sketches agree too little is no pair (ingest::Sketch).
        return group_by(ranked, [&entries](std::size_t a, std::size_t b) {
            return entries[a] != nullptr && entries[b] != nullptr &&
                   ingest::may_be_near_duplicates(entries[a]->sketch, entries[b]->sketch) &&
                   ingest::near_duplicates(entries[a]->signature, entries[b]->signature);
        });
    }
    const auto middle = helper != nullptr ? ranked.size() / 2 : ranked.size();
    Task<std::vector<std::optional<ingest::MinHash>>> second_half;
    if (middle < ranked.size()) {
        second_half = helper->submit([&](const Xapian::Database& other, analysis::Analyzer& /*a*/) {
            return signatures_of(other, ranked, middle, ranked.size());
        });
    }
    auto signatures = signatures_of(db, ranked, 0, middle);
    if (second_half.valid()) {
        const auto rest = second_half.get();
        signatures.insert(signatures.end(), rest.begin(), rest.end());
    }
    return group_by(ranked, [&signatures](std::size_t a, std::size_t b) {
        return signatures[a] && signatures[b] &&
               ingest::near_duplicates(*signatures[a], *signatures[b]);
    });
}

/**
 * The documents first..last of a database, as a filter: a query split in two docid ranges runs
 * in two threads, each on its own database handle (Xapian matches in one thread). Every docid
 * of the range is offered, existing or not: the filtered query only matches existing ones.
 */
class DocidRange : public Xapian::PostingSource {
public:
    DocidRange(Xapian::docid first, Xapian::docid last) : m_first(first), m_last(last) {}

    void init(const Xapian::Database& db) override {
        m_current = 0;
        m_documents = db.get_doccount();
    }
    [[nodiscard]] auto get_termfreq_min() const -> Xapian::doccount override { return 0; }
    [[nodiscard]] auto get_termfreq_est() const -> Xapian::doccount override { return size(); }
    [[nodiscard]] auto get_termfreq_max() const -> Xapian::doccount override { return size(); }
    void next(double /*min_wt*/) override { m_current = m_current == 0 ? m_first : m_current + 1; }
    void skip_to(Xapian::docid did, double /*min_wt*/) override {
        m_current = std::max({m_current, did, m_first});
    }
    [[nodiscard]] auto at_end() const -> bool override { return m_current > m_last; }
    [[nodiscard]] auto get_docid() const -> Xapian::docid override { return m_current; }
    [[nodiscard]] auto clone() const -> DocidRange* override {
        return new DocidRange(m_first, m_last);
    }

private:
    /// At most the range's size, and never more than the documents there are (deletions).
    [[nodiscard]] auto size() const -> Xapian::doccount {
        return std::min<Xapian::doccount>(m_last >= m_first ? m_last - m_first + 1 : 0,
                                          m_documents);
    }
    Xapian::docid m_first;
    Xapian::docid m_last;
    Xapian::docid m_current = 0;
    Xapian::doccount m_documents = 0;
};

/**
 * A sorted list of docids of one database, as a filter: the candidates the Ranker found, for
 * Xapian's matcher to rank.
 */
class DocidList : public Xapian::PostingSource {
public:
    explicit DocidList(std::vector<Xapian::docid> docids) : m_docids(std::move(docids)) {}

    void init(const Xapian::Database& /*db*/) override { m_at = kBefore; }
    [[nodiscard]] auto get_termfreq_min() const -> Xapian::doccount override { return 0; }
    [[nodiscard]] auto get_termfreq_est() const -> Xapian::doccount override { return size(); }
    [[nodiscard]] auto get_termfreq_max() const -> Xapian::doccount override { return size(); }
    void next(double /*min_wt*/) override { m_at = m_at == kBefore ? 0 : m_at + 1; }
    void skip_to(Xapian::docid did, double /*min_wt*/) override {
        // Also as the first move: Xapian may call skip_to before next.
        const auto from =
            m_docids.begin() + static_cast<std::ptrdiff_t>(m_at == kBefore ? 0 : m_at);
        m_at = static_cast<std::size_t>(std::lower_bound(from, m_docids.end(), did) -
                                        m_docids.begin());
    }
    [[nodiscard]] auto at_end() const -> bool override {
        return m_at != kBefore && m_at >= m_docids.size();
    }
    [[nodiscard]] auto get_docid() const -> Xapian::docid override { return m_docids[m_at]; }
    [[nodiscard]] auto clone() const -> DocidList* override { return new DocidList(m_docids); }

private:
    static constexpr std::size_t kBefore = static_cast<std::size_t>(-1);
    [[nodiscard]] auto size() const -> Xapian::doccount {
        return static_cast<Xapian::doccount>(m_docids.size());
    }
    std::vector<Xapian::docid> m_docids;
    std::size_t m_at = kBefore;
};

/// The best page of query from the Ranker's candidates (one database; nullopt: the ranker
/// cannot do it): Xapian's matcher ranks only them, all of them (see ranker.hpp).
auto ranked_by_ranker(const Xapian::Database& db,
                      const Xapian::Query& query,
                      Ranker& ranker,
                      Xapian::doccount first,
                      Xapian::doccount page) -> std::optional<Xapian::MSet> {
    auto candidates = ranker.candidates(db, query, first + page);
    if (!candidates) {
        return std::nullopt;
    }
    const auto size = static_cast<Xapian::doccount>(candidates->size());
    auto* listed = new DocidList(std::move(*candidates));  // owned by the query (release())
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(listed->release())));
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    enquire.set_time_limit(kTimeLimitSeconds);
    return enquire.get_mset(first, page, size);
}

/// The number of documents query matches (an evaluable query of a local database).
auto exact_count(const Xapian::Database& db, const Xapian::Query& query) -> Xapian::doccount {
    if (query.get_type() == Xapian::Query::LEAF_TERM) {
        return db.get_termfreq(*query.get_terms_begin());
    }
    return match_set(db, query)->count();
}

/// query restricted to the docids first..last.
auto in_range(const Xapian::Query& query, Xapian::docid first, Xapian::docid last)
    -> Xapian::Query {
    auto* range = new DocidRange(first, last);  // owned by the query (release())
    return {Xapian::Query::OP_FILTER, query, Xapian::Query(range->release())};
}

/// Merges the ranked entries of two docid ranges as one MSet would order them (weight
/// descending, then docid ascending) and keeps entries first..first+count-1.
auto merge_ranked(const std::vector<Match>& a,
                  const std::vector<Match>& b,
                  std::size_t first,
                  std::size_t count) -> std::vector<Match> {
    std::vector<Match> all(a);
    all.insert(all.end(), b.begin(), b.end());
    std::stable_sort(all.begin(), all.end(), [](const Match& x, const Match& y) {
        return x.weight != y.weight ? x.weight > y.weight : x.did < y.did;
    });
    std::vector<Match> out;
    for (std::size_t i = first; i < all.size() && out.size() < count; ++i) {
        out.push_back(all[i]);
    }
    return out;
}

/// Date order: the YYYYMMDD slot, undated articles last in either direction.
auto date_keymaker(Sort sort) -> std::unique_ptr<Xapian::MultiValueKeyMaker> {
    auto keymaker = std::make_unique<Xapian::MultiValueKeyMaker>();
    bool newest_first = sort == Sort::kDateDescending;
    keymaker->add_value(index::kDate, newest_first, newest_first ? "" : "99999999");
    return keymaker;
}

/** A query ready to run: the ranked part, its filters, and what to highlight. */
struct Prepared {
    Xapian::Query ranked;                   ///< the words (MatchAll when listing)
    Xapian::Query companies;                ///< --company filter (empty: none)
    Xapian::Query entities;                 ///< --entity filter (empty: none)
    std::set<std::string> highlight_terms;  ///< stems and surface words to highlight
    bool list_all = false;                  ///< no words: documents in index order
};

/// Whether matching a query reads positions (a phrase or NEAR anywhere in it). Such queries
/// are matched exhaustively: Xapian 1.4.22 may skip a document that belongs in the top N
/// when a phrase sits inside an OR under a filter (the 100k benchmark index, query
/// `china company:smic`: the top 50 found with check_at_least 0 lacks a document of weight
/// 13.72 and has one of 13.04 instead; exhaustive matching gets it right).
auto reads_positions(const Xapian::Query& query) -> bool {
    const auto type = query.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
        return true;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (reads_positions(query.get_subquery(i))) {
            return true;
        }
    }
    return false;
}

/// The shown result of a group: stored fields, score, snippet, entities, near-duplicates.
auto make_hit(const Xapian::Database& db,
              snippet::TermMatcher& matcher,
              const Group& group,
              Xapian::doccount rank,
              const Prepared& prepared,
              const Options& options) -> Hit {
    auto doc = db.get_document(group.best.did);
    auto stored = index::decode(doc);
    Hit hit;
    hit.rank = rank;
    hit.id = stored.id;
    hit.title = stored.title;
    hit.path = stored.path;
    hit.date = stored.date;
    hit.source = stored.source;
    hit.author = stored.author;
    hit.url = stored.url;
    hit.score = group.best.weight;
    if (options.snippets) {
        hit.snippet = snippet::make_snippet(stored.body, matcher, options.snippet_chars);
    }
    if (options.explain) {
        hit.explanation = snippet::explain(stored.title + "\n\n" + stored.body,
                                           prepared.highlight_terms, matcher.analyzer());
    }
    hit.entities = hit_entities(doc, options.catalog);
    for (const auto& near : group.similar) {
        hit.similar.push_back(id_of(db.get_document(near.did)));
    }
    return hit;
}

/// Runs a prepared query: ranking, facets, collapsing, paging, snippets.
void execute(const Xapian::Database& db,
             analysis::Analyzer& analyzer,
             const Prepared& prepared,
             const Options& options,
             Results& results) {
    auto final_query = filtered(prepared.ranked, {prepared.companies, prepared.entities});
    Xapian::Enquire enquire(db);
    enquire.set_query(final_query);
    enquire.set_time_limit(kTimeLimitSeconds);
    if (prepared.list_all) {
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    } else {
        enquire.set_weighting_scheme(Xapian::BM25Weight());
    }
    std::unique_ptr<Xapian::MultiValueKeyMaker> keymaker;
    if (options.sort != Sort::kRelevance) {
        keymaker = date_keymaker(options.sort);
        enquire.set_sort_by_key_then_relevance(keymaker.get(), false);
    }
    // Facets and exact totals need every match. For a boolean query on a local index the match
    // set is computed from the posting lists (matchset.hpp: ~3x cheaper than a matcher pass);
    // the ranked pass then only has to find the page, and may skip the documents that cannot
    // reach it. Not for queries that read positions (see reads_positions) and other parts
    // match_set() leaves to Xapian (wildcards, date ranges): those count in a matcher pass
    // without weights, or, for date order and listings, in the ranked pass itself.
    const bool positional = reads_positions(final_query);
    const bool ranked_order = !prepared.list_all && options.sort == Sort::kRelevance;
    // A match set can be computed (also for listings and date order, whose facets are then
    // counted from it rather than by a spy in the ranked pass).
    const bool by_set = !positional && !options.remote && evaluable(final_query);
    const bool countable = ranked_order && by_set;
    // Stock xapian-tcpsrv cannot run our MatchSpy: remote parts count facets by queries. A spy
    // that counts only match sets may use the table also over shards.
    std::optional<EntityFacetSpy> spy;
    if (options.facets && options.catalog != nullptr && !options.remote) {
        spy.emplace(&options.catalog->gazetteer(), entity::kCountsSlot,
                    table_for(db, options, by_set));
    }
    std::optional<DocSet> matches;
    std::optional<Xapian::MSet> counted;
    // With a helper, the match set is counted in its thread during the ranked pass (for a
    // one-term query without facets Xapian's total is exact: nothing to count).
    auto* helper = options.remote ? nullptr : options.helper;  // remote: no posting sources
    if (helper != nullptr && FacetTable::key(helper->database()) != FacetTable::key(db)) {
        helper = nullptr;  // not the same state: one thread
    }
    // What the helper counts: the match set, and with facets their lists and the companies
    // without the --company filter, so that the main thread only ranks meanwhile.
    struct Counted {
        DocSet set;
        std::map<std::string, std::vector<FacetCount>> facets;
        std::optional<std::vector<FacetCount>> company_all;
    };
    const bool facet_lists = options.facets && options.catalog != nullptr;
    const auto company_all_query = facet_lists && !prepared.companies.empty()
                                       ? filtered(prepared.ranked, {prepared.entities})
                                       : Xapian::Query();
    Task<Counted> counting;
    std::optional<Counted> helper_counted;
    if (countable && helper != nullptr &&
        (spy || final_query.get_type() != Xapian::Query::LEAF_TERM)) {
        // Its own copies of the queries: Xapian's reference counts are not atomic.
        counting = helper->submit(
            [&options, spy = spy ? &*spy : nullptr,
             query = Xapian::Query::unserialise(final_query.serialise()),
             company_all = company_all_query.empty()
                               ? Xapian::Query()
                               : Xapian::Query::unserialise(company_all_query.serialise())](
                const Xapian::Database& other, analysis::Analyzer& /*analyzer*/) {
                Counted out{*match_set(other, query), {}, std::nullopt};
                if (spy != nullptr) {
                    count_into(*spy, other, out.set);
                    out.facets = facet_lists_of(*spy);
                }
                if (!company_all.empty()) {
                    out.company_all = count_facets(other, company_all, options, "company");
                }
                return out;
            });
    } else if (spy && by_set) {
        matches = match_set(db, final_query);
        count_into(*spy, db, *matches);
    } else if (spy && ranked_order && !positional) {
        counted = spy_every_match(db, final_query, *spy);
    } else if (spy) {
        enquire.add_matchspy(&*spy);
    }
    // Collapsing looks at a window of the best matches, enough for the page and its duplicates.
    Xapian::doccount wanted = options.offset + options.limit;
    Xapian::doccount window =
        options.collapse ? std::min(wanted * 3 + 20, std::max(wanted, kMaxCollapseWindow)) : wanted;
    Xapian::doccount first = options.collapse ? 0 : options.offset;
    // Otherwise the total is exact up to kExactTotalUpTo matches and an estimate ("about N")
    // past it, like Elasticsearch's track_total_hits (no skipping for positional queries).
    const auto check_at_least =
        matches || counted || countable ? 0
        : options.facets || positional
            ? db.get_doccount()
            : std::min<Xapian::doccount>(db.get_doccount(), kExactTotalUpTo);
    const Xapian::doccount page = options.collapse ? window : options.limit;
    std::vector<Match> ranked;
    if (positional && ranked_order && helper != nullptr && db.size() == 1 &&
        db.get_lastdocid() > 1) {
        // Positions are read for every candidate, and such queries are matched exhaustively
        // (reads_positions): the docids are split in two halves, matched in two threads. One
        // database only: over shards, a posting source sees each shard's own docids.
        const auto middle = db.get_lastdocid() / 2;
        std::optional<EntityFacetSpy> other_spy;
        if (spy) {
            other_spy.emplace(&options.catalog->gazetteer(), entity::kCountsSlot,
                              table_for(helper->database(), options));
        }
        auto second_half =
            helper->submit([&, query = Xapian::Query::unserialise(final_query.serialise())](
                               const Xapian::Database& other, analysis::Analyzer& /*analyzer*/) {
                Xapian::Enquire e(other);
                e.set_query(in_range(query, middle + 1, other.get_lastdocid()));
                e.set_weighting_scheme(Xapian::BM25Weight());
                e.set_time_limit(kTimeLimitSeconds);
                if (other_spy) {
                    e.add_matchspy(&*other_spy);
                }
                // Plain values back: an MSet holds the helper's query, whose reference
                // counts (not atomic) the helper changes when it drops its copy.
                return Ranked(e.get_mset(0, first + page, check_at_least));
            });
        enquire.set_query(in_range(final_query, 1, middle));
        const Ranked mine(enquire.get_mset(0, first + page, check_at_least));
        const auto theirs = second_half.get();
        if (spy) {
            spy->merge_results(other_spy->serialise_results());
        }
        ranked = merge_ranked(mine.matches, theirs.matches, first, page);
        results.total = mine.estimated + theirs.estimated;
        results.total_exact = mine.exact && theirs.exact;
    } else {
        // A batch's Ranker finds the candidates of the page from memory (ranker.hpp).
        std::optional<Xapian::MSet> from_ranker;
        if (countable && options.ranker != nullptr && db.size() == 1 && options.ranker->fits(db)) {
            from_ranker = ranked_by_ranker(db, final_query, *options.ranker, first, page);
        }
        const auto mset =
            from_ranker ? *from_ranker : enquire.get_mset(first, page, check_at_least);
        ranked = matches_of(mset);
        if (counting.valid()) {
            helper_counted = counting.get();
            matches = std::move(helper_counted->set);
        }
        if (matches) {
            results.total = matches->count();
            results.total_exact = true;
        } else if (from_ranker) {
            results.total = exact_count(db, final_query);  // the MSet saw only the candidates
            results.total_exact = true;
        } else if (countable && mset.get_matches_lower_bound() != mset.get_matches_upper_bound()) {
            // The matcher skipped documents: count them (a query of one term needs no count).
            results.total = match_set(db, final_query)->count();
            results.total_exact = true;
        } else {
            const auto& all = counted ? *counted : mset;
            results.total = all.get_matches_estimated();
            results.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
        }
    }
    if (facet_lists) {
        results.has_facets = true;
        if (helper_counted && spy) {
            results.facets = std::move(helper_counted->facets);
        } else if (spy) {
            results.facets = facet_lists_of(*spy);
        } else {
            for (const auto* type : kFacetTypes) {
                results.facets[type] = count_facets(db, final_query, options, type);
            }
        }
        if (helper_counted && helper_counted->company_all) {
            results.company_all = std::move(helper_counted->company_all);
        } else if (!company_all_query.empty()) {
            results.company_all = count_facets(db, company_all_query, options, "company");
        }
    }
    const auto* signatures = options.signatures != nullptr && options.signatures->fits(db)
                                 ? options.signatures
                                 : nullptr;
    auto groups = group_matches(db, ranked, options.collapse, signatures, helper);
    for (const auto& g : groups) {
        results.collapsed += static_cast<Xapian::doccount>(g.similar.size());
    }
    std::size_t begin = options.collapse ? std::min<std::size_t>(options.offset, groups.size()) : 0;
    std::size_t end = std::min<std::size_t>(begin + options.limit, groups.size());
    const auto hit_at = [&](const Xapian::Database& d, snippet::TermMatcher& matcher,
                            std::size_t i) {
        return make_hit(d, matcher, groups[i],
                        options.offset + static_cast<Xapian::doccount>(i - begin) + 1, prepared,
                        options);
    };
    // With a helper, it makes the second half of the page.
    const std::size_t middle =
        helper != nullptr && end - begin > 1 ? begin + (end - begin) / 2 : end;
    Task<std::vector<Hit>> second_half;
    if (middle < end) {
        second_half = helper->submit([&](const Xapian::Database& other, analysis::Analyzer& a) {
            snippet::TermMatcher matcher(prepared.highlight_terms, a);
            std::vector<Hit> hits;
            for (auto i = middle; i < end; ++i) {
                hits.push_back(hit_at(other, matcher, i));
            }
            return hits;
        });
    }
    snippet::TermMatcher matcher(prepared.highlight_terms, analyzer);
    for (std::size_t i = begin; i < middle; ++i) {
        results.hits.push_back(hit_at(db, matcher, i));
    }
    if (second_half.valid()) {
        for (auto& hit : second_half.get()) {
            results.hits.push_back(std::move(hit));
        }
    }
}

/// Number of matches of a query (for judging a suggestion), bounded work.
auto count_matches(const Xapian::Database& db, const Xapian::Query& query) -> Xapian::doccount {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_time_limit(1.0);
    return enquire.get_mset(0, 0, 100).get_matches_estimated();
}

auto empty_results(const std::string& query, const Options& options) -> Results {
    Results results;
    results.query = query;
    results.offset = options.offset;
    results.limit = options.limit;
    return results;
}

/// A Prepared with the --company and --entity filters of the options.
auto with_filters(const Options& options) -> Prepared {
    Prepared prepared;
    prepared.companies = filter_group(options, options.companies, "company", options.all_companies);
    prepared.entities = filter_group(options, options.entities, "", false);
    return prepared;
}

/// Runs fn, turning Xapian's errors about the database into IndexError.
template <typename Fn>
auto guarded(Fn&& fn) -> Results {
    try {
        return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
        throw index::IndexChanged("the index changed while searching; run the search again");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexError("index is corrupt (" + e.get_msg() +
                         "); rebuild it with 'telusur index PATH'");
    }
}

}  // namespace

Helper::Helper(Xapian::Database db, std::shared_ptr<const analysis::Resources> resources)
    : m_db(std::move(db)), m_analyzer(std::make_unique<analysis::Analyzer>(std::move(resources))) {
    m_thread = std::thread([this] { loop(); });
}

Helper::~Helper() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void Helper::push(std::function<void()> job) {
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void Helper::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_jobs.empty()) {
                return;  // stopping, nothing left
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();  // a packaged_task: its exceptions go to its future
    }
}

auto run(const Xapian::Database& db,
         analysis::Analyzer& analyzer,
         const std::string& query,
         const Options& options) -> Results {
    auto context = context_for(db, options);
    auto parsed = parse_query(query, analyzer, context);
    auto results = empty_results(query, options);
    auto prepared = with_filters(options);
    return guarded([&]() -> Results {
        auto run_parsed = [&] {
            prepared.ranked = parsed.query;
            prepared.list_all = parsed.empty;
            prepared.highlight_terms = {parsed.positive_terms.begin(), parsed.positive_terms.end()};
            execute(db, analyzer, prepared, options, results);
        };
        run_parsed();
        if (options.relax && parsed.relaxable && results.total == 0 && results.hits.empty() &&
            db.get_doccount() > 0) {
            // Nothing has all the words: any of them, ranked by BM25.
            context.default_or = true;
            parsed = parse_query(query, analyzer, context);
            results = empty_results(query, options);
            results.relaxed = true;
            run_parsed();
        }
        // Little or nothing found: a respelling from the index's own words, if it finds more.
        if (options.suggest && !parsed.empty &&
            (results.total < kSuggestBelow || results.relaxed)) {
            if (auto respelled = suggest_query(db, query)) {
                context.default_or = false;
                auto alternative = parse_query(*respelled, analyzer, context);
                auto found = count_matches(
                    db, filtered(alternative.query, {prepared.companies, prepared.entities}));
                if (found > (results.relaxed ? 0 : results.total)) {
                    results.suggestion = *respelled;
                }
            }
        }
        return results;
    });
}

auto similar(const Xapian::Database& db,
             analysis::Analyzer& analyzer,
             const std::string& id,
             const Options& options) -> Results {
    auto results = empty_results("similar:" + id, options);
    auto prepared = with_filters(options);
    return guarded([&]() -> Results {
        // A long id as it was indexed (ingest::article_id).
        auto self_term = std::string(index::kIdPrefix).append(ingest::article_id(id));
        auto posting = db.postlist_begin(self_term);
        if (posting == db.postlist_end(self_term)) {
            throw UsageError("similar: no article with id '" + id + "'; see 'telusur search'");
        }
        Xapian::RSet rset;
        rset.add_document(*posting);
        // The article's most informative words: stems only (no prefixed or stop-word terms).
        struct Words : Xapian::ExpandDecider {
            explicit Words(analysis::Analyzer& a) : analyzer(a) {}
            auto operator()(const std::string& term) const -> bool override {
                auto c = static_cast<unsigned char>(term.front());
                return term.size() > 2 && !(c >= 'A' && c <= 'Z') &&
                       term.find_first_not_of("0123456789.,") != std::string::npos &&
                       !analyzer.is_stopword(term);
            }
            analysis::Analyzer& analyzer;
        } words(analyzer);
        Xapian::Enquire enquire(db);
        auto eset = enquire.get_eset(kSimilarTerms, rset, &words);
        std::vector<Xapian::Query> terms;
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            terms.emplace_back(*it);
            prepared.highlight_terms.insert(*it);
        }
        prepared.ranked =
            Xapian::Query(Xapian::Query::OP_AND_NOT,
                          Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                          Xapian::Query(self_term));
        execute(db, analyzer, prepared, options, results);
        return results;
    });
}

}  // namespace telusur::search
