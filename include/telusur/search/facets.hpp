#pragma once
// Entity facets: for each entity, how many matching documents mention it, over the whole match set
// (not the page). Two ways to count:
// - EntityFacetSpy, a Xapian::MatchSpy reading the counts value slot of every match: one pass,
//   also totals the mentions. Local databases and local shards (Database::add_database). Across
//   remote shards it serialises and merges its results, but a remote server must know the class
//   (Registry::register_match_spy in the server): the stock `xapian-tcpsrv` does not, so
//   against stock remote servers use count_by_queries().
// - count_by_queries(): one counting query per entity (the query filtered by its XE term). Only
//   stock Xapian features, so it works on any backend including stock `xapian-tcpsrv`; it gives
//   document counts only, and costs one match per entity of the type.

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/entity/gazetteer.hpp"
#include "telusur/entity/terms.hpp"

namespace telusur::search {

/** One facet value. */
struct FacetCount {
    std::string id;
    std::string name;                ///< display name (the id if the gazetteer does not know it)
    std::string type;                ///< "" if the gazetteer does not know it
    Xapian::doccount documents = 0;  ///< matching documents that mention it
    Xapian::termcount mentions = 0;  ///< its mentions summed over those documents

    auto operator==(const FacetCount&) const -> bool = default;
};

/**
 * Counts entity mentions over every match. Pass check_at_least = db.get_doccount() to
 * Enquire::get_mset, or the counts cover only the documents the matcher looked at.
 *
 *     EntityFacetSpy spy(&gazetteer);
 *     enquire.add_matchspy(&spy);
 *     auto mset = enquire.get_mset(0, 10, db.get_doccount());
 *     auto companies = spy.top(0, "company");
 */
class EntityFacetSpy : public Xapian::MatchSpy {
public:
    struct Counts {
        Xapian::doccount documents = 0;
        Xapian::termcount mentions = 0;
    };

    /// gazetteer (may be null, must outlive the spy) gives names and types for top().
    explicit EntityFacetSpy(const entity::Gazetteer* gazetteer = nullptr,
                            Xapian::valueno slot = entity::kCountsSlot)
        : m_gazetteer(gazetteer), m_slot(slot) {}

    void operator()(const Xapian::Document& doc, double weight) override;

    [[nodiscard]] auto clone() const -> Xapian::MatchSpy* override;
    [[nodiscard]] auto name() const -> std::string override;
    [[nodiscard]] auto serialise() const -> std::string override;
    [[nodiscard]] auto unserialise(const std::string& serialised,
                                   const Xapian::Registry& context) const
        -> Xapian::MatchSpy* override;
    [[nodiscard]] auto serialise_results() const -> std::string override;
    void merge_results(const std::string& serialised) override;
    [[nodiscard]] auto get_description() const -> std::string override;

    /// Gives names and types to a spy made by unserialise().
    void set_gazetteer(const entity::Gazetteer* gazetteer) { m_gazetteer = gazetteer; }

    /// Matching documents seen.
    [[nodiscard]] auto documents_seen() const -> Xapian::doccount { return m_seen; }
    /// Raw counts per entity id.
    [[nodiscard]] auto counts() const -> const std::map<std::string, Counts, std::less<>>& {
        return m_counts;
    }

    /// The n most frequent entities (all if n is 0), of one type if given (then entities the
    /// gazetteer does not know are left out), by documents descending, then name, then id.
    [[nodiscard]] auto top(std::size_t n, std::string_view type = "") const
        -> std::vector<FacetCount>;

private:
    const entity::Gazetteer* m_gazetteer;
    Xapian::valueno m_slot;
    Xapian::doccount m_seen = 0;
    std::map<std::string, Counts, std::less<>> m_counts;
};

/// Facet counts (documents only; mentions stay 0) of the entities of one type (all if "") over
/// the matches of query, by one counting query per entity: works on every backend, including
/// stock remote servers. Sorted like EntityFacetSpy::top(); entities with no match left out.
[[nodiscard]] auto count_by_queries(const Xapian::Database& db,
                                    const Xapian::Query& query,
                                    const entity::Gazetteer& gazetteer,
                                    std::string_view type = "") -> std::vector<FacetCount>;

/// Sorts facet counts by documents descending, then name, then id (the order).
void sort_facets(std::vector<FacetCount>& facets);

}  // namespace telusur::search
