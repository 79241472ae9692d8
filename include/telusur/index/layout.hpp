#pragma once
// Index layout on disk: generations behind a Xapian stub, atomic switches, one writer at a time.
//
//   DIR/XAPIANDB       Xapian stub listing the live generation's database(s), relative to DIR:
//                      "glass gen-000004", or one line per shard "glass gen-000004/shard-0", ...
//   DIR/gen-000004/    the live generation (a glass database, or shard-N glass databases)
//   DIR/gen-000003/    the previous generation, kept for `telusur rollback`
//   DIR/telusur.lock   writer lock (flock; holds pid, host and start time of the holder)
//
// Xapian::Database(DIR) opens the stub; a switch is one rename(2) of XAPIANDB.tmp onto XAPIANDB.
// An index written before generations existed (a glass database directly in DIR) is "legacy":
// it is read and updated in place, and `--rebuild` converts it to generations.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace telusur::index::layout {

inline constexpr const char* kStubName = "XAPIANDB";
inline constexpr const char* kLockName = "telusur.lock";
/// Written into a generation's directory once it is completely built (never in a half-built one).
inline constexpr const char* kCompleteName = "telusur.complete";

/** What a directory given as an index holds. */
enum class Kind {
    kMissing,  ///< does not exist
    kEmpty,    ///< exists, holds no index (empty, or only a lock file / leftovers of a killed first
               ///< run)
    kStub,     ///< generations behind DIR/XAPIANDB
    kLegacy,   ///< a glass database directly in DIR
    kForeign,  ///< a file, or a directory holding something that is not a telusur index
};
[[nodiscard]] auto kind_of(const std::string& dir) -> Kind;
/// One-line description of why dir cannot be used ("... is not a telusur index ..."); for kForeign.
[[nodiscard]] auto foreign_message(const std::string& dir) -> std::string;

/** A generation directory DIR/gen-NNNNNN. */
struct Generation {
    unsigned number = 0;
    std::filesystem::path path;  ///< DIR/gen-NNNNNN
    bool complete = false;       ///< has kCompleteName
};
[[nodiscard]] auto generation_name(unsigned number) -> std::string;  ///< "gen-000004"

/// All generation directories in dir, oldest first.
[[nodiscard]] auto list_generations(const std::string& dir) -> std::vector<Generation>;
/// The generation the stub points at (none for a legacy, empty or missing index).
[[nodiscard]] auto current_generation(const std::string& dir) -> std::optional<Generation>;
/// The database directories the live index consists of: the stub's glass entries (absolute),
/// or {dir} for a legacy index; empty when there is no index.
[[nodiscard]] auto live_databases(const std::string& dir) -> std::vector<std::filesystem::path>;

/// The stub's lines that are not glass databases ("remote 10.0.0.11:7001", ...): databases this
/// machine can read but not write.
[[nodiscard]] auto other_databases(const std::string& dir) -> std::vector<std::string>;

/// A generation's database directories relative to it: {""} when it is one glass database,
/// else its shard-N subdirectories in numeric order.
[[nodiscard]] auto generation_databases(const Generation& gen) -> std::vector<std::string>;

/// Creates a new, empty generation directory numbered after every existing one.
[[nodiscard]] auto new_generation(const std::string& dir) -> Generation;
/// Marks a generation as completely built (fsyncs its files and directory first).
void mark_complete(const Generation& gen);

/// Stub line for a glass database at a path relative to dir: "glass gen-000004/shard-0".
[[nodiscard]] auto glass_line(const std::string& relative) -> std::string;
/// THE writer of DIR/XAPIANDB: writes XAPIANDB.tmp, fsyncs it, rename(2)s it onto XAPIANDB and
/// fsyncs dir. Lines are Xapian stub lines ("glass PATH", "remote HOST:PORT", ...).
void write_stub(const std::string& dir, const std::vector<std::string>& lines);
/**
 * Switches the index to gen, atomically. databases are gen's database directories relative to
 * gen (default: gen itself is the one database; for shards {"shard-0", "shard-1", ...}).
 * gen must be complete. The generation that was live before is kept (for rollback); older
 * complete generations are removed. A legacy index is moved into a generation first.
 */
void publish(const std::string& dir,
             const Generation& gen,
             const std::vector<std::string>& databases = {""});
/// The stub lines publish() writes for gen with these databases.
[[nodiscard]] auto stub_lines(const std::string& dir,
                              const Generation& gen,
                              const std::vector<std::string>& databases)
    -> std::vector<std::string>;
/**
 * Switches back to the other kept generation (the newest complete one that is not live) and
 * returns it; running it again switches forward again. Throws IndexError if there is none.
 * The databases of the target are found the same way they were published (shard-N or itself).
 */
auto rollback(const std::string& dir) -> Generation;
/// Removes what a killed run left behind: half-built generations that the stub does not name
/// and a stray XAPIANDB.tmp. Call it with the writer lock held. Returns how many were removed.
auto clean_up(const std::string& dir) -> std::size_t;
/// Total size in bytes of the live databases.
[[nodiscard]] auto live_size(const std::string& dir) -> std::uintmax_t;

/**
 * The one-writer lock on an index: flock(2) on DIR/telusur.lock, so a killed holder frees it.
 * The file holds the holder's pid, host and start time, quoted by the error a second writer gets:
 * "index DIR is being updated by another process (pid 123 on host, since 2026-...)".
 */
class WriterLock {
public:
    /// Creates dir if needed; waits up to wait_seconds (0 = fail at once). Throws IndexError.
    explicit WriterLock(const std::string& dir, double wait_seconds = 0);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    auto operator=(const WriterLock&) -> WriterLock& = delete;

private:
    int m_fd = -1;
};

/// The current time, UTC, ISO 8601 ("2026-11-23T13:05:37Z").
[[nodiscard]] auto utc_now() -> std::string;

/// Who holds the lock of dir ("pid 123 on host, since ..."), or "" when nobody does.
[[nodiscard]] auto lock_holder(const std::string& dir) -> std::string;

}  // namespace telusur::index::layout
