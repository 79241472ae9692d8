#pragma once
// Ingestion stage: files on disk (or JSONL on stdin) -> cleaned Article records with metadata.

#include <cstdint>
#include <filesystem>
#include <istream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telusur::ingest {

class Cleaner;

/** One article as read from its source, cleaned of site furniture, before analysis. */
struct Article {
    std::string id;        ///< stable document id: file name without extension, or JSON `id`
    std::string path;      ///< where it was read from (`FILE`, or `FILE:LINE` for JSONL)
    std::size_t line = 0;  ///< JSONL: the LINE that ends path; 0 otherwise
    std::string title;     ///< headline; may be empty when none was found
    std::string body;      ///< cleaned text (UTF-8), paragraphs separated by blank lines
    std::optional<std::string> date;    ///< publication date `YYYY-MM-DD`; none rather than a guess
    std::optional<std::string> source;  ///< site or publication (`Selular.id`, `BERITA PANGKEP`)
    std::optional<std::string> author;  ///< from a byline
    std::optional<std::string> url;     ///< canonical URL (JSON, HTML)
    std::string raw;                    ///< the original text (UTF-8, repaired if it was invalid)
};

/// Ids longer than this many bytes are shortened (article_id): an id is also a Xapian term
/// (`Q` + id), and Xapian refuses terms over 245 bytes, so a file name of 246 bytes (Linux
/// allows 255) or a long JSON `id` made the whole run fail.
inline constexpr std::size_t kMaxIdBytes = 200;

/// An id as the index keeps it: itself up to kMaxIdBytes; a longer one cut at a character
/// boundary, then `~` and the 16 hex digits of its FNV-1a hash (the same long id always gives
/// the same short one, and two long ids that share their first 183 bytes do not collide).
/// Commands that take an id (`show`, `similar`) map what they are given the same way.
[[nodiscard]] auto article_id(const std::string& id) -> std::string;

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
    std::uintmax_t max_bytes =
        std::uintmax_t{10} * 1024U * 1024U;  ///< larger inputs (JSONL: lines) are skipped
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

/// A `.jsonl` file (any case): read with JsonlReader, its lines held to --max-bytes.
[[nodiscard]] auto is_jsonl(const std::filesystem::path& path) -> bool;

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

/// Reads one file with the reader its extension selects (plain text when unknown). A file over
/// ReadOptions::max_bytes is skipped as too large, except JSONL, whose lines are held to it.
[[nodiscard]] auto read_file(const std::filesystem::path& path,
                             const Cleaner& cleaner,
                             const ReadOptions& options) -> Batch;

/**
 * Reads JSONL (one article object per line) a chunk of articles at a time, so that a feed of any
 * size is read in bounded memory: a 64 KiB block of the input, one line (at most
 * ReadOptions::max_bytes: a longer line is skipped without being kept whole) and the articles of
 * one chunk. Lines are named `NAME:LINE`, counted from `first_line` (a reader started where an
 * earlier one stopped goes on counting). An input whose first 64 KiB look binary is skipped
 * whole; after that each line is checked alone. Invalid UTF-8 is repaired line by line and
 * reported once, in the last batch: `NAME: invalid UTF-8 repaired (N sequences replaced by
 * U+FFFD; M lines, the first line K)`. An input without a line that is not blank (read from
 * its first line) is skipped as empty. A malformed last line without its '\n' is said to be
 * one (a feed read while a line was being written to it).
 */
class JsonlReader {
public:
    JsonlReader(std::istream& in,
                std::string name,
                const Cleaner& cleaner,
                const ReadOptions& options,
                std::size_t first_line = 1);
    /// The reader keeps a reference to its cleaner: not a temporary one.
    JsonlReader(std::istream& in,
                std::string name,
                const Cleaner&& cleaner,
                const ReadOptions& options,
                std::size_t first_line = 1) = delete;

    /// Reads lines into batch until it has received `articles` articles or the input ends; false
    /// once the input was exhausted before (the last call may still add skips and warnings).
    auto read(Batch& batch, std::size_t articles) -> bool;

    /// Lines read that were not blank (articles, skipped lines).
    [[nodiscard]] auto lines() const -> std::size_t { return m_lines; }

    /// The number of the last line read (first_line - 1 before any).
    [[nodiscard]] auto last_line() const -> std::size_t { return m_number; }

    /// Reads at most `bytes` more bytes of the input (a file as it was hashed, while lines are
    /// still being appended to it).
    void limit(std::uint64_t bytes) { m_remaining = bytes; }

    /// The last article the last read() added came from a line without its '\n' (the input's
    /// last line: a file that does not end with one, or whose last line is still being written).
    [[nodiscard]] auto last_unterminated() const -> bool { return m_last_unterminated; }

private:
    auto fill() -> bool;
    auto next_line(std::string& line, bool& too_long) -> bool;
    void finish(Batch& batch);

    std::istream& m_in;
    std::string m_name;
    const Cleaner& m_cleaner;
    std::uintmax_t m_max_bytes;
    std::string m_block;
    std::size_t m_at = 0;
    std::size_t m_end = 0;
    std::size_t m_first_line;
    std::size_t m_number;
    std::size_t m_lines = 0;
    std::size_t m_repaired = 0;        ///< invalid UTF-8 sequences replaced
    std::size_t m_repaired_lines = 0;  ///< lines that had some
    std::size_t m_first_repaired = 0;  ///< the first of them
    bool m_checked = false;            ///< the start of the input was checked for binary data
    bool m_done = false;
    bool m_terminated = false;  ///< the line next_line() gave last ended with a '\n'
    bool m_last_unterminated = false;
    std::uint64_t m_remaining = std::numeric_limits<std::uint64_t>::max();  ///< limit()
};

/// Reads JSONL (one article object per line) from a stream named `name` in messages, all of it
/// into one batch (JsonlReader reads it a chunk at a time).
[[nodiscard]] auto read_jsonl(std::istream& in,
                              const std::string& name,
                              const Cleaner& cleaner,
                              const ReadOptions& options) -> Batch;

/// Reads a plain-text article. Throws telusur::InputError naming the file on failure.
[[nodiscard]] auto read_text_article(const std::filesystem::path& path) -> Article;

}  // namespace telusur::ingest
