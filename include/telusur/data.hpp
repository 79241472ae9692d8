#pragma once
// Locating telusur's data files (boilerplate phrases, stop words, gazetteer, synonyms, ...).

#include <filesystem>
#include <string>
#include <vector>

namespace telusur {

/** One directory data files are looked for in, and why it is on the list. */
struct DataDir {
    std::filesystem::path path;
    std::string why;  ///< "$TELUSUR_DATA_DIR", "source tree", "next to the executable", ...
};

/**
 * Where data files are looked for, in order: `$TELUSUR_DATA_DIR`; `../share/telusur` relative to
 * the executable (an installed or relocated copy, e.g. `cmake --install --prefix P`); the source
 * tree's `data/` when the running executable lives in the build tree; the data directory of the
 * configured install prefix. An installed telusur never reads a source tree.
 */
[[nodiscard]] auto data_dirs() -> std::vector<DataDir>;

/**
 * Full path of a data file: the first of data_dirs() that has it. Throws InputError naming the
 * places looked at when none has it.
 */
[[nodiscard]] auto data_path(const std::string& name) -> std::filesystem::path;

}  // namespace telusur
