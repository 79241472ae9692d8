#pragma once
// How a document stores its entities (pure functions, no database I/O):
// - boolean filter terms (wdf 0, so document length and BM25 are untouched):
//     `XE<id>`   the article mentions the entity itself (any type);
//     `XC<id>`, `XP<id>`, `XN<id>`, `XL<id>`, `XO<id>`   the same, per type (company, product,
//                person, place, org), for `--company ID` and friends;
//     `XA<id>`   the article is about the entity: it mentions it or one of its descendants
//                (products, subsidiaries), for `--company ID --with-products`;
// - the mention counts in value slot kCountsSlot, serialised by serialise_counts(), which the facet
//   match spy reads (one value read per matching document, no term list walk).

#include <xapian.h>

#include <charconv>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/entity/gazetteer.hpp"
#include "telusur/entity/matcher.hpp"

namespace telusur::entity {

inline constexpr const char* kEntityPrefix = "XE";  ///< direct mention, any type
inline constexpr const char* kAboutPrefix = "XA";   ///< mention of it or of a descendant
/// Ranking term: wdf = number of mentions, so a query naming an entity weighs articles that
/// mention it often higher (BM25), in whatever spelling they use.
inline constexpr const char* kMentionPrefix = "XM";
/// Value slot of the serialised mention counts (index::Slot uses 0 and 1).
inline constexpr Xapian::valueno kCountsSlot = 10;

/// The per-type prefix: company "XC", product "XP", person "XN", place "XL", org "XO"; "" for an
/// unknown type.
[[nodiscard]] auto type_prefix(std::string_view type) -> std::string_view;

/// "id count\n" per entity, sorted by id: `baidu 3\nnvidia 7\n`.
[[nodiscard]] auto serialise_counts(const std::map<std::string, unsigned>& counts) -> std::string;
/// The inverse of serialise_counts(); malformed lines are skipped (never throws).
[[nodiscard]] auto unserialise_counts(std::string_view data) -> std::map<std::string, unsigned>;
/// Calls visit(id, count) for each well-formed line of serialise_counts() output, in order,
/// without allocating (the id views point into data); malformed lines are skipped. What
/// unserialise_counts() and the facet spy share: the spy calls it once per matching document.
template <typename Visit>
void for_each_count(std::string_view data, Visit&& visit) {
    std::size_t start = 0;
    while (start < data.size()) {
        auto end = data.find('\n', start);
        if (end == std::string_view::npos) {
            end = data.size();
        }
        const auto line = data.substr(start, end - start);
        start = end + 1;
        const auto space = line.find(' ');
        if (space == std::string_view::npos || space == 0) {
            continue;
        }
        unsigned n = 0;
        const auto* first = line.data() + space + 1;
        const auto* last = line.data() + line.size();
        auto [ptr, ec] = std::from_chars(first, last, n);
        if (ec == std::errc() && ptr == last) {
            visit(line.substr(0, space), n);
        }
    }
}

/// Adds the entity terms and the counts value of an article's mentions to its document.
/// Mentions of ids the gazetteer does not know get only an XE term (and their count).
void add_entity_terms(Xapian::Document& doc,
                      const std::vector<Mention>& mentions,
                      const Gazetteer& gazetteer);

/// The mention counts stored in a document (empty if it has none).
[[nodiscard]] auto entity_terms_of(const Xapian::Document& doc) -> std::map<std::string, unsigned>;

/// The filter term for one id: `filter_term("XC", "nvidia")` -> "XCnvidia".
[[nodiscard]] auto filter_term(std::string_view prefix, std::string_view id) -> std::string;

}  // namespace telusur::entity
