#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "telusur/config.hpp"
#include "telusur/error.hpp"

namespace fs = std::filesystem;
using telusur::config::load;

namespace {

/** A private directory with a config file in it; removed at the end. */
struct Dir {
    Dir() : path(fs::temp_directory_path() / ("telusur-config-" + std::to_string(getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path / "telusur");
    }
    Dir(const Dir&) = delete;
    auto operator=(const Dir&) -> Dir& = delete;
    ~Dir() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
    }
    fs::path path;
};

/// A fake environment: only the given variables are set.
auto env(std::map<std::string, std::string> vars) -> telusur::config::Getenv {
    return [vars = std::move(vars)](const char* name) -> const char* {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

}  // namespace

TEST_CASE("built-in defaults when there is no config file and no environment") {
    Dir dir;
    auto s = load(std::nullopt, env({{"XDG_CONFIG_HOME", dir.path.string()}}));
    CHECK(s.file.empty());
    CHECK(s.index.value == "./index");
    CHECK(s.index.source == "default");
    CHECK(s.limit.value == "10");
    CHECK(s.color.value == "auto");
    CHECK(s.gazetteers.empty());
}

TEST_CASE(
    "the XDG config file sets values and names its lines, relative paths from its directory") {
    Dir dir;
    dir.write("telusur/mine.tsv", "x\tcompany\tX\tXcorp\n");
    dir.write("telusur/config",
              "# comment\n\nindex = idx  # relative\nlimit = 25\t# tab\ncolor=never\n  snippet-length = 300  \n"
              "gazetteer = mine.tsv\nsynonyms = ~/syn.txt\n");
    dir.write("syn.txt", "a | b\n");
    auto s = load(std::nullopt,
                  env({{"XDG_CONFIG_HOME", dir.path.string()}, {"HOME", dir.path.string()}}));
    auto file = (dir.path / "telusur" / "config").string();
    CHECK(s.file == file);
    CHECK(s.index.value == (dir.path / "telusur" / "idx").string());
    CHECK(s.index.source == file + ":3");
    CHECK(s.limit.value == "25");
    CHECK(s.color.value == "never");
    CHECK(s.snippet_length.value == "300");
    CHECK(s.snippet_length.source == file + ":6");
    REQUIRE(s.gazetteers.size() == 1);
    CHECK(s.gazetteers[0].value == (dir.path / "telusur" / "mine.tsv").string());
    REQUIRE(s.synonyms.size() == 1);
    CHECK(s.synonyms[0].value == (dir.path / "syn.txt").string());
}

TEST_CASE("the environment beats the config file") {
    Dir dir;
    dir.write("telusur/config", "index = /from/file\ncolor = always\n");
    dir.write("g1.tsv", "");
    auto s = load(std::nullopt, env({{"XDG_CONFIG_HOME", dir.path.string()},
                                     {"TELUSUR_INDEX", "/from/env"},
                                     {"NO_COLOR", "1"},
                                     {"TELUSUR_ENTITIES", "/a.tsv:/b.tsv"},
                                     {"PAGER", "most"}}));
    CHECK(s.index.value == "/from/env");
    CHECK(s.index.source == "environment (TELUSUR_INDEX)");
    CHECK(s.color.value == "never");
    CHECK(s.pager.value == "most");
    REQUIRE(s.gazetteers.size() == 2);
    CHECK(s.gazetteers[1].value == "/b.tsv");
}

TEST_CASE("HOME/.config is the fallback and --config must exist") {
    Dir dir;
    fs::create_directories(dir.path / ".config" / "telusur");
    dir.write(".config/telusur/config", "limit = 7\n");
    auto s = load(std::nullopt, env({{"HOME", dir.path.string()}}));
    CHECK(s.limit.value == "7");
    CHECK_THROWS_WITH_AS((void)load(std::string((dir.path / "nope").string()), env({})),
                         doctest::Contains("nope: cannot read config file"), telusur::InputError);
}

TEST_CASE("bad config lines are errors naming FILE and LINE") {
    Dir dir;
    auto file = (dir.path / "telusur" / "config").string();
    auto check = [&](const std::string& text, const std::string& message) {
        dir.write("telusur/config", text);
        CHECK_THROWS_WITH_AS((void)load(file, env({})), doctest::Contains(message.c_str()),
                             telusur::InputError);
    };
    check("limit = 10\nlimt = 5\n", file + ":2: unknown setting 'limt'");
    check("limit = many\n", file + ":1: limit must be a whole number from 0 to 10000");
    check("limit = 20000\n", ":1: limit must be");
    check("snippet-length = 5\n", ":1: snippet-length must be");
    check("color = blue\n", ":1: color must be auto, always or never, got 'blue'");
    check("index\n", ":1: expected 'key = value'");
    check("index =\n", ":1: index must be set");
    check("gazetteer = /no/such/file.tsv\n", ":1: gazetteer file /no/such/file.tsv does not exist");
}

TEST_CASE("split_list drops empty parts") {
    CHECK(telusur::config::split_list("a::b:") == std::vector<std::string>{"a", "b"});
    CHECK(telusur::config::split_list("").empty());
}
