#include "telusur/index/layout.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "telusur/error.hpp"

namespace fs = std::filesystem;

namespace telusur::index::layout {

namespace {

constexpr const char* kGenPrefix = "gen-";
constexpr const char* kStubTmpName = "XAPIANDB.tmp";
/// The generation a legacy index is moved into when it is converted.
constexpr unsigned kLegacyGeneration = 0;

auto errno_text() -> std::string {
    return std::strerror(errno);
}

/// fsync a file or directory by path; errors are reported (a switch must be durable).
void fsync_path(const fs::path& p, bool directory) {
    int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) {
        throw IndexError("cannot open " + p.string() + " to sync it: " + errno_text());
    }
    int rc = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    if (rc != 0) {
        errno = saved;
        throw IndexError("cannot sync " + p.string() + ": " + errno_text());
    }
}

/// gen-NNNNNN -> NNNNNN, or none.
auto parse_generation(const std::string& name) -> std::optional<unsigned> {
    if (name.rfind(kGenPrefix, 0) != 0 || name.size() <= std::strlen(kGenPrefix)) {
        return std::nullopt;
    }
    auto digits = name.substr(std::strlen(kGenPrefix));
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        digits.size() > 9) {
        return std::nullopt;
    }
    return static_cast<unsigned>(std::stoul(digits));
}

auto make_generation(const fs::path& dir, unsigned number) -> Generation {
    Generation g;
    g.number = number;
    g.path = dir / generation_name(number);
    std::error_code ec;
    g.complete = fs::exists(g.path / kCompleteName, ec);
    return g;
}

/// The stub's lines (empty if there is no stub).
auto read_stub(const fs::path& dir) -> std::vector<std::string> {
    std::ifstream in(dir / kStubName);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != '#') {
            lines.push_back(line);
        }
    }
    return lines;
}

/// "glass gen-000004/shard-0" -> "gen-000004/shard-0"; "" for other backends.
auto glass_path(const std::string& line) -> std::string {
    std::istringstream in(line);
    std::string backend;
    std::string path;
    in >> backend >> path;
    return backend == "glass" ? path : std::string();
}

auto is_glass(const fs::path& p) -> bool {
    std::error_code ec;
    return fs::exists(p / "iamglass", ec);
}

}  // namespace

auto utc_now() -> std::string {
    auto t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    (void)std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

/// Moves a legacy index (glass files directly in dir) into gen-000000. iamglass goes first:
/// from that rename on, Xapian opens dir through the stub.
auto move_legacy(const fs::path& dir) -> Generation {
    auto gen = make_generation(dir, kLegacyGeneration);
    fs::create_directories(gen.path);
    fs::rename(dir / "iamglass", gen.path / "iamglass");
    for (const auto& entry : fs::directory_iterator(dir)) {
        auto name = entry.path().filename().string();
        if (entry.is_regular_file() && name != kStubName && name != kStubTmpName &&
            name != kLockName) {
            fs::rename(entry.path(), gen.path / name);
        }
    }
    mark_complete(gen);
    gen.complete = true;
    return gen;
}

}  // namespace

auto kind_of(const std::string& dir) -> Kind {
    std::error_code ec;
    auto status = fs::status(dir, ec);
    if (!fs::exists(status)) {
        return Kind::kMissing;
    }
    if (!fs::is_directory(status)) {
        return Kind::kForeign;
    }
    if (is_glass(dir)) {
        return Kind::kLegacy;
    }
    if (fs::exists(fs::path(dir) / kStubName, ec)) {
        return Kind::kStub;
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        auto name = entry.path().filename().string();
        // A README or a dotfile (.gitignore, .gitkeep) beside an index is documentation, not
        // data: the repository's own index/ holds a README.md.
        bool notes = name == "README.md" || name == "README" || name.starts_with(".");
        if (name != kLockName && name != kStubTmpName && !notes && !parse_generation(name)) {
            return Kind::kForeign;
        }
    }
    return Kind::kEmpty;
}

auto foreign_message(const std::string& dir) -> std::string {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        return dir + " is a file, not a telusur index directory";
    }
    return dir + " is not a telusur index (it holds other files and no Xapian database); " +
           "give a new or empty directory";
}

auto generation_name(unsigned number) -> std::string {
    char buf[32];
    (void)std::snprintf(buf, sizeof buf, "%s%06u", kGenPrefix, number);
    return buf;
}

auto list_generations(const std::string& dir) -> std::vector<Generation> {
    std::vector<Generation> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (auto n = parse_generation(entry.path().filename().string());
            n && entry.is_directory(ec)) {
            out.push_back(make_generation(dir, *n));
        }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

auto current_generation(const std::string& dir) -> std::optional<Generation> {
    if (is_glass(dir)) {
        return std::nullopt;
    }
    for (const auto& line : read_stub(dir)) {
        auto path = glass_path(line);
        auto first = path.substr(0, path.find('/'));
        if (auto n = parse_generation(first)) {
            return make_generation(dir, *n);
        }
    }
    return std::nullopt;
}

auto live_databases(const std::string& dir) -> std::vector<fs::path> {
    if (is_glass(dir)) {
        return {fs::path(dir)};
    }
    std::vector<fs::path> out;
    for (const auto& line : read_stub(dir)) {
        if (auto path = glass_path(line); !path.empty()) {
            out.push_back(fs::path(dir) / path);
        }
    }
    return out;
}

auto other_databases(const std::string& dir) -> std::vector<std::string> {
    std::vector<std::string> out;
    if (is_glass(dir)) {
        return out;
    }
    for (auto& line : read_stub(dir)) {
        if (glass_path(line).empty()) {
            out.push_back(std::move(line));
        }
    }
    return out;
}

auto generation_databases(const Generation& gen) -> std::vector<std::string> {
    if (is_glass(gen.path)) {
        return {""};
    }
    std::vector<std::pair<unsigned, std::string>> shards;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(gen.path, ec)) {
        auto name = entry.path().filename().string();
        if (name.rfind("shard-", 0) == 0 && is_glass(entry.path())) {
            shards.emplace_back(static_cast<unsigned>(std::strtoul(name.c_str() + 6, nullptr, 10)),
                                name);
        }
    }
    std::sort(shards.begin(), shards.end());
    std::vector<std::string> out;
    out.reserve(shards.size());
    for (auto& s : shards) {
        out.push_back(std::move(s.second));
    }
    return out;
}

auto new_generation(const std::string& dir) -> Generation {
    unsigned next = kLegacyGeneration + 1;
    for (const auto& g : list_generations(dir)) {
        next = std::max(next, g.number + 1);
    }
    if (auto cur = current_generation(dir)) {
        next = std::max(next, cur->number + 1);
    }
    auto gen = make_generation(dir, next);
    std::error_code ec;
    fs::create_directories(gen.path, ec);
    if (ec) {
        throw IndexError("cannot create " + gen.path.string() + ": " + ec.message());
    }
    return gen;
}

void mark_complete(const Generation& gen) {
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(gen.path, ec)) {
        if (entry.is_regular_file()) {
            fsync_path(entry.path(), false);
        }
    }
    auto marker = gen.path / kCompleteName;
    {
        std::ofstream out(marker);
        out << "complete " << utc_now() << "\n";
        if (!out) {
            throw IndexError("cannot write " + marker.string());
        }
    }
    fsync_path(marker, false);
    fsync_path(gen.path, true);
}

auto glass_line(const std::string& relative) -> std::string {
    return "glass " + relative;
}

void write_stub(const std::string& dir, const std::vector<std::string>& lines) {
    auto tmp = fs::path(dir) / kStubTmpName;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw IndexError("cannot write " + tmp.string() + ": " + errno_text());
    }
    std::string text = "# telusur index: the live generation (written " + utc_now() + ")\n";
    for (const auto& line : lines) {
        text.append(line).append("\n");
    }
    std::size_t done = 0;
    while (done < text.size()) {
        auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            auto msg = errno_text();
            ::close(fd);
            throw IndexError("cannot write " + tmp.string() + ": " + msg);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        auto msg = errno_text();
        ::close(fd);
        throw IndexError("cannot sync " + tmp.string() + ": " + msg);
    }
    ::close(fd);
    auto stub = fs::path(dir) / kStubName;
    if (::rename(tmp.c_str(), stub.c_str()) != 0) {
        throw IndexError("cannot switch " + stub.string() + ": " + errno_text());
    }
    fsync_path(dir, true);
}

auto stub_lines(const std::string& dir,
                const Generation& gen,
                const std::vector<std::string>& databases) -> std::vector<std::string> {
    (void)dir;
    std::vector<std::string> lines;
    lines.reserve(databases.size());
    auto name = gen.path.filename().string();
    for (const auto& db : databases) {
        lines.push_back(glass_line(db.empty() ? name : name + "/" + db));
    }
    return lines;
}

void publish(const std::string& dir,
             const Generation& gen,
             const std::vector<std::string>& databases) {
    if (!make_generation(dir, gen.number).complete) {
        throw IndexError("generation " + gen.path.string() +
                         " is not complete; not switching to it");
    }
    std::optional<Generation> previous = current_generation(dir);
    write_stub(dir, stub_lines(dir, gen, databases));
    if (is_glass(dir)) {
        previous = move_legacy(dir);
    }
    // Keep the new and the previous generation; remove other complete ones (older) and nothing
    // else: incomplete ones may be a concurrent build only if the caller did not hold the lock.
    for (const auto& g : list_generations(dir)) {
        if (g.number == gen.number || (previous && g.number == previous->number) || !g.complete) {
            continue;
        }
        std::error_code ec;
        fs::remove(g.path / kCompleteName,
                   ec);  // an interrupted removal is then cleaned as half-built
        fs::remove_all(g.path, ec);
    }
}

auto rollback(const std::string& dir) -> Generation {
    auto live = current_generation(dir);
    if (!live) {
        throw IndexError("index at " + dir + " has no generations to roll back to" +
                         (is_glass(dir) ? " (it was never rebuilt with --rebuild)" : ""));
    }
    std::optional<Generation> target;
    for (const auto& g : list_generations(dir)) {
        if (g.complete && g.number != live->number) {
            target = g;  // the newest complete one that is not live
        }
    }
    if (!target) {
        throw IndexError("index at " + dir + " has no previous generation to roll back to");
    }
    auto databases = generation_databases(*target);
    if (databases.empty()) {
        throw IndexError("previous generation " + target->path.string() +
                         " holds no database; cannot roll back");
    }
    write_stub(dir, stub_lines(dir, *target, databases));
    return *target;
}

auto clean_up(const std::string& dir) -> std::size_t {
    std::size_t removed = 0;
    std::error_code ec;
    fs::remove(fs::path(dir) / kStubTmpName, ec);
    auto live = current_generation(dir);
    for (const auto& g : list_generations(dir)) {
        if (!g.complete && !(live && live->number == g.number)) {
            fs::remove_all(g.path, ec);
            removed += ec ? 0 : 1;
        }
    }
    return removed;
}

auto live_size(const std::string& dir) -> std::uintmax_t {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& db : live_databases(dir)) {
        for (const auto& entry : fs::recursive_directory_iterator(db, ec)) {
            if (entry.is_regular_file(ec)) {
                total += entry.file_size(ec);
            }
        }
    }
    return total;
}

namespace {

auto lock_path(const std::string& dir) -> fs::path {
    return fs::path(dir) / kLockName;
}

auto read_holder(const fs::path& path) -> std::string {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

auto lock_holder(const std::string& dir) -> std::string {
    auto path = lock_path(dir);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return "";
    }
    std::string holder;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        holder = read_holder(path);
        if (holder.empty()) {
            holder = "unknown process";
        }
    }
    ::close(fd);
    return holder;
}

WriterLock::WriterLock(const std::string& dir, double wait_seconds) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw IndexError("cannot create index directory " + dir + ": " + ec.message());
    }
    auto path = lock_path(dir);
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw IndexError("cannot open lock file " + path.string() + ": " + errno_text());
    }
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(std::max(0.0, wait_seconds)));
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            auto msg = errno_text();
            ::close(m_fd);
            throw IndexError("cannot lock " + path.string() + ": " + msg);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            auto holder = read_holder(path);
            ::close(m_fd);
            throw IndexError("index " + dir + " is being updated by another process (" +
                             (holder.empty() ? std::string("unknown process") : holder) + ")" +
                             (wait_seconds > 0 ? "; gave up waiting"
                                               : "; try again later or use --wait SECONDS"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    auto info = "pid " + std::to_string(::getpid()) + " on " + host + ", since " + utc_now() + "\n";
    if (::ftruncate(m_fd, 0) == 0) {
        auto n = ::pwrite(m_fd, info.data(), info.size(), 0);
        (void)n;  // the lock holds without the note; it only helps the error message
    }
}

WriterLock::~WriterLock() {
    if (m_fd >= 0) {
        if (::ftruncate(m_fd, 0) != 0) {
            // only the note about the holder stays behind; the lock itself is released below
        }
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

}  // namespace telusur::index::layout
