// Fuzzes the entity matcher over the bundled gazetteer: mentions must lie inside the text, in
// order, without overlap, and name known entities.

#include "fuzz_common.hpp"
#include "telusur/entity/catalog.hpp"

using namespace telusur;

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    static const auto catalog = entity::default_catalog();
    auto text = fuzz::view(data, size);
    std::size_t last = 0;
    for (const auto& m : catalog->matcher().find(text)) {
        fuzz::check(m.begin < m.end && m.end <= text.size(), "mention inside the text");
        fuzz::check(m.begin >= last, "mentions in order, not overlapping");
        fuzz::check(catalog->gazetteer().find(m.entity_id) != nullptr, "mention of a known id");
        last = m.end;
    }
    return 0;
}
