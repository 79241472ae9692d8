// telusur index [--index DIR] [--include GLOB]... [--max-bytes N] [--strict] [--rebuild] [--prune]
//               [--wait SECONDS] [--progress auto|never|json] [--dry-run] [--jobs N] [--shards N]
//               [--common-terms N]
//               PATH...

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "common.hpp"
#include "progress.hpp"
#include "telusur/error.hpp"
#include "telusur/index/bulk.hpp"
#include "telusur/index/index.hpp"
#include "telusur/index/layout.hpp"
#include "telusur/index/preparer.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/output/terminal.hpp"
#include "telusur/search/phrases.hpp"
#include "telusur/search/synonyms.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

/// "skipped 3: 1 empty, 1 binary, 1 malformed line"
auto skip_summary(const std::vector<ingest::Skipped>& skipped) -> std::string {
    auto out = std::string("skipped ").append(std::to_string(skipped.size()));
    std::map<std::string, std::size_t> counts;
    for (const auto& s : skipped) {
        ++counts[ingest::kind_name(s.kind)];
    }
    std::string sep = ": ";
    for (const auto& [name, n] : counts) {
        out.append(sep).append(std::to_string(n)).append(" ").append(name);
        sep = ", ";
    }
    return out;
}

/** What a run did, article by article. */
struct Counts {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
    std::vector<ingest::Skipped> skipped;
    [[nodiscard]] auto changes() const -> std::size_t { return added + updated + removed; }
    [[nodiscard]] auto line() const -> std::string {
        return "added " + std::to_string(added) + ", updated " + std::to_string(updated) +
               ", unchanged " + std::to_string(unchanged) + ", removed " + std::to_string(removed) +
               ", " + skip_summary(skipped);
    }
};

/// Removes a half-built generation when a rebuild fails, so nothing is left behind.
struct Discard {
    std::filesystem::path path;
    bool keep = false;
    ~Discard() {
        if (!keep && !path.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    }
};

/// One warning line (silenced by -q); file names and article text cannot reach the terminal raw.
void warn_line(const std::string& what) {
    warn() << "telusur: warning: " << output::sanitize_for_terminal(what) << "\n";
}

}  // namespace

auto index_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur index [OPTIONS] PATH...\n\n"
        "Adds articles to the index: .txt, .md, .html/.htm, .json (one object or an array) and\n"
        ".jsonl files, or directories searched recursively; '-' reads JSONL from stdin.\n"
        "Site furniture (link lists, breadcrumbs, disclaimers) is removed; dates, source, author\n"
        "and URL are kept. An article's id is its file name without extension (JSON: its 'id');\n"
        "indexing it again replaces it. The same text under another id is not indexed twice.\n"
        "On an existing index the run is incremental: files whose bytes did not change (content\n"
        "hash) are skipped, changed ones re-indexed; --prune also removes articles whose files\n"
        "are gone. --rebuild builds a new generation beside the live one and switches to it\n"
        "atomically; the previous one is kept for 'telusur rollback'. One writer at a time.\n"
        "Prints: added N, updated N, unchanged N, removed N, skipped N.\n"
        "Bad inputs are skipped with one warning each. Exit codes: 0 indexed, 2 error (a PATH\n"
        "does not exist, nothing could be indexed, --strict and something was skipped, index\n"
        "locked, corrupt or built with other analysis data); on error the index is left as it "
        "was.\n\n"
        "Options");
    visible.add_options()("help,h", "show this help")(
        "index", po::value<std::string>(),
        "index directory (default: $TELUSUR_INDEX, else ./index)")(
        "include", po::value<std::vector<std::string>>(),
        "only files whose name matches GLOB in walked directories (repeatable), e.g. '*.txt'")(
        "max-bytes", po::value<std::uintmax_t>()->default_value(std::uintmax_t{10} * 1024U * 1024U),
        "skip files (JSONL: lines, in a .jsonl file or on stdin) larger than this many bytes")(
        "strict", "any skipped input is an error (exit 2)")(
        "rebuild", "build a complete new index from PATH... and switch to it atomically")(
        "prune", "remove articles whose source files no longer exist")(
        "wait", po::value<double>()->default_value(0),
        "if another process is updating the index, wait up to SECONDS for it")(
        "progress", po::value<std::string>()->default_value("auto"),
        "auto (a bar on a terminal), never, or json (one event per line on stderr)")(
        "dry-run", "show what would change; write nothing (reads the index, takes no lock)")(
        "jobs", po::value<unsigned>(),
        "threads that analyse and write when a new index or generation is built (first run, "
        "--rebuild); when an index is updated in place, N-1 threads analyse ahead of the one "
        "that writes; default: the number of cores (at most 8)")(
        "shards", po::value<unsigned>()->default_value(1),
        "split a new index (first run or --rebuild) into N shard databases by a hash of the "
        "article id, listed in DIR/XAPIANDB; search them like one index; later runs update "
        "the shards in place (a new article goes to its shard), and a --rebuild without it "
        "keeps them; on an existing index, N must be its number of shards")(
        "common-terms", po::value<unsigned>()->default_value(search::kCommonTerms),
        "a new index (first run or --rebuild) marks the adjacent pairs of its N most common "
        "words, so that phrases of them read no positions; 0: none (a smaller index, slower "
        "phrases); a --rebuild without it keeps the live index's number");
    add_common_options(visible);
    auto parsed = parse_command(args, visible, "path");
    if (!parsed) {
        return kHit;
    }
    const auto& vm = *parsed;
    if (vm.count("path") == 0U) {
        throw UsageError("index: no PATH given; see 'telusur index --help'");
    }
    auto paths = vm["path"].as<std::vector<std::string>>();
    ingest::ReadOptions options;
    options.max_bytes = vm["max-bytes"].as<std::uintmax_t>();
    if (vm.count("include") != 0U) {
        options.include = vm["include"].as<std::vector<std::string>>();
    }
    bool strict = vm.count("strict") != 0U;
    bool rebuild = vm.count("rebuild") != 0U;
    bool prune = vm.count("prune") != 0U;
    bool dry_run = vm.count("dry-run") != 0U;
    // Default: every core (a fresh build is CPU-bound), capped so that a big machine does not
    // open dozens of run databases at once.
    constexpr unsigned kMaxDefaultJobs = 8;
    constexpr unsigned kMaxShards = 1024;
    auto jobs = vm.count("jobs") != 0U
                    ? vm["jobs"].as<unsigned>()
                    : std::clamp(std::thread::hardware_concurrency(), 1U, kMaxDefaultJobs);
    auto shards = vm["shards"].as<unsigned>();
    if (jobs < 1 || jobs > 256) {
        throw UsageError("index: --jobs must be between 1 and 256, got " + std::to_string(jobs));
    }
    if (shards < 1 || shards > kMaxShards) {
        throw UsageError("index: --shards must be between 1 and " + std::to_string(kMaxShards) +
                         ", got " + std::to_string(shards));
    }
    auto common_terms = vm["common-terms"].as<unsigned>();
    if (common_terms > search::kMaxCommonTerms) {
        throw UsageError("index: --common-terms must be between 0 and " +
                         std::to_string(search::kMaxCommonTerms) + ", got " +
                         std::to_string(common_terms));
    }
    auto dir = index::resolve_path(
        vm.count("index") != 0U ? std::optional(vm["index"].as<std::string>()) : std::nullopt);
    std::vector<std::string> files_args;
    bool stdin_input = false;
    for (const auto& p : paths) {
        if (p == "-") {
            stdin_input = true;
        } else {
            files_args.push_back(p);
        }
    }
    auto list = ingest::collect_files(files_args, options.include);
    for (const auto& bad : list.skipped) {
        if (bad.kind == ingest::SkipKind::kMissing) {
            throw InputError(bad.path + ": " + bad.reason);
        }
    }
    namespace layout = index::layout;
    if (layout::kind_of(dir) == layout::Kind::kForeign) {
        throw IndexError(layout::foreign_message(dir));
    }
    // A dry run only reads the index as last committed (index::Writer::Mode::kPreview): no lock.
    std::optional<layout::WriterLock> lock;
    if (!dry_run) {
        lock.emplace(dir, vm["wait"].as<double>());
    }
    auto kind = layout::kind_of(dir);
    if (!dry_run) {
        if (auto n = layout::clean_up(dir); n > 0) {
            warn() << "telusur: removed " << n
                   << " unfinished generation(s) left by an interrupted run\n";
        }
    }
    bool fresh = rebuild || kind == layout::Kind::kMissing || kind == layout::Kind::kEmpty;
    // Remote shards are served from a sharded index on another machine: that one is updated,
    // rebuilt (and replicated), not a stub that points at its servers, which a rebuild here
    // would replace with a local index.
    if (auto others = layout::other_databases(dir); !others.empty()) {
        throw IndexError("index at " + dir + " lists databases this machine cannot write (" +
                         others.front() + "); update the index the servers serve, on its machine");
    }
    auto live = layout::live_databases(dir);
    // An in-place run keeps the index's shards; --shards may repeat their number (a script that
    // always passes it), not change it.
    if (!fresh && !vm["shards"].defaulted() && shards != live.size()) {
        throw UsageError("index: --shards " + std::to_string(shards) + " applies to a new index (" +
                         dir + " has " + std::to_string(live.size()) +
                         "); add --rebuild to rebuild it with " + std::to_string(shards) +
                         " shards");
    }
    if (!vm["common-terms"].defaulted() && !fresh) {
        throw UsageError("index: --common-terms applies to a new index; add --rebuild to rebuild " +
                         dir + " with " + std::to_string(common_terms) + " common terms");
    }
    if (rebuild && vm["shards"].defaulted() && live.size() > 1) {
        // A rebuild keeps the shards of the index it replaces (a cron job need not know them).
        shards = static_cast<unsigned>(std::min<std::size_t>(live.size(), kMaxShards));
    }
    if (rebuild && vm["common-terms"].defaulted() && !live.empty()) {
        // And the number of common terms it was built with (none recorded: the default).
        try {
            const auto n = index::recorded_common_count(Xapian::Database(live.front().string()));
            if (n && *n <= search::kMaxCommonTerms) {
                common_terms = static_cast<unsigned>(*n);
            }
        } catch (const Xapian::Error&) {
            // Unreadable: the rebuild reports it if it matters; the default applies.
        }
    }
    if (!fresh) {
        if (live.empty()) {
            throw IndexError("index at " + dir +
                             " lists no database; rebuild it with 'telusur index --rebuild "
                             "PATH...'");
        }
    }
    // An in-place run (or a dry run) on a sharded index writes (reads) its shards as one.
    std::vector<std::string> shard_paths;
    if (!fresh && live.size() > 1) {
        for (const auto& p : live) {
            shard_paths.push_back(p.string());
        }
    }
    // Where this run writes: a new generation (fresh or --rebuild), the live database in
    // place (incremental), or, for a dry run, the live database read only ("": none).
    std::optional<layout::Generation> gen;
    Discard discard;
    std::string target;
    if (!fresh) {
        target = shard_paths.empty() ? live.front().string() : dir;
    } else if (!dry_run) {
        gen = layout::new_generation(dir);
        discard.path = gen->path;
        target = gen->path.string();
    }
    auto cleaner = ingest::Cleaner::standard();
    analysis::Analyzer analyzer;
    // A new generation is built in bulk (parallel, merged runs); anything else article by article.
    std::optional<index::BulkBuilder> bulk;
    std::optional<index::Writer> writer;
    auto catalog = entity::default_catalog();
    // The multi-word synonyms and aliases that searches expand to: marked in each document so
    // that those searches need no positions (search/phrases.hpp).
    search::SynonymTable synonyms;
    load_synonyms(synonyms);
    search::add_entity_aliases(synonyms, catalog->gazetteer());
    auto phrases = std::make_shared<const search::PhraseSet>(synonyms, analyzer);
    if (fresh && !dry_run) {
        index::BulkOptions options;
        options.jobs = jobs;
        options.shards = shards;
        options.phrases = phrases;
        options.common_terms = common_terms;
        bulk.emplace(target, catalog, options);
    } else {
        // Xapian holds an in-place run's new postings in memory until it has
        // XAPIAN_FLUSH_THRESHOLD documents (10,000 by default), then writes them into the tables
        // (not yet committed). A map that large is slow to fill and big: 10k articles of the
        // benchmark added to a 100k index took 12.2 s and 450 MB, flushing every 1,000 8.4 s
        // and 77 MB (300 and 3,000 the same within noise); added to the 1M index, 10.3 and
        // 10.7 s (one run each), 450 and 77 MB. Set before the database is opened, which reads
        // it; no other thread runs yet. A value the user set wins.
        ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", 0);
        writer.emplace(target, catalog, true, phrases,
                       dry_run ? index::Writer::Mode::kPreview : index::Writer::Mode::kWrite,
                       shard_paths);
    }
    Counts counts;
    counts.skipped = list.skipped;
    for (const auto& bad : list.skipped) {
        warn_line(bad.path + ": " + bad.reason);
    }
    for (const auto& w : list.warnings) {
        warn_line(w);
    }
    // Counts what became of one article; false for a duplicate (not indexed).
    auto count = [&](const ingest::Article& article, const index::AddResult& result, bool same) {
        if (result.kind == index::AddResult::kDuplicate) {
            auto reason = std::string("duplicate of ")
                              .append(result.duplicate_of)
                              .append(" (same text); not indexed");
            warn_line(article.path + ": " + reason);
            counts.skipped.push_back({article.path, reason, ingest::SkipKind::kDuplicate});
            return false;
        }
        if (same) {
            ++counts.unchanged;
        } else {
            (result.kind == index::AddResult::kReplaced ? counts.updated : counts.added) += 1;
        }
        return true;
    };
    Progress progress(vm["progress"].as<std::string>(), list.files.size());
    // Incremental runs (and dry runs): articles are analysed ahead in jobs - 1 threads while
    // this one writes them (index/preparer.hpp), in input order. An article read again that its
    // document already holds unchanged (a JSONL feed that grew by a few lines) is kept, not
    // analysed or written again. What comes back in input order: an article (prepared or kept),
    // or the end of a file, after which the articles the file no longer holds go.
    struct Step {
        enum Kind { kPrepared, kKept, kFileEnd } kind = kPrepared;
        ingest::Article article;             ///< kKept: the article
        std::string file_hash;               ///< kKept: its file's hash
        std::string file;                    ///< kKept: its file
        bool counts_progress = false;        ///< kFileEnd of a file (not stdin): a progress step
        std::vector<std::string> before;     ///< kFileEnd: ids the file held before this run
        std::vector<std::string> confirmed;  ///< kFileEnd: ids still held where it was not read
        /// kPrepared, kKept: the article's document was found changed (kPrepared) or unchanged
        /// (kKept) when it was read, and nothing but removals can have changed it since.
        bool decided = false;
        std::size_t removed_before = 0;  ///< counts.removed when it was read
        /// kKept: what stored() said when it was read (kMoved, kLineMoved: another path)
        index::Writer::Stored held = index::Writer::Stored::kSame;
    };
    // Steps wait only for the preparer: bounded so that kept articles never pile up behind one.
    constexpr std::size_t kMaxSteps = 256;
    std::optional<index::Preparer> preparer;
    if (writer) {
        preparer.emplace(*writer, jobs - 1);
    }
    std::deque<Step> steps;
    std::multiset<std::string> in_flight;  ///< ids of the articles taken and not yet written
    std::set<std::string> file_ids;        ///< ids added or kept since the last file end
    auto apply_step = [&] {
        auto step = std::move(steps.front());
        steps.pop_front();
        if (step.kind == Step::kPrepared) {
            auto [article, prepared] = preparer->pop();
            in_flight.erase(in_flight.find(article.id));
            // Found changed when read: a removal since cannot make it the same.
            const bool same = !step.decided && writer->unchanged(article);
            if (count(article, writer->add(std::move(prepared)), same)) {
                file_ids.insert(article.id);
            }
            return;
        }
        if (step.kind == Step::kKept) {
            auto& article = step.article;
            in_flight.erase(in_flight.find(article.id));
            // Checked again if a file's end step since may have removed the document.
            index::AddResult result{index::AddResult::kReplaced, {}};
            using Stored = index::Writer::Stored;
            const auto held =
                counts.removed != step.removed_before ? writer->stored(article) : step.held;
            bool same =
                held != Stored::kOther && writer->keep(article, step.file_hash, step.file, held);
            if (!same) {
                result = writer->add(writer->prepare(article, analyzer, step.file_hash, step.file));
            }
            if (count(article, result, same)) {
                file_ids.insert(article.id);
            }
            return;
        }
        // Articles the changed file no longer holds (a JSONL line removed). A file that now
        // yields nothing at all keeps its old articles: it is reported as skipped instead.
        for (const auto& id : step.confirmed) {
            counts.unchanged += file_ids.count(id) == 0U ? 1 : 0;
        }
        if (!file_ids.empty()) {
            for (const auto& id : step.before) {
                if (file_ids.count(id) == 0U && writer->remove(id)) {
                    ++counts.removed;
                }
            }
        }
        file_ids.clear();
        if (step.counts_progress) {
            progress.step();
        }
    };
    auto drain = [&](std::size_t keep) {
        while (!steps.empty() && (steps.front().kind != Step::kPrepared ||
                                  preparer->pending() > keep || steps.size() > kMaxSteps)) {
            apply_step();
        }
    };
    // Takes articles read from a file whose raw bytes hash to file_hash ("" for stdin), all of
    // them or a chunk (JSONL); end_of() follows the last.
    auto take = [&](ingest::Batch batch, const std::string& file_hash, const std::string& file) {
        for (const auto& w : batch.warnings) {
            warn_line(w);
        }
        for (auto& s : batch.skipped) {
            warn_line(s.path + ": " + s.reason);
            counts.skipped.push_back(std::move(s));
        }
        if (bulk) {
            for (const auto& article : batch.articles) {
                bool same = false;
                count(article, bulk->add(article, file_hash, file, &same), same);
            }
            return;
        }
        for (auto& article : batch.articles) {
            // Decided now only if no article with its id is still in flight (which could
            // change its document); checked again when its turn comes.
            const bool decided = in_flight.count(article.id) == 0U;
            const auto held = decided ? writer->stored(article) : index::Writer::Stored::kOther;
            const bool kept = held != index::Writer::Stored::kOther;
            in_flight.insert(article.id);
            Step step;
            step.decided = decided;
            step.removed_before = counts.removed;
            step.held = held;
            if (kept) {
                step.kind = Step::kKept;
                step.article = std::move(article);
                step.file_hash = file_hash;
                step.file = file;
            } else {
                preparer->push(std::move(article), file_hash, file);
            }
            steps.push_back(std::move(step));
            drain(preparer->window());
        }
    };
    // The end of a file ("": stdin), which held the articles with ids `before` when the run
    // began: those it no longer holds go. Those `confirmed` are still there, unread (the part of
    // a JSONL file that was not read again): unchanged, unless the file's other lines held them.
    auto end_of = [&](const std::string& file, std::vector<std::string> before,
                      std::vector<std::string> confirmed) {
        if (bulk) {
            if (!file.empty()) {
                progress.step();
            }
            return;
        }
        Step end;
        end.kind = Step::kFileEnd;
        end.counts_progress = !file.empty();
        end.before = std::move(before);
        end.confirmed = std::move(confirmed);
        steps.push_back(std::move(end));
        drain(preparer->window());
    };
    // JSONL is read and indexed a chunk of articles at a time, so that a feed of any size (a
    // file or stdin) takes the memory of a chunk: a 100k-record file (263 MB) was read whole,
    // and the run peaked at 1.3 GB.
    constexpr std::size_t kJsonlChunk = 256;
    // Reads `bytes` of a JSONL input (the file as hashed) from `first_line` on. Its records carry
    // file_hash, but one read from a last line without its '\n' carries tail_hash (the hash of
    // all of the file): a record's value always names bytes that hold its line.
    auto take_jsonl = [&](std::istream& in, const std::string& name, const std::string& file_hash,
                          const std::string& tail_hash, const std::string& file,
                          std::size_t first_line, std::optional<std::uint64_t> bytes) {
        ingest::JsonlReader reader(in, name, cleaner, options, first_line);
        if (bytes) {
            reader.limit(*bytes);
        }
        for (bool more = true; more;) {
            ingest::Batch batch;
            more = reader.read(batch, kJsonlChunk);
            if (reader.last_unterminated()) {
                ingest::Batch tail;
                tail.articles.push_back(std::move(batch.articles.back()));
                batch.articles.pop_back();
                take(std::move(batch), file_hash, file);
                take(std::move(tail), tail_hash, file);
            } else {
                take(std::move(batch), file_hash, file);
            }
        }
    };
    if (stdin_input) {
        take_jsonl(std::cin, "<stdin>", "", "", "", 1, std::nullopt);
        end_of("", {}, {});
    }
    // What a file held before this run. Read before the articles still in flight are added: if
    // one of them carries an id the file held (an article moved between files), it is read
    // again after them, as adding one by one would.
    auto state_of = [&](const std::string& file, const std::string& hash) {
        auto state = writer->file_state(file, hash);
        if (std::any_of(state.ids.begin(), state.ids.end(),
                        [&](const std::string& id) { return in_flight.count(id) != 0U; })) {
            drain(0);
            state = writer->file_state(file, hash);
        }
        return state;
    };
    // A JSONL file's documents carry "HASH/SIZE" (index::file_hash_value): the hash of the file's
    // first SIZE bytes, its complete lines as they were when they were written. A file that has
    // only grown since (a feed appended to: every document's bytes are still there, unchanged)
    // is read from where they end, its earlier lines neither read nor written again.
    auto index_jsonl = [&](const std::string& file) {
        index::FileState before;
        // The (hash, size) its documents carry; none if one of them carries another value.
        std::vector<std::pair<std::string, std::uint64_t>> written;
        if (writer) {
            before = state_of(file, "");
            for (const auto& value : before.hashes) {
                auto parsed = index::parse_file_hash_value(value);
                if (!parsed) {
                    written.clear();
                    break;
                }
                written.push_back(*parsed);
            }
        }
        std::vector<std::uint64_t> lengths;
        lengths.reserve(written.size());
        for (const auto& w : written) {
            lengths.push_back(w.second);
        }
        const auto hashes = ingest::hash_file(file, lengths);
        std::ifstream in(file, std::ios::binary);
        if (!hashes || !in) {
            take(
                ingest::Batch{
                    {}, {{file, "cannot open for reading", ingest::SkipKind::kUnreadable}}, {}},
                "", file);
            end_of(file, std::move(before.ids), {});
            return;
        }
        // Its documents are written with the hash of its complete lines: a feed read while a
        // line was being written ends in half of it, and the next run reads on from that line
        // rather than reading the whole file again (half a line is read again by each run until
        // it is complete). The file is read as it was hashed: lines appended meanwhile wait for
        // the next run.
        const auto whole = index::file_hash_value(hashes->hash, hashes->size);
        const auto value = hashes->lines_size > 0
                               ? index::file_hash_value(hashes->lines_hash, hashes->lines_size)
                               : whole;
        // The end of the longest prefix its documents were read from, if each one's still is.
        std::optional<ingest::FileHashes::Prefix> grown_from;
        for (const auto& w : written) {
            auto it = std::find_if(hashes->prefixes.begin(), hashes->prefixes.end(),
                                   [&](const auto& p) { return p.length == w.second; });
            if (it == hashes->prefixes.end() || it->hash != w.first) {
                grown_from.reset();
                break;
            }
            if (!grown_from || it->length > grown_from->length) {
                grown_from = *it;
            }
        }
        if (grown_from && grown_from->length == hashes->size) {
            counts.unchanged += before.ids.size();  // not changed since
            progress.step();
            return;
        }
        if (grown_from && grown_from->ends_line) {
            in.seekg(static_cast<std::streamoff>(grown_from->length));
            take_jsonl(in, file, value, whole, file, grown_from->lines + 1,
                       hashes->size - grown_from->length);
            end_of(file, {}, std::move(before.ids));
            return;
        }
        take_jsonl(in, file, value, whole, file, 1, hashes->size);
        end_of(file, std::move(before.ids), {});
    };
    for (const auto& name : list.files) {
        const std::filesystem::path file(name);
        if (ingest::is_jsonl(file)) {
            index_jsonl(name);
            continue;
        }
        std::error_code ec;
        auto size = std::filesystem::file_size(file, ec);
        // The hash of the file's raw bytes, as it is: a content hash (case and punctuation
        // folded) missed edits such as "Nvidia" -> "NVIDIA", and the file kept its old text.
        // None for a file that will be skipped (too large, unreadable: the reader says why).
        auto hash = !ec && size <= options.max_bytes
                        ? ingest::file_bytes_hash(name).value_or(std::string())
                        : std::string();
        index::FileState before;
        if (!hash.empty() && writer) {
            before = state_of(name, hash);
            if (before.same) {
                counts.unchanged += before.ids.size();
                progress.step();
                continue;
            }
        }
        take(ingest::read_file(file, cleaner, options), hash, name);
        end_of(name, std::move(before.ids), {});
    }
    if (writer) {
        drain(0);
    }
    if (prune && writer) {
        counts.removed += writer->prune([](const std::string& path) {
            std::error_code ec;
            return std::filesystem::exists(path, ec);
        });
    }
    if (strict && !counts.skipped.empty()) {
        throw InputError(std::string("--strict: ")
                             .append(skip_summary(counts.skipped))
                             .append("; the index is unchanged"));
    }
    if (counts.added + counts.updated + counts.unchanged == 0) {
        throw InputError(std::string("nothing to index in ")
                             .append(paths.front())
                             .append(paths.size() > 1 ? " and the other paths" : "")
                             .append(" (")
                             .append(skip_summary(counts.skipped))
                             .append(")"));
    }
    auto summary = counts.line();
    // An index started from a handful of articles marks the pairs of that handful's common
    // terms, whatever it grows to (every document must carry the same pairs): say when a
    // rebuild would choose better ones.
    if (writer && !fresh) {
        const auto basis = writer->common_basis();
        const auto documents = writer->document_count();
        if (basis && index::common_terms_outgrown(*basis, documents)) {
            warn() << "telusur: note: the common terms whose phrases are marked were chosen from "
                   << *basis << " articles and the index " << (dry_run ? "would hold " : "holds ")
                   << documents << "; 'telusur index --rebuild PATH...' chooses them anew and "
                   << "makes phrases of common words faster\n";
        }
    }
    if (dry_run) {
        progress.finish(summary);
        std::cout << "dry run, nothing written: would have " << summary << "; "
                  << writer->document_count() << " articles in " << dir << "\n";
        return kHit;
    }
    std::vector<std::string> databases{""};
    std::size_t documents = 0;
    if (bulk) {
        databases = bulk->finish();
        documents = bulk->document_count();
    } else {
        // Kept articles count as unchanged, but keep() may have tied them to a new file hash.
        if (fresh || counts.changes() > 0 || writer->modified()) {
            writer->commit();
        }
        documents = writer->document_count();
    }
    if (gen) {
        if (writer) {
            writer->close();
        }
        layout::mark_complete(*gen);
        layout::publish(dir, *gen, databases);
        discard.keep = true;
        summary.append("; ")
            .append(std::to_string(documents))
            .append(" articles in ")
            .append(dir)
            .append(" (switched to ")
            .append(gen->path.filename().string())
            .append(")");
    } else {
        summary.append("; ").append(std::to_string(documents)).append(" articles in ").append(dir);
    }
    progress.finish(summary);
    std::cout << summary << "\n";
    return kHit;
}

}  // namespace telusur::cli
