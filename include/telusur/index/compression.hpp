#pragma once
// Stored data compression: each article's record (index::encode) is compressed with zstd
// against a dictionary trained on the first articles of a full build, and kept in the index
// (metadata kDictionaryKey), so that records of a few KB compress as well as a long text. An
// index started with fewer articles than that needs gets its dictionary from the first in-place
// run (index::Writer) that finds it large enough; its older records stay plain. Records of an
// index without a dictionary, and of indexes written before this, are plain JSON;
// index::decode() reads both.

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace telusur::index {

/// Metadata key of the dictionary (zstd's format; its id is in its header and in every record).
inline constexpr const char* kDictionaryKey = "telusur.dictionary";
/// Fewer sample records than this train no dictionary: the index keeps plain records.
inline constexpr std::size_t kMinDictionarySamples = 200;
/// Size the dictionary is trained to (zstd's advice: about a hundredth of the samples).
inline constexpr std::size_t kDictionaryBytes = std::size_t{32} * 1024U;
/// Larger records are stored plain, and a frame that declares more is damaged: a bound on what
/// decompressing a damaged record may allocate.
inline constexpr std::size_t kMaxCompressedRecord = std::size_t{256} << 20U;
/// zstd level: 3 (its default) compresses the 100k benchmark's records at about 280 MB/s.
inline constexpr int kCompressionLevel = 3;

/// Trains a dictionary on sample records; empty when there are too few (or zstd declines).
[[nodiscard]] auto train_dictionary(const std::vector<std::string>& samples) -> std::string;

/// Whether a stored record is compressed (a zstd frame; plain records are JSON objects).
[[nodiscard]] auto is_compressed(std::string_view data) -> bool;

/** Compresses records with one dictionary. One per thread (its context is not shareable). */
class Compressor {
public:
    /// An empty dictionary: records pass through unchanged.
    explicit Compressor(const std::string& dictionary);
    ~Compressor();
    Compressor(const Compressor&) = delete;
    auto operator=(const Compressor&) -> Compressor& = delete;

    [[nodiscard]] auto compress(std::string_view record) -> std::string;
    [[nodiscard]] auto enabled() const -> bool { return m_state != nullptr; }

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// Makes the dictionary a database records (if any) known to decompress(), for the life of the
/// process, and returns it (empty: plain records). index::open_for_reading(), index::refresh()
/// and index::Writer call it. A database whose dictionary cannot be loaded is reported as
/// corrupt (IndexError, naming dir when given).
auto register_dictionary(const Xapian::Database& db, const std::string& dir = {}) -> std::string;
/// The same for a dictionary in hand (one just trained and recorded).
auto register_dictionary(std::string dictionary, const std::string& dir) -> std::string;

/// The record a compressed one holds. IndexError when its dictionary is not registered or the
/// frame is damaged.
[[nodiscard]] auto decompress(std::string_view data) -> std::string;

}  // namespace telusur::index
