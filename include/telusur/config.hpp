#pragma once
// User configuration: defaults a user would otherwise repeat on every command line.
//
// File: `--config FILE`, else `$XDG_CONFIG_HOME/telusur/config`, else `~/.config/telusur/config`
// (optional). One `key = value` a line, `#` starts a comment line:
//
//     index = ~/news/index          # relative paths are relative to the config file
//     limit = 20
//     color = never                 # auto, always or never
//     snippet-length = 300
//     pager = less -R
//     gazetteer = my-entities.tsv   # repeatable; added to the shipped data/entities.tsv
//     synonyms = my-synonyms.txt    # repeatable; added to the shipped data/synonyms-id.txt
//
// Precedence: command line > environment > config file > built-in default. load() applies the
// last three; the command-line front end applies its options on top.

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace telusur::config {

/** One effective setting and where it came from. */
struct Setting {
    std::string value;
    std::string source;  ///< "default", "environment (TELUSUR_INDEX)", "FILE:LINE", "command line"
};

/** The effective settings. */
struct Settings {
    std::string file;  ///< the config file read, "" if none
    std::string
        file_source;  ///< how it was found ("--config", "$XDG_CONFIG_HOME", ...) or why none
    Setting index{"./index", "default"};
    Setting limit{"10", "default"};
    Setting color{"auto", "default"};
    Setting snippet_length{"200", "default"};
    Setting pager{"less -FRX", "default"};
    std::vector<Setting> gazetteers;  ///< extra gazetteer files, on top of the shipped one
    std::vector<Setting> synonyms;    ///< extra synonym files, on top of the shipped one
};

/// How environment variables are read (injectable for tests); empty: std::getenv.
using Getenv = std::function<const char*(const char*)>;

/// "a:b::c" -> {"a", "b", "c"}: the ':'-separated file lists of TELUSUR_ENTITIES and friends.
[[nodiscard]] auto split_list(const std::string& text) -> std::vector<std::string>;

/// The setting names a config file may use, in display order.
[[nodiscard]] auto keys() -> const std::vector<std::string>&;

/// Where the config file is looked for when no --config is given (and why), or nullopt when
/// neither XDG_CONFIG_HOME nor HOME is set.
[[nodiscard]] auto default_file(const Getenv& getenv)
    -> std::optional<std::pair<std::filesystem::path, std::string>>;

/// Applies one config file to settings. Throws InputError "FILE:LINE: what is wrong" for an
/// unknown key, a bad value or a named file that does not exist, "FILE: cannot read" otherwise.
void read_file(const std::filesystem::path& file, Settings& settings, const Getenv& getenv);

/// Defaults, then the config file (explicit_file must exist; the default one may not), then the
/// environment: TELUSUR_INDEX, NO_COLOR (non-empty: color never), PAGER, TELUSUR_ENTITIES and
/// TELUSUR_SYNONYMS (':'-separated lists; they replace the config file's lists).
[[nodiscard]] auto load(const std::optional<std::string>& explicit_file, const Getenv& getenv = {})
    -> Settings;

}  // namespace telusur::config
