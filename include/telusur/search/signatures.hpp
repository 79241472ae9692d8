#pragma once
// Collapsing near-duplicates from memory: the MinHash signature of every document, read once
// per index state by a long-running reader (`search --batch`).
//
// Why: collapsing compares the signatures of the ~50 best matches of every query, each a
// 256-byte value (512 before b-bit MinHash) fetched from the index: at 100k articles ~0.17 ms of
// a 1.7 ms search (two threads). From memory it is the comparisons alone, and a pair whose sketches
// (the low bytes, ingest::Sketch) agree too little is ruled out in a few instructions. The groups
// are the same. 640 bytes a document: built only up to kMaxSignatureTable documents (160 MB).

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "telusur/ingest/dedup.hpp"

namespace telusur::search {

/// The most documents a SignatureTable is built for.
inline constexpr Xapian::doccount kMaxSignatureTable = 250000;

/// A document's signature from its kMinHash value, each hash cut to its low 16 bits (values of
/// 16-bit or of older 32-bit hashes); nullopt when it has none (an empty, malformed or all-zero
/// value: such documents are never collapsed).
[[nodiscard]] auto signature_of(const std::string& value) -> std::optional<ingest::MinHash>;

/** The signatures of every document of a database state; fits() tells whether it is that state. */
class SignatureTable {
public:
    struct Entry {
        ingest::MinHash signature;
        ingest::Sketch sketch;  ///< sketch_of(signature)
    };

    /// Reads the kMinHash slot of db (one database; see fits()).
    explicit SignatureTable(const Xapian::Database& db);

    /// Whether db is in the state the table was read from (FacetTable::key; one database).
    [[nodiscard]] auto fits(const Xapian::Database& db) const -> bool;
    /// The signature of a document of that state; null if it has none.
    [[nodiscard]] auto find(Xapian::docid did) const -> const Entry*;
    [[nodiscard]] auto size() const -> std::size_t { return m_entries.size(); }

private:
    std::vector<std::uint32_t> m_number;  ///< docid -> 1 + index into m_entries, 0: none
    std::vector<Entry> m_entries;
    std::string m_key;
};

}  // namespace telusur::search
