#include "telusur/search/facets.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <unordered_map>

#include "telusur/analysis/stemmer.hpp"
#include "telusur/error.hpp"

namespace telusur::search {

namespace {

/// Reads a decimal number ending at a space or newline; advances pos past the delimiter.
template <typename T>
auto read_number(std::string_view s, std::size_t& pos) -> T {
    T value{};
    const auto* first = s.data() + pos;
    const auto* last = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr == last || (*ptr != ' ' && *ptr != '\n')) {
        throw Xapian::SerialisationError("bad EntityFacetSpy results");
    }
    pos = static_cast<std::size_t>(ptr - s.data()) + 1;
    return value;
}

}  // namespace

FacetTable::FacetTable(const Xapian::Database& db, Xapian::valueno slot) : m_key(key(db)) {
    std::unordered_map<std::string, std::uint32_t, analysis::StringHash, std::equal_to<>> numbers;
    m_offsets.assign(static_cast<std::size_t>(db.get_lastdocid()) + 2, 0);
    Xapian::docid filled = 0;  // m_offsets[0..filled] are set
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const auto did = it.get_docid();
        if (did + 1 >= m_offsets.size()) {
            break;  // a document added after get_lastdocid(): fits() will say no
        }
        for (; filled < did; ++filled) {
            m_offsets[filled + 1] = static_cast<std::uint32_t>(m_entries.size());
        }
        entity::for_each_count(*it, [&](std::string_view id, unsigned n) {
            auto found = numbers.find(id);
            if (found == numbers.end()) {
                found = numbers.emplace(std::string(id), static_cast<std::uint32_t>(m_ids.size()))
                            .first;
                m_ids.emplace_back(id);
            }
            if (found->second > std::numeric_limits<std::uint16_t>::max() ||
                n > std::numeric_limits<std::uint16_t>::max()) {
                m_too_large = true;
                return;
            }
            m_entries.push_back(
                {static_cast<std::uint16_t>(found->second), static_cast<std::uint16_t>(n)});
        });
        if (m_too_large) {
            m_offsets.clear();
            m_entries.clear();
            m_ids.clear();
            return;
        }
    }
    for (; filled + 1 < m_offsets.size(); ++filled) {
        m_offsets[filled + 1] = static_cast<std::uint32_t>(m_entries.size());
    }
    m_totals.resize(m_ids.size());
    for (const auto& e : m_entries) {
        ++m_totals[e.entity].documents;
        m_totals[e.entity].mentions += e.mentions;
    }
}

auto FacetTable::key(const Xapian::Database& db) -> std::string {
    std::string out = db.get_uuid();
    try {
        out.append(" r").append(std::to_string(db.get_revision()));
    } catch (const Xapian::Error&) {
        // Several sub-databases (shards) or a remote one: no single revision. Sharded
        // generations are rebuilt, not updated in place, so their uuids change instead.
    }
    return out.append(" n")
        .append(std::to_string(db.get_doccount()))
        .append(" l")
        .append(std::to_string(db.get_lastdocid()));
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
    if (m_table != nullptr) {
        add(doc.get_docid());
        return;
    }
    add_value(doc.get_value(m_slot));
}

void EntityFacetSpy::add_value(std::string_view counts) {
    ++m_seen;
    // Called for every match: no allocation unless an entity is seen for the first time.
    entity::for_each_count(counts, [this](std::string_view id, unsigned n) {
        auto it = m_counts.find(id);
        if (it == m_counts.end()) {
            it = m_counts.emplace(std::string(id), Counts{}).first;
        }
        ++it->second.documents;
        it->second.mentions += n;
    });
}

void EntityFacetSpy::add_by_postings(const Xapian::Database& db,
                                     const DocSet& matches,
                                     const std::vector<std::string>& mention_terms) {
    m_seen += matches.count();
    const auto prefix = std::char_traits<char>::length(entity::kMentionPrefix);
    for (const auto& term : mention_terms) {
        Counts c;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            if (matches.contains(*it)) {
                ++c.documents;
                c.mentions += it.get_wdf();
            }
        }
        if (c.documents > 0) {
            auto& mine = m_counts[term.substr(prefix)];
            mine.documents += c.documents;
            mine.mentions += c.mentions;
        }
    }
}

void count_values(EntityFacetSpy& spy, const Xapian::Database& db, const DocSet& matches) {
    auto values = db.valuestream_begin(spy.slot());
    const auto end = db.valuestream_end(spy.slot());
    matches.for_each([&](Xapian::docid did) {
        if (values != end && values.get_docid() < did) {
            values.skip_to(did);
        }
        spy.add_value(values != end && values.get_docid() == did ? *values : std::string());
    });
}

auto mention_terms_to_count(const Xapian::Database& db, Xapian::doccount matches)
    -> std::optional<std::vector<std::string>> {
    // Walking the terms reads every posting chunk of them in glass (24 ms at 1M articles), so
    // the walk stops as soon as the values win, and its terms are kept for the count.
    const std::string prefix(entity::kMentionPrefix);
    const std::uint64_t values = std::uint64_t{matches} * kValueCostInPostings;
    std::uint64_t postings = 0;
    std::vector<std::string> terms;
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        postings += term.get_termfreq();
        if (postings >= values) {
            return std::nullopt;
        }
        terms.push_back(*term);
    }
    if (terms.empty()) {
        return std::nullopt;
    }
    return terms;
}

void EntityFacetSpy::fold() const {
    for (std::size_t i = 0; i < m_by_entity.size(); ++i) {
        const auto& c = m_by_entity[i];
        if (c.documents == 0) {
            continue;
        }
        auto& mine = m_counts[m_table->ids()[i]];
        mine.documents += c.documents;
        mine.mentions += c.mentions;
    }
    std::fill(m_by_entity.begin(), m_by_entity.end(), Counts{});
}

auto EntityFacetSpy::clone() const -> Xapian::MatchSpy* {
    return new EntityFacetSpy(m_gazetteer, m_slot, m_table);
}

auto EntityFacetSpy::name() const -> std::string {
    return "telusur.EntityFacetSpy";
}

auto EntityFacetSpy::serialise() const -> std::string {
    return std::to_string(m_slot);
}

auto EntityFacetSpy::unserialise(const std::string& serialised,
                                 const Xapian::Registry& /*context*/) const -> Xapian::MatchSpy* {
    Xapian::valueno slot = 0;
    const auto* last = serialised.data() + serialised.size();
    auto [ptr, ec] = std::from_chars(serialised.data(), last, slot);
    if (ec != std::errc() || ptr != last || serialised.empty()) {
        throw Xapian::SerialisationError("bad EntityFacetSpy parameters");
    }
    return new EntityFacetSpy(nullptr, slot);
}

// Format: "<documents seen>\n" then "<id> <documents> <mentions>\n" per entity.
auto EntityFacetSpy::serialise_results() const -> std::string {
    fold();
    std::string out = std::to_string(m_seen);
    out.push_back('\n');
    for (const auto& [id, c] : m_counts) {
        out.append(id)
            .append(" ")
            .append(std::to_string(c.documents))
            .append(" ")
            .append(std::to_string(c.mentions))
            .append("\n");
    }
    return out;
}

void EntityFacetSpy::merge_results(const std::string& serialised) {
    fold();
    // Parse everything first, so a bad string leaves the counts as they were.
    const std::string_view s(serialised);
    std::size_t pos = 0;
    const auto seen = read_number<Xapian::doccount>(s, pos);
    std::vector<std::pair<std::string, Counts>> parsed;
    while (pos < s.size()) {
        const auto space = s.find(' ', pos);
        if (space == std::string_view::npos || space == pos) {
            throw Xapian::SerialisationError("bad EntityFacetSpy results");
        }
        std::string id(s.substr(pos, space - pos));
        pos = space + 1;
        Counts c;
        c.documents = read_number<Xapian::doccount>(s, pos);
        c.mentions = read_number<Xapian::termcount>(s, pos);
        parsed.emplace_back(std::move(id), c);
    }
    m_seen += seen;
    for (const auto& [id, c] : parsed) {
        auto& mine = m_counts[id];
        mine.documents += c.documents;
        mine.mentions += c.mentions;
    }
}

auto EntityFacetSpy::get_description() const -> std::string {
    fold();
    return std::string("EntityFacetSpy(slot ")
        .append(std::to_string(m_slot))
        .append(", ")
        .append(std::to_string(m_seen))
        .append(" documents, ")
        .append(std::to_string(m_counts.size()))
        .append(" entities)");
}

auto EntityFacetSpy::top(std::size_t n, std::string_view type) const -> std::vector<FacetCount> {
    fold();
    std::vector<FacetCount> out;
    for (const auto& [id, c] : m_counts) {
        const auto* e = m_gazetteer != nullptr ? m_gazetteer->find(id) : nullptr;
        if (!type.empty() && (e == nullptr || e->type != type)) {
            continue;
        }
        out.push_back({id, e != nullptr ? e->name : id, e != nullptr ? e->type : std::string(),
                       c.documents, c.mentions});
    }
    sort_facets(out);
    if (n != 0 && out.size() > n) {
        out.resize(n);
    }
    return out;
}

void sort_facets(std::vector<FacetCount>& facets) {
    std::sort(facets.begin(), facets.end(), [](const FacetCount& a, const FacetCount& b) {
        if (a.documents != b.documents) {
            return a.documents > b.documents;
        }
        if (a.name != b.name) {
            return a.name < b.name;
        }
        return a.id < b.id;
    });
}

auto count_by_queries(const Xapian::Database& db,
                      const Xapian::Query& query,
                      const entity::Gazetteer& gazetteer,
                      std::string_view type) -> std::vector<FacetCount> {
    std::vector<FacetCount> out;
    const auto all = db.get_doccount();
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (const auto& e : gazetteer.all()) {
        if (!type.empty() && e.type != type) {
            continue;
        }
        const Xapian::Query filter(entity::filter_term(entity::kEntityPrefix, e.id));
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, filter));
        const auto mset = enquire.get_mset(0, 0, all);
        const auto documents = mset.get_matches_estimated();
        if (documents > 0) {
            out.push_back({e.id, e.name, e.type, documents, 0});
        }
    }
    sort_facets(out);
    return out;
}

}  // namespace telusur::search
