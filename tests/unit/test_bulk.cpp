#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "telusur/entity/catalog.hpp"
#include "telusur/index/bulk.hpp"
#include "telusur/index/index.hpp"
#include "telusur/search/phrases.hpp"

namespace fs = std::filesystem;
using namespace telusur;

namespace {

auto article(const std::string& id, const std::string& body) -> ingest::Article {
    ingest::Article a;
    a.path = std::string("/tmp/").append(id).append(".txt");
    a.id = id;
    a.title = std::string("Berita ").append(id);
    a.body = body;
    return a;
}

auto temp_dir(const std::string& name) -> std::string {
    auto dir = (fs::temp_directory_path() / name).string();
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// id -> body of every document in a database.
auto contents(const Xapian::Database& db) -> std::map<std::string, std::string> {
    std::map<std::string, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        auto stored = index::decode(db.get_document(*it).get_data());
        CHECK(out.count(stored.id) == 0U);
        out[stored.id] = stored.body;
    }
    return out;
}

}  // namespace

TEST_CASE("shard_of is a stable hash of the id") {
    CHECK(index::shard_of("a0000001", 1) == 0U);
    // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: fixed forever, so rebuilds keep articles in place.
    CHECK(index::shard_of("a", 7) == static_cast<unsigned>(0xaf63dc4c8601ec8cULL % 7));
    std::set<unsigned> used;
    for (int i = 0; i < 200; ++i) {
        auto s = index::shard_of(std::string("id").append(std::to_string(i)), 4);
        CHECK(s < 4U);
        used.insert(s);
    }
    CHECK(used.size() == 4U);
    CHECK(index::shard_names(3) == std::vector<std::string>{"shard-0", "shard-1", "shard-2"});
}

TEST_CASE("worker_of spreads sequential ids evenly over the threads") {
    // Benchmark and feed ids differ only in their last digits; FNV-1a's high bits then hardly
    // change, and routing by them sent every one of these ids to the same thread.
    for (unsigned workers : {2U, 3U, 8U}) {
        CAPTURE(workers);
        std::vector<int> count(workers, 0);
        constexpr int kIds = 4000;
        for (int i = 0; i < kIds; ++i) {
            char id[16];
            (void)std::snprintf(id, sizeof id, "a%07d", i);
            const auto w = index::worker_of(id, workers);
            REQUIRE(w < workers);
            ++count[w];
        }
        for (auto c : count) {
            CHECK(c > kIds / static_cast<int>(workers) * 8 / 10);  // within 20 %
            CHECK(c < kIds / static_cast<int>(workers) * 12 / 10);
        }
        // And not in long stretches: a window of 40 consecutive ids reaches every thread of 2.
        if (workers == 2) {
            for (int start = 0; start + 40 <= kIds; start += 40) {
                std::set<unsigned> seen;
                for (int i = start; i < start + 40; ++i) {
                    char id[16];
                    (void)std::snprintf(id, sizeof id, "a%07d", i);
                    seen.insert(index::worker_of(id, 2));
                }
                CHECK(seen.size() == 2U);
            }
        }
    }
    CHECK(index::worker_of("anything", 1) == 0U);
    CHECK(index::worker_of("a0000001", 4) == index::worker_of("a0000001", 4));
}

TEST_CASE("bulk builder writes every article once into its shard with the metadata") {
    auto dir = temp_dir("telusur_test_bulk_shards");
    index::BulkOptions options;
    options.jobs = 2;
    options.shards = 3;
    options.run_documents = 2;   // many runs...
    options.runs_per_merge = 2;  // ...merged on several levels as they come
    std::map<std::string, std::string> expected;
    std::vector<std::string> databases;
    {
        index::BulkBuilder bulk(dir, entity::default_catalog(), options);
        for (int i = 0; i < 40; ++i) {
            auto id = std::string("a").append(std::to_string(i));
            auto body = std::string("Nvidia menjual chip nomor ")
                            .append(std::to_string(i))
                            .append(" ke Tiongkok.");
            CHECK(bulk.add(article(id, body), "").kind == index::AddResult::kAdded);
            expected[id] = body;
        }
        // The same text under another id is a duplicate of the first one.
        auto copy = article("copy", expected["a3"]);
        copy.title = "Berita a3";
        auto dup = bulk.add(copy, "");
        CHECK(dup.kind == index::AddResult::kDuplicate);
        CHECK(dup.duplicate_of == "a3");
        // An id seen again replaces the earlier article, wherever its run is by now.
        bool unchanged = true;
        auto again =
            bulk.add(article("a1", "Huawei menguji Ascend yang baru."), "", "", &unchanged);
        CHECK(again.kind == index::AddResult::kReplaced);
        CHECK_FALSE(unchanged);
        // The replaced text of a1 is free again: another id may have it.
        auto old_a1 = article("again", expected["a1"]);
        old_a1.title = "Berita a1";
        CHECK(bulk.add(old_a1, "").kind == index::AddResult::kAdded);
        expected["again"] = expected["a1"];
        expected["a1"] = "Huawei menguji Ascend yang baru.";
        bulk.add(article("a2", expected["a2"]), "", "", &unchanged);
        CHECK(unchanged);
        databases = bulk.finish();
        CHECK(bulk.document_count() == expected.size());
    }
    REQUIRE(databases == index::shard_names(3));
    CHECK_FALSE(fs::exists(fs::path(dir) / ".runs"));
    Xapian::Database all;
    for (const auto& name : databases) {
        Xapian::Database shard(dir + "/" + name);
        CHECK(shard.get_metadata(index::kAnalyzerVersionKey) ==
              std::to_string(analysis::Analyzer::kVersion));
        CHECK(shard.get_metadata(index::kFingerprintKey) == index::analysis_fingerprint());
        CHECK_FALSE(shard.get_metadata(index::kUpdatedKey).empty());
        for (const auto& [id, body] : contents(shard)) {
            CHECK(index::shard_of(id, 3) == static_cast<unsigned>(name.back() - '0'));
        }
        all.add_database(shard);
    }
    CHECK(contents(all) == expected);
    CHECK(all.get_termfreq("Qcopy") == 0U);
    fs::remove_all(dir);
}

TEST_CASE("bulk builder with one job keeps the input order and equals the writer's documents") {
    auto bulk_dir = temp_dir("telusur_test_bulk_one");
    auto writer_dir = temp_dir("telusur_test_bulk_writer");
    index::BulkOptions options;
    options.run_documents = 3;
    options.runs_per_merge = 2;
    // The common terms come from the first 4 articles, which wait until then; the rest go
    // straight to the thread.
    options.common_sample = 4;
    analysis::Analyzer analyzer;
    std::vector<ingest::Article> articles;
    articles.reserve(10);
    for (int i = 0; i < 10; ++i) {
        articles.push_back(
            article(std::string("b").append(std::to_string(i)),
                    std::string(i % 2 == 0 ? "Chip H20 buatan Nvidia" : "Chip buatan Nvidia")
                        .append(" dan Ascend buatan Huawei, kabar ke-")
                        .append(std::to_string(i))
                        .append(i < 4 ? "." : ". Huawei dan Nvidia.")));
    }
    {
        index::BulkBuilder bulk(bulk_dir, entity::default_catalog(), options);
        for (const auto& a : articles) {
            bulk.add(a, "feed");
        }
        CHECK(bulk.finish() == std::vector<std::string>{""});
    }
    Xapian::Database b(bulk_dir);
    // Terms in at least 2 of the 4 sampled articles (not the numbers, nor the title's id);
    // their adjacent pairs are marked in every article, as OP_PHRASE would find them.
    auto common = search::split_markers(b.get_metadata(search::kCommonKey));
    CHECK(common.count("h20") == 1U);
    CHECK(common.count("berita") == 1U);
    CHECK(common.count("0") == 0U);
    CHECK(common.count("b0") == 0U);
    CHECK(b.get_termfreq("XWchip h20") == 5U);
    CHECK(b.get_termfreq("XWnvidia dan") == 10U);
    CHECK(b.get_termfreq("XWhuawei kabar") == 10U);  // across a comma, as a phrase matches
    CHECK(b.get_termfreq("XWhuawei dan") == 6U);     // only in the articles after the sample
    CHECK(b.get_termfreq("XWberita b0") == 0U);
    {
        // A writer marking the same pairs writes the same documents.
        auto phrases = std::make_shared<search::PhraseSet>();
        phrases->set_common(common);
        index::Writer writer(writer_dir, entity::default_catalog(), false, phrases);
        for (const auto& a : articles) {
            writer.add(a, analyzer, "feed", a.path);  // the bulk builder records a.path
        }
        writer.commit();
    }
    Xapian::Database w(writer_dir);
    CHECK(w.get_metadata(search::kCommonKey) == b.get_metadata(search::kCommonKey));
    REQUIRE(b.get_doccount() == 10U);
    REQUIRE(w.get_doccount() == 10U);
    for (Xapian::docid id = 1; id <= 10; ++id) {
        auto bd = b.get_document(id);
        auto wd = w.get_document(id);
        CHECK(bd.get_data() == wd.get_data());
        CHECK(bd.get_value(index::kFileHash) == "feed");
        std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> bt;
        std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> wt;
        for (auto t = bd.termlist_begin(); t != bd.termlist_end(); ++t) {
            bt.emplace_back(
                *t, std::vector<Xapian::termpos>(t.positionlist_begin(), t.positionlist_end()));
        }
        for (auto t = wd.termlist_begin(); t != wd.termlist_end(); ++t) {
            wt.emplace_back(
                *t, std::vector<Xapian::termpos>(t.positionlist_begin(), t.positionlist_end()));
        }
        CHECK(bt == wt);
        CHECK(bd.get_value(index::kEntityCounts) == wd.get_value(index::kEntityCounts));
    }
    fs::remove_all(bulk_dir);
    fs::remove_all(writer_dir);
}

TEST_CASE("bulk builder merges in groups when its runs are more than one merge may read") {
    // 63 runs of one document, merged 4 at a time as they come, leave 3 + 3 + 3 databases
    // (63 is 333 in base 4); a merge may read 4, so the final merge first folds consecutive
    // groups (9 -> 3), keeping the input order. With 32 open files allowed, reading the 9
    // at once (4+ files each) fails: the test also fails without the grouping.
    auto dir = temp_dir("telusur_test_bulk_groups");
    index::BulkOptions options;
    options.run_documents = 1;
    options.runs_per_merge = 4;
    options.max_merge_sources = 4;
    constexpr int kArticles = 63;
    std::vector<std::string> ids;
    rlimit saved{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    {
        index::BulkBuilder bulk(dir, entity::default_catalog(), options);
        for (int i = 0; i < kArticles; ++i) {
            ids.push_back(std::string("g").append(std::to_string(i)));
            bulk.add(article(ids.back(), "Kunlun P800 buatan Baidu, kabar ke-" + std::to_string(i)),
                     "");
        }
        rlimit low = saved;
        low.rlim_cur = std::min<rlim_t>(saved.rlim_cur, 32);
        REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
        std::vector<std::string> finished;
        std::string error;
        try {
            finished = bulk.finish();
        } catch (const std::exception& e) {
            error = e.what();
        }
        REQUIRE(setrlimit(RLIMIT_NOFILE, &saved) == 0);
        CHECK(error == "");
        CHECK(finished == std::vector<std::string>{""});
        CHECK(bulk.document_count() == static_cast<std::size_t>(kArticles));
    }
    CHECK_FALSE(fs::exists(fs::path(dir) / ".runs"));
    Xapian::Database db(dir);
    REQUIRE(db.get_doccount() == static_cast<Xapian::doccount>(kArticles));
    for (Xapian::docid did = 1; did <= static_cast<Xapian::docid>(kArticles); ++did) {
        CHECK(index::decode(db.get_document(did).get_data()).id == ids[did - 1]);
    }
    fs::remove_all(dir);
}

TEST_CASE("merge_sources_allowed raises the soft open-files limit and leaves room per database") {
    rlimit before{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &before) == 0);
    const auto allowed = index::merge_sources_allowed();
    rlimit after{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &after) == 0);
    CHECK(after.rlim_cur >= before.rlim_cur);
    if (before.rlim_max != RLIM_INFINITY) {
        CHECK(after.rlim_cur ==
              std::max(before.rlim_cur, std::min<rlim_t>(before.rlim_max, 65536)));
    }
    const auto files =
        after.rlim_cur == RLIM_INFINITY ? 65536 : std::min<rlim_t>(after.rlim_cur, 65536);
    CHECK(allowed >= 2U);
    CHECK(allowed * 8 + 256 <= std::max<rlim_t>(files, 272));
}

TEST_CASE("a bulk build compresses its records with a dictionary it keeps, a writer reuses it") {
    std::vector<ingest::Article> articles;
    for (int i = 0; i < 300; ++i) {
        std::string body;
        for (int s = 0; s < 8; ++s) {
            body += "Saham Nvidia dan Huawei bergerak " + std::to_string((i * 13 + s) % 211) +
                    " poin setelah laporan chip AI kuartal " + std::to_string(s % 4 + 1) + ". ";
        }
        articles.push_back(article("z" + std::to_string(i), body));
    }
    for (const bool compress : {true, false}) {
        CAPTURE(compress);
        auto dir = temp_dir("telusur_test_bulk_compress");
        index::BulkOptions options;
        options.jobs = 2;
        options.compress = compress;
        {
            index::BulkBuilder bulk(dir, entity::default_catalog(), options);
            for (const auto& a : articles) {
                bulk.add(a, "feed");
            }
            (void)bulk.finish();
        }
        {
            analysis::Analyzer analyzer;
            index::Writer writer(dir, entity::default_catalog());
            writer.add(article("late", "Kunlun P800 buatan Baidu."), analyzer);
            writer.commit();
        }
        Xapian::Database db(dir);
        // Without one from the build, the writer trains one on the 300 plain records: only its
        // own record is compressed.
        CHECK_FALSE(db.get_metadata(index::kDictionaryKey).empty());
        index::register_dictionary(db);
        std::size_t compressed = 0;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            compressed += index::is_compressed(db.get_document(*it).get_data()) ? 1 : 0;
        }
        CHECK(compressed == (compress ? articles.size() + 1 : 1U));
        const auto stored = contents(db);
        REQUIRE(stored.size() == articles.size() + 1);
        CHECK(stored.at("z17") == articles[17].body);
        CHECK(stored.at("late") == "Kunlun P800 buatan Baidu.");
        fs::remove_all(dir);
    }
}

TEST_CASE("a JSONL record is tied to its file, not to its FILE:LINE path") {
    // Tied to "FILE:LINE", the next incremental run found nothing of the file (read it all
    // again) and `--prune` removed every record of a file that still exists.
    auto dir = temp_dir("telusur_test_bulk_jsonl_file");
    const std::string file = "/tmp/feed.jsonl";
    {
        index::BulkOptions options;
        options.jobs = 2;
        index::BulkBuilder bulk(dir, nullptr, options);
        for (int line = 1; line <= 3; ++line) {
            auto a = article("j" + std::to_string(line), "Kabar ke-" + std::to_string(line));
            a.path = file + ":" + std::to_string(line);
            bulk.add(a, "filehash", file);
        }
        bulk.add(article("t1", "Teks biasa."), "txthash");  // no file given: its path
        (void)bulk.finish();
    }
    Xapian::Database db(dir);
    CHECK(db.get_termfreq(index::file_term(file)) == 3U);
    CHECK(db.get_termfreq(index::file_term(file + ":1")) == 0U);
    CHECK(db.get_termfreq(index::file_term("/tmp/t1.txt")) == 1U);
    {
        index::Writer w(dir);
        auto state = w.file_state(file, "filehash");
        CHECK(state.same);
        CHECK(state.ids.size() == 3U);
    }
    fs::remove_all(dir);
}
