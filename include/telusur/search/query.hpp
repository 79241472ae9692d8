#pragma once
// Query stage: query text -> Xapian::Query, through the same Analyzer as the index.
//
// Grammar (default operator AND; AND, OR, NOT and NEAR are operators only in upper case):
//   query   := or_expr
//   or_expr := and_expr ("OR" and_expr)*
//   and_expr:= unary (["AND"] unary)*
//   unary   := "NOT" unary | "-" near | "+" near | near
//   near    := primary (("NEAR" | "NEAR/" n) primary)*
//   primary := "(" or_expr ")" | '"' words '"' | field ":" value | prefix "*" | word
//   field   := title | source | company | entity | date

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/analysis/analyzer.hpp"

namespace telusur::search {

/// Term prefixes and value slots the query language reads (the index writes the same).
/// Unstemmed word (wildcards, spelling), indexed only where it differs from its stem term: a
/// word that is its own stem is found through the stem term.
inline constexpr const char* kSurfacePrefix = "Z";
inline constexpr const char* kSourcePrefix = "XS";   ///< normalised source/site name
inline constexpr const char* kEntityPrefix = "XE";   ///< any entity id
inline constexpr const char* kCompanyPrefix = "XC";  ///< company entity id
inline constexpr const char* kMentionPrefix = "XM";  ///< entity mentions (wdf = count)
inline constexpr Xapian::valueno kDateSlot = 0;      ///< "YYYYMMDD"

/// Wildcards expand to at most this many terms (the most frequent ones).
inline constexpr Xapian::termcount kMaxWildcardTerms = 100;
/// NEAR without a number: words within this many positions.
inline constexpr Xapian::termcount kDefaultNear = 10;

/** A parsed query: what to run, and which terms to highlight. */
struct ParsedQuery {
    Xapian::Query query;                      ///< MatchAll for an empty query
    std::vector<std::string> positive_terms;  ///< terms whose matches are highlighted
    bool empty = true;                        ///< no words and no filters: list documents
    bool relaxable = false;                   ///< has an implicit AND that OR could relax
};

/// Tells whether the index holds a term (used to match "chat gpt" with "chatgpt").
using KnownTerm = std::function<bool(const std::string&)>;
/// Lists index terms starting with a prefix, at most `limit` (for wildcard highlights).
using Expander = std::function<std::vector<std::string>(const std::string&, std::size_t)>;
/// Maps what a user typed after company:/entity: to an entity id ("" when unknown).
using EntityResolver = std::function<std::string(const std::string&)>;
/// Alternatives of a word or phrase as typed (synonyms, aliases), not including itself.
using Synonyms = std::function<std::vector<std::string>(const std::string&)>;
/// Whether every document of the index carries a phrase marker (search/phrases.hpp).
using MarkedPhrase = std::function<bool(const std::string& marker)>;

/** What the parser may ask of the index and the data files; every part is optional. */
struct QueryContext {
    KnownTerm known;
    Expander expand;
    EntityResolver entity;
    Synonyms synonyms;
    /// Phrases whose marker the index carries match as their terms AND-ed, filtered by the
    /// marker: the same matches and weights as OP_PHRASE, without reading positions.
    MarkedPhrase marked;
    bool default_or = false;  ///< combine plain words with OR (the relaxed retry)
};

/// Parses query text. Throws telusur::QueryError with a 1-based column on a syntax error.
/// Stop words are dropped from plain words (kept in phrases, and when the query has nothing else).
[[nodiscard]] auto parse_query(std::string_view text,
                               analysis::Analyzer& analyzer,
                               const QueryContext& context = {}) -> ParsedQuery;

/// Shorthand used by callers that only know the index vocabulary.
[[nodiscard]] auto parse_query(std::string_view text,
                               analysis::Analyzer& analyzer,
                               const KnownTerm& known) -> ParsedQuery;

}  // namespace telusur::search
