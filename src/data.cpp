#include "telusur/data.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "telusur/error.hpp"

namespace telusur {

namespace {

auto canonical_or_empty(const std::filesystem::path& p) -> std::filesystem::path {
    std::error_code ec;
    auto out = std::filesystem::weakly_canonical(p, ec);
    return ec ? std::filesystem::path() : out;
}

/// True when `inner` is `outer` or below it (both canonical).
auto is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) -> bool {
    if (outer.empty()) {
        return false;
    }
    auto rel = inner.lexically_relative(outer);
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

auto data_dirs() -> std::vector<DataDir> {
    std::vector<DataDir> dirs;
    if (const char* env = std::getenv("TELUSUR_DATA_DIR"); env != nullptr && *env != '\0') {
        dirs.push_back({env, "$TELUSUR_DATA_DIR"});
    }
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec && !exe.empty()) {
        auto exe_dir = canonical_or_empty(exe).parent_path();
        dirs.push_back({(exe_dir.parent_path() / "share" / "telusur").lexically_normal(),
                        "next to the executable"});
        if (is_within(exe_dir, canonical_or_empty(TELUSUR_BUILD_DIR))) {
            dirs.push_back({TELUSUR_SOURCE_DATA_DIR, "source tree (running from the build tree)"});
        }
    }
    const std::filesystem::path installed(TELUSUR_INSTALL_DATA_DIR);
    if (std::none_of(dirs.begin(), dirs.end(),
                     [&installed](const DataDir& d) { return d.path == installed; })) {
        dirs.push_back({TELUSUR_INSTALL_DATA_DIR, "install prefix"});
    }
    return dirs;
}

auto data_path(const std::string& name) -> std::filesystem::path {
    std::string tried;
    for (const auto& dir : data_dirs()) {
        auto path = dir.path / name;
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
            return path;
        }
        tried.append(tried.empty() ? "" : ", ").append(dir.path.string());
    }
    throw InputError(std::string("data file ")
                         .append(name)
                         .append(" not found in ")
                         .append(tried)
                         .append(" (set TELUSUR_DATA_DIR to the directory holding it)"));
}

}  // namespace telusur
