#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "telusur/error.hpp"
#include "telusur/index/layout.hpp"

namespace fs = std::filesystem;
using namespace telusur::index;

namespace {
auto fresh(const std::string& name) -> std::string {
    auto dir = (fs::temp_directory_path() / name).string();
    fs::remove_all(dir);
    return dir;
}
/// A complete generation holding one glass database with n documents.
auto build(const std::string& dir, int n) -> layout::Generation {
    auto gen = layout::new_generation(dir);
    Xapian::WritableDatabase db(gen.path.string(), Xapian::DB_CREATE_OR_OPEN);
    for (int i = 0; i < n; ++i) {
        Xapian::Document d;
        d.add_term(std::string("t").append(std::to_string(i)));
        db.add_document(d);
    }
    db.commit();
    db.close();
    layout::mark_complete(gen);
    gen.complete = true;
    return gen;
}
}  // namespace

TEST_CASE("kinds of directories") {
    auto dir = fresh("telusur_test_layout_kinds");
    CHECK(layout::kind_of(dir) == layout::Kind::kMissing);
    fs::create_directories(dir);
    CHECK(layout::kind_of(dir) == layout::Kind::kEmpty);
    // The repository's index/ holds a README.md (and git may add dotfiles): still empty.
    std::ofstream(fs::path(dir) / "README.md") << "# index/";
    std::ofstream(fs::path(dir) / ".gitkeep") << "";
    CHECK(layout::kind_of(dir) == layout::Kind::kEmpty);
    std::ofstream(fs::path(dir) / "notes.txt") << "hello";
    CHECK(layout::kind_of(dir) == layout::Kind::kForeign);
    CHECK(layout::kind_of(dir + "/notes.txt") == layout::Kind::kForeign);
    fs::remove(fs::path(dir) / "notes.txt");
    { Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN); }
    CHECK(layout::kind_of(dir) == layout::Kind::kLegacy);
    CHECK(layout::live_databases(dir) == std::vector<fs::path>{fs::path(dir)});
    fs::remove_all(dir);
}

TEST_CASE("publish switches the stub and keeps one previous generation") {
    auto dir = fresh("telusur_test_layout_publish");
    auto g1 = build(dir, 1);
    CHECK(g1.number == 1);
    layout::publish(dir, g1);
    CHECK(layout::kind_of(dir) == layout::Kind::kStub);
    CHECK(Xapian::Database(dir).get_doccount() == 1);
    auto g2 = build(dir, 2);
    layout::publish(dir, g2);
    CHECK(Xapian::Database(dir).get_doccount() == 2);
    auto g3 = build(dir, 3);
    layout::publish(dir, g3);
    CHECK(Xapian::Database(dir).get_doccount() == 3);
    auto gens = layout::list_generations(dir);
    REQUIRE(gens.size() == 2);  // gen 1 removed; 2 kept for rollback
    CHECK(gens[0].number == 2);
    CHECK(layout::current_generation(dir)->number == 3);
    CHECK(layout::rollback(dir).number == 2);
    CHECK(Xapian::Database(dir).get_doccount() == 2);
    CHECK(layout::rollback(dir).number == 3);  // and forward again
    CHECK(Xapian::Database(dir).get_doccount() == 3);
    fs::remove_all(dir);
}

TEST_CASE("a stub's glass lines are its live databases, its other lines other databases") {
    auto dir = fresh("telusur_test_layout_other");
    auto g1 = build(dir, 1);
    layout::publish(dir, g1);
    CHECK(layout::live_databases(dir) == std::vector<fs::path>{g1.path});
    CHECK(layout::other_databases(dir).empty());
    // A stub that mixes a local shard with remote ones (a comment line is neither).
    layout::write_stub(
        dir, {"# shards", "glass gen-000001", "remote 10.0.0.11:7001", "remote 10.0.0.12:7001"});
    CHECK(layout::live_databases(dir) == std::vector<fs::path>{fs::path(dir) / "gen-000001"});
    CHECK(layout::other_databases(dir) ==
          std::vector<std::string>{"remote 10.0.0.11:7001", "remote 10.0.0.12:7001"});
    // A plain glass database has none; nor has a directory without an index.
    CHECK(layout::other_databases(g1.path.string()).empty());
    CHECK(layout::other_databases(fresh("telusur_test_layout_other_none")).empty());
    fs::remove_all(dir);
}

TEST_CASE("unfinished generations are not published and are cleaned up") {
    auto dir = fresh("telusur_test_layout_cleanup");
    auto g1 = build(dir, 1);
    layout::publish(dir, g1);
    auto half = layout::new_generation(dir);
    CHECK_THROWS_AS(layout::publish(dir, half), telusur::IndexError);
    CHECK(layout::clean_up(dir) == 1);
    CHECK(!fs::exists(half.path));
    CHECK(Xapian::Database(dir).get_doccount() == 1);
    CHECK_THROWS_AS(layout::rollback(dir), telusur::IndexError);
    fs::remove_all(dir);
}

TEST_CASE("a legacy index is converted by publishing a generation") {
    auto dir = fresh("telusur_test_layout_legacy");
    {
        Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
        db.add_document(Xapian::Document());
        db.commit();
    }
    auto g1 = build(dir, 4);
    layout::publish(dir, g1);
    CHECK(layout::kind_of(dir) == layout::Kind::kStub);
    CHECK(Xapian::Database(dir).get_doccount() == 4);
    CHECK(layout::rollback(dir).number == 0);  // the legacy database, kept as gen-000000
    CHECK(Xapian::Database(dir).get_doccount() == 1);
    fs::remove_all(dir);
}

TEST_CASE("the writer lock admits one holder and names it") {
    auto dir = fresh("telusur_test_layout_lock");
    {
        layout::WriterLock lock(dir);
        CHECK(layout::lock_holder(dir).find("pid ") == 0);
        // flock is per open file description: a second lock in the same process conflicts too.
        CHECK_THROWS_AS(layout::WriterLock(dir, 0.2), telusur::IndexError);
    }
    CHECK(layout::lock_holder(dir).empty());
    layout::WriterLock again(dir);
    fs::remove_all(dir);
}
