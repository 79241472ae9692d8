// Fuzzes the query parser: text -> search::parse_query -> Xapian::Query::get_description(), with
// the real synonyms and entity resolver and a small fake vocabulary for joins and wildcards.
// A syntax error (telusur::QueryError) is the expected answer to most inputs; any other exception
// escapes and is reported as a crash.

#include "fuzz_common.hpp"
#include "telusur/data.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/error.hpp"
#include "telusur/search/query.hpp"
#include "telusur/search/synonyms.hpp"

using namespace telusur;

namespace {

auto make_context() -> search::QueryContext {
    static const auto catalog = entity::default_catalog();
    static const auto synonyms = [] {
        search::SynonymTable table;
        table.load(data_path("synonyms-id.txt").string());
        search::add_entity_aliases(table, catalog->gazetteer());
        return table;
    }();
    search::QueryContext context;
    context.known = [](const std::string& term) { return term.size() % 3 == 0; };
    context.expand = [](const std::string& prefix, std::size_t limit) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < std::min<std::size_t>(limit, 5); ++i) {
            out.push_back(prefix + std::to_string(i));
        }
        return out;
    };
    context.entity = [](const std::string& text) { return catalog->resolve(text); };
    context.synonyms = [](const std::string& typed) { return synonyms.alternatives(typed); };
    return context;
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    static analysis::Analyzer analyzer;
    static const auto context = make_context();
    static const auto relaxed = [] {
        auto c = make_context();
        c.default_or = true;
        return c;
    }();
    auto text = fuzz::view(data, size);
    for (const auto* ctx : {&context, &relaxed}) {
        try {
            auto parsed = search::parse_query(text, analyzer, *ctx);
            (void)parsed.query.get_description();
            for (const auto& term : parsed.positive_terms) {
                fuzz::check(!term.empty(), "highlight terms are not empty");
            }
        } catch (const QueryError& e) {
            fuzz::check(e.position() >= 1, "error column is 1-based");
        } catch (const Error&) {
            // other library errors (e.g. limits) are answers, not crashes
        }
    }
    return 0;
}
