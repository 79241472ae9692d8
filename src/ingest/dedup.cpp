#include "telusur/ingest/dedup.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

namespace telusur::ingest {

namespace {

/// SplitMix64 finaliser: derives the i-th hash function from one base hash.
auto mix(std::uint64_t x, std::uint64_t i) -> std::uint64_t {
    x += 0x9e3779b97f4a7c15ULL * (i + 1);
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

/**
 * Case-folded words of Unicode letters and digits, each followed by one space, in one buffer
 * ("w1 w2 w3 "), with where each word starts. One pass, no allocation per word; ASCII (most of
 * the text) without calls into ICU.
 */
struct Words {
    std::string text;                  ///< "w1 w2 ... wn "
    std::vector<std::uint32_t> start;  ///< offset of each word in text
};

auto words(std::string_view in) -> Words {
    Words out;
    out.text.reserve(in.size() + 1);
    out.start.reserve(in.size() / 6 + 1);
    const auto* s = reinterpret_cast<const std::uint8_t*>(in.data());
    auto length = static_cast<std::int32_t>(in.size());
    bool inside = false;
    for (std::int32_t i = 0; i < length;) {
        const std::uint8_t b = s[i];
        if (b < 0x80U) {
            ++i;
            const bool digit = b >= '0' && b <= '9';
            const bool upper = b >= 'A' && b <= 'Z';
            const bool lower = b >= 'a' && b <= 'z';
            if (digit || upper || lower) {
                if (!inside) {
                    out.start.push_back(static_cast<std::uint32_t>(out.text.size()));
                    inside = true;
                }
                out.text.push_back(static_cast<char>(upper ? b + ('a' - 'A') : b));
            } else if (inside) {
                out.text.push_back(' ');
                inside = false;
            }
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && u_isalnum(c) != 0) {
            c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
            std::array<char, 4> buf{};
            std::int32_t n = 0;
            U8_APPEND_UNSAFE(reinterpret_cast<std::uint8_t*>(buf.data()), n, c);
            if (!inside) {
                out.start.push_back(static_cast<std::uint32_t>(out.text.size()));
                inside = true;
            }
            out.text.append(buf.data(), static_cast<std::size_t>(n));
        } else if (inside) {
            out.text.push_back(' ');
            inside = false;
        }
    }
    if (inside) {
        out.text.push_back(' ');
    }
    return out;
}

auto hex16(std::uint64_t v) -> std::string {
    std::array<char, 17> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%016llx", static_cast<unsigned long long>(v));
    return {buf.data()};
}

/// The shingle hashes of ws: each shingle is two consecutive words "a b" (one word alone when
/// the text has only one), hashed with FNV-1a.
auto shingles_of(const Words& ws) -> std::vector<std::uint64_t> {
    const std::string_view all(ws.text);
    const auto n = ws.start.size();
    std::vector<std::uint64_t> out;
    out.reserve(n);
    if (n == 1) {
        out.push_back(fnv1a(all.substr(0, all.size() - 1)));
    }
    for (std::size_t i = 0; i + 1 < n; ++i) {
        // "a b": from the start of word i to the space after word i + 1.
        const auto end = i + 2 < n ? ws.start[i + 2] - 1 : all.size() - 1;
        out.push_back(fnv1a(all.substr(ws.start[i], end - ws.start[i])));
    }
    return out;
}

/// mins[k] = the least mix(h, k) over the hashes: 128 hash functions per shingle, most of the
/// time of fingerprint(). The loop over k is the same integer arithmetic in every lane; GCC
/// vectorises it where 64-bit multiplies exist in vector registers (AVX-512: 8 lanes, 2.8x
/// faster on the 10k benchmark corpus), so it is also built for x86-64-v4 and the CPU picks the
/// build when the program starts. Same results either way (test_dedup checks them against a
/// plain implementation).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "default")))
#endif
auto least_mixes(const std::vector<std::uint64_t>& hashes)
    -> std::array<std::uint64_t, kMinHashSize> {
    std::array<std::uint64_t, kMinHashSize> mins{};
    mins.fill(~std::uint64_t{0});
    for (const auto h : hashes) {
        for (std::size_t k = 0; k < kMinHashSize; ++k) {
            mins[k] = std::min(mins[k], mix(h, k));
        }
    }
    return mins;
}

/// The signature of the shingles of ws: hash function k of the signature is mix(shingle
/// hash, k), and the signature keeps the upper 32 bits of each minimum.
auto signature_of(const Words& ws) -> MinHash {
    const auto mins = least_mixes(shingles_of(ws));
    MinHash out{};
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        out[k] = static_cast<std::uint32_t>(mins[k] >> 32U);
    }
    return out;
}

}  // namespace

auto fnv1a(std::string_view data, std::uint64_t state) -> std::uint64_t {
    std::uint64_t h = state;
    for (char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

auto content_hash_value(std::string_view text) -> std::uint64_t {
    return fnv1a(words(text).text);
}

auto content_hash(std::string_view text) -> std::string {
    return hex16(content_hash_value(text));
}

auto bytes_hash(std::string_view bytes) -> std::string {
    return hex16(fnv1a(bytes));
}

auto file_bytes_hash(const std::string& path) -> std::optional<std::string> {
    auto hashes = hash_file(path);
    return hashes ? std::optional(hashes->hash) : std::nullopt;
}

auto hash_file(const std::string& path, std::vector<std::uint64_t> lengths)
    -> std::optional<FileHashes> {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::sort(lengths.begin(), lengths.end());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
    lengths.erase(std::remove(lengths.begin(), lengths.end(), 0U), lengths.end());
    FileHashes out;
    // One buffer per thread: a 64 KiB string filled with zeros for each of 100k small files
    // would cost more than hashing them.
    thread_local std::string block(std::size_t{64} * 1024U, '\0');
    auto h = kFnv1aStart;
    std::uint64_t lines = 0;
    auto next = lengths.begin();
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        std::string_view data(block.data(), static_cast<std::size_t>(in.gcount()));
        // The prefixes that end in this block, then the rest of it.
        while (next != lengths.end() && *next <= out.size + data.size()) {
            const auto part = data.substr(0, static_cast<std::size_t>(*next - out.size));
            FileHashes::Prefix prefix;
            prefix.length = *next;
            prefix.hash = hex16(fnv1a(part, h));
            prefix.lines =
                lines + static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\n'));
            // Never empty: a prefix that ends with a block is taken with that block.
            prefix.ends_line = !part.empty() && part.back() == '\n';
            out.prefixes.push_back(std::move(prefix));
            ++next;
        }
        // Hashed in two parts, around the block's last '\n': the complete lines' hash on the way.
        if (const auto nl = data.rfind('\n'); nl != std::string_view::npos) {
            h = fnv1a(data.substr(0, nl + 1), h);
            out.lines_size = out.size + nl + 1;
            out.lines_hash = hex16(h);
            h = fnv1a(data.substr(nl + 1), h);
        } else {
            h = fnv1a(data, h);
        }
        if (next != lengths.end()) {
            lines += static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n'));
        }
        out.size += data.size();
    }
    if (in.bad()) {
        return std::nullopt;
    }
    out.hash = hex16(h);
    return out;
}

auto minhash(std::string_view text) -> MinHash {
    return signature_of(words(text));
}

auto fingerprint(std::string_view text) -> Fingerprint {
    auto ws = words(text);
    return {hex16(fnv1a(ws.text)), signature_of(ws)};
}

auto similarity(const MinHash& a, const MinHash& b) -> double {
    std::size_t same = 0;
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        same += a[k] == b[k] ? 1 : 0;
    }
    return static_cast<double>(same) / static_cast<double>(kMinHashSize);
}

auto sketch_of(const MinHash& signature) -> Sketch {
    Sketch out{};
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        out[k] = static_cast<std::uint8_t>(signature[k] & 0xFFU);
    }
    return out;
}

auto may_be_near_duplicates(const Sketch& a, const Sketch& b) -> bool {
    // similarity()'s count, 8 bytes at a time (collapsing compares every pair of ~50 matches):
    // the high bit of each byte of `zero` is set where x has a zero byte, where a and b agree.
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    std::size_t same = 0;
    for (std::size_t k = 0; k < kMinHashSize; k += 8) {
        std::uint64_t wa = 0;
        std::uint64_t wb = 0;
        std::memcpy(&wa, a.data() + k, 8);
        std::memcpy(&wb, b.data() + k, 8);
        const auto x = wa ^ wb;
        const auto zero = ~(((x & kLow7) + kLow7) | x | kLow7);
        same += static_cast<std::size_t>(std::popcount(zero));
    }
    return static_cast<double>(same) / static_cast<double>(kMinHashSize) >=
           kNearDuplicateSimilarity;
}

auto to_hex(const MinHash& signature) -> std::string {
    std::string out;
    out.reserve(kMinHashSize * 8);
    for (auto v : signature) {
        std::array<char, 9> buf{};
        (void)std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>(v));
        out.append(buf.data());
    }
    return out;
}

auto minhash_from_hex(std::string_view hex) -> MinHash {
    MinHash out{};
    if (hex.size() != kMinHashSize * 8) {
        return out;
    }
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        std::uint32_t v = 0;
        for (std::size_t j = 0; j < 8; ++j) {
            char c = hex[k * 8 + j];
            std::uint32_t d = c >= '0' && c <= '9'   ? static_cast<std::uint32_t>(c - '0')
                              : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                                                     : 16U;
            if (d == 16U) {
                return MinHash{};
            }
            v = (v << 4U) | d;
        }
        out[k] = v;
    }
    return out;
}

}  // namespace telusur::ingest
