#pragma once
// Boilerplate removal: what is not the article (site furniture) must not be indexed. General
// line-shape rules plus known Indonesian furniture phrases from a data file.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telusur::ingest {

/**
 * Removes site furniture from article lines. Phrase rules come from a data file
 * (`data/boilerplate-id.txt`), one rule a line: `line PHRASE` (the whole line is the phrase),
 * `prefix PHRASE`, `contains PHRASE`, `list PHRASE` (a heading followed by a link list); `#`
 * starts a comment. Matching ignores ASCII case and a trailing colon.
 */
class Cleaner {
public:
    /// Parses rules in the data-file format; throws InputError naming the bad line.
    explicit Cleaner(std::string_view rules);
    /// Loads the rules file; throws InputError when it cannot be read.
    [[nodiscard]] static auto load(const std::filesystem::path& path) -> Cleaner;
    /// The bundled rules, found through telusur::data_path("boilerplate-id.txt").
    [[nodiscard]] static auto standard() -> Cleaner;

    /// True when one line is furniture on its own: a phrase rule, breadcrumb, comment counter,
    /// date stamp or markup-only line.
    [[nodiscard]] auto is_furniture(std::string_view line) const -> bool;

    /**
     * Cleans body lines and returns the article's paragraphs: drops furniture lines, link
     * lists under a list heading, a trailing list of other headlines, markup leftovers
     * (`![]() |`, `---|`), paragraphs the text repeats, and an unfinished fragment glued to the
     * last sentence.
     */
    [[nodiscard]] auto clean(const std::vector<std::string>& lines) const
        -> std::vector<std::string>;

    [[nodiscard]] auto rule_count() const -> std::size_t;

private:
    [[nodiscard]] auto is_list_heading(std::string_view line) const -> bool;
    std::vector<std::string> m_lines;
    std::vector<std::string> m_prefixes;
    std::vector<std::string> m_contains;
    std::vector<std::string> m_lists;
};

/// A breadcrumb trail (`BERITA PANGKEP >> Teknologi >> ...`): its segments, else empty.
[[nodiscard]] auto breadcrumb(std::string_view line) -> std::vector<std::string>;

/// A comment counter (`0 comments`, `Hesti Nuraini 0 comments`): the text before it, else none.
[[nodiscard]] auto comment_counter(std::string_view line) -> std::optional<std::string>;

/// Strips markdown images, link targets, heading marks and table pipes; `table` tells whether
/// the line was a table row.
[[nodiscard]] auto strip_markup(std::string_view line, bool& table) -> std::string;

/// A short line of a few words that does not end a sentence: a headline or a list entry.
[[nodiscard]] auto is_headline_shaped(std::string_view line) -> bool;

}  // namespace telusur::ingest
