#include "telusur/index/index.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "telusur/entity/terms.hpp"
#include "telusur/error.hpp"
#include "telusur/search/query.hpp"
#include "telusur/ingest/dedup.hpp"

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
                         "); rebuild it with 'telusur index PATH'");
    } catch (const Xapian::DatabaseVersionError& e) {
        throw IndexError("index at " + dir + " has an unsupported format (" + e.get_msg() + ")");
    } catch (const Xapian::DatabaseError& e) {
        if (e.get_msg().starts_with("EOF reading block")) {  // a file cut short
            throw IndexError("index at " + dir + " is corrupt (truncated: " + e.get_msg() +
                             "); rebuild it with 'telusur index PATH'");
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
                const char* prefix) {
    const Xapian::termcount wdf = prefix != nullptr ? kTitleWeight : 1;
    for (const auto& token : analyzer.tokenize(text)) {
        if (token.norm.size() <= kMaxTermBytes) {
            doc.add_term(std::string(search::kSurfacePrefix).append(token.norm));
        }
        for (const auto& term : analyzer.terms(token)) {
            if (term.text.empty() || term.text.size() > kMaxTermBytes) {
                continue;
            }
            auto position = base + token.position + term.offset;
            doc.add_posting(term.text, position, wdf);
            if (prefix != nullptr) {
                doc.add_posting(std::string(prefix).append(term.text), position);
            }
        }
    }
}

}  // namespace

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

auto optional_field(const nlohmann::json& j, const char* name) -> std::optional<std::string> {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
}

auto encode(const ingest::Article& article) -> std::string {
    auto text = std::string(article.title).append("\n").append(article.body);
    nlohmann::json j = {{"id", article.id},
                        {"title", article.title},
                        {"path", article.path},
                        {"body", article.body},
                        {"date", optional_json(article.date)},
                        {"source", optional_json(article.source)},
                        {"author", optional_json(article.author)},
                        {"url", optional_json(article.url)},
                        {"hash", ingest::content_hash(text)},
                        {"minhash", ingest::to_hex(ingest::minhash(text))},
                        {"raw", article.raw}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

auto decode(const std::string& data) -> StoredArticle {
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw IndexError("document data is not valid JSON; the index is corrupt");
    }
    StoredArticle s;
    s.id = j.value("id", "");
    s.title = j.value("title", "");
    s.path = j.value("path", "");
    s.body = j.value("body", "");
    s.date = optional_field(j, "date");
    s.source = optional_field(j, "source");
    s.author = optional_field(j, "author");
    s.url = optional_field(j, "url");
    s.raw = j.value("raw", "");
    s.hash = j.value("hash", "");
    s.minhash = j.value("minhash", "");
    return s;
}

auto make_document(const ingest::Article& article,
                   analysis::Analyzer& analyzer,
                   const entity::Catalog* catalog) -> Xapian::Document {
    Xapian::Document doc;
    auto text = std::string(article.title).append("\n").append(article.body);
    doc.set_data(encode(article));
    doc.add_boolean_term(kIdPrefix + article.id);
    doc.add_boolean_term(std::string(kHashPrefix).append(ingest::content_hash(text)));
    if (article.date && article.date->size() == 10) {
        const auto& d = *article.date;
        doc.add_value(kDate, d.substr(0, 4).append(d.substr(5, 2)).append(d.substr(8, 2)));
    }
    std::string signature;
    for (auto v : ingest::minhash(text)) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            signature.push_back(static_cast<char>((v >> static_cast<unsigned>(shift)) & 0xFFU));
        }
    }
    doc.add_value(kMinHash, signature);
    if (article.source && !article.source->empty()) {
        auto source = analysis::Analyzer::normalize(*article.source);
        if (source.size() <= kMaxTermBytes) {
            doc.add_boolean_term(std::string(search::kSourcePrefix).append(source));
        }
    }
    index_text(doc, analyzer, article.title, 0, kTitlePrefix);
    index_text(doc, analyzer, article.body, kBodyPositionGap, nullptr);
    if (catalog != nullptr) {
        // Entities are matched on the original text, before any case folding.
        entity::add_entity_terms(doc, catalog->matcher().find(text), catalog->gazetteer());
    }
    return doc;
}

Writer::Writer(const std::string& dir, std::shared_ptr<const entity::Catalog> catalog)
    : m_dir(dir), m_catalog(std::move(catalog)) {
    try {
        std::filesystem::create_directories(dir);
        m_db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IndexError("cannot create index directory " + dir + ": " + e.code().message());
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir, true);
    }
    auto version = m_db.get_metadata(kAnalyzerVersionKey);
    auto ours = std::to_string(analysis::Analyzer::kVersion);
    if (!version.empty() && version != ours) {
        throw IndexError("index at " + dir + " was built with analyzer version " + version +
                         ", this telusur uses " + ours + "; rebuild it into a new directory");
    }
    // One transaction per run: a run that fails part-way leaves the index as it was.
    m_db.begin_transaction(true);
    m_db.set_metadata(kAnalyzerVersionKey, ours);
}

auto Writer::add(const ingest::Article& article, analysis::Analyzer& analyzer) -> AddResult {
    auto id_term = kIdPrefix + article.id;
    auto text = std::string(article.title).append("\n").append(article.body);
    auto hash_term = std::string(kHashPrefix).append(ingest::content_hash(text));
    for (auto it = m_db.postlist_begin(hash_term); it != m_db.postlist_end(hash_term); ++it) {
        auto other = decode(m_db.get_document(*it).get_data()).id;
        if (other != article.id) {
            return {AddResult::kDuplicate, other};
        }
    }
    bool existed = m_db.term_exists(id_term);
    auto doc = make_document(article, analyzer, m_catalog.get());
    try {
        m_db.replace_document(id_term, doc);
    } catch (const Xapian::DatabaseError& e) {
        rethrow_write_error(m_dir, e);
    }
    return {existed ? AddResult::kReplaced : AddResult::kAdded, {}};
}

void Writer::commit() {
    try {
        m_db.commit_transaction();
    } catch (const Xapian::DatabaseError& e) {
        rethrow_write_error(m_dir, e);
    }
}

auto Writer::document_count() const -> Xapian::doccount {
    return m_db.get_doccount();
}

auto find(const Xapian::Database& db, const std::string& id) -> std::optional<StoredArticle> {
    auto term = kIdPrefix + id;
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) {
        return std::nullopt;
    }
    return decode(db.get_document(*it).get_data());
}

auto open_for_reading(const std::string& dir) -> Xapian::Database {
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        throw IndexError("no index at " + dir + "; run 'telusur index PATH' first");
    }
    Xapian::Database db;
    try {
        db = Xapian::Database(dir);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw_if_no_permission(dir, false);
        throw IndexError("no index at " + dir + "; run 'telusur index PATH' first");
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir, false);
    }
    auto version = db.get_metadata(kAnalyzerVersionKey);
    auto ours = std::to_string(analysis::Analyzer::kVersion);
    if (version != ours) {
        throw IndexError("index at " + dir + " was built with analyzer version " +
                         (version.empty() ? std::string("unknown") : version) +
                         ", this telusur needs " + ours + "; rebuild it with 'telusur index PATH'");
    }
    return db;
}

}  // namespace telusur::index
