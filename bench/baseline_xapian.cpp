/// @file
/// @brief The benchmark's baseline: plain Xapian, as its user would write it in an afternoon.
///
/// Usage: baseline_xapian index DB DIR
///        baseline_xapian add DB DIR
///        baseline_xapian search DB QUERIES [--no-snippets] [--warmup N] [--limit N]
///
/// index: every .txt file under DIR (recursively, sorted): first line = title, the rest = body.
/// TermGenerator with Stem("indonesian") and STEM_SOME, title also under prefix S, the file's
/// text stored as document data for snippets, a Q<id> term, add_document per article, one commit
/// at the end (default XAPIAN_FLUSH_THRESHOLD). Prints {"articles","bytes","seconds"} as JSON.
/// add: the same into an existing DB, with replace_document by the Q term (an article indexed
/// again replaces itself), as a script adding the day's articles would.
///
/// search: QueryParser with the same stemmer and strategy, default operator AND, phrases and
/// boolean operators, `title:` as prefix S; top 10 with MSet::snippet(text, 200, stem) over the
/// stored text of each hit (unless --no-snippets). All queries are run --warmup times (default 1)
/// unmeasured, then once measured in the same process; each measured query prints one JSON line
/// {"query","total","took_ms"} (took_ms: parse + match + documents + snippets). A summary goes to
/// stderr. Xapian has no entities: `company:ID` becomes a search for the company's name (the id
/// with '-' as space, as a phrase), which is what a plain Xapian user would type.

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
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

auto index_command(const std::string& db_path, const std::string& dir, bool add) -> int {
    const auto started = Clock::now();
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".txt") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());

    Xapian::WritableDatabase db(db_path,
                                add ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    const Xapian::Stem stem("indonesian");
    tg.set_stemmer(stem);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::uintmax_t bytes = 0;
    for (const auto& path : files) {
        const auto text = read_file(path);
        bytes += text.size();
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
        std::string id_term(1, 'Q');
        id_term.append(path.stem().string());
        doc.add_boolean_term(id_term);
        if (add) {
            db.replace_document(id_term, doc);
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
