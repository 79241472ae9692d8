#pragma once
// Remote shards: an index directory whose XAPIANDB stub lists `remote HOST:PORT` (or
// `remote :PROGRAM ARGS`) databases served by the stock xapian-tcpsrv (scripts/serve-shard).
// Such servers know only stock Xapian classes, so whatever uses a custom class (the entity
// facet MatchSpy) must take another way when an index has remote parts.

#include <string>

namespace telusur::index {

/// Whether the index at dir (a directory with a XAPIANDB stub, or a stub file) lists a remote
/// database. False for a plain glass database or when there is no stub.
[[nodiscard]] auto has_remote_parts(const std::string& dir) -> bool;

}  // namespace telusur::index
