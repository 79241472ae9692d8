#include "telusur/entity/terms.hpp"

#include <charconv>

namespace telusur::entity {

auto type_prefix(std::string_view type) -> std::string_view {
    if (type == "company") {
        return "XC";
    }
    if (type == "product") {
        return "XP";
    }
    if (type == "person") {
        return "XN";
    }
    if (type == "place") {
        return "XL";
    }
    if (type == "org") {
        return "XO";
    }
    return "";
}

auto filter_term(std::string_view prefix, std::string_view id) -> std::string {
    return std::string(prefix).append(id);
}

auto serialise_counts(const std::map<std::string, unsigned>& counts) -> std::string {
    std::string out;
    for (const auto& [id, n] : counts) {
        out.append(id).append(" ").append(std::to_string(n)).append("\n");
    }
    return out;
}

auto unserialise_counts(std::string_view data) -> std::map<std::string, unsigned> {
    std::map<std::string, unsigned> counts;
    for_each_count(data, [&](std::string_view id, unsigned n) { counts[std::string(id)] += n; });
    return counts;
}

void add_entity_terms(Xapian::Document& doc,
                      const std::vector<Mention>& mentions,
                      const Gazetteer& gazetteer) {
    const auto counts = count(mentions);
    if (counts.empty()) {
        return;
    }
    for (const auto& [id, n] : counts) {
        doc.add_boolean_term(filter_term(kEntityPrefix, id));
        doc.add_term(filter_term(kMentionPrefix, id), n);
        if (const auto* e = gazetteer.find(id); e != nullptr) {
            doc.add_boolean_term(filter_term(type_prefix(e->type), id));
        }
    }
    for (const auto& id : with_parents(counts, gazetteer)) {
        doc.add_boolean_term(filter_term(kAboutPrefix, id));
    }
    doc.add_value(kCountsSlot, serialise_counts(counts));
}

auto entity_terms_of(const Xapian::Document& doc) -> std::map<std::string, unsigned> {
    return unserialise_counts(doc.get_value(kCountsSlot));
}

}  // namespace telusur::entity
