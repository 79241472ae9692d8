#pragma once
// "Maksud Anda: nvidia?": corrections from the index's own vocabulary of words (Z terms, and the
// stem terms of words that are their own stem), so they work on sharded and remote databases
// too (no spelling table needed).

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace telusur::search {

/// Damerau-Levenshtein distance (adjacent transpositions count 1), capped at limit + 1.
[[nodiscard]] auto edit_distance(std::string_view a, std::string_view b, std::size_t limit)
    -> std::size_t;

/// The most frequent indexed word within 1 edit (words of 5+ letters: 2) of a normalised word
/// that the index does not hold, among those with its first letter; nullopt when the word is
/// known or nothing is close. A word of 4+ letters is looked for among the words that share its
/// first two letters first: one 1 edit away there wins without looking further.
[[nodiscard]] auto correct_word(const Xapian::Database& db, const std::string& norm)
    -> std::optional<std::string>;

/// The query with each unknown plain word replaced by its correction; nullopt if none changed.
/// Operators, quotes, fields and wildcards are left as typed.
[[nodiscard]] auto suggest_query(const Xapian::Database& db, std::string_view query)
    -> std::optional<std::string>;

}  // namespace telusur::search
