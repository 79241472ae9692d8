#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "telusur/error.hpp"
#include "telusur/index/compression.hpp"
#include "telusur/index/index.hpp"

using namespace telusur;

namespace {

/// A stored record of a news-like article: shared wording, its own numbers and names.
auto record(int i, const char* topic) -> std::string {
    static const std::vector<std::string> kNames{"Nvidia",  "Huawei", "Baidu", "Alibaba",
                                                 "Tencent", "Kunlun", "SMIC",  "Cambricon"};
    ingest::Article a;
    a.id = std::string(topic) + std::to_string(i);
    a.path = "/data/" + a.id + ".txt";
    a.title = kNames[static_cast<std::size_t>(i) % kNames.size()] + " " + topic + " " +
              std::to_string(i * 7);
    for (int s = 0; s < 12; ++s) {
        a.body += "Perusahaan " + kNames[static_cast<std::size_t>(i + s) % kNames.size()] +
                  " melaporkan pendapatan " + std::to_string((i * 31 + s * 17) % 997) +
                  " juta dolar dari penjualan chip " + topic + " pada kuartal " +
                  std::to_string(s % 4 + 1) + ". ";
    }
    return index::encode(a);
}

auto records(int n, const char* topic) -> std::vector<std::string> {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out.push_back(record(i, topic));
    }
    return out;
}

/// A database (in memory) that records the dictionary, registered for decompress().
auto holding(const std::string& dictionary) -> Xapian::WritableDatabase {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.set_metadata(index::kDictionaryKey, dictionary);
    index::register_dictionary(db);
    return db;
}

}  // namespace

TEST_CASE("too few samples train no dictionary, and then records stay plain") {
    CHECK(index::train_dictionary(records(index::kMinDictionarySamples - 1, "gpu")).empty());
    index::Compressor none("");
    CHECK_FALSE(none.enabled());
    const auto plain = record(1, "gpu");
    CHECK(none.compress(plain) == plain);
    CHECK_FALSE(index::is_compressed(plain));
}

TEST_CASE("records compress with the trained dictionary and decode to the same article") {
    const auto dictionary = index::train_dictionary(records(400, "gpu"));
    REQUIRE_FALSE(dictionary.empty());
    CHECK(dictionary.size() <= index::kDictionaryBytes);
    const auto db = holding(dictionary);
    index::Compressor compressor(dictionary);
    REQUIRE(compressor.enabled());
    std::size_t plain_bytes = 0;
    std::size_t packed_bytes = 0;
    // Records the dictionary was not trained on.
    for (int i = 1000; i < 1050; ++i) {
        const auto plain = record(i, "gpu");
        const auto packed = compressor.compress(plain);
        CHECK(index::is_compressed(packed));
        CHECK(index::decompress(packed) == plain);
        const auto a = index::decode(plain);
        const auto b = index::decode(packed);
        CHECK(b.id == a.id);
        CHECK(b.title == a.title);
        CHECK(b.body == a.body);
        CHECK(b.path == a.path);
        CHECK(b.hash == a.hash);
        plain_bytes += plain.size();
        packed_bytes += packed.size();
    }
    // The shared wording lives in the dictionary: a fraction of the plain size.
    CHECK(packed_bytes * 4 < plain_bytes);
}

TEST_CASE("a record whose dictionary the index lacks, or a damaged one, is a corrupt index") {
    const auto dictionary = index::train_dictionary(records(300, "npu"));
    REQUIRE_FALSE(dictionary.empty());
    index::Compressor compressor(dictionary);
    const auto packed = compressor.compress(record(7, "npu"));
    // Not registered: trained here, recorded in no database.
    CHECK_THROWS_WITH_AS((void)index::decode(packed), doctest::Contains("does not hold"),
                         IndexError);
    const auto db = holding(dictionary);
    CHECK(index::decode(packed).id == "npu7");
    auto cut = packed.substr(0, packed.size() / 2);
    CHECK_THROWS_AS((void)index::decode(cut), IndexError);
    auto flipped = packed;
    for (std::size_t i = 8; i < flipped.size(); i += 3) {
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    }
    CHECK_THROWS_AS((void)index::decode(flipped), IndexError);
    // A frame header that declares 1 TiB is refused before anything is allocated.
    std::string huge("\x28\xb5\x2f\xfd", 4);
    huge += '\xe0';  // frame header descriptor: 8-byte content size, single segment
    for (int i = 0; i < 8; ++i) {
        huge += static_cast<char>(i == 5 ? 1 : 0);  // 2^40 bytes, little-endian
    }
    huge += std::string(16, '\0');
    CHECK(index::is_compressed(huge));
    CHECK_THROWS_WITH_AS((void)index::decompress(huge), doctest::Contains("damaged"), IndexError);
}

TEST_CASE("a dictionary that zstd cannot load is reported when the database is registered") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.set_metadata(index::kDictionaryKey, "not a dictionary");
    CHECK_THROWS_AS(index::register_dictionary(db), IndexError);
    Xapian::WritableDatabase none(std::string(), Xapian::DB_BACKEND_INMEMORY);
    CHECK_NOTHROW(index::register_dictionary(none));  // plain records: nothing to register
}
