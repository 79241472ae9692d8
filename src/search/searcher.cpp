#include "telusur/search/searcher.hpp"

#include <set>

#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/search/query.hpp"

namespace telusur::search {

namespace {

/// What the parser may ask of this index and of the synonym table.
auto context_for(const Xapian::Database& db, const Options& options) -> QueryContext {
    QueryContext context;
    context.known = [&db](const std::string& t) { return db.term_exists(t); };
    context.expand = [&db](const std::string& prefix, std::size_t limit) {
        std::vector<std::string> out;
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && out.size() < limit;
             ++it) {
            out.push_back(*it);
        }
        return out;
    };
    if (options.synonyms != nullptr) {
        context.synonyms = [table = options.synonyms](const std::string& typed) {
            return table->alternatives(typed);
        };
    }
    return context;
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
    if (options.relax && parsed.relaxable && db.get_doccount() > 0) {
        Xapian::Enquire probe(db);
        probe.set_query(parsed.query);
        if (probe.get_mset(0, 1).empty()) {
            context.default_or = true;
            parsed = parse_query(query, analyzer, context);
            results.relaxed = true;
        }
    }
    try {
        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query);
        if (parsed.empty) {
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
        } else {
            enquire.set_weighting_scheme(Xapian::BM25Weight());
        }
        // Ask for exact totals: cheap at the sizes a single machine holds.
        auto mset = enquire.get_mset(options.offset, options.limit, db.get_doccount());
        results.total = mset.get_matches_estimated();
        std::set<std::string> terms(parsed.positive_terms.begin(), parsed.positive_terms.end());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            auto stored = index::decode(it.get_document().get_data());
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
            results.hits.push_back(std::move(hit));
        }
    } catch (const Xapian::DatabaseModifiedError&) {
        throw IndexError("the index changed while searching; run the search again");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexError("index is corrupt (" + e.get_msg() +
                         "); rebuild it with 'telusur index PATH'");
    }
    return results;
}

}  // namespace telusur::search
