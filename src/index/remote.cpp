#include "telusur/index/remote.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "telusur/index/layout.hpp"

namespace telusur::index {

auto has_remote_parts(const std::string& dir) -> bool {
    std::error_code ec;
    auto stub = std::filesystem::is_directory(dir, ec)
                    ? std::filesystem::path(dir) / layout::kStubName
                    : std::filesystem::path(dir);
    std::ifstream in(stub);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string type;
        if (words >> type && type == "remote") {
            return true;
        }
    }
    return false;
}

}  // namespace telusur::index
