#pragma once
// Ingestion stage: files on disk -> Article records.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace telusur::ingest {

/** One article as read from its source, before analysis. */
struct Article {
    std::string id;     ///< stable document id: file name without extension
    std::string path;   ///< where it was read from
    std::string title;  ///< headline; may be empty when none was found
    std::string body;   ///< full text (UTF-8), title line excluded
};

/** A file that could not be read, and why; the rest of the set is still indexed. */
struct Skipped {
    std::string path;
    std::string reason;
};

/** Result of collecting input paths: the files to read, and the arguments that were unusable. */
struct FileList {
    std::vector<std::filesystem::path> files;
    std::vector<Skipped> skipped;
};

/**
 * Expands PATH arguments: a file is taken as it is, a directory is walked recursively for
 * files with a supported extension (`.txt`). Results are sorted so runs are reproducible.
 */
[[nodiscard]] auto collect_files(const std::vector<std::string>& paths) -> FileList;

/** Reads a plain-text article. Throws telusur::InputError naming the file on failure. */
[[nodiscard]] auto read_text_article(const std::filesystem::path& path) -> Article;

/** Splits plain text into title and body: the first non-empty line that is not a date line. */
void split_title(const std::string& text, Article& article);

}  // namespace telusur::ingest
