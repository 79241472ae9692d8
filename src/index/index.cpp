#include "telusur/index/index.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "telusur/analysis/stemmer.hpp"
#include "telusur/data.hpp"
#include "telusur/entity/terms.hpp"
#include "telusur/error.hpp"
#include "telusur/index/layout.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/search/query.hpp"

namespace telusur::index {

static_assert(kEntityCounts == entity::kCountsSlot, "one slot for the entity counts");

namespace {

/// Xapian refuses terms over 245 bytes; longer "words" are not worth indexing.
constexpr std::size_t kMaxTermBytes = 200;
/// A title word counts as this many body words.
constexpr Xapian::termcount kTitleWeight = 3;

/// Xapian reports an index directory we may not read as missing, and one we may not write to
/// as locked: name the real cause first.
void throw_if_no_permission(const std::string& dir, bool write) {
    if (::access(dir.c_str(), R_OK | X_OK | (write ? W_OK : 0)) != 0 && errno == EACCES) {
        throw IndexError(std::string("permission denied: cannot ")
                             .append(write ? "write to" : "read")
                             .append(" the index at ")
                             .append(dir));
    }
}

/// Translates Xapian's opening errors into one-line IndexErrors naming the index.
[[noreturn]] void rethrow_opening_error(const std::string& dir, bool write) {
    throw_if_no_permission(dir, write);
    try {
        throw;
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexError("index " + dir +
                         " is being updated by another process (locked); try again when it ends");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexError("index at " + dir + " is corrupt (" + e.get_msg() +
                         "); rebuild it with 'telusur index --rebuild PATH'");
    } catch (const Xapian::DatabaseVersionError& e) {
        throw IndexError("index at " + dir + " has an unsupported format (" + e.get_msg() + ")");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError("index at " + dir + " is corrupt or incomplete (" + e.get_msg() +
                         "); run 'telusur rollback' or 'telusur index --rebuild PATH'");
    } catch (const Xapian::DatabaseError& e) {
        if (e.get_msg().starts_with("EOF reading block")) {  // a file cut short
            throw IndexError("index at " + dir + " is corrupt (truncated: " + e.get_msg() +
                             "); rebuild it with 'telusur index --rebuild PATH'");
        }
        throw IndexError("cannot open index at " + dir + ": " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index at " + dir + ": " + e.get_description());
    }
}

/// A full disk, a file size limit or an I/O error while writing: Xapian keeps the last committed
/// revision (the run's changes are one transaction), so the index is as it was before the run.
[[noreturn]] void rethrow_write_error(const std::string& dir, const Xapian::Error& e) {
    std::string why = e.get_msg();
    if (const char* cause = e.get_error_string(); cause != nullptr && *cause != '\0') {
        why.append(": ").append(cause);
    }
    throw IndexError("cannot write the index at " + dir + " (" + why +
                     "); the index is left as it was");
}

/// Adds the terms of some text. Title words (prefix set) are also indexed with the prefix, with
/// positions so that title:"..." phrases work, and weigh kTitleWeight times a body word.
void index_text(Xapian::Document& doc,
                analysis::Analyzer& analyzer,
                const std::string& text,
                Xapian::termpos base,
                const char* prefix,
                const search::PhraseSet* phrases) {
    const Xapian::termcount wdf = prefix != nullptr ? kTitleWeight : 1;
    const auto tokens = analyzer.tokenize(text);
    // Surface forms: counted here, then added once each (a word recurs many times in an
    // article; each Document::add_term is a lookup in the document's term map). Only words
    // that differ from their one stem term: for the others ("chip", "nvidia", two thirds of an
    // article's distinct words) the stem term already marks the same documents, and wildcards
    // and spelling read stem terms as well as Z terms. A third fewer terms per document.
    std::unordered_map<std::string_view, Xapian::termcount> surface;
    surface.reserve(tokens.size());
    // The postings of terms that some phrase uses, to find where phrases occur.
    std::vector<search::PhraseSet::Posting> phrase_postings;
    if (phrases != nullptr && phrases->empty()) {
        phrases = nullptr;
    }
    for (const auto& token : tokens) {
        const auto terms = analyzer.terms(token);
        if (token.norm.size() <= kMaxTermBytes &&
            !(terms.size() == 1 && terms.front().text == token.norm)) {
            ++surface[token.norm];
        }
        for (const auto& term : terms) {
            if (term.text.empty() || term.text.size() > kMaxTermBytes) {
                continue;
            }
            auto position = base + token.position + term.offset;
            doc.add_posting(term.text, position, wdf);
            if (prefix != nullptr) {
                doc.add_posting(std::string(prefix).append(term.text), position);
            }
            if (phrases != nullptr) {
                if (auto number = phrases->number_of(term.text); number >= 0) {
                    phrase_postings.emplace_back(position, number);
                }
            }
        }
    }
    if (phrases != nullptr) {
        // Boolean: no wdf, so document lengths (and every BM25 weight) stay as they were.
        for (const auto& marker : phrases->find(phrase_postings)) {
            doc.add_boolean_term(marker);
        }
    }
    std::string name(search::kSurfacePrefix);
    for (const auto& [norm, count] : surface) {
        name.resize(std::char_traits<char>::length(search::kSurfacePrefix));
        doc.add_term(name.append(norm), count);
    }
}

/// The plain (JSON) records of the first documents, at most `count`: what a dictionary is
/// trained on.
auto plain_records(const Xapian::Database& db, std::size_t count) -> std::vector<std::string> {
    std::vector<std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end("") && out.size() < count; ++it) {
        auto data = db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_data();
        if (!is_compressed(data)) {
            out.push_back(std::move(data));
        }
    }
    return out;
}

auto file_contents(const std::filesystem::path& path) -> std::string {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

auto analysis_fingerprint() -> std::string {
    std::string all = "analyzer ";
    all.append(std::to_string(analysis::Analyzer::kVersion)).append("\n");
    for (const char* name :
         {"stopwords-id.txt", "stemming/exceptions.tsv", "entities.tsv", "boilerplate-id.txt"}) {
        all.append(name).append("\n").append(file_contents(data_path(name)));
    }
    if (const char* extra = std::getenv("TELUSUR_ENTITIES"); extra != nullptr && *extra != '\0') {
        all.append("TELUSUR_ENTITIES\n").append(file_contents(extra));
    }
    all.append("dictionary\n").append(file_contents(analysis::default_dictionary_path()));
    return ingest::content_hash(all);
}

auto file_term(const std::string& path) -> std::string {
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec).lexically_normal().string();
    auto term = std::string(kFilePrefix);
    if (abs.size() + term.size() > kMaxTermBytes) {
        return term.append("#").append(ingest::content_hash(abs));
    }
    return term.append(abs);
}

auto shard_of(const std::string& id, unsigned shards) -> unsigned {
    return shards <= 1 ? 0U : static_cast<unsigned>(ingest::fnv1a(id) % shards);
}

auto resolve_path(const std::optional<std::string>& option) -> std::string {
    if (option && !option->empty()) {
        return *option;
    }
    if (const char* env = std::getenv("TELUSUR_INDEX"); env != nullptr && *env != '\0') {
        return env;
    }
    return "./index";
}

auto optional_json(const std::optional<std::string>& v) -> nlohmann::json {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

namespace {

auto split_lines(std::string_view text) -> std::vector<std::string_view> {
    std::vector<std::string_view> out;
    for (std::size_t from = 0;;) {
        auto nl = text.find('\n', from);
        out.push_back(text.substr(from, nl == std::string_view::npos ? nl : nl - from));
        if (nl == std::string_view::npos) {
            return out;
        }
        from = nl + 1;
    }
}

/// How far ahead in the cleaned lines a raw line is looked for (skipped cleaned lines).
constexpr std::size_t kRawLookahead = 8;

/// The lines of the cleaned text (title, then body) that the raw text is described against.
auto cleaned_lines(const std::string& title, const std::string& body)
    -> std::vector<std::string_view> {
    auto lines = split_lines(title);
    auto more = split_lines(body);
    lines.insert(lines.end(), more.begin(), more.end());
    return lines;
}

/// The original text as a line delta against the cleaned lines (title, then body): a JSON array
/// of n >= 0 (copy the next n cleaned lines), -n (skip n cleaned lines) and strings (a line
/// of its own). Lines of a .txt article are mostly cleaned lines verbatim, so the delta holds
/// little more than the header and the removed furniture. Exact: raw_from_delta gives raw back.
auto raw_delta(const std::string& raw, const std::string& title, const std::string& body)
    -> nlohmann::json {
    const auto source = cleaned_lines(title, body);
    auto ops = nlohmann::json::array();
    std::size_t next = 0;     // the next cleaned line to compare with
    std::int64_t copies = 0;  // pending run of copied lines
    auto flush = [&] {
        if (copies > 0) {
            ops.push_back(copies);
            copies = 0;
        }
    };
    for (auto line : split_lines(raw)) {
        std::size_t found = next;
        // A blank line is only ever matched in place: skipping ahead to the next blank one
        // would lose the cleaned lines in between.
        const auto limit =
            std::min(source.size(), next + (line.empty() ? std::size_t{1} : kRawLookahead));
        while (found < limit && source[found] != line) {
            ++found;
        }
        if (found == limit) {
            flush();
            ops.push_back(line);
            continue;
        }
        if (found > next) {
            flush();
            ops.push_back(-static_cast<std::int64_t>(found - next));
        }
        ++copies;
        next = found + 1;
    }
    flush();
    return ops;
}

/// One operation of a raw delta: a line of its own, or n cleaned lines copied (n > 0) or
/// skipped (n < 0).
using DeltaOp = std::variant<std::string, std::int64_t>;

/// The original text back from raw_delta. Throws IndexError when it does not fit the article.
auto raw_from_delta(const std::vector<DeltaOp>& ops,
                    const std::string& title,
                    const std::string& body) -> std::string {
    const auto source = cleaned_lines(title, body);
    std::string out;
    std::size_t next = 0;
    bool first = true;
    auto line = [&](std::string_view text) {
        out.append(first ? "" : "\n").append(text);
        first = false;
    };
    for (const auto& op : ops) {
        if (const auto* text = std::get_if<std::string>(&op)) {
            line(*text);
            continue;
        }
        const auto n = std::get<std::int64_t>(op);
        // -(n + 1) + 1: no overflow for the most negative value.
        const auto count =
            n < 0 ? static_cast<std::size_t>(-(n + 1)) + 1 : static_cast<std::size_t>(n);
        if (count > source.size() - next) {
            throw IndexError("stored raw text does not match its article; the index is corrupt");
        }
        if (n < 0) {
            next += count;
            continue;
        }
        for (std::int64_t k = 0; k < n; ++k) {
            line(source[next++]);
        }
    }
    return out;
}

/// A JSONL record's path split in two (`FILE:LINE`, Article::line set): FILE for the stored
/// record, LINE for value kLine. Any other path: itself and "".
auto split_line(const ingest::Article& article) -> std::pair<std::string, std::string> {
    if (article.line > 0) {
        auto suffix = ":" + std::to_string(article.line);
        if (article.path.size() > suffix.size() && article.path.ends_with(suffix)) {
            return {article.path.substr(0, article.path.size() - suffix.size()), suffix.substr(1)};
        }
    }
    return {article.path, {}};
}

/// What Writer::stored() says of an article whose document holds the same fields, from the
/// fnv1a of the path its record names and its kLine value.
auto path_state(std::uint64_t record_path, const std::string& line, const ingest::Article& article)
    -> Writer::Stored {
    using Stored = Writer::Stored;
    if (line.empty()) {
        return record_path == ingest::fnv1a(article.path) ? Stored::kSame : Stored::kMoved;
    }
    const auto [file, new_line] = split_line(article);
    if (record_path != ingest::fnv1a(file) || new_line.empty()) {
        return Stored::kMoved;
    }
    return line == new_line ? Stored::kSame : Stored::kLineMoved;
}

/// What Writer::keep() rewrites of a document for an article read from elsewhere (`held`):
/// its kLine value alone (another line of the same JSONL file, and the record names the file
/// alone: the document has a kLine value), its record and kLine value, or nothing.
enum class PathChange { kNone, kLine, kRecord };
auto path_change(Writer::Stored held, const std::string& new_line, bool has_line) -> PathChange {
    using Stored = Writer::Stored;
    if (held == Stored::kLineMoved && !new_line.empty() && has_line) {
        return PathChange::kLine;
    }
    return held == Stored::kMoved || held == Stored::kLineMoved ? PathChange::kRecord
                                                                : PathChange::kNone;
}

/// path_change() applied to a dry run's record path (fnv1a) and kLine value.
void move_path(std::uint64_t& record_path,
               std::string& line,
               const ingest::Article& article,
               Writer::Stored held) {
    const auto [file, new_line] = split_line(article);
    switch (path_change(held, new_line, !line.empty())) {
        case PathChange::kLine:
            line = new_line;
            break;
        case PathChange::kRecord:
            record_path = ingest::fnv1a(file);
            line = new_line;
            break;
        case PathChange::kNone:
            break;
    }
}

/// The stored JSON, given the content hash the caller already computed. The original text is
/// kept as "rawd", a line delta against title and body (raw_delta); the signature is not kept
/// here (it is in value slot kMinHash).
auto encode_with(const ingest::Article& article, const std::string& hash) -> std::string {
    nlohmann::json j = {{"id", article.id},
                        {"title", article.title},
                        {"path", split_line(article).first},
                        {"body", article.body},
                        {"date", optional_json(article.date)},
                        {"source", optional_json(article.source)},
                        {"author", optional_json(article.author)},
                        {"url", optional_json(article.url)},
                        {"hash", hash},
                        {"rawd", raw_delta(article.raw, article.title, article.body)}};
    if (!split_line(article).second.empty()) {
        j["line"] = true;  // the same whatever the line: a record that moves is not rewritten
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

auto encode(const ingest::Article& article) -> std::string {
    auto text = std::string(article.title).append("\n").append(article.body);
    return encode_with(article, ingest::content_hash(text));
}

/// The stored fields decode() reads as text ("raw": data written before the delta), and those
/// that may be null.
const std::array<std::pair<std::string_view, std::string StoredArticle::*>, 7> kTextFields{{
    {"id", &StoredArticle::id},
    {"title", &StoredArticle::title},
    {"path", &StoredArticle::path},
    {"body", &StoredArticle::body},
    {"hash", &StoredArticle::hash},
    {"minhash", &StoredArticle::minhash},
    {"raw", &StoredArticle::raw},
}};
const std::array<std::pair<std::string_view, std::optional<std::string> StoredArticle::*>, 4>
    kOptionalFields{{
        {"date", &StoredArticle::date},
        {"source", &StoredArticle::source},
        {"author", &StoredArticle::author},
        {"url", &StoredArticle::url},
    }};

auto decode(const std::string& data) -> StoredArticle {
    if (is_compressed(data)) {
        return decode(decompress(data));  // a JSON record: starts with '{'
    }
    // simdjson's on-demand parser: searches decode the stored data of every hit, and it reads
    // them about 15 times faster than building a JSON tree (100k benchmark: 0.8 against 13 us).
    thread_local simdjson::ondemand::parser parser;  // reused; not shareable between threads
    const simdjson::padded_string padded(data);
    StoredArticle s;
    std::optional<std::vector<DeltaOp>> delta;
    try {
        auto text = [](simdjson::ondemand::value value) {
            return std::string(std::string_view(value.get_string()));
        };
        auto optional_text = [](simdjson::ondemand::value value) -> std::optional<std::string> {
            std::string_view text;
            if (value.get_string().get(text) != simdjson::SUCCESS) {
                return std::nullopt;  // null (or anything but a string)
            }
            return std::string(text);
        };
        simdjson::ondemand::document doc = parser.iterate(padded);
        for (auto field : doc.get_object()) {
            const std::string_view key = field.unescaped_key();
            simdjson::ondemand::value value = field.value();
            if (auto t = std::find_if(kTextFields.begin(), kTextFields.end(),
                                      [&](const auto& f) { return f.first == key; });
                t != kTextFields.end()) {
                s.*(t->second) = text(value);
            } else if (auto o = std::find_if(kOptionalFields.begin(), kOptionalFields.end(),
                                             [&](const auto& f) { return f.first == key; });
                       o != kOptionalFields.end()) {
                s.*(o->second) = optional_text(value);
            } else if (key == "line") {
                bool line = false;
                s.line_in_value = value.get_bool().get(line) == simdjson::SUCCESS && line;
            } else if (key == "rawd") {
                simdjson::ondemand::array ops;
                if (value.get_array().get(ops) != simdjson::SUCCESS) {
                    throw IndexError("stored raw text is malformed; the index is corrupt");
                }
                delta.emplace();
                for (auto op : ops) {
                    std::string_view line;
                    std::int64_t n = 0;
                    if (op.get_string().get(line) == simdjson::SUCCESS) {
                        delta->emplace_back(std::string(line));
                    } else if (op.get_int64().get(n) == simdjson::SUCCESS) {
                        delta->emplace_back(n);
                    } else {
                        throw IndexError("stored raw text is malformed; the index is corrupt");
                    }
                }
            }
        }
        if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {  // more after it
            throw IndexError("document data is not valid JSON; the index is corrupt");
        }
    } catch (const simdjson::simdjson_error&) {
        throw IndexError("document data is not valid JSON; the index is corrupt");
    }
    if (delta) {
        s.raw = raw_from_delta(*delta, s.title, s.body);
    }
    return s;
}

auto make_document(const ingest::Article& article,
                   analysis::Analyzer& analyzer,
                   const entity::Catalog* catalog,
                   const search::PhraseSet* phrases,
                   Compressor* compressor) -> Xapian::Document {
    Xapian::Document doc;
    auto text = std::string(article.title).append("\n").append(article.body);
    // Hash and signature in one pass: the stored data and the terms/values share them.
    const auto [hash, minhash] = ingest::fingerprint(text);
    auto record = encode_with(article, hash);
    doc.set_data(compressor != nullptr && compressor->enabled() ? compressor->compress(record)
                                                                : std::move(record));
    doc.add_boolean_term(kIdPrefix + article.id);
    doc.add_boolean_term(std::string(kHashPrefix).append(hash));
    if (article.date && article.date->size() == 10) {
        const auto& d = *article.date;
        doc.add_value(kDate, d.substr(0, 4).append(d.substr(5, 2)).append(d.substr(8, 2)));
    }
    // b-bit MinHash, b = 16 (Li and Koenig, "b-Bit Minwise Hashing", WWW 2010): the low 16
    // bits of each hash, 256 bytes instead of 512. Signatures agree wherever the full hashes
    // do, and elsewhere by chance once in 65,536 places: the similarity estimate moves by less
    // than 2e-5, against a near-duplicate threshold of 0.08.
    std::string signature;
    signature.reserve(ingest::kMinHashSize * 2);
    for (auto v : minhash) {
        signature.push_back(static_cast<char>((v >> 8U) & 0xFFU));
        signature.push_back(static_cast<char>(v & 0xFFU));
    }
    doc.add_value(kMinHash, signature);
    doc.add_value(kId, article.id);
    if (auto line = split_line(article).second; !line.empty()) {
        doc.add_value(kLine, line);
    }
    if (article.source && !article.source->empty()) {
        auto source = analysis::Analyzer::normalize(*article.source);
        if (source.size() <= kMaxTermBytes) {
            doc.add_boolean_term(std::string(search::kSourcePrefix).append(source));
        }
    }
    index_text(doc, analyzer, article.title, kTitlePosition, kTitlePrefix, phrases);
    index_text(doc, analyzer, article.body, kBodyPositionGap, nullptr, phrases);
    if (catalog != nullptr) {
        // Entities are matched on the original text, before any case folding.
        entity::add_entity_terms(doc, catalog->matcher().find(text), catalog->gazetteer());
    }
    return doc;
}

void record_phrases(Xapian::WritableDatabase& db, const search::PhraseSet* phrases, bool fresh) {
    // Markers, and common terms (a pair of terms in both sets is marked in every document;
    // Writer marks the recorded pairs on an existing index, so that record holds).
    auto record = [&](const char* key, const std::set<std::string>& ours) {
        std::set<std::string> kept;
        if (fresh) {
            kept = ours;
        } else {
            for (const auto& m : search::split_markers(db.get_metadata(key))) {
                if (ours.count(m) != 0) {
                    kept.insert(m);
                }
            }
        }
        auto value = search::join_markers(kept);
        if (value != db.get_metadata(key)) {
            db.set_metadata(key, value);
        }
    };
    const std::set<std::string> none;
    record(search::kPhrasesKey, phrases != nullptr ? phrases->markers() : none);
    record(search::kCommonKey, phrases != nullptr ? phrases->common() : none);
}

void record_common_count(Xapian::WritableDatabase& db, std::size_t count) {
    db.set_metadata(search::kCommonCountKey, std::to_string(count));
}

namespace {
auto recorded_number(const Xapian::Database& db, const char* key) -> std::optional<std::size_t> {
    const auto value = db.get_metadata(key);
    std::size_t n = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return n;
}
}  // namespace

auto file_hash_value(const std::string& hash, std::uint64_t size) -> std::string {
    return hash + "/" + std::to_string(size);
}

auto parse_file_hash_value(const std::string& value)
    -> std::optional<std::pair<std::string, std::uint64_t>> {
    const auto slash = value.find('/');
    if (slash == std::string::npos || slash + 1 == value.size()) {
        return std::nullopt;
    }
    std::uint64_t size = 0;
    const auto* end = value.data() + value.size();
    auto [at, ec] = std::from_chars(value.data() + slash + 1, end, size);
    if (ec != std::errc() || at != end) {
        return std::nullopt;
    }
    return std::pair{value.substr(0, slash), size};
}

auto recorded_common_count(const Xapian::Database& db) -> std::optional<std::size_t> {
    return recorded_number(db, search::kCommonCountKey);
}

auto recorded_common_basis(const Xapian::Database& db) -> std::optional<std::size_t> {
    return recorded_number(db, search::kCommonBasisKey);
}

auto common_terms_outgrown(std::size_t basis, std::size_t documents) -> bool {
    constexpr std::size_t kMoreArticles = 200;
    return basis < search::kCommonSample && documents >= 2 * basis &&
           documents >= basis + kMoreArticles;
}

namespace {
/// The id of a document (its Q term), "" if it has none. From its kId value, which is read
/// without the term list (glass keeps that zlib-compressed: a run over a 100k-record JSONL feed
/// spent 1.3 s of its 2 s inflating term lists for ids); the term list for a document without it.
auto id_of(const Xapian::Document& doc) -> std::string {
    if (auto id = doc.get_value(kId); !id.empty()) {
        return id;
    }
    auto t = doc.termlist_begin();
    t.skip_to(kIdPrefix);
    return t != doc.termlist_end() && (*t).rfind(kIdPrefix, 0) == 0 ? (*t).substr(1)
                                                                    : std::string();
}

/// Whether a stored record holds this article, wherever it was read from (the path may differ:
/// a JSONL record whose line moved, a file moved to another folder). Field by field, so that
/// records stored in an earlier layout of the data compare too.
auto same_article(const StoredArticle& stored, const ingest::Article& article) -> bool {
    return stored.id == article.id && stored.title == article.title &&
           stored.body == article.body && stored.date == article.date &&
           stored.source == article.source && stored.author == article.author &&
           stored.url == article.url && stored.raw == article.raw &&
           stored.hash ==
               ingest::content_hash(std::string(article.title).append("\n").append(article.body));
}

/// A digest of what same_article() compares (everything but the path), for a stored record or
/// an article.
template <class T>
auto content_digest(const T& x, const std::string& hash) -> std::uint64_t {
    std::string all;
    for (const auto* field : {&x.id, &x.title, &x.body, &x.raw, &hash}) {
        all.append(std::to_string(field->size())).append(":").append(*field);
    }
    for (const auto* field : {&x.date, &x.source, &x.author, &x.url}) {
        all.append(*field ? std::to_string((*field)->size()) + ":" + **field : std::string("-"));
    }
    return ingest::fnv1a(all);
}

auto content_digest(const ingest::Article& article) -> std::uint64_t {
    return content_digest(
        article,
        ingest::content_hash(std::string(article.title).append("\n").append(article.body)));
}
}  // namespace

/**
 * A dry run's view of the index: the database as last committed (read only) under the run's
 * changes, kept in memory. A document of the run is a few strings; the database's documents
 * that the run replaced, kept with a new file or removed are hidden from it.
 */
struct Writer::Preview {
    Xapian::Database live;
    /// A document of the run, in a few numbers (a dry run of a million articles holds a million).
    /// Strings as 64-bit FNV-1a hashes: a dry run is a preview, and two of a million files
    /// share a hash with a chance of about 3e-8.
    struct Doc {
        std::uint64_t hash = 0;         ///< content hash (hash_value() of its H term)
        std::uint64_t file = 0;         ///< fnv1a of its file term, 0 for none
        std::uint64_t file_hash = 0;    ///< fnv1a of its file hash
        std::uint64_t record_path = 0;  ///< fnv1a of the path its record names
        std::string line;               ///< its kLine value
        std::uint64_t digest = 0;       ///< content_digest() of the article
        Xapian::docid kept = 0;         ///< a live document kept as it was: its record is there
    };
    std::unordered_map<std::string, Doc> docs;  ///< by id
    std::unordered_set<std::string> hidden;     ///< ids of live documents the run changed
    /// Content hash -> ids (the keys of docs).
    std::unordered_multimap<std::uint64_t, const std::string*> by_hash;
    /// File (fnv1a of its term) -> ids (the keys of docs).
    std::unordered_multimap<std::uint64_t, const std::string*> by_file;
    /// The file terms of the run's documents, by fnv1a (for prune()).
    std::unordered_map<std::uint64_t, std::string> file_terms;

    /// The value of a hash term ("H" and 16 hex digits).
    static auto hash_value(std::string_view hash_term) -> std::uint64_t {
        std::uint64_t value = 0;
        const auto digits = hash_term.substr(std::min<std::size_t>(1, hash_term.size()));
        const auto [ptr, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
        return ec == std::errc() && ptr == digits.data() + digits.size() ? value
                                                                         : ingest::fnv1a(hash_term);
    }
    /// fnv1a of a file term, 0 for none; remembers the term.
    auto file_key(const std::string& term) -> std::uint64_t {
        if (term.empty()) {
            return 0;
        }
        const auto key = ingest::fnv1a(term);
        file_terms.try_emplace(key, term);
        return key;
    }
    /// The ids of the run's documents with a file term.
    [[nodiscard]] auto ids_of_file(const std::string& term) const -> std::vector<std::string> {
        std::vector<std::string> ids;
        auto [first, last] = by_file.equal_range(ingest::fnv1a(term));
        for (auto it = first; it != last; ++it) {
            ids.push_back(*it->second);
        }
        return ids;
    }
    [[nodiscard]] auto live_did(const std::string& id) const -> Xapian::docid {
        if (hidden.count(id) != 0U) {
            return 0;
        }
        const auto term = kIdPrefix + id;
        auto it = live.postlist_begin(term);
        return it == live.postlist_end(term) ? 0 : *it;
    }
    [[nodiscard]] auto has(const std::string& id) const -> bool {
        return docs.count(id) != 0U || live_did(id) != 0;
    }
    /// The live documents with a term that the run has not hidden: fn(id, document).
    template <class Fn>
    void live_with(const std::string& term, Fn&& fn) const {
        for (auto it = live.postlist_begin(term); it != live.postlist_end(term); ++it) {
            auto doc = live.get_document(*it);
            auto id = id_of(doc);
            if (hidden.count(id) == 0U) {
                fn(id, doc);
            }
        }
    }
    /// Removes the run's document with an id and hides the live one.
    void erase(const std::string& id) {
        if (live.term_exists(kIdPrefix + id)) {
            hidden.insert(id);
        }
        auto it = docs.find(id);
        if (it == docs.end()) {
            return;
        }
        const auto* key = &it->first;
        auto [first, last] = by_hash.equal_range(it->second.hash);
        for (auto h = first; h != last; ++h) {
            if (h->second == key) {
                by_hash.erase(h);
                break;
            }
        }
        auto [file_first, file_last] = by_file.equal_range(it->second.file);
        for (auto f = file_first; f != file_last; ++f) {
            if (f->second == key) {
                by_file.erase(f);
                break;
            }
        }
        docs.erase(it);
    }
    void put(const std::string& id, const Doc& doc) {
        erase(id);
        auto it = docs.emplace(id, doc).first;
        by_hash.emplace(doc.hash, &it->first);
        if (doc.file != 0) {
            by_file.emplace(doc.file, &it->first);
        }
    }
    [[nodiscard]] auto count() const -> Xapian::doccount {
        return live.get_doccount() - static_cast<Xapian::doccount>(hidden.size()) +
               static_cast<Xapian::doccount>(docs.size());
    }
};

Writer::~Writer() = default;

auto Writer::reader() const -> const Xapian::Database& {
    if (m_preview) {
        return m_preview->live;
    }
    return m_db;
}

template <class Fn>
auto Writer::previewing(Fn&& fn) const -> decltype(fn()) {
    try {
        return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
        throw IndexChanged("index at " + m_dir +
                           " changed while the dry run read it (another run committed); run it "
                           "again");
    } catch (const Xapian::Error&) {
        rethrow_opening_error(m_dir, false);
    }
}

Writer::Writer(const std::string& dir,
               std::shared_ptr<const entity::Catalog> catalog,
               bool transactional,
               std::shared_ptr<const search::PhraseSet> phrases,
               Mode mode,
               const std::vector<std::string>& shards)
    : m_dir(dir),
      m_catalog(std::move(catalog)),
      m_transactional(transactional),
      m_phrases(std::move(phrases)) {
    try {
        if (mode == Mode::kPreview) {
            m_preview = std::make_unique<Preview>();
            // A new index: an empty database to read, so that every read works the same.
            if (!shards.empty()) {
                m_preview->live = Xapian::Database();
                for (const auto& shard : shards) {
                    m_preview->live.add_database(Xapian::Database(shard));
                }
            } else {
                m_preview->live = dir.empty() ? Xapian::WritableDatabase(
                                                    std::string(), Xapian::DB_BACKEND_INMEMORY)
                                              : Xapian::Database(dir);
            }
        } else if (!shards.empty()) {
            // Opened, not created: a shard that is missing is an index cut short.
            m_shards.reserve(shards.size());
            for (const auto& shard : shards) {
                m_shards.emplace_back(shard, Xapian::DB_OPEN);
                m_db.add_database(m_shards.back());
            }
        } else if (dir.empty()) {
            m_db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
        } else {
            std::filesystem::create_directories(dir);
            m_db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
        }
    } catch (const std::filesystem::filesystem_error& e) {
        throw IndexError("cannot create index directory " + dir + ": " + e.code().message());
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir, !m_preview);
    }
    const auto ours = std::to_string(analysis::Analyzer::kVersion);
    const auto fingerprint = analysis_fingerprint();
    // Reads first (the first reads past opening meet a table cut short, too: reported the same
    // way), then this run's first changes: with changes pending, even a read may write blocks.
    try {
        auto version = reader().get_metadata(kAnalyzerVersionKey);
        if (!version.empty() && version != ours) {
            throw IndexError("index at " + dir + " was built with analyzer version " + version +
                             ", this telusur uses " + ours +
                             "; rebuild it with 'telusur index --rebuild PATH...'");
        }
        auto stored = reader().get_metadata(kFingerprintKey);
        if (!stored.empty() && stored != fingerprint && reader().get_doccount() > 0) {
            throw IndexError("index at " + dir +
                             " was built with other analysis data (stop list, stemmer exceptions, "
                             "gazetteer, boilerplate list or dictionary changed); rebuild it with "
                             "'telusur index --rebuild PATH...'");
        }
        m_fresh = reader().get_doccount() == 0;
        if (!m_fresh) {
            // The documents already indexed carry the pairs of the recorded common terms (none if
            // nothing is recorded): new ones must carry the same, whatever the caller's set says.
            auto recorded = search::split_markers(reader().get_metadata(search::kCommonKey));
            if (recorded != (m_phrases ? m_phrases->common() : std::set<std::string>())) {
                m_phrases = search::with_common(m_phrases, recorded);
            }
        }
        // New records are compressed as the others.
        m_compressor = std::make_unique<Compressor>(register_dictionary(reader(), dir));
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir, !m_preview);
    }
    if (m_preview) {
        return;  // nothing to begin or record
    }
    try {
        // Incremental runs: one transaction, so a run that fails part-way (or is killed) leaves
        // the index as it was.
        if (m_transactional) {
            m_db.begin_transaction(true);  // every shard's
        }
        each_database([&](Xapian::WritableDatabase& db) {
            db.set_metadata(kAnalyzerVersionKey, ours);
            db.set_metadata(kFingerprintKey, fingerprint);
        });
        train_dictionary_when_due();
    } catch (const Xapian::Error& e) {
        rethrow_write_error(dir, e);
    }
}

template <class Fn>
void Writer::each_database(Fn&& fn) {
    if (m_shards.empty()) {
        fn(m_db);
        return;
    }
    for (auto& shard : m_shards) {
        fn(shard);
    }
}

void Writer::train_dictionary_when_due() {
    if (m_preview || m_compressor->enabled() || m_training_tried ||
        m_db.get_doccount() < kMinDictionarySamples) {
        return;
    }
    m_training_tried = true;  // once a run: zstd may decline these records
    auto trained = train_dictionary(plain_records(m_db, search::kCommonSample));
    if (!trained.empty()) {
        each_database(
            [&](Xapian::WritableDatabase& db) { db.set_metadata(kDictionaryKey, trained); });
        m_compressor = std::make_unique<Compressor>(register_dictionary(std::move(trained), m_dir));
    }
}

auto Writer::prepare(const ingest::Article& article,
                     analysis::Analyzer& analyzer,
                     const std::string& file_hash,
                     const std::string& file) const -> Prepared {
    Prepared out;
    out.id = article.id;
    if (m_preview) {
        // A dry run reads only the hash, the record and the file of a document (preview_add):
        // no analysis.
        const auto hash =
            ingest::content_hash(std::string(article.title).append("\n").append(article.body));
        out.hash_term = std::string(kHashPrefix).append(hash);
        out.document.set_data(encode_with(article, hash));
        if (auto line = split_line(article).second; !line.empty()) {
            out.document.add_value(kLine, line);
        }
        if (!file_hash.empty()) {
            out.document.add_boolean_term(file_term(file));
            out.document.add_value(kFileHash, file_hash);
        }
        return out;
    }
    out.document = make_document(article, analyzer, m_catalog.get(), m_phrases.get(), nullptr);
    // The content hash make_document computed (its H term), not a second pass over the text.
    auto t = out.document.termlist_begin();
    t.skip_to(kHashPrefix);
    out.hash_term = *t;
    if (!file_hash.empty()) {
        out.document.add_boolean_term(file_term(file));
        out.document.add_value(kFileHash, file_hash);
    }
    return out;
}

auto Writer::add(const ingest::Article& article,
                 analysis::Analyzer& analyzer,
                 const std::string& file_hash,
                 const std::string& file) -> AddResult {
    return add(prepare(article, analyzer, file_hash, file));
}

auto Writer::add(Prepared prepared) -> AddResult {
    if (m_preview) {
        return previewing([&] { return preview_add(std::move(prepared)); });
    }
    // Any call on a database with pending changes may write (Xapian flushes them when they
    // grow, even inside a lookup): every write error is reported the same way.
    try {
        auto id_term = kIdPrefix + prepared.id;
        const auto& hash_term = prepared.hash_term;
        for (auto it = m_db.postlist_begin(hash_term); it != m_db.postlist_end(hash_term); ++it) {
            auto other = decode(m_db.get_document(*it).get_data()).id;
            if (other != prepared.id) {
                return {AddResult::kDuplicate, other};
            }
        }
        bool existed = m_db.term_exists(id_term);
        if (m_compressor->enabled()) {
            prepared.document.set_data(m_compressor->compress(prepared.document.get_data()));
        }
        if (existed || m_shards.empty()) {
            m_db.replace_document(id_term, prepared.document);
        } else {
            // Where a bulk build puts it (Xapian would deal new documents out by docid).
            const auto n = static_cast<unsigned>(m_shards.size());
            m_shards[shard_of(prepared.id, n)].add_document(prepared.document);
        }
        train_dictionary_when_due();
        return {existed ? AddResult::kReplaced : AddResult::kAdded, {}};
    } catch (const Xapian::DatabaseError& e) {
        rethrow_write_error(m_dir, e);
    }
}

auto Writer::preview_add(Prepared prepared) -> AddResult {
    auto& view = *m_preview;
    std::string other;
    view.live_with(prepared.hash_term, [&](const std::string& id, const Xapian::Document&) {
        if (other.empty() && id != prepared.id) {
            other = id;
        }
    });
    const auto hash = Preview::hash_value(prepared.hash_term);
    auto [first, last] = view.by_hash.equal_range(hash);
    for (auto it = first; other.empty() && it != last; ++it) {
        if (*it->second != prepared.id) {
            other = *it->second;
        }
    }
    if (!other.empty()) {
        return {AddResult::kDuplicate, other};
    }
    const bool existed = view.has(prepared.id);
    std::string term;
    auto t = prepared.document.termlist_begin();
    t.skip_to(kFilePrefix);
    if (t != prepared.document.termlist_end() && (*t).rfind(kFilePrefix, 0) == 0) {
        term = *t;
    }
    const auto stored = decode(prepared.document.get_data());
    Preview::Doc doc;
    doc.hash = hash;
    doc.file = view.file_key(term);
    doc.file_hash = ingest::fnv1a(prepared.document.get_value(kFileHash));
    doc.record_path = ingest::fnv1a(stored.path);
    doc.line = prepared.document.get_value(kLine);
    doc.digest = content_digest(stored, stored.hash);
    view.put(prepared.id, doc);
    return {existed ? AddResult::kReplaced : AddResult::kAdded, {}};
}

namespace {
/** What file terms a document holds: `term`, and any others (an article that moved). */
struct FileTerms {
    bool has_term = false;
    std::vector<std::string> others;
};

/// The file terms of document did of db. A document holds one file term (add() and keep() leave
/// one): when the file's posting list has the document, its term list, which glass keeps
/// zlib-compressed, is not read (a JSONL feed of 10k records that grew by 10 lines, kept:
/// 1.62 -> 1.44 s).
auto file_terms(const Xapian::Database& db,
                Xapian::docid did,
                const Xapian::Document& doc,
                const std::string& term) -> FileTerms {
    FileTerms out;
    if (!term.empty()) {
        auto p = db.postlist_begin(term);
        p.skip_to(did);
        if (p != db.postlist_end(term) && *p == did) {
            out.has_term = true;
            return out;
        }
    }
    auto t = doc.termlist_begin();
    for (t.skip_to(kFilePrefix); t != doc.termlist_end() && (*t).rfind(kFilePrefix, 0) == 0; ++t) {
        if (*t == term) {
            out.has_term = true;
        } else {
            out.others.push_back(*t);
        }
    }
    return out;
}
}  // namespace

auto Writer::preview_keep(const ingest::Article& article,
                          const std::string& file_hash,
                          const std::string& file,
                          Stored held) -> bool {
    auto& view = *m_preview;
    const bool moved = held == Stored::kMoved || held == Stored::kLineMoved;
    const auto& id = article.id;
    const auto term = file_hash.empty() ? std::string() : file_term(file);
    if (auto it = view.docs.find(id); it != view.docs.end()) {
        const auto file_key = view.file_key(term);
        if (it->second.file != file_key || it->second.file_hash != ingest::fnv1a(file_hash) ||
            moved) {
            auto doc = it->second;
            doc.file = file_key;
            doc.file_hash = ingest::fnv1a(file_hash);
            move_path(doc.record_path, doc.line, article, held);
            view.put(id, doc);
            m_kept_changes = true;
        }
        return true;
    }
    const auto did = view.live_did(id);
    if (did == 0) {
        return false;
    }
    // Changed as Writer::keep would change it: its file terms become this one, its hash this.
    const auto live = view.live.get_document(did);
    const auto files = file_terms(view.live, did, live, term);
    if ((term.empty() || files.has_term) && files.others.empty() &&
        live.get_value(kFileHash) == file_hash && !moved) {
        return true;
    }
    Preview::Doc doc;
    auto h = live.termlist_begin();
    h.skip_to(kHashPrefix);
    if (h != live.termlist_end() && (*h).rfind(kHashPrefix, 0) == 0) {
        doc.hash = Preview::hash_value(*h);
    }
    doc.file = view.file_key(term);
    doc.file_hash = ingest::fnv1a(file_hash);
    doc.record_path = ingest::fnv1a(decode(live.get_data()).path);
    doc.line = live.get_value(kLine);
    move_path(doc.record_path, doc.line, article, held);
    doc.kept = did;
    view.put(id, doc);
    m_kept_changes = true;
    return true;
}

auto Writer::keep(const ingest::Article& article,
                  const std::string& file_hash,
                  const std::string& file,
                  Stored held) -> bool {
    if (m_preview) {
        return previewing([&] { return preview_keep(article, file_hash, file, held); });
    }
    try {
        const auto id_term = kIdPrefix + article.id;
        auto it = m_db.postlist_begin(id_term);
        if (it == m_db.postlist_end(id_term)) {
            return false;
        }
        const auto did = *it;
        auto doc = m_db.get_document(did);
        if (held == Stored::kMoved || held == Stored::kLineMoved) {
            // Its values will be written again (a value changed: Xapian reads them all first);
            // read them all now, so that the get_value() calls below do not each look one up.
            static_cast<void>(doc.values_count());
        }
        const auto term = file_hash.empty() ? std::string() : file_term(file);
        bool changed = false;
        const auto files = file_terms(m_db, did, doc, term);
        for (const auto& other : files.others) {
            doc.remove_term(other);
            changed = true;
        }
        if (!term.empty() && !files.has_term) {
            doc.add_boolean_term(term);
            changed = true;
        }
        if (doc.get_value(kFileHash) != file_hash) {
            if (file_hash.empty()) {
                doc.remove_value(kFileHash);
            } else {
                doc.add_value(kFileHash, file_hash);
            }
            changed = true;
        }
        // Read from another line of its JSONL file (a feed rotated): its kLine value says which
        // (a record that names the file alone has one). Read from elsewhere: the record says
        // where. Nothing else changes.
        const auto line = split_line(article).second;
        const bool has_line = !doc.get_value(kLine).empty();
        const auto change = path_change(held, line, has_line);
        if (change == PathChange::kLine) {
            doc.add_value(kLine, line);
            changed = true;
        } else if (change == PathChange::kRecord) {
            auto record = encode(article);
            doc.set_data(m_compressor->enabled() ? m_compressor->compress(record) : record);
            if (line.empty()) {
                if (has_line) {
                    doc.remove_value(kLine);  // Xapian throws for a value that is not there
                }
            } else {
                doc.add_value(kLine, line);
            }
            changed = true;
        }
        if (changed) {
            // A document read from this database with only these changes: Xapian rewrites
            // just them, not the postings and positions of its other terms.
            m_db.replace_document(did, doc);
            m_kept_changes = true;
        }
        return true;
    } catch (const Xapian::DatabaseError& e) {
        rethrow_write_error(m_dir, e);
    }
}

auto Writer::stored(const ingest::Article& article) const -> Stored {
    auto compare = [&](const Xapian::Document& doc) {
        const auto record = decode(doc.get_data());
        if (!same_article(record, article)) {
            return Stored::kOther;
        }
        return path_state(ingest::fnv1a(record.path),
                          record.line_in_value ? doc.get_value(kLine) : std::string(), article);
    };
    if (m_preview) {
        return previewing([&] {
            const auto& view = *m_preview;
            if (auto it = view.docs.find(article.id); it != view.docs.end()) {
                const auto& doc = it->second;
                const bool same =
                    doc.kept == 0
                        ? content_digest(article) == doc.digest
                        : same_article(decode(view.live.get_document(doc.kept).get_data()),
                                       article);
                return same ? path_state(doc.record_path, doc.line, article) : Stored::kOther;
            }
            const auto did = view.live_did(article.id);
            return did == 0 ? Stored::kOther : compare(view.live.get_document(did));
        });
    }
    auto id_term = kIdPrefix + article.id;
    auto it = m_db.postlist_begin(id_term);
    if (it == m_db.postlist_end(id_term)) {
        return Stored::kOther;
    }
    return compare(m_db.get_document(*it));
}

namespace {
/// For "FILE:LINE" and "FILE[INDEX]", FILE: how bulk builds before 2026-11-30 named the file
/// of a JSONL record or of an article of a JSON array (its article path). nullopt otherwise.
auto record_file(std::string_view path) -> std::optional<std::string_view> {
    auto digits = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (const auto colon = path.rfind(':');
        colon != std::string_view::npos && digits(path.substr(colon + 1))) {
        return path.substr(0, colon);
    }
    if (const auto open = path.rfind('['); open != std::string_view::npos && path.back() == ']' &&
                                           digits(path.substr(open + 1, path.size() - open - 2))) {
        return path.substr(0, open);
    }
    return std::nullopt;
}

/// Whether a file holds several articles, whose paths are "FILE:LINE" or "FILE[INDEX]".
auto holds_records(const std::string& path) -> bool {
    auto ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jsonl" || ext == ".json";
}
}  // namespace

auto Writer::file_state(const std::string& path, const std::string& file_hash) const -> FileState {
    if (m_preview) {
        return previewing([&] { return read_file_state(path, file_hash); });
    }
    return read_file_state(path, file_hash);
}

auto Writer::read_file_state(const std::string& path, const std::string& file_hash) const
    -> FileState {
    FileState state;
    state.same = true;
    std::set<std::string> hashes;
    const auto& db = reader();
    auto add_ids = [&](const std::string& term, bool legacy) {
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            auto doc = db.get_document(*it);
            auto id = id_of(doc);
            if (m_preview && m_preview->hidden.count(id) != 0U) {
                continue;  // replaced, moved or removed by this (dry) run
            }
            if (!id.empty()) {
                state.ids.push_back(std::move(id));
            }
            auto value = legacy ? std::string() : doc.get_value(kFileHash);
            if (legacy || value != file_hash) {
                state.same = false;
            }
            hashes.insert(std::move(value));
        }
    };
    const auto term = file_term(path);
    add_ids(term, false);
    if (m_preview) {
        for (auto& id : m_preview->ids_of_file(term)) {
            if (m_preview->docs.at(id).file_hash != ingest::fnv1a(file_hash)) {
                state.same = false;
            }
            hashes.insert(std::string());  // a digest of its value only
            state.ids.push_back(std::move(id));
        }
    }
    // Articles of this JSONL or JSON file that a bulk build before 2026-11-30 tied to
    // "FILE:LINE" or "FILE[INDEX]": the file is read again, which ties them to it, and its
    // removed records go.
    if (holds_records(path)) {
        for (const char* separator : {":", "["}) {
            const auto legacy = term + separator;
            for (auto t = db.allterms_begin(legacy); t != db.allterms_end(legacy); ++t) {
                if (record_file((*t).substr(std::char_traits<char>::length(kFilePrefix)))) {
                    add_ids(*t, true);
                }
            }
        }
    }
    state.same = state.same && !state.ids.empty();
    state.hashes.assign(hashes.begin(), hashes.end());
    return state;
}

auto Writer::remove(const std::string& id) -> bool {
    if (m_preview) {
        return previewing([&] {
            if (!m_preview->has(id)) {
                return false;
            }
            m_preview->erase(id);
            return true;
        });
    }
    auto term = kIdPrefix + id;
    if (!m_db.term_exists(term)) {
        return false;
    }
    try {
        m_db.delete_document(term);
    } catch (const Xapian::DatabaseError& e) {
        rethrow_write_error(m_dir, e);
    }
    return true;
}

namespace {
/// The file terms (of db, and `more`) whose files are gone (exists(path) false).
auto gone_files(const Xapian::Database& db,
                const std::function<bool(const std::string&)>& exists,
                const std::vector<std::string>& more = {}) -> std::vector<std::string> {
    std::set<std::string> terms(more.begin(), more.end());
    for (auto it = db.allterms_begin(kFilePrefix); it != db.allterms_end(kFilePrefix); ++it) {
        terms.insert(*it);
    }
    std::vector<std::string> gone;
    for (const auto& term : terms) {
        auto path = term.substr(std::string(kFilePrefix).size());
        if (path.rfind('#', 0) == 0) {
            continue;  // a hashed long path: cannot tell where the file was
        }
        if (exists(path)) {
            continue;
        }
        // "FILE:LINE" or "FILE[INDEX]" (as bulk builds before 2026-11-30 named the file of a
        // JSONL record or JSON array article): gone when FILE is.
        if (const auto file = record_file(path); file && exists(std::string(*file))) {
            continue;
        }
        gone.push_back(term);
    }
    return gone;
}
}  // namespace

auto Writer::prune(const std::function<bool(const std::string&)>& exists) -> std::size_t {
    if (m_preview) {
        return previewing([&] { return preview_prune(exists); });
    }
    const auto gone = gone_files(m_db, exists);
    std::size_t removed = 0;
    for (const auto& term : gone) {
        removed += m_db.get_termfreq(term);
        try {
            m_db.delete_document(term);
        } catch (const Xapian::DatabaseError& e) {
            rethrow_write_error(m_dir, e);
        }
    }
    return removed;
}

auto Writer::preview_prune(const std::function<bool(const std::string&)>& exists) -> std::size_t {
    auto& view = *m_preview;
    // The files of the run's documents (file_terms may also name files none is left in).
    std::set<std::string> terms;
    for (const auto& [key, term] : view.file_terms) {
        if (view.by_file.count(key) != 0U) {
            terms.insert(term);
        }
    }
    std::size_t removed = 0;
    for (const auto& term : gone_files(view.live, exists, {terms.begin(), terms.end()})) {
        std::vector<std::string> ids;
        view.live_with(term,
                       [&](const std::string& id, const Xapian::Document&) { ids.push_back(id); });
        for (auto& id : view.ids_of_file(term)) {
            ids.push_back(std::move(id));
        }
        for (const auto& id : ids) {
            view.erase(id);
        }
        removed += ids.size();
    }
    return removed;
}

void Writer::commit() {
    if (m_preview) {
        return;
    }
    std::size_t committed = 0;  // shards whose part of the run is committed
    try {
        const auto now = layout::utc_now();
        each_database([&](Xapian::WritableDatabase& db) {
            db.set_metadata(kUpdatedKey, now);
            record_phrases(db, m_phrases.get(), m_fresh);
        });
        auto commit_one = [&](Xapian::WritableDatabase& db) {
            if (m_transactional) {
                db.commit_transaction();
            } else {
                db.commit();
            }
        };
        if (m_shards.empty()) {
            commit_one(m_db);
        }
        // One after the other: Xapian has no transaction across databases.
        for (auto& shard : m_shards) {
            commit_one(shard);
            ++committed;
        }
    } catch (const Xapian::DatabaseError& e) {
        if (committed == 0) {
            rethrow_write_error(m_dir, e);
        }
        throw IndexError("cannot write shard " + std::to_string(committed) + " of the index at " +
                         m_dir + " (" + e.get_msg() + "); shards 0-" +
                         std::to_string(committed - 1) +
                         " hold this run's changes and the others do not: run it again");
    }
}

auto Writer::document_count() const -> Xapian::doccount {
    if (m_preview) {
        return previewing([&] { return m_preview->count(); });
    }
    return m_db.get_doccount();
}

auto Writer::common_basis() const -> std::optional<std::size_t> {
    return recorded_common_basis(reader());
}

void Writer::close() {
    if (m_preview) {
        return;
    }
    m_db.close();
}

auto decode(const Xapian::Document& doc) -> StoredArticle {
    auto stored = decode(doc.get_data());
    if (stored.line_in_value) {
        if (auto line = doc.get_value(kLine); !line.empty()) {
            stored.path.append(":").append(line);
        }
    }
    return stored;
}

auto find(const Xapian::Database& db, const std::string& id) -> std::optional<StoredArticle> {
    auto term = kIdPrefix + ingest::article_id(id);  // a long id as it was indexed
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) {
        return std::nullopt;
    }
    return decode(db.get_document(*it));
}

auto open_for_reading(const std::string& dir) -> Xapian::Database {
    switch (layout::kind_of(dir)) {
        case layout::Kind::kMissing:
        case layout::Kind::kEmpty:
            throw_if_no_permission(dir, false);  // unreadable looks empty: say what it is
            throw IndexError("no index at " + dir + "; run 'telusur index PATH' first");
        case layout::Kind::kForeign:
            throw IndexError(layout::foreign_message(dir));
        case layout::Kind::kStub:
        case layout::Kind::kLegacy:
            break;
    }
    Xapian::Database db;
    // A switch can race the open (the stub named a generation that is being removed, or a
    // legacy index is being moved into a generation): try again a few times.
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            db = Xapian::Database(dir);
            break;
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw_if_no_permission(dir, false);
            if (attempt >= kAttempts) {
                throw IndexError("no index at " + dir + "; run 'telusur index PATH' first");
            }
        } catch (const Xapian::DatabaseVersionError&) {
            rethrow_opening_error(dir, false);
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt >= kAttempts) {
                rethrow_opening_error(dir, false);
            }
        } catch (const Xapian::Error&) {
            rethrow_opening_error(dir, false);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    }
    // The first reads past opening meet a table cut short, too: reported the same way.
    std::string version;
    try {
        version = db.get_metadata(kAnalyzerVersionKey);
        register_dictionary(db, dir);
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir, false);
    }
    auto ours = std::to_string(analysis::Analyzer::kVersion);
    if (version != ours) {
        throw IndexError("index at " + dir + " was built with analyzer version " +
                         (version.empty() ? std::string("unknown") : version) +
                         ", this telusur needs " + ours +
                         "; rebuild it with 'telusur index --rebuild PATH'");
    }
    return db;
}

void rethrow_reading_error(const std::string& dir) {
    rethrow_opening_error(dir, false);
}

auto live_stamp(const std::string& dir) -> std::string {
    return file_contents(std::filesystem::path(dir) / layout::kStubName);
}

void refresh(Xapian::Database& db, const std::string& dir, std::string& stamp) {
    auto now = live_stamp(dir);
    if (now != stamp) {
        db = open_for_reading(dir);
        stamp = now;
        return;
    }
    try {
        if (db.reopen()) {
            register_dictionary(db, dir);  // an in-place run may have recorded one (Writer)
        }
    } catch (const Xapian::Error&) {
        db = open_for_reading(dir);
    }
}

}  // namespace telusur::index
