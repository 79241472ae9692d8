// Index lifecycle commands: telusur rollback | stats | check | compact [--index DIR] ...

#include <xapian.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "telusur/analysis/analyzer.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/index/layout.hpp"
#include "telusur/search/phrases.hpp"
#include "telusur/search/query.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace telusur::cli {

namespace {

namespace layout = index::layout;

/// Parses the options every lifecycle command shares; returns none after printing --help.
auto parse(const std::vector<std::string>& args, po::options_description& visible)
    -> std::optional<po::variables_map> {
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)");
    add_common_options(visible);
    return parse_command(args, visible);
}

auto index_dir(const po::variables_map& vm) -> std::string {
    return index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
}

/** A command that switches the index: its directory, locked against other writers. */
struct Locked {
    std::string dir;
    std::unique_ptr<layout::WriterLock> lock;
};

/// Parses a switching command's options (adds --wait), checks that the directory holds an
/// index (one-line error otherwise) and takes the writer lock. None after printing --help.
auto lock_index(const std::vector<std::string>& args, po::options_description& visible)
    -> std::optional<Locked> {
    visible.add_options()("wait", po::value<double>()->default_value(0),
                          "if another process is updating the index, wait up to SECONDS");
    auto vm = parse(args, visible);
    if (!vm) {
        return std::nullopt;
    }
    Locked out{index_dir(*vm), nullptr};
    (void)index::open_for_reading(out.dir);  // reports missing / foreign / corrupt the usual way
    out.lock = std::make_unique<layout::WriterLock>(out.dir, (*vm)["wait"].as<double>());
    return out;
}

/// "20240212" -> "2024-02-12"
auto dashed(const std::string& ymd) -> std::string {
    return ymd.size() == 8 ? ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2)
                           : ymd;
}

}  // namespace

auto rollback_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur rollback [OPTIONS]\n\n"
        "Switches the index back to the generation that was live before the last --rebuild or\n"
        "compact, in one atomic step (searches running meanwhile answer from one or the other).\n"
        "Running it again switches forward again. Exit codes: 0 switched, 2 error (no previous\n"
        "generation, index locked).\n\n"
        "Options");
    auto locked = lock_index(args, visible);
    if (!locked) {
        return kHit;
    }
    const auto& dir = locked->dir;
    auto from = layout::current_generation(dir);
    auto to = layout::rollback(dir);
    auto db = index::open_for_reading(dir);
    std::cout << "switched " << dir << " from "
              << (from ? from->path.filename().string() : std::string("?")) << " to "
              << to.path.filename().string() << " (" << db.get_doccount() << " articles)\n";
    return kHit;
}

auto stats_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur stats [OPTIONS]\n\n"
        "Prints what the index holds: documents, distinct terms, size on disk, last update,\n"
        "date range, sources, analyzer version, its shards and its generations.\n"
        "Exit codes: 0 printed, 2 error.\n\n"
        "Options");
    visible.add_options()("format", po::value<std::string>()->default_value("text"),
                          "text or json (fields: documents, terms, bytes, updated, dates, "
                          "sources, analyzer_version, fingerprint_current, stored_data, "
                          "common_terms, shards, generation, generations)");
    auto vm = parse(args, visible);
    if (!vm) {
        return kHit;
    }
    bool json = text_or_json(*vm, "stats");
    auto dir = index_dir(*vm);
    auto db = index::open_for_reading(dir);
    nlohmann::json j;
    j["index"] = dir;
    j["documents"] = db.get_doccount();
    std::size_t terms = 0;
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
        ++terms;
    }
    j["terms"] = terms;
    j["bytes"] = layout::live_size(dir);
    auto updated = db.get_metadata(index::kUpdatedKey);
    j["updated"] = updated.empty() ? nlohmann::json(nullptr) : nlohmann::json(updated);
    auto low = db.get_value_lower_bound(index::kDate);
    auto high = db.get_value_upper_bound(index::kDate);
    j["dates"] = low.empty() ? nlohmann::json(nullptr)
                             : nlohmann::json{{"from", dashed(low)}, {"to", dashed(high)}};
    nlohmann::json sources = nlohmann::json::object();
    std::string prefix = search::kSourcePrefix;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        sources[(*it).substr(prefix.size())] = it.get_termfreq();
    }
    j["sources"] = sources;
    j["analyzer_version"] = db.get_metadata(index::kAnalyzerVersionKey);
    auto fingerprint = db.get_metadata(index::kFingerprintKey);
    j["fingerprint_current"] = fingerprint.empty()
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(fingerprint == index::analysis_fingerprint());
    // How article records are stored: zstd against the index's dictionary, or plain JSON.
    const auto dictionary_bytes = db.get_metadata(index::kDictionaryKey).size();
    j["stored_data"] = {{"compression", dictionary_bytes > 0 ? "zstd" : "none"},
                        {"dictionary_bytes", dictionary_bytes}};
    // The common terms whose pairs documents carry as markers (fast phrases of common words), and
    // the articles they were chosen from.
    const auto common = search::split_markers(db.get_metadata(search::kCommonKey)).size();
    const auto basis = index::recorded_common_basis(db);
    const bool outgrown = basis && index::common_terms_outgrown(*basis, db.get_doccount());
    j["common_terms"] = {{"terms", common},
                         {"chosen_from", basis ? nlohmann::json(*basis) : nlohmann::json(nullptr)},
                         {"outgrown", outgrown}};
    auto gen = layout::current_generation(dir);
    j["generation"] = gen ? nlohmann::json(gen->path.filename().string()) : nlohmann::json(nullptr);
    nlohmann::json gens = nlohmann::json::array();
    for (const auto& g : layout::list_generations(dir)) {
        if (g.complete) {
            gens.push_back(g.path.filename().string());
        }
    }
    j["generations"] = gens;
    // The databases it consists of: 1, or its shards (local and remote).
    const auto shards = layout::live_databases(dir).size() + layout::other_databases(dir).size();
    j["shards"] = shards;
    if (json) {
        std::cout << j.dump(2) << "\n";
        return kHit;
    }
    std::cout << "index:            " << dir << "\n"
              << "documents:        " << j["documents"] << "\n"
              << "distinct terms:   " << terms << "\n"
              << "size on disk:     " << j["bytes"] << " bytes\n"
              << "last update:      " << (updated.empty() ? "unknown" : updated) << "\n"
              << "dates:            "
              << (low.empty() ? std::string("none") : dashed(low) + " .. " + dashed(high)) << "\n"
              << "analyzer version: " << j["analyzer_version"].get<std::string>() << "\n"
              << "analysis data:    "
              << (fingerprint.empty() ? "not recorded"
                  : j["fingerprint_current"].get<bool>()
                      ? "current"
                      : "changed since indexing; run 'telusur index --rebuild PATH...'")
              << "\n"
              << "stored data:      "
              << (dictionary_bytes > 0
                      ? "zstd, " + std::to_string(dictionary_bytes) + "-byte dictionary"
                      : std::string("plain JSON"))
              << "\n"
              << "common terms:     " << common
              << (basis ? ", chosen from " + std::to_string(*basis) + " articles" : std::string())
              << (outgrown ? " (the index has outgrown them: 'telusur index --rebuild PATH...' "
                             "chooses them anew)"
                           : "")
              << "\n"
              << "generation:       "
              << (gen ? gen->path.filename().string() : std::string("none (plain database)"))
              << " (kept: " << gens.size() << ")\n"
              << "shards:           " << shards
              << (shards > 1 ? " (searched and updated as one index)" : " (one database)") << "\n"
              << "sources:          " << sources.size() << "\n";
    for (const auto& [name, count] : sources.items()) {
        std::cout << "  " << name << " " << count << "\n";
    }
    return kHit;
}

auto check_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur check [OPTIONS]\n\n"
        "Runs Xapian's consistency check on every live database of the index, then telusur's\n"
        "own: every document has exactly one id term, held by no other document (in any\n"
        "shard), its stored fields parse, its date value is YYYYMMDD.\n"
        "Exit codes: 0 consistent, 2 problems found (listed) or error.\n\n"
        "Options");
    auto vm = parse(args, visible);
    if (!vm) {
        return kHit;
    }
    auto dir = index_dir(*vm);
    auto db = index::open_for_reading(dir);
    std::size_t problems = 0;
    constexpr std::size_t kShown = 20;
    auto report = [&](const std::string& what) {
        if (++problems <= kShown) {
            std::cout << "problem: " << what << "\n";
        }
    };
    for (const auto& part : layout::live_databases(dir)) {
        std::ostringstream detail;
        try {
            auto errors =
                Xapian::Database::check(part.string(), Xapian::DBCHECK_SHOW_STATS, &detail);
            if (errors > 0) {
                report(part.string() + ": Xapian's check found " + std::to_string(errors) +
                       " error(s)");
            }
        } catch (const Xapian::Error& e) {
            report(part.string() + ": " + e.get_description());
        }
    }
    Xapian::doccount checked = 0;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        ++checked;
        auto doc = db.get_document(*it);
        std::size_t ids = 0;
        std::string id_term;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).rfind(index::kIdPrefix, 0) == 0) {
                ++ids;
                id_term = *t;
            }
        }
        auto where = "document " + std::to_string(*it);
        if (ids != 1) {
            report(where + ": " + std::to_string(ids) + " id terms, expected 1");
        } else if (auto held = db.get_termfreq(id_term); held != 1) {
            // Across shards too (an id written into two of them).
            report(where + ": its id " + id_term.substr(1) + " is held by " + std::to_string(held) +
                   " documents");
        }
        try {
            auto stored = index::decode(doc.get_data());
            if (stored.id.empty()) {
                report(where + ": stored fields have no id");
            }
        } catch (const IndexError&) {
            report(where + ": stored fields are not valid JSON");
        }
        auto date = doc.get_value(index::kDate);
        if (!date.empty() &&
            (date.size() != 8 || date.find_first_not_of("0123456789") != std::string::npos)) {
            report(where + ": date value '" + date + "' is not YYYYMMDD");
        }
    }
    if (problems > kShown) {
        std::cout << "... and " << problems - kShown << " more\n";
    }
    if (problems > 0) {
        throw IndexError("index at " + dir + " failed its check: " + std::to_string(problems) +
                         " problem(s); rebuild it with 'telusur index --rebuild PATH...'");
    }
    std::cout << "ok: " << dir << ": Xapian's check passed on "
              << layout::live_databases(dir).size() << " database(s); " << checked
              << " documents have one id term and parse\n";
    return kHit;
}

auto compact_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur compact [OPTIONS]\n\n"
        "Writes a compacted copy of the live index (Xapian's compaction, as xapian-compact) as\n"
        "a new generation and switches to it atomically; the old one is kept for\n"
        "'telusur rollback'. Exit codes: 0 compacted, 2 error (the live index is left as it "
        "was).\n\n"
        "Options");
    auto locked = lock_index(args, visible);
    if (!locked) {
        return kHit;
    }
    const auto& dir = locked->dir;
    layout::clean_up(dir);
    auto before = layout::live_size(dir);
    auto parts = layout::live_databases(dir);
    auto gen = layout::new_generation(dir);
    std::vector<std::string> databases;
    try {
        if (parts.size() == 1) {
            Xapian::Database(parts.front().string()).compact(gen.path.string());
            databases.emplace_back();
        } else {
            for (std::size_t i = 0; i < parts.size(); ++i) {
                auto name = "shard-" + std::to_string(i);
                Xapian::Database(parts[i].string()).compact((gen.path / name).string());
                databases.push_back(name);
            }
        }
        layout::mark_complete(gen);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(gen.path, ec);
        throw;
    }
    layout::publish(dir, gen, databases);
    std::cout << "compacted " << dir << ": " << before << " -> " << layout::live_size(dir)
              << " bytes (switched to " << gen.path.filename().string() << ")\n";
    return kHit;
}

}  // namespace telusur::cli
