#pragma once
// The gazetteer and its matcher, loaded once per process from the data files.

#include <memory>
#include <string>
#include <vector>

#include "telusur/entity/gazetteer.hpp"
#include "telusur/entity/matcher.hpp"

namespace telusur::entity {

/** A gazetteer with the matcher built over it (the matcher refers to the gazetteer). */
class Catalog {
public:
    explicit Catalog(Gazetteer gazetteer)
        : m_gazetteer(std::move(gazetteer)), m_matcher(m_gazetteer) {}
    Catalog(const Catalog&) = delete;
    auto operator=(const Catalog&) -> Catalog& = delete;

    [[nodiscard]] auto gazetteer() const -> const Gazetteer& { return m_gazetteer; }
    [[nodiscard]] auto matcher() const -> const Matcher& { return m_matcher; }

    /// The entity id a user means by text: an id, or any alias or name of one ("" if none).
    [[nodiscard]] auto resolve(const std::string& text) const -> std::string;

private:
    Gazetteer m_gazetteer;
    Matcher m_matcher;
};

/// data/entities.tsv, plus the user's own files (added on top): those given to
/// set_user_gazetteers(), or if it was never called the ':'-separated list in $TELUSUR_ENTITIES.
/// Throws InputError naming FILE:LINE for a bad line.
[[nodiscard]] auto default_catalog() -> std::shared_ptr<const Catalog>;

/// The user's gazetteer files default_catalog() adds (the CLI passes the effective config). Call
/// it before the first default_catalog().
void set_user_gazetteers(std::vector<std::string> paths);

}  // namespace telusur::entity
