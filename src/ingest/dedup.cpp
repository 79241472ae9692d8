#include "telusur/ingest/dedup.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdio>
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

/// Case-folded words of Unicode letters and digits.
auto words(std::string_view text) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::string word;
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && u_isalnum(c) != 0) {
            c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
            std::array<char, 4> buf{};
            std::int32_t n = 0;
            U8_APPEND_UNSAFE(reinterpret_cast<std::uint8_t*>(buf.data()), n, c);
            word.append(buf.data(), static_cast<std::size_t>(n));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

}  // namespace

auto fnv1a(std::string_view data) -> std::uint64_t {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

auto content_hash(std::string_view text) -> std::string {
    std::string folded;
    for (const auto& w : words(text)) {
        folded.append(w).push_back(' ');
    }
    std::array<char, 17> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%016llx",
                        static_cast<unsigned long long>(fnv1a(folded)));
    return {buf.data()};
}

auto minhash(std::string_view text) -> MinHash {
    std::array<std::uint64_t, kMinHashSize> mins;
    mins.fill(~std::uint64_t{0});
    auto ws = words(text);
    for (std::size_t i = 0; i + 1 < ws.size() || (i == 0 && ws.size() == 1); ++i) {
        auto shingle = ws.size() == 1 ? ws[0] : std::string(ws[i]).append(" ").append(ws[i + 1]);
        auto base = fnv1a(shingle);
        for (std::size_t k = 0; k < kMinHashSize; ++k) {
            auto h = mix(base, k);
            if (h < mins[k]) {
                mins[k] = h;
            }
        }
    }
    MinHash out{};
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        out[k] = static_cast<std::uint32_t>(mins[k] >> 32U);
    }
    return out;
}

auto similarity(const MinHash& a, const MinHash& b) -> double {
    std::size_t same = 0;
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        same += a[k] == b[k] ? 1 : 0;
    }
    return static_cast<double>(same) / static_cast<double>(kMinHashSize);
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
