#pragma once
// Query stage: query text -> Xapian::Query, through the same Analyzer as the index.
//
// Grammar (default operator AND):
//   query   := or_expr
//   or_expr := and_expr ("OR" and_expr)*
//   and_expr:= unary (["AND"] unary)*
//   unary   := "NOT" unary | "-" primary | "+" primary | primary
//   primary := "(" or_expr ")" | '"' words '"' | word
// AND, OR and NOT are operators only in upper case.

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/analysis/analyzer.hpp"

namespace telusur::search {

/** A parsed query: what to run, and which terms to highlight. */
struct ParsedQuery {
    Xapian::Query query;                      ///< MatchAll for an empty query
    std::vector<std::string> positive_terms;  ///< terms whose matches are highlighted
    bool empty = true;                        ///< no words at all: list documents
};

/// Tells whether the index holds a term (used to match "chat gpt" with "chatgpt").
using KnownTerm = std::function<bool(const std::string&)>;

/// Parses query text. Throws telusur::QueryError with a 1-based column on a syntax error.
/// Stop words are dropped from plain words (kept in phrases, and when the query has nothing else).
[[nodiscard]] auto parse_query(std::string_view text,
                               analysis::Analyzer& analyzer,
                               const KnownTerm& known = {}) -> ParsedQuery;

}  // namespace telusur::search
