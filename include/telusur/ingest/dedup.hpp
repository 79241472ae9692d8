#pragma once
// Duplicate detection: an exact content hash, and a MinHash signature for near-duplicates
// (rewrites of one story).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telusur::ingest {

/// Number of hash functions of a MinHash signature.
inline constexpr std::size_t kMinHashSize = 128;
using MinHash = std::array<std::uint32_t, kMinHashSize>;

/**
 * Estimated Jaccard similarity of word-pair shingles from which two articles count as near
 * duplicates. A rewrite of a story keeps about a tenth of its word pairs; different articles on
 * the same topic share under five per cent.
 */
inline constexpr double kNearDuplicateSimilarity = 0.08;

/// The state FNV-1a starts from.
inline constexpr std::uint64_t kFnv1aStart = 0xcbf29ce484222325ULL;

/// 64-bit FNV-1a: stable across machines and runs. Pass the result of one call as `state` to
/// the next to hash data that comes in pieces: the same as hashing them joined.
[[nodiscard]] auto fnv1a(std::string_view data, std::uint64_t state = kFnv1aStart) -> std::uint64_t;

/// The hash of text with case and whitespace folded: equal for the same cleaned text.
[[nodiscard]] auto content_hash_value(std::string_view text) -> std::uint64_t;
/// content_hash_value() as 16 hex digits (stored in the index as the H term).
[[nodiscard]] auto content_hash(std::string_view text) -> std::string;
/// fnv1a() of bytes exactly as they are, as 16 hex digits: a source file's hash, which any
/// change (a letter's case, a comma) changes.
[[nodiscard]] auto bytes_hash(std::string_view bytes) -> std::string;
/// bytes_hash() of a file's bytes, read a block at a time; nothing when it cannot be read.
[[nodiscard]] auto file_bytes_hash(const std::string& path) -> std::optional<std::string>;

/** A file's bytes hash, and those of some of its beginnings: has a file only grown since? */
struct FileHashes {
    std::string hash;        ///< bytes_hash() of all of it
    std::uint64_t size = 0;  ///< its size, as read
    /// The same of its complete lines: the bytes up to and including its last '\n' (all of it
    /// when it ends with one; 0 and "" when it has none). A feed being written to often ends
    /// in half a line.
    std::string lines_hash;
    std::uint64_t lines_size = 0;
    struct Prefix {
        std::uint64_t length = 0;  ///< its first `length` bytes ...
        std::string hash;          ///< ... hash as this
        std::uint64_t lines = 0;   ///< and hold this many '\n'
        bool ends_line = false;    ///< the last of them is '\n'
    };
    std::vector<Prefix> prefixes;  ///< of the lengths asked for, those the file has, by length
};

/// Reads a file once, a block at a time: its bytes hash, that of its complete lines, and those
/// of its first `lengths` bytes (each at most once; 0 and lengths past its end are left out).
/// Nothing when it cannot be read.
[[nodiscard]] auto hash_file(const std::string& path, std::vector<std::uint64_t> lengths = {})
    -> std::optional<FileHashes>;

/// MinHash over shingles of two consecutive words (Unicode letters and digits, case-folded).
[[nodiscard]] auto minhash(std::string_view text) -> MinHash;

/// Both of the above from one pass over the text: what indexing a document needs.
struct Fingerprint {
    std::string hash;   ///< content_hash(text)
    MinHash signature;  ///< minhash(text)
};
[[nodiscard]] auto fingerprint(std::string_view text) -> Fingerprint;

/// Estimated Jaccard similarity of the shingle sets of two signatures, 0..1.
[[nodiscard]] auto similarity(const MinHash& a, const MinHash& b) -> double;

[[nodiscard]] inline auto near_duplicates(const MinHash& a, const MinHash& b) -> bool {
    return similarity(a, b) >= kNearDuplicateSimilarity;
}

/// The low byte of each hash of a signature (b-bit MinHash, b = 8): a quarter of its size.
/// Equal hashes have equal low bytes, so two sketches agree in at least as many places as
/// their signatures: sketches that agree in too few rule a pair out without the signatures.
using Sketch = std::array<std::uint8_t, kMinHashSize>;
[[nodiscard]] auto sketch_of(const MinHash& signature) -> Sketch;
/// False only when the signatures of these sketches cannot be near_duplicates().
[[nodiscard]] auto may_be_near_duplicates(const Sketch& a, const Sketch& b) -> bool;

/// Signature as lowercase hex (8 digits per hash), and back; a malformed string gives zeros.
[[nodiscard]] auto to_hex(const MinHash& signature) -> std::string;
[[nodiscard]] auto minhash_from_hex(std::string_view hex) -> MinHash;

}  // namespace telusur::ingest
