#pragma once
// Ingestion stage: files on disk (or JSONL on stdin) -> cleaned Article records with metadata.

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telusur::ingest {

class Cleaner;

/** One article as read from its source, cleaned of site furniture, before analysis. */
struct Article {
    std::string id;     ///< stable document id: file name without extension, or JSON `id`
    std::string path;   ///< where it was read from (`FILE`, or `FILE:LINE` for JSONL)
    std::string title;  ///< headline; may be empty when none was found
    std::string body;   ///< cleaned text (UTF-8), paragraphs separated by blank lines
    std::optional<std::string> date;    ///< publication date `YYYY-MM-DD`; none rather than a guess
    std::optional<std::string> source;  ///< site or publication (`Selular.id`, `BERITA PANGKEP`)
    std::optional<std::string> author;  ///< from a byline
    std::optional<std::string> url;     ///< canonical URL (JSON, HTML)
    std::string raw;                    ///< the original text (UTF-8, repaired if it was invalid)
};

/// Why an input, or part of one, was not indexed. The summary line counts them by kind.
enum class SkipKind {
    kMissing,
    kUnreadable,
    kEmpty,
    kBinary,
    kTooLarge,
    kMalformed,
    kNoBody,
    kDuplicate
};

/// Short name of a kind for the summary line: "empty", "binary", "malformed line", ...
[[nodiscard]] auto kind_name(SkipKind kind) -> const char*;

/** An input that could not be indexed, and why; the rest of the set is still indexed. */
struct Skipped {
    std::string path;    ///< file, or `FILE:LINE`
    std::string reason;  ///< one line, e.g. "empty article", "binary file (NUL bytes)"
    SkipKind kind = SkipKind::kUnreadable;
};

/** Result of collecting input paths: the files to read, and the arguments that were unusable. */
struct FileList {
    std::vector<std::string> files;  ///< in std::filesystem::path order (compare_paths)
    std::vector<Skipped> skipped;
    /// "PATH: what was passed over" for links that lead nowhere or back into a directory
    /// already walked (not articles, so not skipped ones).
    std::vector<std::string> warnings;
};

struct ReadOptions {
    std::uintmax_t max_bytes = std::uintmax_t{10} * 1024U * 1024U;  ///< larger inputs are skipped
    std::vector<std::string> include;  ///< fnmatch globs on file names when walking directories
};

/** What one input produced: articles, skipped parts, and warnings about what was repaired. */
struct Batch {
    std::vector<Article> articles;
    std::vector<Skipped> skipped;
    std::vector<std::string> warnings;  ///< "FILE: what was done", e.g. invalid UTF-8 repaired
};

/// Extensions the readers understand: .txt .md .html .htm .json .jsonl.
[[nodiscard]] auto is_supported(const std::filesystem::path& path) -> bool;

/**
 * Expands PATH arguments: a file is taken as it is, a directory is walked recursively for files
 * with a supported extension whose name matches one of `include` (all when empty). Results are
 * sorted so runs are reproducible; a missing path is reported as kMissing. Symbolic links to
 * directories are followed, each directory walked once (a link back into one already walked, a
 * loop, is a warning, as is a broken link).
 */
[[nodiscard]] auto collect_files(const std::vector<std::string>& paths,
                                 const std::vector<std::string>& include = {}) -> FileList;

/// Orders two path strings as std::filesystem::path::compare does: a relative path before an
/// absolute one, then component by component (a repeated '/' is one separator, a trailing '/'
/// adds an empty last component). Negative, zero or positive.
[[nodiscard]] auto compare_paths(std::string_view a, std::string_view b) -> int;

/// Reads one file with the reader its extension selects (plain text when unknown).
[[nodiscard]] auto read_file(const std::filesystem::path& path,
                             const Cleaner& cleaner,
                             const ReadOptions& options) -> Batch;

/// Reads JSONL (one article object per line) from a stream named `name` in messages.
[[nodiscard]] auto read_jsonl(std::istream& in,
                              const std::string& name,
                              const Cleaner& cleaner,
                              const ReadOptions& options) -> Batch;

/// Reads a plain-text article. Throws telusur::InputError naming the file on failure.
[[nodiscard]] auto read_text_article(const std::filesystem::path& path) -> Article;

}  // namespace telusur::ingest
