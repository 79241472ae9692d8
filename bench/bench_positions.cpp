/// @file
/// @brief Would per-document position blobs beat Xapian's position table? Measures it.
///
/// Usage: bench_positions INDEX QUERIES [--blobs DB] [--verify N]
///
/// INDEX is a telusur index (one database, e.g. `telusur index --index DIR`; give the gen-*
/// directory). For every document, the stored title and body are analysed again into the same
/// positional terms `telusur index` writes (index.cpp, index_text), and packed into one blob
/// per document: the document's distinct positional terms, front-coded in sorted order, each
/// with its positions (varint deltas). The first N documents (--verify, default 300) are
/// checked against the index's own position lists: the blobs must hold exactly Xapian's
/// positions. The blobs are then written as value slot 0 of a separate database (--blobs,
/// default /tmp/bench_positions.db) and each quoted phrase of QUERIES (one query per line,
/// scripts/bench's query set) is matched exhaustively in three ways, 5 runs each, medians:
///   xapian  Enquire over OP_PHRASE with BoolWeight (Xapian's positional check, as telusur's
///           searches run it today);
///   memory  the AND of the phrase's terms (posting lists, leapfrog) then the blob of every
///           candidate, from memory (the floor of the approach);
///   value   the same, blobs read from the value slot (what an index would do).
/// The three must agree on every phrase's count. Prints the blob size against the index's
/// position table, per phrase and in total the times, and the time per candidate document.
/// (The verification found that Xapian 1.4.22 stores a position list of exactly {0, 1} as
/// {1}: titles are numbered from index::kTitlePosition = 1 since.) Nothing here is used by telusur:
/// it is the measurement behind a design decision (see the issue 8 notes).

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/index/index.hpp"

namespace {

/// As index.cpp: longer terms are not indexed (Xapian's limit is 245 bytes).
constexpr std::size_t kMaxTermBytes = 200;

using Positions = std::map<std::string, std::vector<Xapian::termpos>>;

void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

auto get_varint(const char*& p) -> std::uint32_t {
    std::uint32_t v = 0;
    int shift = 0;
    while ((static_cast<unsigned char>(*p) & 0x80) != 0) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(*p++) & 0x7f) << shift;
        shift += 7;
    }
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(*p++)) << shift;
    return v;
}

/// The positional terms of a stored article, as index_text() writes them.
auto positions_of(const telusur::index::StoredArticle& stored, telusur::analysis::Analyzer& an)
    -> Positions {
    Positions out;
    auto add = [&](const std::string& text, Xapian::termpos base, const char* prefix) {
        for (const auto& token : an.tokenize(text)) {
            for (const auto& term : an.terms(token)) {
                if (term.text.empty() || term.text.size() > kMaxTermBytes) {
                    continue;
                }
                const auto pos = base + token.position + term.offset;
                out[term.text].push_back(pos);
                if (prefix != nullptr) {
                    out[std::string(prefix).append(term.text)].push_back(pos);
                }
            }
        }
    };
    add(stored.title, telusur::index::kTitlePosition, telusur::index::kTitlePrefix);
    add(stored.body, telusur::index::kBodyPositionGap, nullptr);
    for (auto& [term, list] : out) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

/// Blob: varint byte length of the head; head: varint term count; per term (sorted): shared prefix
/// length, suffix length, suffix, byte length of its positions; then the positions of each term in
/// the same order (varint count, then deltas).
auto pack(const Positions& positions) -> std::string {
    std::string head;
    std::string lists;
    put_varint(head, static_cast<std::uint32_t>(positions.size()));
    std::string_view previous;
    for (const auto& [term, list] : positions) {
        std::size_t shared = 0;
        while (shared < previous.size() && shared < term.size() &&
               previous[shared] == term[shared]) {
            ++shared;
        }
        put_varint(head, static_cast<std::uint32_t>(shared));
        put_varint(head, static_cast<std::uint32_t>(term.size() - shared));
        head.append(term, shared);
        std::string one;
        put_varint(one, static_cast<std::uint32_t>(list.size()));
        Xapian::termpos last = 0;
        for (auto p : list) {
            put_varint(one, p - last);
            last = p;
        }
        put_varint(head, static_cast<std::uint32_t>(one.size()));
        lists += one;
        previous = term;
    }
    std::string blob;
    put_varint(blob, static_cast<std::uint32_t>(head.size()));
    return blob + head + lists;
}

/// The positions of `wanted` (sorted, distinct terms) in a blob; false if one is missing.
auto lookup(std::string_view blob,
            const std::vector<std::string>& wanted,
            std::vector<std::vector<Xapian::termpos>>& out) -> bool {
    const char* p = blob.data();
    const auto head_bytes = get_varint(p);
    const char* lists = p + head_bytes;
    const auto n = get_varint(p);
    std::string term;
    std::size_t offset = 0;
    std::size_t next = 0;
    std::vector<std::size_t> at(wanted.size());
    for (std::uint32_t i = 0; i < n && next < wanted.size(); ++i) {
        const auto shared = get_varint(p);
        const auto suffix = get_varint(p);
        term.resize(shared);
        term.append(p, suffix);
        p += suffix;
        const auto bytes = get_varint(p);
        while (next < wanted.size() && wanted[next] < term) {
            return false;  // sorted: a wanted term before this one is absent
        }
        if (term == wanted[next]) {
            at[next++] = offset;
        }
        offset += bytes;
    }
    if (next < wanted.size()) {
        return false;
    }
    const char* q = lists;
    out.resize(wanted.size());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const char* r = q + at[i];
        const auto k = get_varint(r);
        out[i].resize(k);
        Xapian::termpos pos = 0;
        for (std::uint32_t j = 0; j < k; ++j) {
            pos += get_varint(r);
            out[i][j] = pos;
        }
    }
    return true;
}

/// Whether the phrase (terms in order) occurs in the blob.
auto phrase_in(std::string_view blob,
               const std::vector<std::string>& phrase,
               const std::vector<std::string>& distinct,
               std::vector<std::vector<Xapian::termpos>>& scratch) -> bool {
    if (!lookup(blob, distinct, scratch)) {
        return false;
    }
    auto list_of = [&](const std::string& t) -> const std::vector<Xapian::termpos>& {
        return scratch[static_cast<std::size_t>(
            std::lower_bound(distinct.begin(), distinct.end(), t) - distinct.begin())];
    };
    for (auto start : list_of(phrase[0])) {
        bool all = true;
        for (std::size_t k = 1; k < phrase.size() && all; ++k) {
            const auto& l = list_of(phrase[k]);
            all = std::binary_search(l.begin(), l.end(), start + static_cast<Xapian::termpos>(k));
        }
        if (all) {
            return true;
        }
    }
    return false;
}

/// The documents holding every term (leapfrog over the posting lists).
auto candidates(const Xapian::Database& db, const std::vector<std::string>& distinct)
    -> std::vector<Xapian::docid> {
    std::vector<Xapian::PostingIterator> its;
    for (const auto& t : distinct) {
        its.push_back(db.postlist_begin(t));
        if (its.back() == db.postlist_end(t)) {
            return {};
        }
    }
    std::vector<Xapian::docid> out;
    Xapian::docid target = *its[0];
    while (true) {
        bool agree = true;
        for (auto& it : its) {
            it.skip_to(target);
            if (it == Xapian::PostingIterator()) {
                return out;
            }
            if (*it != target) {
                target = *it;
                agree = false;
                break;
            }
        }
        if (agree) {
            out.push_back(target);
            ++target;
        }
    }
}

/// The first term whose positions differ, with both lists ("kadang: index 1, blob 0 1").
auto first_difference(const Positions& index, const Positions& blob) -> std::string {
    auto list = [](const std::vector<Xapian::termpos>* l) {
        std::string out;
        for (auto p : l != nullptr ? *l : std::vector<Xapian::termpos>{}) {
            out += " " + std::to_string(p);
        }
        return out;
    };
    std::set<std::string> terms;
    for (const auto* side : {&index, &blob}) {
        for (const auto& entry : *side) {
            terms.insert(entry.first);
        }
    }
    for (const auto& t : terms) {
        const auto a = index.find(t);
        const auto b = blob.find(t);
        const auto* la = a != index.end() ? &a->second : nullptr;
        const auto* lb = b != blob.end() ? &b->second : nullptr;
        if (la == nullptr || lb == nullptr || *la != *lb) {
            return t + ": index" + list(la) + ", blob" + list(lb);
        }
    }
    return "none";
}

auto now() -> double {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

auto median(std::vector<double> v) -> double {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

auto main(int argc, char** argv) -> int {
    if (argc < 3) {
        std::cerr << "usage: bench_positions INDEX QUERIES [--blobs DB] [--verify N]\n";
        return 2;
    }
    const std::string index_path = argv[1];
    const std::string queries_path = argv[2];
    std::string blobs_path = "/tmp/bench_positions.db";
    Xapian::docid verify = 300;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--blobs") {
            blobs_path = argv[i + 1];
        } else if (a == "--verify") {
            verify = static_cast<Xapian::docid>(std::stoul(argv[i + 1]));
        }
    }
    Xapian::Database db(index_path);
    telusur::analysis::Analyzer analyzer;
    const auto last = db.get_lastdocid();
    std::vector<std::string> blobs(last + 1);
    std::uint64_t blob_bytes = 0;
    std::uint64_t entries = 0;
    std::uint64_t positions = 0;
    Xapian::docid verified = 0;
    double t0 = now();
    for (Xapian::docid did = 1; did <= last; ++did) {
        std::string data;
        try {
            data = db.get_document(did).get_data();
        } catch (const Xapian::DocNotFoundError&) {
            continue;
        }
        const auto pos = positions_of(telusur::index::decode(data), analyzer);
        blobs[did] = pack(pos);
        blob_bytes += blobs[did].size();
        entries += pos.size();
        for (const auto& [t, l] : pos) {
            positions += l.size();
        }
        if (verified < verify) {
            // Every positional term of the index's document, and no other, with its positions.
            Positions theirs;
            auto doc = db.get_document(did);
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                if (t.positionlist_count() > 0) {
                    theirs[*t] = {t.positionlist_begin(), t.positionlist_end()};
                }
            }
            if (theirs != pos) {
                std::cerr << "document " << did
                          << ": the blob's positions differ from the index's ("
                          << first_difference(theirs, pos) << ")\n";
                return 1;
            }
            ++verified;
        }
    }
    std::printf(
        "blobs: %u documents analysed in %.1f s; %llu (term, document) entries, %llu "
        "positions; %.1f MB = %.0f bytes/document (%u documents verified against the "
        "index's position lists)\n",
        db.get_doccount(), (now() - t0) / 1000, static_cast<unsigned long long>(entries),
        static_cast<unsigned long long>(positions), static_cast<double>(blob_bytes) / 1e6,
        static_cast<double>(blob_bytes) / db.get_doccount(), verified);
    const auto position_table = std::filesystem::path(index_path) / "position.glass";
    if (std::filesystem::exists(position_table)) {
        std::printf("index's position.glass: %.1f MB\n",
                    static_cast<double>(std::filesystem::file_size(position_table)) / 1e6);
    }
    {
        t0 = now();
        std::filesystem::remove_all(blobs_path);
        Xapian::WritableDatabase out(blobs_path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
        for (Xapian::docid did = 1; did <= last; ++did) {
            if (!blobs[did].empty()) {
                Xapian::Document doc;
                doc.add_value(0, blobs[did]);
                out.replace_document(did, doc);
            }
        }
        out.commit();
        std::printf("value database written in %.1f s\n", (now() - t0) / 1000);
    }
    Xapian::Database values(blobs_path);

    std::ifstream in(queries_path);
    std::string line;
    std::printf("%-34s %8s %9s %9s %9s %9s\n", "phrase", "matches", "cands", "xapian", "memory",
                "value");
    double sum_x = 0;
    double sum_m = 0;
    double sum_v = 0;
    double sum_c = 0;
    std::size_t all_candidates = 0;
    int shown = 0;
    int skipped = 0;
    while (std::getline(in, line)) {
        const auto open = line.find('"');
        const auto close = line.rfind('"');
        if (open == std::string::npos || close <= open) {
            continue;
        }
        const auto text = line.substr(open + 1, close - open - 1);
        std::vector<std::string> phrase;
        bool simple = true;
        for (const auto& token : analyzer.tokenize(text)) {
            const auto terms = analyzer.terms(token);
            if (terms.size() != 1) {
                simple = false;
                break;
            }
            phrase.push_back(terms.front().text);
        }
        if (!simple || phrase.size() < 2) {
            ++skipped;
            continue;
        }
        auto distinct = phrase;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        std::vector<double> tx;
        std::vector<double> tm;
        std::vector<double> tv;
        std::vector<double> tc;
        Xapian::doccount nx = 0;
        Xapian::doccount nm = 0;
        Xapian::doccount nv = 0;
        std::size_t ncand = 0;
        std::vector<std::vector<Xapian::termpos>> scratch;
        for (int run = 0; run < 5; ++run) {
            double s = now();
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, phrase.begin(), phrase.end(),
                                            static_cast<Xapian::termcount>(phrase.size())));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            auto mset = enquire.get_mset(0, 0, db.get_doccount());
            nx = mset.get_matches_estimated();
            tx.push_back(now() - s);

            s = now();
            auto cand = candidates(db, distinct);
            tc.push_back(now() - s);
            nm = 0;
            for (auto did : cand) {
                nm += phrase_in(blobs[did], phrase, distinct, scratch) ? 1 : 0;
            }
            tm.push_back(now() - s);
            ncand = cand.size();

            s = now();
            cand = candidates(db, distinct);
            nv = 0;
            auto vit = values.valuestream_begin(0);
            for (auto did : cand) {
                vit.skip_to(did);
                nv += phrase_in(*vit, phrase, distinct, scratch) ? 1 : 0;
            }
            tv.push_back(now() - s);
        }
        if (nx != nm || nx != nv) {
            std::cerr << "\"" << text << "\": counts differ: xapian " << nx << ", memory " << nm
                      << ", value " << nv << "\n";
            return 1;
        }
        const double mx = median(tx);
        const double mm = median(tm);
        const double mv = median(tv);
        sum_x += mx;
        sum_m += mm;
        sum_v += mv;
        sum_c += median(tc);
        all_candidates += ncand;
        ++shown;
        std::printf("%-34.34s %8u %9zu %8.2fms %8.2fms %8.2fms\n", text.c_str(), nx, ncand, mx, mm,
                    mv);
    }
    std::printf("candidates alone (leapfrog over posting lists): %.1f ms for %zu candidates\n",
                sum_c, all_candidates);
    if (all_candidates > 0) {
        const auto per = [&](double ms) { return ms * 1000 / static_cast<double>(all_candidates); };
        std::printf("per candidate: xapian %.2f us, memory %.2f us, value %.2f us\n", per(sum_x),
                    per(sum_m), per(sum_v));
    }
    std::printf(
        "%d phrases (%d skipped: a word with more than one term); sum of medians: xapian "
        "%.1f ms, memory %.1f ms (%.2fx), value %.1f ms (%.2fx)\n",
        shown, skipped, sum_x, sum_m, sum_m / sum_x, sum_v, sum_v / sum_x);
    return 0;
}
