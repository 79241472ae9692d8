#include "telusur/index/compression.hpp"

#include <zdict.h>
#include <zstd.h>

#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <unordered_map>

#include "telusur/error.hpp"

namespace telusur::index {

namespace {

/// The first bytes of every zstd frame (ZSTD_MAGICNUMBER, little-endian).
constexpr std::string_view kFrameMagic("\x28\xb5\x2f\xfd", 4);

struct DDictFree {
    void operator()(ZSTD_DDict* d) const { ZSTD_freeDDict(d); }
};
struct DCtxFree {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

/// Dictionaries by id, loaded once per process: decoding a record only reads this map.
struct Registry {
    std::shared_mutex mutex;
    std::unordered_map<unsigned, std::pair<std::string, std::unique_ptr<ZSTD_DDict, DDictFree>>>
        by_id;
};

auto registry() -> Registry& {
    static Registry r;
    return r;
}

}  // namespace

auto train_dictionary(const std::vector<std::string>& samples) -> std::string {
    if (samples.size() < kMinDictionarySamples) {
        return {};
    }
    std::string joined;
    std::vector<std::size_t> sizes;
    joined.reserve(
        std::accumulate(samples.begin(), samples.end(), std::size_t{0},
                        [](std::size_t n, const std::string& s) { return n + s.size(); }));
    for (const auto& s : samples) {
        joined += s;
        sizes.push_back(s.size());
    }
    std::string dictionary(kDictionaryBytes, '\0');
    const auto n = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(),
                                         sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(n) != 0U) {
        return {};  // e.g. samples too small or too alike: plain records
    }
    dictionary.resize(n);
    return dictionary;
}

auto is_compressed(std::string_view data) -> bool {
    return data.starts_with(kFrameMagic);
}

struct Compressor::State {
    ZSTD_CCtx* context = nullptr;
    ZSTD_CDict* dictionary = nullptr;
    ~State() {
        ZSTD_freeCDict(dictionary);
        ZSTD_freeCCtx(context);
    }
};

Compressor::Compressor(const std::string& dictionary) {
    if (dictionary.empty()) {
        return;
    }
    auto state = std::make_unique<State>();
    state->context = ZSTD_createCCtx();
    state->dictionary = ZSTD_createCDict(dictionary.data(), dictionary.size(), kCompressionLevel);
    if (state->context == nullptr || state->dictionary == nullptr) {
        throw IndexError("cannot load the stored-data dictionary (zstd)");
    }
    m_state = std::move(state);
}

Compressor::~Compressor() = default;

auto Compressor::compress(std::string_view record) -> std::string {
    if (!m_state || record.size() > kMaxCompressedRecord) {
        return std::string(record);
    }
    std::string out(ZSTD_compressBound(record.size()), '\0');
    // zstd's defaults for a dictionary: content size and dictionary id in the frame header.
    const auto n = ZSTD_compress_usingCDict(m_state->context, out.data(), out.size(), record.data(),
                                            record.size(), m_state->dictionary);
    if (ZSTD_isError(n) != 0U) {
        throw IndexError(std::string("cannot compress a stored record: ") + ZSTD_getErrorName(n));
    }
    out.resize(n);
    return out;
}

auto register_dictionary(const Xapian::Database& db, const std::string& dir) -> std::string {
    return register_dictionary(db.get_metadata(kDictionaryKey), dir);
}

auto register_dictionary(std::string dictionary, const std::string& dir) -> std::string {
    const auto corrupt = [&dir](const std::string& why) {
        return IndexError(
            (dir.empty() ? std::string("corrupt index") : "index at " + dir + " is corrupt") +
            ": " + why);
    };
    if (dictionary.empty()) {
        return dictionary;
    }
    const auto id = ZDICT_getDictID(dictionary.data(), dictionary.size());
    auto& r = registry();
    {
        const std::shared_lock lock(r.mutex);
        if (auto known = r.by_id.find(id); known != r.by_id.end()) {
            if (known->second.first != dictionary) {
                throw corrupt("its stored-data dictionary (id " + std::to_string(id) +
                              ") differs from another with that id");
            }
            return dictionary;
        }
    }
    std::unique_ptr<ZSTD_DDict, DDictFree> loaded(
        ZSTD_createDDict(dictionary.data(), dictionary.size()));
    if (id == 0 || !loaded) {
        throw corrupt("its stored-data dictionary (metadata " + std::string(kDictionaryKey) +
                      ") cannot be loaded");
    }
    const std::unique_lock lock(r.mutex);
    r.by_id.try_emplace(id, dictionary, std::move(loaded));
    return dictionary;
}

auto decompress(std::string_view data) -> std::string {
    const auto id = ZSTD_getDictID_fromFrame(data.data(), data.size());
    const auto size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
        size > kMaxCompressedRecord) {
        throw IndexError("corrupt index: a stored record is a damaged zstd frame");
    }
    const ZSTD_DDict* dictionary = nullptr;
    {
        auto& r = registry();
        const std::shared_lock lock(r.mutex);
        if (auto known = r.by_id.find(id); known != r.by_id.end()) {
            dictionary = known->second.second.get();
        }
    }
    if (dictionary == nullptr) {
        throw IndexError("corrupt index: a stored record needs dictionary " + std::to_string(id) +
                         ", which the index does not hold (metadata " + kDictionaryKey + ")");
    }
    thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> context(ZSTD_createDCtx());
    std::string out(size, '\0');
    const auto n = ZSTD_decompress_usingDDict(context.get(), out.data(), out.size(), data.data(),
                                              data.size(), dictionary);
    if (ZSTD_isError(n) != 0U || n != size) {
        throw IndexError("corrupt index: a stored record does not decompress" +
                         std::string(ZSTD_isError(n) != 0U
                                         ? std::string(": ") + ZSTD_getErrorName(n)
                                         : std::string()));
    }
    return out;
}

}  // namespace telusur::index
