#include "telusur/search/searcher.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "telusur/entity/terms.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/search/query.hpp"

namespace telusur::search {

namespace {

/// A search never runs longer than this; past it, Xapian returns what it has (estimates).
constexpr double kTimeLimitSeconds = 10.0;
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

/// Entity facet counts of one type for a query over the whole match set.
auto count_facets(const Xapian::Database& db,
                  const Xapian::Query& query,
                  const Options& options,
                  std::string_view type) -> std::vector<FacetCount> {
    if (options.remote) {
        return count_by_queries(db, query, options.catalog->gazetteer(), type);
    }
    EntityFacetSpy spy(&options.catalog->gazetteer());
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    enquire.set_time_limit(kTimeLimitSeconds);
    (void)enquire.get_mset(0, 0, db.get_doccount());
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

}  // namespace

auto run(const Xapian::Database& db,
         analysis::Analyzer& analyzer,
         const std::string& query,
         const Options& options) -> Results {
    auto context = context_for(db, options);
    auto parsed = parse_query(query, analyzer, context);
    Results results;
    results.query = query;
    results.offset = options.offset;
    results.limit = options.limit;
    auto companies = filter_group(options, options.companies, "company", options.all_companies);
    auto entities = filter_group(options, options.entities, "", false);
    try {
        auto final_query = filtered(parsed.query, {companies, entities});
        if (options.relax && parsed.relaxable && db.get_doccount() > 0) {
            Xapian::Enquire probe(db);
            probe.set_query(final_query);
            if (probe.get_mset(0, 1).empty()) {
                context.default_or = true;
                parsed = parse_query(query, analyzer, context);
                final_query = filtered(parsed.query, {companies, entities});
                results.relaxed = true;
            }
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(final_query);
        enquire.set_time_limit(kTimeLimitSeconds);
        if (parsed.empty) {
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
        } else {
            enquire.set_weighting_scheme(Xapian::BM25Weight());
        }
        std::optional<EntityFacetSpy> spy;
        if (options.facets && options.catalog != nullptr && !options.remote) {
            spy.emplace(&options.catalog->gazetteer());
            enquire.add_matchspy(&*spy);
        }
        // Ask for exact totals: cheap at the sizes a single machine holds.
        auto mset = enquire.get_mset(options.offset, options.limit, db.get_doccount());
        results.total = mset.get_matches_estimated();
        if (options.facets && options.catalog != nullptr) {
            results.has_facets = true;
            for (const auto* type : kFacetTypes) {
                results.facets[type] = spy ? spy->top(0, type)
                                           : count_facets(db, final_query, options, type);
            }
            if (!companies.empty()) {
                results.company_all =
                    count_facets(db, filtered(parsed.query, {entities}), options, "company");
            }
        }
        std::set<std::string> terms(parsed.positive_terms.begin(), parsed.positive_terms.end());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            auto doc = it.get_document();
            auto stored = index::decode(doc.get_data());
            Hit hit;
            hit.rank = options.offset +
                       static_cast<Xapian::doccount>(it.get_rank() - mset.get_firstitem()) + 1;
            hit.id = stored.id;
            hit.title = stored.title;
            hit.path = stored.path;
            hit.date = stored.date;
            hit.source = stored.source;
            hit.author = stored.author;
            hit.url = stored.url;
            hit.score = it.get_weight();
            hit.snippet =
                snippet::make_snippet(stored.body, terms, analyzer, options.snippet_chars);
            hit.entities = hit_entities(doc, options.catalog);
            results.hits.push_back(std::move(hit));
        }
    } catch (const Xapian::DatabaseModifiedError&) {
        throw index::IndexChanged("the index changed while searching; run the search again");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexError("index is corrupt (" + e.get_msg() +
                         "); rebuild it with 'telusur index PATH'");
    }
    return results;
}

}  // namespace telusur::search
