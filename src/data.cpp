#include "telusur/data.hpp"

#include <cstdlib>
#include <vector>

#include "telusur/error.hpp"

namespace telusur {

auto data_path(const std::string& name) -> std::filesystem::path {
    std::vector<std::filesystem::path> dirs;
    if (const char* env = std::getenv("TELUSUR_DATA_DIR"); env != nullptr && *env != '\0') {
        dirs.emplace_back(env);
    }
    dirs.emplace_back(TELUSUR_INSTALL_DATA_DIR);
    dirs.emplace_back(TELUSUR_SOURCE_DATA_DIR);
    std::string tried;
    for (const auto& dir : dirs) {
        auto path = dir / name;
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
            return path;
        }
        tried.append(tried.empty() ? "" : ", ").append(dir.string());
    }
    throw InputError(std::string("data file ").append(name).append(" not found in ").append(tried));
}

}  // namespace telusur
