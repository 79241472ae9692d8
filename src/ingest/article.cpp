#include "telusur/ingest/article.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "telusur/error.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/ingest/input.hpp"
#include "telusur/ingest/readers.hpp"

namespace telusur::ingest {

namespace fs = std::filesystem;

auto article_id(const std::string& id) -> std::string {
    if (id.size() <= kMaxIdBytes) {
        return id;
    }
    auto hash = bytes_hash(id);
    auto keep = kMaxIdBytes - 1 - hash.size();
    // Back to the start of a UTF-8 character (not a continuation byte 10xxxxxx).
    while (keep > 0 && (static_cast<unsigned char>(id[keep]) & 0xC0U) == 0x80U) {
        --keep;
    }
    return id.substr(0, keep).append("~").append(hash);
}

namespace {
/// Gives a long id its short form (article_id), with a warning naming where it was read.
void shorten_id(Article& a, const std::string& where, std::vector<std::string>& warnings) {
    if (a.id.size() > kMaxIdBytes) {
        auto id = article_id(a.id);
        warnings.push_back(where + ": id longer than " + std::to_string(kMaxIdBytes) +
                           " bytes; using '" + id + "'");
        a.id = std::move(id);
    }
}

auto lower_ext(const fs::path& path) -> std::string {
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    return ext;
}

auto included(const fs::path& path, const std::vector<std::string>& globs) -> bool {
    auto name = path.filename().string();
    return globs.empty() || std::any_of(globs.begin(), globs.end(), [&](const auto& g) {
               return fnmatch(g.c_str(), name.c_str(), 0) == 0;
           });
}

/// Decodes one input: binary check, UTF-8 repair (with a warning).
auto decode(std::string data, const std::string& name, Batch& batch) -> std::string {
    if (auto why = binary_reason(data); !why.empty()) {
        throw SkipError(SkipKind::kBinary, why);
    }
    if (auto n = repair_utf8(data); n > 0) {
        batch.warnings.push_back(name + ": invalid UTF-8 repaired (" + std::to_string(n) +
                                 " sequence" + (n == 1 ? "" : "s") + " replaced by U+FFFD)");
    }
    return data;
}

void add_json(const nlohmann::json& value,
              const std::string& where,
              const Cleaner& cleaner,
              Batch& batch) {
    try {
        auto a = json_article(value, where, cleaner, batch.warnings);
        a.path = where;
        shorten_id(a, where, batch.warnings);
        batch.articles.push_back(std::move(a));
    } catch (const SkipError& e) {
        batch.skipped.push_back({where, e.what(), e.kind()});
    }
}

}  // namespace

namespace {

/// The components of a path string after its root directory, as std::filesystem::path iterates
/// them: runs of '/' separate components, and a trailing '/' adds an empty last one.
class Components {
public:
    explicit Components(std::string_view path)
        : m_path(path), m_at(path.find_first_not_of('/')), m_done(m_at == std::string_view::npos) {}

    /// The next component; false when there is none left.
    auto next(std::string_view& part) -> bool {
        if (m_done) {
            return false;
        }
        const auto end = m_path.find('/', m_at);
        if (end == std::string_view::npos) {
            part = m_path.substr(m_at);
            m_done = true;
            return true;
        }
        part = m_path.substr(m_at, end - m_at);
        const auto after = m_path.find_first_not_of('/', end);
        m_at = after == std::string_view::npos ? m_path.size() : after;  // size(): the empty one
        return true;
    }

private:
    std::string_view m_path;
    std::size_t m_at;
    bool m_done;
};

}  // namespace

auto compare_paths(std::string_view a, std::string_view b) -> int {
    if (a == b) {
        return 0;
    }
    const bool root_a = a.starts_with('/');
    const bool root_b = b.starts_with('/');
    if (root_a != root_b) {
        return root_a ? 1 : -1;
    }
    Components ca(a);
    Components cb(b);
    std::string_view part_a;
    std::string_view part_b;
    while (true) {
        const bool more_a = ca.next(part_a);
        const bool more_b = cb.next(part_b);
        if (!more_a || !more_b) {
            return more_a == more_b ? 0 : more_a ? 1 : -1;
        }
        if (const int c = part_a.compare(part_b); c != 0) {
            return c < 0 ? -1 : 1;
        }
    }
}

auto is_jsonl(const fs::path& path) -> bool {
    return lower_ext(path) == ".jsonl";
}

auto is_supported(const fs::path& path) -> bool {
    auto ext = lower_ext(path);
    return ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".htm" || ext == ".json" ||
           ext == ".jsonl";
}

namespace {
/// Directories walked, by device and inode, and the path each was walked under.
using Walked = std::map<std::pair<dev_t, ino_t>, std::string>;

/// Adds the files under root to out. Depth first, entries in compare_paths order, so that the
/// same tree gives the same list; symbolic links to directories are followed, and a directory
/// met again (a loop, or a second link to it) is not walked again.
void walk(const std::string& root,
          const std::vector<std::string>& include,
          Walked& walked,
          FileList& out) {
    struct stat st {};
    if (::stat(root.c_str(), &st) == 0 &&
        !walked.emplace(std::pair{st.st_dev, st.st_ino}, root).second) {
        return;  // the same directory given twice, or under another name
    }
    std::vector<std::string> pending{root};
    while (!pending.empty()) {
        const auto dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            entries.push_back(*it);
        }
        if (ec) {
            out.skipped.push_back({dir, std::string("cannot read directory: ").append(ec.message()),
                                   SkipKind::kUnreadable});
            continue;
        }
        std::sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
            return compare_paths(x.path().native(), y.path().native()) < 0;
        });
        std::vector<std::string> subdirs;
        for (const auto& entry : entries) {
            auto path = entry.path().string();
            std::error_code entry_ec;
            if (entry.is_directory(entry_ec)) {
                if (::stat(path.c_str(), &st) != 0) {
                    continue;
                }
                auto [seen, fresh] = walked.emplace(std::pair{st.st_dev, st.st_ino}, path);
                if (fresh) {
                    subdirs.push_back(std::move(path));
                } else {
                    out.warnings.push_back(path + ": the directory walked as " + seen->second +
                                           (entry.is_symlink(entry_ec) ? " (a loop or a second "
                                                                         "link to it)"
                                                                       : "") +
                                           "; not walked again");
                }
            } else if (entry.is_regular_file(entry_ec)) {
                if (is_supported(entry.path()) && included(entry.path(), include)) {
                    out.files.push_back(std::move(path));
                }
            } else if (entry.is_symlink(entry_ec) && !entry.exists(entry_ec) &&
                       is_supported(entry.path())) {
                out.warnings.push_back(path + ": broken symbolic link; not read");
            }
        }
        // Depth first in order: the first subdirectory is walked next.
        pending.insert(pending.end(), std::make_move_iterator(subdirs.rbegin()),
                       std::make_move_iterator(subdirs.rend()));
    }
}
}  // namespace

auto collect_files(const std::vector<std::string>& paths, const std::vector<std::string>& include)
    -> FileList {
    FileList out;
    Walked walked;
    for (const auto& arg : paths) {
        std::error_code ec;
        auto status = fs::status(arg, ec);
        if (ec || !fs::exists(status)) {
            out.skipped.push_back({arg, "no such file or directory", SkipKind::kMissing});
        } else if (fs::is_directory(status)) {
            walk(arg, include, walked, out);
        } else {
            out.files.emplace_back(arg);
        }
    }
    // Strings rather than std::filesystem::path: with its list of components a path costs
    // ~440 bytes here, and a million-file corpus is listed before it is read.
    std::sort(out.files.begin(), out.files.end(),
              [](const auto& x, const auto& y) { return compare_paths(x, y) < 0; });
    out.files.erase(
        std::unique(out.files.begin(), out.files.end(),
                    [](const auto& x, const auto& y) { return compare_paths(x, y) == 0; }),
        out.files.end());
    return out;
}

namespace {
constexpr std::size_t kBlockBytes = std::size_t{64} * 1024U;
}  // namespace

JsonlReader::JsonlReader(std::istream& in,
                         std::string name,
                         const Cleaner& cleaner,
                         const ReadOptions& options,
                         std::size_t first_line)
    : m_in(in),
      m_name(std::move(name)),
      m_cleaner(cleaner),
      m_max_bytes(options.max_bytes),
      m_first_line(first_line),
      m_number(first_line - 1) {}

auto JsonlReader::fill() -> bool {
    m_block.resize(kBlockBytes);
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(m_block.size(), m_remaining));
    m_end = 0;
    if (want > 0) {
        m_in.read(m_block.data(), static_cast<std::streamsize>(want));
        m_end = static_cast<std::size_t>(m_in.gcount());
    }
    m_remaining -= m_end;
    m_at = 0;
    return m_end > 0;
}

auto JsonlReader::next_line(std::string& line, bool& too_long) -> bool {
    line.clear();
    too_long = false;
    m_terminated = false;
    bool any = false;
    for (;;) {
        if (m_at == m_end && !fill()) {
            return any;
        }
        any = true;
        const char* start = m_block.data() + m_at;
        const auto available = m_end - m_at;
        const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
        const auto length =
            newline != nullptr ? static_cast<std::size_t>(newline - start) : available;
        if (!too_long) {
            if (line.size() + length > m_max_bytes) {
                too_long = true;  // read to its end, never kept whole
                line.clear();
                line.shrink_to_fit();
            } else {
                line.append(start, length);
            }
        }
        m_at += length + (newline != nullptr ? 1 : 0);
        if (newline != nullptr) {
            m_terminated = true;
            return true;
        }
    }
}

auto JsonlReader::read(Batch& batch, std::size_t articles) -> bool {
    if (m_done) {
        return false;
    }
    if (!m_checked) {
        m_checked = true;
        if (fill()) {
            if (auto why = binary_reason(std::string_view(m_block.data(), m_end)); !why.empty()) {
                batch.skipped.push_back({m_name, why, SkipKind::kBinary});
                m_done = true;
                return false;
            }
        }
    }
    m_last_unterminated = false;
    const auto room = std::numeric_limits<std::size_t>::max() - batch.articles.size();
    const auto wanted = batch.articles.size() + std::min(articles, room);
    std::string line;
    bool too_long = false;
    while (batch.articles.size() < wanted) {
        if (!next_line(line, too_long)) {
            finish(batch);
            return false;
        }
        ++m_number;
        if (!too_long && trim(line).empty()) {
            continue;
        }
        ++m_lines;
        auto where = m_name + ":" + std::to_string(m_number);
        if (too_long) {
            batch.skipped.push_back(
                {where,
                 "line over the --max-bytes limit of " + std::to_string(m_max_bytes) + " bytes",
                 SkipKind::kTooLarge});
            continue;
        }
        if (auto why = binary_reason(line); !why.empty()) {
            batch.skipped.push_back({where, why, SkipKind::kBinary});
            continue;
        }
        if (auto n = repair_utf8(line); n > 0) {
            m_repaired += n;
            if (m_repaired_lines++ == 0) {
                m_first_repaired = m_number;
            }
        }
        auto value = nlohmann::json::parse(line, nullptr, false);
        if (value.is_discarded()) {
            batch.skipped.push_back(
                {where,
                 m_terminated ? "malformed line: not valid JSON"
                              : "malformed line: not valid JSON (the last line, without its "
                                "newline: cut short or still being written)",
                 SkipKind::kMalformed});
            continue;
        }
        const auto before = batch.articles.size();
        add_json(value, where, m_cleaner, batch);
        if (batch.articles.size() > before) {
            batch.articles.back().line = m_number;
        }
        m_last_unterminated = !m_terminated && batch.articles.size() > before;
    }
    return true;
}

void JsonlReader::finish(Batch& batch) {
    m_done = true;
    if (m_in.bad()) {
        batch.skipped.push_back({m_name, "read error", SkipKind::kUnreadable});
    } else if (m_lines == 0 && m_first_line == 1) {
        batch.skipped.push_back({m_name, "empty (no JSONL lines)", SkipKind::kEmpty});
    }
    if (m_repaired > 0) {
        batch.warnings.push_back(
            m_name + ": invalid UTF-8 repaired (" + std::to_string(m_repaired) + " sequence" +
            (m_repaired == 1 ? "" : "s") + " replaced by U+FFFD; " +
            (m_repaired_lines == 1 ? "line " + std::to_string(m_first_repaired)
                                   : std::to_string(m_repaired_lines) + " lines, the first line " +
                                         std::to_string(m_first_repaired)) +
            ")");
    }
}

auto read_jsonl(std::istream& in,
                const std::string& name,
                const Cleaner& cleaner,
                const ReadOptions& options) -> Batch {
    Batch batch;
    JsonlReader reader(in, name, cleaner, options);
    while (reader.read(batch, std::numeric_limits<std::size_t>::max())) {
    }
    return batch;
}

auto read_file(const fs::path& path, const Cleaner& cleaner, const ReadOptions& options) -> Batch {
    Batch batch;
    auto name = path.string();
    try {
        auto ext = lower_ext(path);
        if (ext == ".jsonl") {  // is_jsonl()
            std::ifstream in(path, std::ios::binary);
            if (!in) {
                throw SkipError(SkipKind::kUnreadable, "cannot open for reading");
            }
            return read_jsonl(in, name, cleaner, options);
        }
        auto text = decode(read_bytes(path, options.max_bytes), name, batch);
        if (ext == ".json") {
            auto value = nlohmann::json::parse(text, nullptr, false);
            if (value.is_discarded()) {
                throw SkipError(SkipKind::kMalformed, "malformed JSON");
            }
            if (value.is_array()) {
                for (std::size_t i = 0; i < value.size(); ++i) {
                    add_json(value[i], name + "[" + std::to_string(i) + "]", cleaner, batch);
                }
            } else {
                add_json(value, name, cleaner, batch);
            }
            return batch;
        }
        Article a;
        a.id = path.stem().string();
        a.path = name;
        a.raw = text;
        if (ext == ".html" || ext == ".htm") {
            read_html(text, a, cleaner);
        } else {
            finish_text(split_lines(text), a, cleaner);
        }
        if (trim(a.body).empty() && a.title.empty()) {
            throw SkipError(SkipKind::kEmpty, "no article text after removing site furniture");
        }
        shorten_id(a, name, batch.warnings);
        batch.articles.push_back(std::move(a));
    } catch (const SkipError& e) {
        batch.skipped.push_back({name, e.what(), e.kind()});
    }
    return batch;
}

auto read_text_article(const fs::path& path) -> Article {
    auto batch = read_file(path, Cleaner::standard(), ReadOptions{});
    if (!batch.skipped.empty()) {
        throw InputError(path.string() + ": " + batch.skipped.front().reason);
    }
    if (batch.articles.empty()) {
        throw InputError(path.string() + ": no article");
    }
    return batch.articles.front();
}

}  // namespace telusur::ingest
