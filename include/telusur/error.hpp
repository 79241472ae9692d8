#pragma once
// Error hierarchy of the telusur library. The library throws; the command-line front end
// catches at one place and maps each kind to an exit code (see README, "Exit codes").

#include <stdexcept>
#include <string>

namespace telusur {

/// Base of every error the library throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad command-line usage or option value.
class UsageError : public Error {
public:
    using Error::Error;
};

/// A query that cannot be parsed; `position` is a 1-based code-point column in the query.
class QueryError : public Error {
public:
    QueryError(const std::string& what, std::size_t position) : Error(what), m_position(position) {}
    [[nodiscard]] auto position() const -> std::size_t { return m_position; }

private:
    std::size_t m_position;
};

/// An input file or data file that cannot be read or parsed.
class InputError : public Error {
public:
    using Error::Error;
};

/// The index is missing, locked, corrupt or of an incompatible version.
class IndexError : public Error {
public:
    using Error::Error;
};

}  // namespace telusur
