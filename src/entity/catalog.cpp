#include "telusur/entity/catalog.hpp"

#include <cstdlib>
#include <mutex>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/data.hpp"

namespace telusur::entity {

auto Catalog::resolve(const std::string& text) const -> std::string {
    auto folded = analysis::Analyzer::normalize(text);
    if (m_gazetteer.find(folded) != nullptr) {
        return folded;
    }
    // "NVIDIA", "Kunlunxin", "amerika serikat": the first entity the whole text names.
    auto mentions = m_matcher.find(text);
    if (mentions.size() == 1 && mentions.front().begin == 0 &&
        mentions.front().end == text.size()) {
        return mentions.front().entity_id;
    }
    for (const auto& entity : m_gazetteer.all()) {
        for (const auto& alias : entity.aliases) {
            if (analysis::Analyzer::normalize(alias.text) == folded) {
                return entity.id;
            }
        }
    }
    return {};
}

auto default_catalog() -> std::shared_ptr<const Catalog> {
    static std::mutex mutex;
    static std::shared_ptr<const Catalog> loaded;
    std::lock_guard lock(mutex);
    if (!loaded) {
        auto gazetteer = Gazetteer::load(data_path("entities.tsv"));
        if (const char* extra = std::getenv("TELUSUR_ENTITIES");
            extra != nullptr && *extra != '\0') {
            gazetteer.load_more(extra);
        }
        loaded = std::make_shared<const Catalog>(std::move(gazetteer));
    }
    return loaded;
}

}  // namespace telusur::entity
