#include "telusur/entity/catalog.hpp"

#include <cstdlib>
#include <mutex>
#include <optional>

#include "telusur/analysis/analyzer.hpp"
#include "telusur/config.hpp"
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

namespace {

std::mutex catalog_mutex;
std::optional<std::vector<std::string>> user_gazetteers;  // guarded by catalog_mutex

auto env_gazetteers() -> std::vector<std::string> {
    const char* env = std::getenv("TELUSUR_ENTITIES");
    return config::split_list(env != nullptr ? env : "");
}

}  // namespace

void set_user_gazetteers(std::vector<std::string> paths) {
    std::lock_guard lock(catalog_mutex);
    user_gazetteers = std::move(paths);
}

auto default_catalog() -> std::shared_ptr<const Catalog> {
    static std::shared_ptr<const Catalog> loaded;
    std::lock_guard lock(catalog_mutex);
    if (!loaded) {
        auto gazetteer = Gazetteer::load(data_path("entities.tsv"));
        for (const auto& extra : user_gazetteers ? *user_gazetteers : env_gazetteers()) {
            gazetteer.load_more(extra);
        }
        loaded = std::make_shared<const Catalog>(std::move(gazetteer));
    }
    return loaded;
}

}  // namespace telusur::entity
