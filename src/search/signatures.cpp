#include "telusur/search/signatures.hpp"

#include "telusur/index/index.hpp"
#include "telusur/search/facets.hpp"

namespace telusur::search {

auto signature_of(const std::string& value) -> std::optional<ingest::MinHash> {
    // 16-bit hashes (index.cpp), or 32-bit ones from indexes written before, cut to their low
    // 16 bits: an index holding both compares them alike.
    const std::size_t width = value.size() / ingest::kMinHashSize;
    if ((width != 2 && width != 4) || value.size() != ingest::kMinHashSize * width) {
        return std::nullopt;
    }
    ingest::MinHash out{};
    bool any = false;
    for (std::size_t i = 0; i < ingest::kMinHashSize; ++i) {
        const auto* p = value.data() + (i * width) + width - 2;
        const auto v = static_cast<std::uint32_t>((static_cast<unsigned char>(p[0]) << 8U) |
                                                  static_cast<unsigned char>(p[1]));
        out[i] = v;
        any = any || v != 0;
    }
    return any ? std::optional(out) : std::nullopt;
}

SignatureTable::SignatureTable(const Xapian::Database& db) : m_key(FacetTable::key(db)) {
    m_number.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
    m_entries.reserve(db.get_doccount());
    for (auto it = db.valuestream_begin(index::kMinHash); it != db.valuestream_end(index::kMinHash);
         ++it) {
        const auto did = it.get_docid();
        if (did >= m_number.size()) {
            break;  // added after get_lastdocid(): fits() will say no
        }
        if (auto signature = signature_of(*it)) {
            m_entries.push_back({*signature, ingest::sketch_of(*signature)});
            m_number[did] = static_cast<std::uint32_t>(m_entries.size());
        }
    }
}

auto SignatureTable::fits(const Xapian::Database& db) const -> bool {
    return db.size() == 1 && FacetTable::key(db) == m_key;
}

auto SignatureTable::find(Xapian::docid did) const -> const Entry* {
    if (did >= m_number.size() || m_number[did] == 0) {
        return nullptr;
    }
    return &m_entries[m_number[did] - 1];
}

}  // namespace telusur::search
