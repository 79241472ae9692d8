#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/dedup.hpp"

using namespace telusur::ingest;
namespace fs = std::filesystem;

namespace {
auto bundled() -> std::vector<Article> {
    auto cleaner = Cleaner::standard();
    std::vector<Article> out;
    auto list = collect_files({std::string(TELUSUR_SOURCE_DIR) + "/data/articles"});
    for (const auto& f : list.files) {
        auto batch = read_file(f, cleaner, {});
        REQUIRE(batch.articles.size() == 1);
        out.push_back(batch.articles.front());
    }
    REQUIRE(out.size() == 5);
    return out;
}
auto text(const Article& a) -> std::string {
    return a.title + "\n" + a.body;
}

/// The signature as documented, written plainly for ASCII text: lower-case words of letters and
/// digits, shingles "a b" hashed with FNV-1a 64, hash function k = SplitMix64's finaliser of
/// (shingle hash + golden * (k + 1)), the upper 32 bits of each minimum.
auto reference_minhash(const std::string& ascii) -> MinHash {
    std::vector<std::string> words(1);
    for (char c : ascii) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            words.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (!words.back().empty()) {
            words.emplace_back();
        }
    }
    if (words.back().empty()) {
        words.pop_back();
    }
    std::vector<std::string> shingles;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        shingles.push_back(words[i] + " " + words[i + 1]);
    }
    if (words.size() == 1) {
        shingles.push_back(words[0]);
    }
    MinHash out{};
    for (std::size_t k = 0; k < kMinHashSize; ++k) {
        std::uint64_t least = ~std::uint64_t{0};
        for (const auto& s : shingles) {
            std::uint64_t x = fnv1a(s) + 0x9e3779b97f4a7c15ULL * (k + 1);
            x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
            x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
            least = std::min(least, x ^ (x >> 31U));
        }
        out[k] = static_cast<std::uint32_t>(least >> 32U);
    }
    return out;
}
}  // namespace

TEST_CASE("content hash folds case and spacing, and differs for different text") {
    CHECK(content_hash("Chip  AI\nbaru") == content_hash("chip ai baru"));
    CHECK(content_hash("chip ai baru") != content_hash("chip ai lama"));
    CHECK(content_hash("x").size() == 16);
}

TEST_CASE("the bytes hash of a source file sees every change the content hash folds away") {
    // A file edited from "Nvidia" to "NVIDIA", or by a comma, is a changed file.
    CHECK(content_hash("Nvidia menjual chip H20") == content_hash("NVIDIA menjual chip, H20"));
    CHECK(bytes_hash("Nvidia menjual chip H20") != bytes_hash("NVIDIA menjual chip H20"));
    CHECK(bytes_hash("Nvidia menjual chip H20") != bytes_hash("Nvidia menjual chip, H20"));
    CHECK(bytes_hash("a\r\nb") != bytes_hash("a\nb"));
    CHECK(bytes_hash("Nvidia") == bytes_hash("Nvidia"));
    // FNV-1a 64 of "a" (fixed: hashes stored in indexes must not change between versions).
    CHECK(bytes_hash("a") == "af63dc4c8601ec8c");
}

TEST_CASE("a file's bytes hash, read a block at a time, equals the hash of its bytes at once") {
    // Pieces hashed one after the other hash as the whole.
    CHECK(fnv1a("chip H20") == fnv1a(" H20", fnv1a("chip")));
    CHECK(fnv1a("") == kFnv1aStart);
    // 200,003 bytes: three 64 KiB blocks and a partial one, with a NUL and a non-ASCII byte.
    std::string bytes;
    std::mt19937 rng(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    for (std::size_t i = 0; i < 200003; ++i) {
        bytes.push_back(static_cast<char>(rng() & 0xFFU));
    }
    bytes[70000] = '\0';
    auto path = (fs::temp_directory_path() / "telusur_test_bytes_hash.bin").string();
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    CHECK(file_bytes_hash(path) == bytes_hash(bytes));
    // Beginnings of it, inside a block, at a block's end (65,536), past its end, twice, and 0.
    bytes[65535] = '\n';
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    auto hashes = hash_file(path, {200003, 65536, 10, 300000, 10, 0, 131073});
    REQUIRE(hashes.has_value());
    CHECK(hashes->hash == bytes_hash(bytes));
    CHECK(hashes->size == bytes.size());
    REQUIRE(hashes->prefixes.size() == 4);
    for (const auto& p : hashes->prefixes) {
        const auto part = std::string_view(bytes).substr(0, p.length);
        CAPTURE(p.length);
        CHECK(p.hash == bytes_hash(part));
        CHECK(p.lines == static_cast<std::uint64_t>(std::count(part.begin(), part.end(), '\n')));
        CHECK(p.ends_line == (part.back() == '\n'));
    }
    CHECK(hashes->prefixes[0].length == 10);
    CHECK(hashes->prefixes[1].ends_line);  // 65,536: the byte before is '\n'
    CHECK(hashes->prefixes[3].length == 200003);
    // Its complete lines: up to its last '\n' (random bytes hold one every 256 or so).
    const auto last_newline = bytes.rfind('\n');
    REQUIRE(last_newline != std::string::npos);
    REQUIRE(last_newline + 1 < bytes.size());
    CHECK(hashes->lines_size == last_newline + 1);
    CHECK(hashes->lines_hash == bytes_hash(std::string_view(bytes).substr(0, last_newline + 1)));
    auto write = [&](const std::string& text) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
    };
    // Ending with a '\n': all of it. None: nothing. The last '\n' alone in a later block.
    write("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    hashes = hash_file(path);
    REQUIRE(hashes.has_value());
    CHECK(hashes->lines_size == hashes->size);
    CHECK(hashes->lines_hash == hashes->hash);
    write("{\"id\":\"a\"");
    hashes = hash_file(path);
    REQUIRE(hashes.has_value());
    CHECK(hashes->lines_size == 0);
    CHECK(hashes->lines_hash.empty());
    std::string two_blocks(std::size_t{65536} + 100, 'x');
    two_blocks[65536 + 49] = '\n';
    two_blocks[20] = '\n';
    write(two_blocks);
    hashes = hash_file(path);
    REQUIRE(hashes.has_value());
    CHECK(hashes->lines_size == 65536 + 50);
    CHECK(hashes->lines_hash == bytes_hash(std::string_view(two_blocks).substr(0, 65536 + 50)));
    CHECK(hashes->hash == bytes_hash(two_blocks));
    write(bytes);
    bytes.back() ^= 1;
    CHECK(file_bytes_hash(path) != bytes_hash(bytes));
    fs::remove(path);
    CHECK_FALSE(file_bytes_hash(path).has_value());
}

TEST_CASE("MinHash: identical text is similar 1, unrelated text near 0, hex round trip") {
    auto a = minhash("Baidu menguji chip Kunlun P800 pada model Ernie mereka");
    CHECK(similarity(a, a) == doctest::Approx(1.0));
    auto b = minhash("Harga cabai di pasar tradisional naik menjelang lebaran tahun ini");
    CHECK(similarity(a, b) < 0.05);
    CHECK(minhash_from_hex(to_hex(a)) == a);
    CHECK(minhash_from_hex("zz") == MinHash{});
}

TEST_CASE("the bundled rewrite pair (001 rewrites 000) is near-duplicate, no other pair is") {
    auto articles = bundled();
    for (std::size_t i = 0; i < articles.size(); ++i) {
        for (std::size_t j = i + 1; j < articles.size(); ++j) {
            auto s = similarity(minhash(text(articles[i])), minhash(text(articles[j])));
            CAPTURE(articles[i].id);
            CAPTURE(articles[j].id);
            CAPTURE(s);
            bool rewrite = articles[i].id.starts_with("000") && articles[j].id.starts_with("001");
            CHECK(near_duplicates(minhash(text(articles[i])), minhash(text(articles[j]))) ==
                  rewrite);
        }
    }
}

TEST_CASE("fingerprint gives content_hash and minhash in one pass") {
    for (const std::string text : {"", "satu", "Chip  AI\nbaru", "Ünïcode ÇAFÉ straße 12 ab",
                                   "a\xff\xfe b", "Baidu menguji chip Kunlun P800"}) {
        CAPTURE(text);
        auto f = fingerprint(text);
        CHECK(f.hash == content_hash(text));
        CHECK(f.signature == minhash(text));
    }
    // Case folding beyond ASCII: the same words in other case give the same hash.
    CHECK(content_hash("ÇAFÉ Straße") == content_hash("çafé straße"));
    CHECK(content_hash("ÇAFÉ") != content_hash("CAFE"));
    // Values pinned from the implementation before the one-pass rewrite: signatures in
    // existing indexes stay comparable with new ones.
    CHECK(content_hash("chip ai baru") == "6262bdff967c56e7");
    CHECK(to_hex(minhash("chip ai baru")).substr(0, 16) == "04f810940589fade");
}

TEST_CASE("minhash equals the plain definition, whichever vectorised build the CPU runs") {
    // least_mixes() is built for AVX-512, AVX2 and baseline x86-64 and picked at start-up: all
    // must give these values, for every one of the 128 hash functions.
    std::string many;
    const char* vocabulary[] = {"chip", "Nvidia", "H20", "ekspor", "Tiongkok", "AS", "7nm", "dan"};
    for (unsigned i = 0; i < 600; ++i) {
        many.append(vocabulary[(i * 7 + i / 5) % 8]).append(i % 11 == 0 ? ".\n" : " ");
    }
    for (const std::string& text : {std::string("satu"), std::string("chip ai baru"),
                                    std::string("Baidu menguji chip Kunlun P800, 2025."), many}) {
        CAPTURE(text.substr(0, 40));
        CHECK(minhash(text) == reference_minhash(text));
    }
}

TEST_CASE("sketches agree wherever signatures do, and rule out only pairs that are not near") {
    std::mt19937 rng(11);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    std::size_t ruled_out = 0;
    for (std::size_t same = 0; same <= kMinHashSize; ++same) {
        for (int round = 0; round < 20; ++round) {
            MinHash a{};
            MinHash b{};
            for (std::size_t k = 0; k < kMinHashSize; ++k) {
                a[k] = static_cast<std::uint32_t>(rng());
                // Equal in `same` places; elsewhere different, sometimes only above the low byte.
                b[k] = k < same ? a[k] : a[k] ^ (round % 2 == 0 ? 0x100U : 0x1U);
            }
            CAPTURE(same);
            const auto sa = sketch_of(a);
            const auto sb = sketch_of(b);
            CHECK(sa[0] == static_cast<std::uint8_t>(a[0] & 0xFFU));
            if (near_duplicates(a, b)) {
                CHECK(may_be_near_duplicates(sa, sb));
            }
            // Low bytes that differ where the hashes do: the sketches decide alone.
            if (round % 2 == 1) {
                CHECK(may_be_near_duplicates(sa, sb) == near_duplicates(a, b));
            }
            ruled_out += may_be_near_duplicates(sa, sb) ? 0 : 1;
        }
    }
    CHECK(ruled_out > 100U);
}
