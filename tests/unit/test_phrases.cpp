#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/data.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/search/phrases.hpp"
#include "telusur/search/query.hpp"
#include "telusur/search/synonyms.hpp"

using namespace telusur;
using search::PhraseSet;
namespace fs = std::filesystem;

namespace {

auto article(const std::string& id, const std::string& title, const std::string& body)
    -> ingest::Article {
    ingest::Article a;
    a.id = id;
    a.path = "/tmp/" + id + ".txt";
    a.title = title;
    a.body = body;
    return a;
}

/// The markers find() sees in postings given as (position, term).
auto found(const PhraseSet& set, const std::vector<std::pair<Xapian::termpos, std::string>>& in)
    -> std::vector<std::string> {
    std::vector<PhraseSet::Posting> postings;
    postings.reserve(in.size());
    for (const auto& [position, term] : in) {
        postings.emplace_back(position, set.number_of(term));
    }
    return set.find(postings);
}

/// The shipped synonym groups and gazetteer aliases, as `telusur index` loads them.
auto shipped_table() -> search::SynonymTable {
    search::SynonymTable table;
    table.load(data_path("synonyms-id.txt"));
    search::add_entity_aliases(table, entity::default_catalog()->gazetteer());
    return table;
}

auto terms_of(const std::string& marker) -> std::vector<Xapian::Query> {
    std::istringstream in(marker.substr(std::string(search::kPhrasePrefix).size()));
    std::vector<Xapian::Query> out;
    for (std::string t; in >> t;) {
        out.emplace_back(t);
    }
    return out;
}

/// docid -> weight of every match of a query.
auto matches(const Xapian::Database& db, const Xapian::Query& q)
    -> std::vector<std::pair<Xapian::docid, double>> {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    auto mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
    std::vector<std::pair<Xapian::docid, double>> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.emplace_back(*it, it.get_weight());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("phrase terms are the stems the parser puts in an OP_PHRASE, and markers join them") {
    analysis::Analyzer a;
    CHECK(search::phrase_terms(a, "Republik Rakyat Tiongkok") ==
          std::vector<std::string>{"republik", "rakyat", "tiongkok"});
    CHECK(search::phrase_terms(a, "larangan ekspor") ==
          std::vector<std::string>{"larang", "ekspor"});
    CHECK(search::phrase_terms(a, "chip") == std::vector<std::string>{"chip"});
    // A compound stands for its parts, as in a quoted phrase.
    auto compound = search::phrase_terms(a, "Chat-GPT");
    CHECK(compound.size() == 2U);
    CHECK(search::phrase_marker({"kartu", "grafis"}) == "XWkartu grafis");
    CHECK(search::phrase_marker({"a", ""}).empty());
    CHECK(search::phrase_marker({std::string(300, 'x'), "y"}).empty());
    CHECK(search::split_markers(search::join_markers({"XWa b", "XWc d"})) ==
          std::set<std::string>{"XWa b", "XWc d"});
    CHECK(search::split_markers("").empty());
    const auto value = search::join_markers({"XWa b", "XWa b c", "XWc d"});
    CHECK(search::lists_marker(value, "XWa b"));
    CHECK(search::lists_marker(value, "XWa b c"));
    CHECK(search::lists_marker(value, "XWc d"));
    CHECK_FALSE(search::lists_marker(value, "XWb"));
    CHECK_FALSE(search::lists_marker(value, "XWa"));
    CHECK_FALSE(search::lists_marker(value, "XWc d\n"));
    CHECK_FALSE(search::lists_marker("", "XWa b"));
    CHECK_FALSE(search::lists_marker(value, ""));
}

TEST_CASE("a phrase set holds the multi-word members of the synonym table") {
    analysis::Analyzer a;
    search::SynonymTable table;
    table.add_group({"gpu", "kartu grafis", "graphics processing unit"});
    table.add_group({"china", "=RRT"});
    PhraseSet set(table, a);
    CHECK(set.markers() == std::set<std::string>{"XWkartu grafis", "XWgraphics processing unit"});
    CHECK(set.number_of("grafis") >= 0);
    CHECK(set.number_of("gpu") == -1);
    CHECK(PhraseSet(shipped_table(), a).markers().count("XWrepublik rakyat tiongkok") == 1U);
}

TEST_CASE("find: terms at consecutive positions, in any order of postings") {
    PhraseSet set;
    set.add({"kartu", "grafis"});
    set.add({"a", "a"});
    set.add({"x", "y", "z"});
    CHECK(found(set,
                {{7, "grafis"}, {3, "x"}, {6, "kartu"}, {4, "y"}, {9, "kartu"}, {11, "grafis"}}) ==
          std::vector<std::string>{"XWkartu grafis"});  // 6-7, not 9-11; no z
    CHECK(found(set, {{1, "kartu"}, {3, "grafis"}}).empty());
    CHECK(found(set,
                {{1, "kartu"}, {2, "grafis"}, {5, "kartu"}, {6, "grafis"}, {8, "a"}, {9, "a"}}) ==
          std::vector<std::string>{"XWa a", "XWkartu grafis"});
    CHECK(found(set, {{8, "a"}}).empty());
    // Two terms at one position (a compound and its first part) do not hide each other; terms
    // of no phrase (-1) are passed over.
    CHECK(found(set, {{2, "x"}, {3, "q"}, {3, "y"}, {4, "z"}}) ==
          std::vector<std::string>{"XWx y z"});
    CHECK(found(set, {}).empty());
}

TEST_CASE("marked phrases match the documents and weights of OP_PHRASE, for every shipped phrase") {
    // The bundled articles plus sentences that put phrases where positions are tricky: in the
    // title, at the end, across punctuation, split between title and body, with a word between.
    analysis::Analyzer analyzer;
    auto catalog = entity::default_catalog();
    const PhraseSet phrases(shipped_table(), analyzer);
    REQUIRE(phrases.markers().size() > 50U);
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto cleaner = ingest::Cleaner::standard();
    auto list = ingest::collect_files({std::string(TELUSUR_SOURCE_DIR) + "/data/articles"});
    for (const auto& f : list.files) {
        for (const auto& a : ingest::read_file(f, cleaner, {}).articles) {
            db.add_document(index::make_document(a, analyzer, catalog.get(), &phrases));
        }
    }
    const std::vector<std::pair<std::string, std::string>> texts{
        {"Kartu Grafis baru", "Nvidia menjual kartu grafis dan kartu. Grafis lain."},
        {"Republik Rakyat", "Tiongkok membatasi ekspor; Republik Rakyat Tiongkok."},
        {"Larangan", "Larangan ekspor, larangan impor, larangan-ekspor chip, larangan  ekspor"},
        {"Berita", "model bahasa besar sekali; model bahasa yang besar; Large Language Model"},
        {"Chat-GPT dan ChatGPT", "Chat GPT, chat-gpt, Kecerdasan Buatan (AI), kecerdasan"},
    };
    int n = 0;
    for (const auto& [title, body] : texts) {
        db.add_document(index::make_document(article("t" + std::to_string(n++), title, body),
                                             analyzer, catalog.get(), &phrases));
    }
    int occurring = 0;
    for (const auto& marker : phrases.markers()) {
        CAPTURE(marker);
        auto terms = terms_of(marker);
        Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
        Xapian::Query marked(Xapian::Query::OP_FILTER,
                             Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                             Xapian::Query(marker));
        auto expected = matches(db, phrase);
        CHECK(matches(db, marked) == expected);
        occurring += expected.empty() ? 0 : 1;
    }
    CHECK(occurring >= 10);  // the comparison is not only between empty sets
    // Markers are boolean: document lengths are those of a document without them.
    auto plain = index::make_document(article("p", texts[0].first, texts[0].second), analyzer,
                                      catalog.get());
    auto with = index::make_document(article("p", texts[0].first, texts[0].second), analyzer,
                                     catalog.get(), &phrases);
    Xapian::WritableDatabase two(std::string(), Xapian::DB_BACKEND_INMEMORY);
    two.add_document(plain);
    two.add_document(with);
    CHECK(two.get_doclength(1) == two.get_doclength(2));
    CHECK(two.term_exists("XWkartu grafis"));
}

TEST_CASE("the parser uses a marker only where the index has it") {
    analysis::Analyzer a;
    search::SynonymTable table;
    table.add_group({"gpu", "kartu grafis"});
    search::QueryContext context;
    context.synonyms = [&](const std::string& t) { return table.alternatives(t); };
    CHECK(search::parse_query("gpu", a, context).query.get_description() ==
          "Query((gpu OR (kartu PHRASE 2 grafis)))");
    context.marked = [](const std::string& m) { return m == "XWkartu grafis"; };
    CHECK(search::parse_query("gpu", a, context).query.get_description() ==
          "Query((gpu OR ((kartu AND grafis) FILTER XWkartu grafis)))");
    CHECK(search::parse_query("\"kartu grafis\"", a, context).query.get_description() ==
          "Query((((kartu AND grafis) FILTER XWkartu grafis) OR gpu))");
    // Other phrases, and phrases in a field, stay positional.
    CHECK(search::parse_query("\"kartu baru\"", a, context).query.get_description() ==
          "Query((kartu PHRASE 2 baru))");
    CHECK(search::parse_query("title:\"kartu grafis\"", a, context).query.get_description() ==
          "Query((Skartu PHRASE 2 Sgrafis))");
}

TEST_CASE("an index records the phrases all its documents are marked for") {
    analysis::Analyzer a;
    auto dir = (fs::temp_directory_path() / "telusur_test_phrases_writer").string();
    fs::remove_all(dir);
    auto two = std::make_shared<PhraseSet>();
    two->add({"kartu", "grafis"});
    two->add({"larang", "ekspor"});
    auto one = std::make_shared<PhraseSet>();
    one->add({"kartu", "grafis"});
    one->add({"pusat", "data"});
    auto recorded = [&] {
        return search::split_markers(Xapian::Database(dir).get_metadata(search::kPhrasesKey));
    };
    {
        index::Writer w(dir, nullptr, true, two);  // fresh: the set as it is
        w.add(article("a", "Kartu grafis", "Larangan ekspor kartu grafis."), a);
        w.commit();
    }
    CHECK(recorded() == two->markers());
    {
        index::Writer w(dir, nullptr, true, one);  // older documents: only what both sets have
        w.add(article("b", "Pusat data", "Pusat data baru."), a);
        w.commit();
    }
    CHECK(recorded() == std::set<std::string>{"XWkartu grafis"});
    {
        index::Writer w(dir, nullptr, true, nullptr);  // a writer without phrases: none left
        w.add(article("c", "Chip", "Chip baru."), a);
        w.commit();
    }
    CHECK(recorded().empty());
    fs::remove_all(dir);
}

TEST_CASE("common terms: pairs at consecutive positions, chosen by document frequency") {
    PhraseSet set;
    set.add({"kartu", "grafis"});
    set.set_common({"di", "as", "ada"});
    CHECK(set.number_of("as") >= 0);
    CHECK(set.common() == std::set<std::string>{"ada", "as", "di"});
    CHECK(set.markers() == std::set<std::string>{"XWkartu grafis"});  // kPhrasesKey's part
    CHECK(found(set, {{1, "di"},
                      {2, "as"},
                      {3, "kartu"},
                      {4, "grafis"},
                      {5, "ada"},
                      {7, "ada"},
                      {8, "di"},
                      {9, "kartu"}}) ==
          std::vector<std::string>{"XWada di", "XWdi as", "XWkartu grafis"});
    // Two terms at one position each pair with the next; a term of no phrase sits between.
    CHECK(found(set, {{2, "ada"}, {2, "as"}, {3, "di"}, {4, "q"}, {5, "as"}}) ==
          std::vector<std::string>{"XWada di", "XWas di"});
    CHECK(found(set, {{1, "di"}, {1, "di"}, {2, "di"}}) == std::vector<std::string>{"XWdi di"});
    set.set_common({"di"});  // replaces the set
    CHECK(found(set, {{1, "di"}, {2, "as"}, {3, "di"}, {4, "di"}}) ==
          std::vector<std::string>{"XWdi di"});
    set.set_common({"a b", ""});  // a space would make the marker ambiguous
    CHECK(set.common().empty());
    CHECK(PhraseSet().empty());
    PhraseSet only_common;
    only_common.set_common({"di"});
    CHECK_FALSE(only_common.empty());

    analysis::Analyzer a;
    search::CommonTerms sample;
    sample.add(a, "Chip buatan Nvidia dijual di AS.");
    sample.add(a, "Chip Huawei dijual di Tiongkok.");
    sample.add(a, "Chip Nvidia di AS, chip chip chip.");
    CHECK(sample.documents() == 3U);
    // chip, di: 3 documents; as, jual, nvidia: 2; ties by term; one document is never enough.
    CHECK(sample.choose(2) == std::set<std::string>{"chip", "di"});
    CHECK(sample.choose(4) == std::set<std::string>{"as", "chip", "di", "jual"});
    CHECK(sample.choose(100) == std::set<std::string>{"as", "chip", "di", "jual", "nvidia"});
    CHECK(sample.choose(0).empty());
    CHECK(search::CommonTerms().choose(10).empty());

    CHECK(search::common_pair("as\ndi\n", "XWdi as"));
    CHECK(search::common_pair("as\ndi\n", "XWdi di"));
    CHECK_FALSE(search::common_pair("as\ndi\n", "XWdi chip"));
    CHECK_FALSE(search::common_pair("as\ndi\n", "XWdi as di"));
    CHECK_FALSE(search::common_pair("as\ndi\n", "XWdi"));
    CHECK_FALSE(search::common_pair("as\ndi\n", "Zdi as"));
    CHECK_FALSE(search::common_pair("", "XWdi as"));
}

TEST_CASE("the parser filters phrases of common terms by their pair markers") {
    analysis::Analyzer a;
    search::QueryContext context;
    const std::string common = "ada\nchina\nikut\ntelah\n";
    context.marked = [&](const std::string& m) { return search::common_pair(common, m); };
    auto parsed = [&](const std::string& q) {
        return search::parse_query(q, a, context).query.get_description();
    };
    CHECK(parsed("\"berikut adalah\"") == "Query(((ikut AND ada) FILTER XWikut ada))");
    CHECK(parsed("\"china telah memiliki\"") ==
          "Query(((china PHRASE 3 telah PHRASE 3 milik) FILTER XWchina telah))");
    CHECK(parsed("\"adalah china telah\"") ==
          "Query(((ada PHRASE 3 china PHRASE 3 telah) FILTER (XWada china AND XWchina telah)))");
    CHECK(parsed("\"telah memiliki\"") == "Query((telah PHRASE 2 milik))");
    CHECK(parsed("title:\"berikut adalah\"") == "Query((Sikut PHRASE 2 Sada))");
}

TEST_CASE("phrases filtered by common pairs match the documents and weights of OP_PHRASE") {
    // The bundled articles and generated sentences of their words: the common terms chosen
    // from them, every document marked; then two- and three-word phrases taken from the texts
    // (and some shuffled ones) parsed with and without the markers.
    analysis::Analyzer analyzer;
    auto cleaner = ingest::Cleaner::standard();
    std::vector<ingest::Article> articles;
    auto list = ingest::collect_files({std::string(TELUSUR_SOURCE_DIR) + "/data/articles"});
    for (const auto& f : list.files) {
        for (auto& a : ingest::read_file(f, cleaner, {}).articles) {
            articles.push_back(std::move(a));
        }
    }
    REQUIRE(articles.size() >= 5U);
    std::vector<std::string> words;
    for (const auto& a : articles) {
        for (const auto& t : analyzer.tokenize(a.body)) {
            words.push_back(a.body.substr(t.begin, t.end - t.begin));
        }
    }
    std::mt19937 rng(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    auto sentence = [&](std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out.append(i == 0 ? "" : (i % 9 == 0 ? ". " : " ")).append(words[pick(rng)]);
        }
        return out;
    };
    for (int i = 0; i < 200; ++i) {
        articles.push_back(article("g" + std::to_string(i), sentence(6), sentence(120)));
    }
    search::CommonTerms sample;
    for (const auto& a : articles) {
        sample.add(analyzer, a.title + "\n" + a.body);
    }
    PhraseSet phrases;
    phrases.set_common(sample.choose(search::kCommonTerms));
    REQUIRE(phrases.common().size() == search::kCommonTerms);
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& a : articles) {
        db.add_document(index::make_document(a, analyzer, nullptr, &phrases));
    }
    const auto recorded = search::join_markers(phrases.common());
    search::QueryContext marked;
    marked.marked = [&](const std::string& m) { return search::common_pair(recorded, m); };
    std::vector<std::string> queries;
    for (std::size_t at = 0; at + 3 < words.size(); at += 5) {
        queries.push_back('"' + words[at] + ' ' + words[at + 1] + '"');
        queries.push_back('"' + words[at] + ' ' + words[at + 1] + ' ' + words[at + 2] + '"');
        queries.push_back('"' + words[pick(rng)] + ' ' + words[pick(rng)] + '"');
    }
    int filtered = 0;
    int found_any = 0;
    for (const auto& text : queries) {
        CAPTURE(text);
        auto plain = search::parse_query(text, analyzer).query;
        auto with = search::parse_query(text, analyzer, marked).query;
        REQUIRE(plain.get_description().find("XW") == std::string::npos);
        filtered += with.get_description().find("XW") != std::string::npos ? 1 : 0;
        auto expected = matches(db, plain);
        CHECK(matches(db, with) == expected);
        found_any += expected.empty() ? 0 : 1;
    }
    CHECK(filtered >= 100);  // the markers were used, and not only where nothing matches
    CHECK(found_any >= 200);
}

TEST_CASE("a writer on an existing index marks the pairs of the recorded common terms") {
    analysis::Analyzer a;
    auto dir = (fs::temp_directory_path() / "telusur_test_phrases_common").string();
    fs::remove_all(dir);
    auto with = [](const std::set<std::string>& common) {
        auto set = std::make_shared<PhraseSet>();
        set->set_common(common);
        return set;
    };
    auto recorded = [&] { return Xapian::Database(dir).get_metadata(search::kCommonKey); };
    {
        index::Writer w(dir, nullptr, true, with({"chip", "nvidia"}));
        w.add(article("a", "Chip", "Chip Nvidia dan chip."), a);
        w.commit();
    }
    CHECK(recorded() == "chip\nnvidia\n");
    {
        index::Writer w(dir, nullptr, true, with({"nvidia", "dan"}));  // another set: ignored
        w.add(article("b", "Chip", "Chip Nvidia dan chip lagi."), a);
        w.commit();
    }
    {
        index::Writer w(dir, nullptr, true, nullptr);
        w.add(article("c", "Chip", "Nvidia chip dan chip Nvidia."), a);
        w.commit();
    }
    CHECK(recorded() == "chip\nnvidia\n");
    Xapian::Database db(dir);
    REQUIRE(db.get_doccount() == 3U);
    CHECK(db.get_termfreq("XWchip nvidia") == 3U);
    CHECK(db.get_termfreq("XWnvidia chip") == 1U);
    CHECK(db.get_termfreq("XWnvidia dan") == 0U);
    CHECK(db.get_termfreq("XWdan chip") == 0U);
    fs::remove_all(dir);
}
