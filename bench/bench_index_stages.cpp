/// @file
/// @brief Where indexing time goes: times each stage of `telusur index` separately, in one thread.
///
/// Usage: bench_index_stages DIR [--chunk N] [--out DB]
///
/// Stages over every file under DIR: read (ingest::read_file: decoding, metadata, boilerplate),
/// analyse (index::make_document: tokens, stems, entities, stored data), then writing the
/// documents with Xapian in two ways: one database, add_document per article (Xapian's default
/// flush threshold); and chunks of N documents (default 2000) each into its own small database,
/// merged at the end with Xapian::Database::compact. Prints CPU seconds per stage and MB/s of
/// input text. With STAGES_VARIANTS=1 in the environment, also chunks of 200 (as
/// telusur index writes them: DB_NO_SYNC; and with DB_DANGEROUS), of 500/250/100/50 documents
/// (each + compaction), and chunks without stored data and without positions.
/// Used to find the bottleneck; scripts/bench measures the real command.

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/data.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/index/index.hpp"
#include "telusur/ingest/article.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/search/phrases.hpp"
#include "telusur/search/synonyms.hpp"

namespace fs = std::filesystem;

namespace {

auto cpu_seconds() -> double {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

auto wall_seconds() -> double {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Stage {
    double cpu0 = cpu_seconds();
    double wall0 = wall_seconds();
    void report(const char* name, double mb) const {
        const double cpu = cpu_seconds() - cpu0;
        const double wall = wall_seconds() - wall0;
        std::printf("%-28s cpu %8.2f s  wall %8.2f s  %7.2f MB/s (cpu)\n", name, cpu, wall,
                    cpu > 0 ? mb / cpu : 0.0);
        (void)std::fflush(stdout);
    }
};

}  // namespace

auto main(int argc, char** argv) -> int {
    if (argc < 2) {
        std::cerr << "usage: bench_index_stages DIR [--chunk N] [--out DB]\n";
        return 2;
    }
    std::size_t chunk = 2000;
    std::string out = "/tmp/bench_index_stages";
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--chunk") {
            chunk = std::stoul(argv[i + 1]);
        } else if (a == "--out") {
            out = argv[i + 1];
        }
    }
    try {
        auto list = telusur::ingest::collect_files({argv[1]});
        double mb = 0;
        for (const auto& f : list.files) {
            mb += static_cast<double>(fs::file_size(f)) / 1e6;
        }
        std::printf("%zu files, %.1f MB\n", list.files.size(), mb);

        auto cleaner = telusur::ingest::Cleaner::standard();
        telusur::ingest::ReadOptions options;
        std::vector<telusur::ingest::Article> articles;
        {
            Stage s;
            for (const auto& f : list.files) {
                auto batch = telusur::ingest::read_file(f, cleaner, options);
                for (auto& a : batch.articles) {
                    articles.push_back(std::move(a));
                }
            }
            s.report("read + clean", mb);
        }
        auto catalog = telusur::entity::default_catalog();
        telusur::analysis::Analyzer analyzer;
        {
            Stage s;
            std::size_t tokens = 0;
            for (const auto& a : articles) {
                tokens += analyzer.tokenize(a.body).size();
            }
            s.report("tokenize body only", mb);
            (void)std::fprintf(stderr, "  (%zu tokens)\n", tokens);
        }
        {
            // The same with ICU's break iterator for every text; counts the bodies the fast
            // segmenter handles and any whose tokens differ (there should be none).
            Stage s;
            std::size_t tokens = 0;
            for (const auto& a : articles) {
                tokens +=
                    analyzer.tokenize(a.body, telusur::analysis::Analyzer::Segmenter::kIcu).size();
            }
            s.report("tokenize body only, ICU always", mb);
            std::size_t fast = 0;
            std::size_t differ = 0;
            for (const auto& a : articles) {
                fast += telusur::analysis::Analyzer::uses_fast_segmenter(a.body) ? 1 : 0;
                differ +=
                    analyzer.tokenize(a.body) ==
                            analyzer.tokenize(a.body, telusur::analysis::Analyzer::Segmenter::kIcu)
                        ? 0
                        : 1;
            }
            (void)std::fprintf(stderr, "  (%zu tokens; %zu of %zu bodies fast, %zu differ)\n",
                               tokens, fast, articles.size(), differ);
        }
        {
            Stage s;
            std::size_t n = 0;
            for (const auto& a : articles) {
                for (const auto& t : analyzer.tokenize(a.body)) {
                    n += analyzer.terms(t).size();
                }
            }
            s.report("tokenize + terms (body)", mb);
            (void)std::fprintf(stderr, "  (%zu items)\n", n);
        }
        {
            Stage s;
            std::size_t n = 0;
            for (const auto& a : articles) {
                n += telusur::ingest::fingerprint(a.title + "\n" + a.body).hash.size();
            }
            s.report("fingerprint (hash+minhash)", mb);
            (void)std::fprintf(stderr, "  (%zu hash bytes)\n", n);
        }
        {
            Stage s;
            std::size_t n = 0;
            for (const auto& a : articles) {
                n += telusur::index::encode(a).size();
            }
            s.report("encode (stored data)", mb);
            (void)std::fprintf(stderr, "  (%zu bytes of stored data)\n", n);
        }
        {
            Stage s;
            std::size_t n = 0;
            for (const auto& a : articles) {
                n += catalog->matcher().find(a.title + "\n" + a.body).size();
            }
            s.report("entity matcher", mb);
            (void)std::fprintf(stderr, "  (%zu items)\n", n);
        }
        {
            Stage s;
            std::size_t n = 0;
            for (const auto& a : articles) {
                Xapian::Document d;
                for (const auto& t : analyzer.tokenize(a.body)) {
                    for (const auto& term : analyzer.terms(t)) {
                        d.add_posting(term.text, t.position + term.offset);
                    }
                }
                n += d.termlist_count();
            }
            s.report("tokenize+terms+add_posting", mb);
            (void)std::fprintf(stderr, "  (%zu items)\n", n);
        }
        {
            Stage s;
            for (const auto& a : articles) {
                (void)telusur::index::make_document(a, analyzer, catalog.get());
            }
            s.report("make_document, no phrase markers", mb);
        }
        // As `telusur index` does: the shipped synonyms and the gazetteer's aliases.
        telusur::search::SynonymTable synonyms;
        synonyms.load(telusur::data_path("synonyms-id.txt"));
        telusur::search::add_entity_aliases(synonyms, catalog->gazetteer());
        const telusur::search::PhraseSet phrases(synonyms, analyzer);
        std::vector<Xapian::Document> docs;
        docs.reserve(articles.size());
        {
            Stage s;
            for (const auto& a : articles) {
                docs.push_back(telusur::index::make_document(a, analyzer, catalog.get(), &phrases));
            }
            s.report("make_document", mb);
        }
        {
            fs::remove_all(out + "-one");
            Stage s;
            Xapian::WritableDatabase db(out + "-one", Xapian::DB_CREATE_OR_OVERWRITE);
            for (const auto& d : docs) {
                db.add_document(d);
            }
            db.commit();
            s.report("write: one database", mb);
        }
        {
            fs::remove_all(out + "-chunks");
            fs::remove_all(out + "-merged");
            fs::create_directories(out + "-chunks");
            Stage s;
            Xapian::Database all;
            for (std::size_t start = 0; start < docs.size(); start += chunk) {
                auto path = out + "-chunks/" + std::to_string(start / chunk);
                {
                    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
                    for (std::size_t i = start; i < std::min(docs.size(), start + chunk); ++i) {
                        db.add_document(docs[i]);
                    }
                    db.commit();
                }
                all.add_database(Xapian::Database(path));
            }
            s.report("write: chunks", mb);
            Stage m;
            all.compact(out + "-merged", Xapian::DBCOMPACT_MULTIPASS);
            m.report("compact chunks", mb);
        }
        if (std::getenv("STAGES_VARIANTS") != nullptr) {
            auto chunks = [&](const char* name, std::size_t n, int flags = 0) {
                fs::remove_all(out + "-v");
                fs::create_directories(out + "-v");
                Stage s;
                for (std::size_t start = 0; start < docs.size(); start += n) {
                    auto path = out + "-v/" + std::to_string(start / n);
                    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | flags);
                    for (std::size_t i = start; i < std::min(docs.size(), start + n); ++i) {
                        db.add_document(docs[i]);
                    }
                    db.commit();
                }
                s.report(name, mb);
                Stage m;
                Xapian::Database all;
                for (std::size_t k = 0; k * n < docs.size(); ++k) {
                    all.add_database(Xapian::Database(out + "-v/" + std::to_string(k)));
                }
                fs::remove_all(out + "-vm");
                all.compact(out + "-vm", Xapian::DBCOMPACT_MULTIPASS);
                m.report("  + compact", mb);
            };
            chunks("chunks of 200, NO_SYNC", 200, Xapian::DB_NO_SYNC);
            chunks("chunks of 200, NO_SYNC+DANGEROUS", 200,
                   Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
            chunks("chunks of 500", 500);
            chunks("chunks of 250", 250);
            chunks("chunks of 100", 100);
            chunks("chunks of 50", 50);
            for (auto& d : docs) {
                d.set_data("");
            }
            chunks("chunks, no data", chunk);
            std::vector<Xapian::Document> plain;
            for (auto& d : docs) {
                Xapian::Document p;
                for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
                    p.add_term(*t, t.get_wdf());
                }
                plain.push_back(p);
            }
            docs = std::move(plain);
            chunks("chunks, no data, no positions", chunk);
        }
    } catch (const Xapian::Error& e) {
        std::cerr << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
