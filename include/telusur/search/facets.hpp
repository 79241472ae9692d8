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

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/entity/gazetteer.hpp"
#include "telusur/entity/terms.hpp"
#include "telusur/search/matchset.hpp"

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

/** How many documents name an entity, and its mentions summed over them. */
struct EntityCounts {
    Xapian::doccount documents = 0;
    Xapian::termcount mentions = 0;
};

/**
 * The entity counts of every document of a database, read once from the counts slot into flat
 * arrays indexed by docid: a long-running reader (`search --batch`, a server) counts facets from
 * memory, instead of fetching and parsing a value per match (the way Lucene keeps doc values).
 * Built in one pass over the slot's value stream; about 8 bytes per mention plus 4 per document.
 * Valid only for the database state it was read from: fits() tells.
 */
class FacetTable {
public:
    /// 4 bytes: a match's entries are read at random places in the table, and the spy's time
    /// goes in cache misses (at 100k articles, 8 bytes an entry: 17 % of a one-word search).
    struct Entry {
        std::uint16_t entity;  ///< index into ids()
        std::uint16_t mentions;
    };

    explicit FacetTable(const Xapian::Database& db, Xapian::valueno slot = entity::kCountsSlot);

    /// The counts of document did (empty if it has none or is past the end).
    [[nodiscard]] auto entries(Xapian::docid did) const -> std::span<const Entry> {
        if (did + 1 >= m_offsets.size()) {
            return {};
        }
        return {m_entries.data() + m_offsets[did], m_entries.data() + m_offsets[did + 1]};
    }
    /// Entity ids, numbered as in Entry::entity.
    [[nodiscard]] auto ids() const -> const std::vector<std::string>& { return m_ids; }
    /// Per entity number: documents naming it and mentions, over the whole database.
    [[nodiscard]] auto totals() const -> const std::vector<EntityCounts>& { return m_totals; }
    /// Whether a match spy in a matcher pass over db may count from the table: db is in the
    /// state the table was read from (same database, same revision). Never for several
    /// sub-databases (shards): a match spy sees a shard's own docids there, which cannot be
    /// mapped back to the combined ones.
    [[nodiscard]] auto fits(const Xapian::Database& db) const -> bool {
        return db.size() == 1 && fits_match_sets(db);
    }
    /// Whether the members of a match set of db (matchset.hpp: combined docids, as the table's,
    /// which reads the value stream of all of db) may be counted from the table: db is in the
    /// state the table was read from, with any number of sub-databases.
    [[nodiscard]] auto fits_match_sets(const Xapian::Database& db) const -> bool {
        return !m_too_large && key(db) == m_key;
    }

    /// What identifies a database state: uuids, and the revision, document count and last docid.
    [[nodiscard]] static auto key(const Xapian::Database& db) -> std::string;

private:
    std::vector<std::uint32_t> m_offsets;  ///< entries of docid d: [m_offsets[d], m_offsets[d+1])
    std::vector<Entry> m_entries;
    std::vector<std::string> m_ids;
    std::vector<EntityCounts> m_totals;
    std::string m_key;
    /// More than 65,536 distinct entities, or a document naming one more than 65,535 times:
    /// the table is left empty and never fits (the spy then reads values, exactly).
    bool m_too_large = false;
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
    using Counts = EntityCounts;

    /// gazetteer (may be null, must outlive the spy) gives names and types for top().
    /// With a table (must fit the searched database and outlive the spy) the spy counts from it
    /// by docid; without, it reads the counts slot of each match.
    explicit EntityFacetSpy(const entity::Gazetteer* gazetteer = nullptr,
                            Xapian::valueno slot = entity::kCountsSlot,
                            const FacetTable* table = nullptr)
        : m_gazetteer(gazetteer),
          m_slot(slot),
          m_table(table),
          m_by_entity(table != nullptr ? table->ids().size() : 0) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    /// Counts one match from its counts value (what operator() reads from the document), for a
    /// caller that reads the values itself: a value stream walked in docid order costs far less
    /// than a lookup per document (count_values()).
    void add_value(std::string_view counts);
    /// Counts document did of the table's database as a match (a match set computed without
    /// the matcher, see matchset.hpp). Only for a spy made with a table.
    void add(Xapian::docid did) {
        ++m_seen;
        for (const auto& e : m_table->entries(did)) {
            auto& c = m_by_entity[e.entity];
            ++c.documents;
            c.mentions += e.mentions;
        }
    }
    /// Counts every document of the table's database as a match, except those then taken back
    /// with remove(): for a match set of most of the database, cheaper than add() for each
    /// (`china` matches 94 % of the benchmark's articles). seen: the number of matches.
    void add_all(Xapian::doccount seen) {
        m_seen += seen;
        const auto& totals = m_table->totals();
        for (std::size_t i = 0; i < totals.size(); ++i) {
            m_by_entity[i].documents += totals[i].documents;
            m_by_entity[i].mentions += totals[i].mentions;
        }
    }
    /// Takes document did back out after add_all() (it is not a match).
    void remove(Xapian::docid did) {
        for (const auto& e : m_table->entries(did)) {
            auto& c = m_by_entity[e.entity];
            --c.documents;
            c.mentions -= e.mentions;
        }
    }
    /// Counts every member of matches (a match set of db) from the postings of db's mention
    /// terms (`XM<id>`, wdf = mentions: the same counts as the values, see
    /// mention_terms_to_count()) instead of each member's counts value.
    void add_by_postings(const Xapian::Database& db,
                         const DocSet& matches,
                         const std::vector<std::string>& mention_terms);
    /// Whether the spy counts from a table (then add(), add_all() and remove() may be used).
    [[nodiscard]] auto has_table() const -> bool { return m_table != nullptr; }

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

    /// The value slot of the counts it reads.
    [[nodiscard]] auto slot() const -> Xapian::valueno { return m_slot; }
    /// Matching documents seen.
    [[nodiscard]] auto documents_seen() const -> Xapian::doccount { return m_seen; }
    /// Raw counts per entity id.
    [[nodiscard]] auto counts() const -> const std::map<std::string, Counts, std::less<>>& {
        fold();
        return m_counts;
    }

    /// The n most frequent entities (all if n is 0), of one type if given (then entities the
    /// gazetteer does not know are left out), by documents descending, then name, then id.
    [[nodiscard]] auto top(std::size_t n, std::string_view type = "") const
        -> std::vector<FacetCount>;

private:
    const entity::Gazetteer* m_gazetteer;
    Xapian::valueno m_slot;
    /// Moves the counts gathered through the table into m_counts.
    void fold() const;

    const FacetTable* m_table;
    Xapian::doccount m_seen = 0;
    mutable std::map<std::string, Counts, std::less<>> m_counts;
    mutable std::vector<Counts> m_by_entity;  ///< with a table: counts by its entity number
};

/// Counts the members of matches (a match set of db) from their counts values, read by walking
/// the slot's value stream in docid order (the way Xapian's matcher feeds a match spy), not by a
/// document lookup each.
void count_values(EntityFacetSpy& spy, const Xapian::Database& db, const DocSet& matches);

/// db's mention terms (`XM<id>`), if counting the facets of `matches` members from their
/// postings (EntityFacetSpy::add_by_postings(): one pass over every mention posting of db) costs
/// less than reading their counts values (count_values()): the sum of the terms' frequencies
/// against matches times kValueCostInPostings. nullopt if not, and for an index without mention
/// terms (written before they existed: only the values hold its counts).
[[nodiscard]] auto mention_terms_to_count(const Xapian::Database& db, Xapian::doccount matches)
    -> std::optional<std::vector<std::string>>;

/// What reading and parsing a counts value from the value stream costs, in mention postings
/// walked: about 0.65 us against 25 ns, at 100k and at 1M articles (README "Entities, filters
/// and facets").
inline constexpr Xapian::doccount kValueCostInPostings = 25;

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
