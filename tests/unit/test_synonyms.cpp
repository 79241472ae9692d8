#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "telusur/error.hpp"
#include "telusur/search/synonyms.hpp"

using telusur::search::SynonymTable;

TEST_CASE("alternatives in both directions, case-folded") {
    SynonymTable t;
    t.add_group({"china", "Tiongkok", "cina"});
    t.add_group({"Amerika Serikat", "=AS", "US"});
    // Each member finds the others.
    CHECK(t.alternatives("TIONGKOK") == std::vector<std::string>{"china", "cina"});
    CHECK(t.alternatives("china") == std::vector<std::string>{"Tiongkok", "cina"});
    CHECK(t.alternatives("amerika  serikat") == std::vector<std::string>{"AS", "US"});
    // Case-sensitive members only as written: AS is the country, "as" is a word.
    CHECK(t.alternatives("AS") == std::vector<std::string>{"Amerika Serikat", "US"});
    CHECK(t.alternatives("as").empty());
    CHECK(t.alternatives("nvidia").empty());
}

TEST_CASE("the shipped synonym file loads and bad lines name their line") {
    SynonymTable t;
    t.load(std::string(TELUSUR_SOURCE_DIR) + "/data/synonyms-id.txt");
    CHECK(t.group_count() >= 5);
    CHECK(t.alternatives("cip") == std::vector<std::string>{"chip", "keping"});
    CHECK(t.alternatives("AI").size() >= 1);
    auto bad = std::filesystem::temp_directory_path() / "telusur_bad_synonyms.txt";
    std::ofstream(bad) << "# ok\nchip | cip\nlonely\n";
    CHECK_THROWS_WITH_AS(t.load(bad.string()), doctest::Contains("telusur_bad_synonyms.txt:3:"),
                         telusur::InputError);
    std::filesystem::remove(bad);
}
