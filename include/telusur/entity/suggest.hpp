#pragma once
// Names in an index that the gazetteer does not know: candidates for data/entities.tsv.

#include <xapian.h>

#include <string>
#include <vector>

#include "telusur/entity/matcher.hpp"

namespace telusur::entity {

struct Candidate {
    std::string name;       ///< as written, e.g. "Moore Threads"
    unsigned mentions = 0;  ///< over the whole index
    unsigned articles = 0;
};

/**
 * Runs of one to three capitalised words (not at a sentence start, not a known alias, not a
 * common word that is usually written in lower case) over every stored article, with at least
 * min_mentions mentions, most frequent first.
 */
[[nodiscard]] auto suggest_names(const Xapian::Database& db,
                                 const Matcher& matcher,
                                 unsigned min_mentions) -> std::vector<Candidate>;

}  // namespace telusur::entity
