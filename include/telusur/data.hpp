#pragma once
// Locating telusur's data files (boilerplate phrases, stop words, ...).

#include <filesystem>
#include <string>

namespace telusur {

/**
 * Full path of a data file: `$TELUSUR_DATA_DIR/name`, else the installed data directory, else
 * the source tree's `data/`. Throws InputError naming the places looked at when none has it.
 */
[[nodiscard]] auto data_path(const std::string& name) -> std::filesystem::path;

}  // namespace telusur
