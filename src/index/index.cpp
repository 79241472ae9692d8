#include "telusur/index/index.hpp"

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "telusur/error.hpp"

namespace telusur::index {

namespace {

/// Translates Xapian's opening errors into one-line IndexErrors naming the index.
[[noreturn]] void rethrow_opening_error(const std::string& dir) {
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
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index at " + dir + ": " + e.get_description());
    }
}

void index_text(Xapian::Document& doc,
                analysis::Analyzer& analyzer,
                const std::string& text,
                Xapian::termpos base,
                const char* prefix) {
    for (const auto& token : analyzer.tokenize(text)) {
        for (const auto& term : analyzer.terms(token)) {
            if (term.text.empty() || term.text.size() > 200) {
                continue;  // Xapian's term length limit is 245 bytes
            }
            doc.add_posting(term.text, base + token.position + term.offset);
            if (prefix != nullptr) {
                doc.add_term(std::string(prefix).append(term.text));
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

auto encode(const ingest::Article& article) -> std::string {
    nlohmann::json j = {{"id", article.id},
                        {"title", article.title},
                        {"path", article.path},
                        {"body", article.body}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

auto decode(const std::string& data) -> StoredArticle {
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw IndexError("document data is not valid JSON; the index is corrupt");
    }
    return StoredArticle{j.value("id", ""), j.value("title", ""), j.value("path", ""),
                         j.value("body", "")};
}

auto make_document(const ingest::Article& article, analysis::Analyzer& analyzer)
    -> Xapian::Document {
    Xapian::Document doc;
    doc.set_data(encode(article));
    doc.add_boolean_term(kIdPrefix + article.id);
    index_text(doc, analyzer, article.title, 0, kTitlePrefix);
    index_text(doc, analyzer, article.body, kBodyPositionGap, nullptr);
    return doc;
}

Writer::Writer(const std::string& dir) : m_dir(dir) {
    try {
        std::filesystem::create_directories(dir);
        m_db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IndexError("cannot create index directory " + dir + ": " + e.code().message());
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir);
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

auto Writer::add(const ingest::Article& article, analysis::Analyzer& analyzer) -> bool {
    auto id_term = kIdPrefix + article.id;
    bool existed = m_db.term_exists(id_term);
    m_db.replace_document(id_term, make_document(article, analyzer));
    return existed;
}

void Writer::commit() {
    m_db.commit_transaction();
}

auto Writer::document_count() const -> Xapian::doccount {
    return m_db.get_doccount();
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
        throw IndexError("no index at " + dir + "; run 'telusur index PATH' first");
    } catch (const Xapian::Error&) {
        rethrow_opening_error(dir);
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
