/// @file
/// @brief The benchmark's baseline: plain Xapian, as its user would write it in an afternoon.
///
/// Usage: baseline_xapian index DB DIR
///        baseline_xapian add DB DIR
///        baseline_xapian index-runs DB DIR [--jobs N] [--run-size N]
///        baseline_xapian search DB QUERIES [--no-snippets] [--warmup N] [--limit N]
///
/// index: every .txt file under DIR (recursively, sorted): first line = title, the rest = body.
/// TermGenerator with Stem("indonesian") and STEM_SOME, title also under prefix S, the file's
/// text stored as document data for snippets, a Q<id> term, add_document per article, one commit
/// at the end (default XAPIAN_FLUSH_THRESHOLD). Prints {"articles","bytes","seconds"} as JSON.
/// add: the same into an existing DB, with replace_document by the Q term (an article indexed
/// again replaces itself), as a script adding the day's articles would.
/// index-runs: the same documents written the fastest way Xapian offers, the "Bounds"
/// (a ceiling, not the baseline): N threads (default 2) each analyse every N-th file and write
/// it into small databases of --run-size documents (default 200, as telusur's bulk build), merged
/// 256 at a time, then `Xapian::Database::compact` merges all of them into DB. Prints
/// {"articles","bytes","seconds", "analysis_cpu_s","write_cpu_s","compact_s"}: wall time, then the
/// threads' CPU time in TermGenerator (and reading) and in add_document + commit (with their
/// merges of 256 runs), then the final merge's wall time.
///
/// search: QueryParser with the same stemmer and strategy, default operator AND, phrases and
/// boolean operators, `title:` as prefix S; top 10 with MSet::snippet(text, 200, stem) over the
/// stored text of each hit (unless --no-snippets). All queries are run --warmup times (default 1)
/// unmeasured, then once measured in the same process; each measured query prints one JSON line
/// {"query","total","took_ms"} (took_ms: parse + match + documents + snippets). A summary goes to
/// stderr. Xapian has no entities: `company:ID` becomes a search for the company's name (the id
/// with '-' as space, as a phrase), which is what a plain Xapian user would type.

#include <time.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

auto read_file(const fs::path& path) -> std::string {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

auto json_string(std::string_view s) -> std::string {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            (void)std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

/// The .txt files under dir, sorted.
auto txt_files(const std::string& dir) -> std::vector<fs::path> {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".txt") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// A TermGenerator as the baseline sets it up.
auto term_generator() -> Xapian::TermGenerator {
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("indonesian"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return tg;
}

/// The id term of an article: Q + its file name without extension.
auto id_term_of(const fs::path& path) -> std::string {
    return "Q" + path.stem().string();
}

/// One article's document: first line the title (also under prefix S), the text stored, Q<id>.
auto make_document(Xapian::TermGenerator& tg, const fs::path& path, const std::string& text)
    -> Xapian::Document {
    const auto eol = text.find('\n');
    const auto title = text.substr(0, eol);
    const auto body = eol == std::string::npos ? std::string() : text.substr(eol + 1);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(title, 1, "S");
    tg.index_text(title);
    tg.increase_termpos();
    tg.index_text(body);
    doc.set_data(text);
    doc.add_boolean_term(id_term_of(path));
    return doc;
}

auto index_command(const std::string& db_path, const std::string& dir, bool add) -> int {
    const auto started = Clock::now();
    const auto files = txt_files(dir);
    Xapian::WritableDatabase db(db_path,
                                add ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_CREATE_OR_OVERWRITE);
    auto tg = term_generator();
    std::uintmax_t bytes = 0;
    for (const auto& path : files) {
        const auto text = read_file(path);
        bytes += text.size();
        auto doc = make_document(tg, path, text);
        if (add) {
            db.replace_document(id_term_of(path), doc);
        } else {
            db.add_document(doc);
        }
    }
    db.commit();
    const auto seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::cout << "{\"articles\":" << files.size() << ",\"bytes\":" << bytes
              << ",\"seconds\":" << seconds << "}\n";
    return 0;
}

auto thread_cpu_seconds() -> double {
    timespec ts{};
    (void)clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// Merges the databases at sources into out (Xapian::Database::compact).
void compact_into(const std::vector<std::string>& sources, const std::string& out) {
    Xapian::Database all;
    for (const auto& r : sources) {
        all.add_database(Xapian::Database(r));
    }
    all.compact(out);
    all.close();
}

/// A thread merges its runs this many at a time (as telusur's bulk build, at most 512), so that
/// the final merge never opens more than a few hundred databases (1M articles: 5,000 runs).
constexpr std::size_t kRunsPerMerge = 256;

/// The baseline's documents through the fastest write path: parallel runs + one compaction.
auto index_runs_command(const std::string& db_path,
                        const std::string& dir,
                        unsigned jobs,
                        unsigned run_size) -> int {
    const auto started = Clock::now();
    const auto files = txt_files(dir);
    const fs::path runs_dir = db_path + ".runs";
    fs::remove_all(runs_dir);
    fs::remove_all(db_path);
    fs::create_directories(runs_dir);

    std::mutex mutex;
    std::vector<std::string> runs;
    std::uintmax_t bytes = 0;
    double analysis_cpu = 0;
    double write_cpu = 0;
    std::vector<std::exception_ptr> errors(jobs);
    auto work = [&](unsigned t) {
        try {
            auto tg = term_generator();
            double my_analysis = 0;
            double my_write = 0;
            std::uintmax_t my_bytes = 0;
            std::vector<std::string> my_runs;    // not merged yet
            std::vector<std::string> my_merged;  // merges of kRunsPerMerge runs
            std::size_t names = 0;
            std::unique_ptr<Xapian::WritableDatabase> run;
            unsigned in_run = 0;
            auto close_run = [&] {
                if (run) {
                    run->commit();
                    run->close();
                    run.reset();
                }
                if (my_runs.size() >= kRunsPerMerge) {
                    my_merged.push_back(
                        (runs_dir / (std::to_string(t) + "-m" + std::to_string(my_merged.size())))
                            .string());
                    compact_into(my_runs, my_merged.back());
                    for (const auto& r : my_runs) {
                        fs::remove_all(r);
                    }
                    my_runs.clear();
                }
            };
            for (std::size_t i = t; i < files.size(); i += jobs) {
                auto t0 = thread_cpu_seconds();
                const auto text = read_file(files[i]);
                my_bytes += text.size();
                auto doc = make_document(tg, files[i], text);
                auto t1 = thread_cpu_seconds();
                if (!run) {
                    my_runs.push_back(
                        (runs_dir / (std::to_string(t) + "-" + std::to_string(names++))).string());
                    run = std::make_unique<Xapian::WritableDatabase>(
                        my_runs.back(), Xapian::DB_CREATE_OR_OVERWRITE);
                }
                run->add_document(doc);
                if (++in_run == run_size) {
                    close_run();
                    in_run = 0;
                }
                auto t2 = thread_cpu_seconds();
                my_analysis += t1 - t0;
                my_write += t2 - t1;
            }
            auto t3 = thread_cpu_seconds();
            close_run();
            my_write += thread_cpu_seconds() - t3;
            const std::lock_guard lock(mutex);
            runs.insert(runs.end(), my_merged.begin(), my_merged.end());
            runs.insert(runs.end(), my_runs.begin(), my_runs.end());
            bytes += my_bytes;
            analysis_cpu += my_analysis;
            write_cpu += my_write;
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) {
        threads.emplace_back(work, t);
    }
    for (auto& th : threads) {
        th.join();
    }
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    const auto compact_started = Clock::now();
    compact_into(runs, db_path);
    fs::remove_all(runs_dir);
    const auto now = Clock::now();
    const auto seconds = std::chrono::duration<double>(now - started).count();
    const auto compact_seconds = std::chrono::duration<double>(now - compact_started).count();
    std::cout << "{\"articles\":" << files.size() << ",\"bytes\":" << bytes
              << ",\"seconds\":" << seconds << ",\"analysis_cpu_s\":" << analysis_cpu
              << ",\"write_cpu_s\":" << write_cpu << ",\"compact_s\":" << compact_seconds << "}\n";
    return 0;
}

/// company:ID -> "id with spaces" (a phrase when the name has several words).
auto rewrite_filters(const std::string& query) -> std::string {
    std::istringstream in(query);
    std::string word;
    std::string out;
    while (in >> word) {
        if (word.starts_with("company:") && word.size() > 8) {
            auto name = word.substr(8);
            std::replace(name.begin(), name.end(), '-', ' ');
            if (name.find(' ') != std::string::npos) {
                name = std::string(1, '"').append(name).append(1, '"');
            }
            word = name;
        }
        if (!out.empty()) {
            out.push_back(' ');
        }
        out.append(word);
    }
    return out;
}

struct Timing {
    std::string query;
    Xapian::doccount total = 0;
    double ms = 0;
};

auto search_command(const std::string& db_path,
                    const std::string& queries_path,
                    bool snippets,
                    int warmup,
                    Xapian::doccount limit) -> int {
    Xapian::Database db(db_path);
    const Xapian::Stem stem("indonesian");
    Xapian::QueryParser qp;
    qp.set_stemmer(stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_database(db);
    qp.add_prefix("title", "S");
    Xapian::Enquire enquire(db);

    std::vector<std::string> queries;
    {
        std::ifstream in(queries_path);
        if (!in) {
            throw std::runtime_error("cannot read " + queries_path);
        }
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) {
                queries.push_back(line);
            }
        }
    }
    std::size_t sink = 0;
    auto run = [&](const std::string& text) -> Xapian::doccount {
        const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE;
        enquire.set_query(qp.parse_query(rewrite_filters(text), flags));
        auto mset = enquire.get_mset(0, limit);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            auto doc = it.get_document();
            auto data = doc.get_data();
            if (snippets) {
                sink += mset.snippet(data, 200, stem).size();
            } else {
                sink += data.size();
            }
        }
        return mset.get_matches_estimated();
    };
    for (int w = 0; w < warmup; ++w) {
        for (const auto& q : queries) {
            try {
                run(q);
            } catch (const Xapian::QueryParserError&) {
            }
        }
    }
    std::vector<Timing> timings;
    std::size_t errors = 0;
    for (const auto& q : queries) {
        const auto start = Clock::now();
        Timing t{q, 0, 0};
        try {
            t.total = run(q);
        } catch (const Xapian::QueryParserError&) {
            ++errors;
        }
        t.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        timings.push_back(t);
    }
    double sum = 0;
    std::vector<double> ms;
    std::size_t hits = 0;
    for (const auto& t : timings) {
        std::cout << "{\"query\":" << json_string(t.query) << ",\"total\":" << t.total
                  << ",\"took_ms\":" << t.ms << "}\n";
        ms.push_back(t.ms);
        sum += t.ms;
        hits += t.total > 0 ? 1U : 0U;
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) {
        if (ms.empty()) {
            return 0.0;
        }
        auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(ms.size()) + 0.999999);
        return ms[std::clamp<std::size_t>(rank, 1, ms.size()) - 1];
    };
    (void)std::fprintf(
        stderr,
        "baseline_xapian: %zu queries (%zu with hits, %zu parse errors), p50 %.3f ms, "
        "p95 %.3f ms, p99 %.3f ms, %.0f queries/s%s [%zu]\n",
        timings.size(), hits, errors, pct(50), pct(95), pct(99),
        sum > 0 ? 1000.0 * static_cast<double>(timings.size()) / sum : 0.0,
        snippets ? "" : " (no snippets)", sink % 10);
    return 0;
}

[[noreturn]] void usage() {
    std::cerr << "usage: baseline_xapian index|add DB DIR\n"
                 "       baseline_xapian index-runs DB DIR [--jobs N] [--run-size N]\n"
                 "       baseline_xapian search DB QUERIES [--no-snippets] [--warmup N] "
                 "[--limit N]\n";
    std::exit(2);
}

}  // namespace

auto main(int argc, char** argv) -> int {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 3 && (args[0] == "index" || args[0] == "add")) {
            return index_command(args[1], args[2], args[0] == "add");
        }
        if (args.size() >= 3 && args[0] == "index-runs") {
            unsigned jobs = 2;
            unsigned run_size = 200;
            for (std::size_t i = 3; i < args.size(); ++i) {
                if (args[i] == "--jobs" && i + 1 < args.size()) {
                    jobs = static_cast<unsigned>(std::stoul(args[++i]));
                } else if (args[i] == "--run-size" && i + 1 < args.size()) {
                    run_size = static_cast<unsigned>(std::stoul(args[++i]));
                } else {
                    usage();
                }
            }
            if (jobs == 0 || run_size == 0) {
                usage();
            }
            return index_runs_command(args[1], args[2], jobs, run_size);
        }
        if (args.size() >= 3 && args[0] == "search") {
            bool snippets = true;
            int warmup = 1;
            Xapian::doccount limit = 10;
            for (std::size_t i = 3; i < args.size(); ++i) {
                if (args[i] == "--no-snippets") {
                    snippets = false;
                } else if (args[i] == "--warmup" && i + 1 < args.size()) {
                    warmup = std::stoi(args[++i]);
                } else if (args[i] == "--limit" && i + 1 < args.size()) {
                    limit = static_cast<Xapian::doccount>(std::stoul(args[++i]));
                } else {
                    usage();
                }
            }
            return search_command(args[1], args[2], snippets, warmup, limit);
        }
        usage();
    } catch (const Xapian::Error& e) {
        std::cerr << "baseline_xapian: " << e.get_description() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "baseline_xapian: " << e.what() << "\n";
    }
    return 1;
}
