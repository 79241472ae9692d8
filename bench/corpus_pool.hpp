#pragma once
/// @file
/// @brief Shared by gen_corpus and gen_queries: a deterministic random generator, a Zipf-like
/// sampler, the gazetteer's entities and the pool of real Indonesian sentences the synthetic
/// articles and queries are made of.
///
/// The pool comes from the bundled articles (data/articles, the "news" part, whose sentences that
/// name an entity also become templates with entity slots) and from Debian's Indonesian text
/// (the "general" part): manpages-id (roff, /usr/share/man/id), debian-reference-id
/// (/usr/share/debian-reference/debian-reference.id.txt.gz) and the Indonesian translation
/// catalogs (/usr/share/locale/id/LC_MESSAGES/*.mo). Only prose-like Indonesian sentences are kept
/// (length, punctuation, no format strings or markup, Indonesian function words). Files are read
/// in sorted order and the pool is shuffled with a fixed seed, so the same installed packages give
/// the same pool.

#include <boost/program_options.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

/// xoshiro256** seeded through splitmix64: the same sequence on every platform (unlike the
/// distributions of <random>).
class Rng {
public:
    explicit Rng(std::uint64_t seed);
    auto next() -> std::uint64_t;
    /// Uniform in [0, n); n > 0.
    auto below(std::uint64_t n) -> std::uint64_t;
    /// Uniform in [0, 1).
    auto uniform() -> double;
    /// True with probability p.
    auto chance(double p) -> bool { return uniform() < p; }
    /// Uniform in [lo, hi].
    auto between(int lo, int hi) -> int;

private:
    std::uint64_t m_s[4];
};

/// Draws ranks 0..n-1 with probability proportional to 1 / (rank + offset)^exponent.
class Zipf {
public:
    Zipf() = default;
    Zipf(std::size_t n, double exponent, double offset);
    auto draw(Rng& rng) const -> std::size_t;
    [[nodiscard]] auto size() const -> std::size_t { return m_cumulative.size(); }
    /// Probability of one rank (for weighting vocabularies).
    [[nodiscard]] auto probability(std::size_t rank) const -> double;

private:
    std::vector<double> m_cumulative;
};

/// One gazetteer entry (data/entities.tsv); aliases without their leading '='.
struct Entity {
    std::string id;
    std::string type;
    std::string name;
    std::vector<std::string> aliases;
    std::vector<bool> exact;  ///< per alias: case-exact ('=' in the file)
};

/// Reads data/entities.tsv in file order (the order is the popularity rank used by the generator).
auto load_entities(const std::string& path) -> std::vector<Entity>;

/// A sentence with entity slots: pieces alternate between text and slots.
struct Template {
    struct Piece {
        std::string text;  ///< literal text, or the entity type when slot is true
        bool slot = false;
    };
    std::vector<Piece> pieces;
};

/// "{company} Luncurkan {product}" -> text and slot pieces.
auto parse_template(std::string_view s) -> Template;

struct Pool {
    std::vector<std::string> news;     ///< sentences of the bundled articles
    std::vector<std::string> general;  ///< Debian's Indonesian prose
    std::vector<Template> templates;   ///< news sentences and stock phrases with entity slots
    std::map<std::string, std::size_t> sources;  ///< where the general sentences came from
};

/// Builds the pool. data_dir is the project's data/ directory; system_root prefixes the Debian
/// paths ("" normally). Throws std::runtime_error if fewer than 500 sentences are found (the
/// Debian packages are missing).
auto build_pool(const std::string& data_dir,
                const std::vector<Entity>& entities,
                const std::string& system_root = "") -> Pool;

/// Word forms of Debian's hunspell-id dictionary (id_ID.dic + id_ID.aff): every root with its
/// single prefixes and suffixes and the prefix-suffix pairs (circumfixes) its flags allow, e.g.
/// timbun, menimbun, penimbunan, ditimbun. Lower-case ASCII words (with '-') of 3+ letters only,
/// in a fixed shuffled order (the Zipf rank the generator uses). Throws if the files are missing.
auto load_lexicon(const std::string& dic_path, const std::string& aff_path)
    -> std::vector<std::string>;

/// Splits text into words of letters and digits (ASCII and UTF-8), keeping their case.
auto words_of(std::string_view text) -> std::vector<std::string>;

/// ASCII lower case.
auto lower(std::string_view s) -> std::string;

/// Reads the stop word list (one word a line, '#' comments).
auto load_words(const std::string& path) -> std::vector<std::string>;

/// Parses a bench program's command line into the variables its options are bound to. Returns
/// true after printing the options for --help; a bad command line is a usage error.
auto parse_bench_options(int argc,
                         char** argv,
                         const boost::program_options::options_description& options,
                         const char* program) -> bool;

/// "PROGRAM: ERROR", the options, exit 2.
[[noreturn]] void bench_usage(const char* program,
                              const boost::program_options::options_description& options,
                              const std::string& error);

}  // namespace bench
