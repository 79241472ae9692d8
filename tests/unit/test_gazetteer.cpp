// The gazetteer file format (data/entities.md): loading, checks with line numbers, load_more,
// ancestors and suggestions.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "telusur/data.hpp"
#include "telusur/entity/gazetteer.hpp"
#include "telusur/error.hpp"

using namespace telusur;
using telusur::entity::Gazetteer;

namespace {
auto message_of(std::string_view text) -> std::string {
    try {
        (void)Gazetteer::parse(text, "t.tsv");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

// The bundled file loads and has what the issue names.
TEST_CASE("data/entities.tsv loads and covers the issue's examples") {
    auto g = Gazetteer::load(data_path("entities.tsv").string());
    CHECK(g.all().size() > 150);
    struct Expect {
        const char* id;
        const char* type;
        const char* parent;
    };
    const Expect expected[] = {
        {"nvidia", "company", ""},        {"huawei", "company", ""},
        {"kunlun", "company", "baidu"},   {"baidu", "company", ""},
        {"alibaba", "company", ""},       {"tencent", "company", ""},
        {"cambricon", "company", ""},     {"smic", "company", ""},
        {"openai", "company", ""},        {"moonshot-ai", "company", ""},
        {"baichuan", "company", ""},      {"xiaomi", "company", ""},
        {"meta", "company", ""},          {"ascend", "product", "huawei"},
        {"zhenwu", "product", "t-head"},  {"ernie", "product", "baidu"},
        {"wechat", "product", "tencent"}, {"h100", "product", "nvidia"},
        {"h200", "product", "nvidia"},    {"blackwell", "product", "nvidia"},
        {"cuda", "product", "nvidia"},    {"jensen-huang", "person", ""},
        {"china", "place", ""},           {"amerika-serikat", "place", ""},
    };
    for (const auto& e : expected) {
        CAPTURE(e.id);
        const auto* found = g.find(e.id);
        REQUIRE(found != nullptr);
        CHECK(found->type == e.type);
        CHECK(found->parent == e.parent);
        CHECK(!found->aliases.empty());
    }
    // Products have a maker, except for the few the file says have none.
    for (const auto& e : g.all()) {
        if (e.type == "product" && e.id != "iskander") {
            CHECK_MESSAGE(!e.parent.empty(), e.id);
        }
    }
    // `AS` is case-sensitive.
    const auto* us = g.find("amerika-serikat");
    bool as_exact = false;
    for (const auto& a : us->aliases) {
        as_exact = as_exact || (a.text == "AS" && a.exact);
    }
    CHECK(as_exact);
    CHECK(g.find("nope") == nullptr);
}

// Every kind of bad line is an InputError naming FILE:LINE and what is wrong.
TEST_CASE("bad lines name the file and line") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"# comment\n\nnvidia\tcompany\tNvidia\n", "t.tsv:3: missing field 'aliases'"},
        {"nvidia\n", "t.tsv:1: missing field 'type'"},
        {"nvidia\tcompany\n", "t.tsv:1: missing field 'name'"},
        {"nvidia\tcompany\t\tNvidia\n", "t.tsv:1: missing field 'name'"},
        {"nvidia\tfirm\tNvidia\tNvidia\n", "t.tsv:1: unknown type 'firm'"},
        {"Nvidia\tcompany\tNvidia\tNvidia\n", "t.tsv:1: bad id 'Nvidia'"},
        {"a\tcompany\tA\tA\t\tx\n", "t.tsv:1: too many fields"},
        {"a\tcompany\tA\tA\nb\tcompany\tB\tB\na\tplace\tA2\tA2\n",
         "t.tsv:3: duplicate id 'a' (first defined at t.tsv:1)"},
        {"h1\tproduct\tH1\tH1\tnobody\n", "t.tsv:1: parent 'nobody' is not defined"},
        {"a\tcompany\tA\tA\ta\n", "t.tsv:1: entity 'a' is its own parent"},
        {"a\tcompany\tA\tA\tb\nb\tcompany\tB\tB\ta\n", "t.tsv:1: parent chain of 'a' is a cycle"},
        {"a\tcompany\tA\tA||B\n", "t.tsv:1: empty alias (number 2"},
        {"a\tcompany\tA\tA|=\n", "t.tsv:1: empty alias (number 2"},
        {"a\tcompany\tA\t\n", "t.tsv:1: empty alias (number 1"},
        {"a\tcompany\tA\tA!\n", "t.tsv:1: alias 'A!' must begin and end with a letter or digit"},
        {"a\tcompany\tA\tAlpha\nb\tcompany\tB\tALPHA\n",
         "t.tsv:2: alias 'ALPHA' already names 'a'"},
        {"a\tcompany\tA\t=AS\nb\tcompany\tB\tas\n", "t.tsv:2: alias 'as' already names 'a'"},
        {"a\tcompany\tA\tChat-GPT\nb\tcompany\tB\tchat gpt\n", "already names 'a'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto message = message_of(c.text);
        CHECK_MESSAGE(message.find(c.expected) != std::string::npos, message);
    }
}

// What is allowed: forward parents, CRLF, comments, padding, exact aliases differing in case.
TEST_CASE("good lines") {
    auto g = Gazetteer::parse(
        "# c\r\n  \r\nx1\tproduct\tX1\t X1 | =x-one \tacme\r\nacme\tcompany\tAcme\tAcme\r\n"
        "m\tcompany\tM\t=Meta|=META\n",
        "t.tsv");
    REQUIRE(g.all().size() == 3);
    const auto* x1 = g.find("x1");
    REQUIRE(x1 != nullptr);
    CHECK(x1->parent == "acme");
    REQUIRE(x1->aliases.size() == 2);
    CHECK(x1->aliases[0].text == "X1");
    CHECK(!x1->aliases[0].exact);
    CHECK(x1->aliases[1].text == "x-one");
    CHECK(x1->aliases[1].exact);
    CHECK(x1->source == "t.tsv:3");
    CHECK(g.index_of("acme") == 1);
    CHECK(g.index_of("zzz") == Gazetteer::npos);
}

// A user's file adds to the bundled one; on error nothing is added.
TEST_CASE("load_more adds a user's file on top") {
    auto g = Gazetteer::parse("acme\tcompany\tAcme\tAcme\n", "base.tsv");
    g.parse_more("rocket\tproduct\tRocket\tRocket\tacme\n", "user.tsv");
    CHECK(g.find("rocket") != nullptr);
    CHECK(g.ancestors("rocket") == std::vector<std::string>{"acme"});
    // Redefining an id, or a bad second line, adds nothing.
    CHECK_THROWS_WITH_AS(g.parse_more("ok\tplace\tOk\tOkland\nacme\tcompany\tA\tA2\n", "u2.tsv"),
                         doctest::Contains("u2.tsv:2: duplicate id 'acme' (first defined at "
                                           "base.tsv:1)"),
                         InputError);
    CHECK(g.find("ok") == nullptr);
    CHECK(g.all().size() == 2);
    // A file that does not exist.
    CHECK_THROWS_AS(g.load_more("/nonexistent/entities.tsv"), InputError);
    // The bundled file plus a user's file that uses its ids.
    auto bundled = Gazetteer::load(data_path("entities.tsv").string());
    auto path = std::filesystem::temp_directory_path() / "telusur_test_user_entities.tsv";
    {
        std::ofstream out(path);
        out << "# mine\nernie-4\tproduct\tERNIE 4.0\tERNIE 4.0|ERNIE 4\ternie\n";
    }
    bundled.load_more(path.string());
    std::filesystem::remove(path);
    CHECK(bundled.ancestors("ernie-4") == std::vector<std::string>{"ernie", "baidu"});
}

// The chain of parents, and "did you mean".
TEST_CASE("ancestors and suggestions") {
    auto g = Gazetteer::load(data_path("entities.tsv").string());
    CHECK(g.ancestors("kunlun-p800") == std::vector<std::string>{"kunlun", "baidu"});
    CHECK(g.ancestors("nvidia").empty());
    CHECK(g.ancestors("unknown").empty());
    CHECK(g.suggest("nvdia", "company").front() == "nvidia");
    CHECK(g.suggest("huwei").front() == "huawei");
    CHECK(g.suggest("moonshot", "company").front() == "moonshot-ai");
    CHECK(g.suggest("qqqqqqqqqqqq").empty());
    for (const auto& id : g.suggest("h10", "product")) {
        CHECK(g.find(id)->type == "product");
    }
}
