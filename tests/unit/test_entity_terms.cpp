// The entity terms and counts value of a document, and reading them back.

#include <doctest/doctest.h>

#include <set>

#include "telusur/entity/terms.hpp"

using namespace telusur::entity;

namespace {
auto tiny() -> Gazetteer {
    return Gazetteer::parse(
        "baidu\tcompany\tBaidu\tBaidu\n"
        "kunlun\tcompany\tKunlunxin\tKunlun\tbaidu\n"
        "p800\tproduct\tKunlun P800\tKunlun P800\tkunlun\n"
        "jh\tperson\tJensen Huang\tJensen Huang\n"
        "as\tplace\tAS\t=AS\n"
        "o\torg\tBRIN\t=BRIN\n",
        "tiny.tsv");
}
auto terms_of(const Xapian::Document& doc) -> std::set<std::string> {
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        if ((*it).starts_with(kMentionPrefix)) {
            CHECK(it.get_wdf() > 0);  // ranking term: wdf = mentions (checked below)
            continue;
        }
        CHECK(it.get_wdf() == 0);  // filters are boolean: no effect on document length or BM25
        out.insert(*it);
    }
    return out;
}
}  // namespace

// Which terms each kind of mention adds.
TEST_CASE("add_entity_terms") {
    const auto g = tiny();
    const Matcher m(g);
    struct Case {
        const char* text;
        std::set<std::string> terms;
        std::map<std::string, unsigned> counts;
    };
    const Case cases[] = {
        {"Baidu, Baidu", {"XEbaidu", "XCbaidu", "XAbaidu"}, {{"baidu", 2}}},
        {"Kunlun P800", {"XEp800", "XPp800", "XAp800", "XAkunlun", "XAbaidu"}, {{"p800", 1}}},
        {"Jensen Huang di AS; BRIN",
         {"XEjh", "XNjh", "XAjh", "XEas", "XLas", "XAas", "XEo", "XOo", "XAo"},
         {{"as", 1}, {"jh", 1}, {"o", 1}}},
        {"tidak ada", {}, {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        Xapian::Document doc;
        add_entity_terms(doc, m.find(c.text), g);
        CHECK(terms_of(doc) == c.terms);
        CHECK(entity_terms_of(doc) == c.counts);
        CHECK(doc.get_value(kCountsSlot).empty() == c.counts.empty());
        for (const auto& [id, n] : c.counts) {  // mention terms carry the counts for BM25
            auto term = std::string(kMentionPrefix).append(id);
            auto it = doc.termlist_begin();
            it.skip_to(term);
            REQUIRE(it != doc.termlist_end());
            CHECK(*it == term);
            CHECK(it.get_wdf() == n);
        }
    }
    // An id the gazetteer does not know (an index built with another file) gets only XE.
    Xapian::Document doc;
    add_entity_terms(doc, {{"gone", 0, 4}}, g);
    CHECK(terms_of(doc) == std::set<std::string>{"XEgone", "XAgone"});
}

// The counts value: format and tolerance.
TEST_CASE("serialise_counts") {
    const std::map<std::string, unsigned> counts{{"nvidia", 7}, {"baidu", 3}};
    CHECK(serialise_counts(counts) == "baidu 3\nnvidia 7\n");
    CHECK(unserialise_counts(serialise_counts(counts)) == counts);
    CHECK(unserialise_counts("").empty());
    CHECK(unserialise_counts("a 1\nbroken\n x\nb -1\nc 2x\nd 4") ==
          std::map<std::string, unsigned>{{"a", 1}, {"d", 4}});
    CHECK(type_prefix("company") == "XC");
    CHECK(type_prefix("thing").empty());
    CHECK(filter_term("XC", "nvidia") == "XCnvidia");
}
