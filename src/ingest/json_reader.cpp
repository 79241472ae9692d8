// JSON articles: `.json` (one object or an array of them) and `.jsonl` (one object a line).

#include <cstdio>
#include <nlohmann/json.hpp>

#include "telusur/ingest/date.hpp"
#include "telusur/ingest/dedup.hpp"
#include "telusur/ingest/input.hpp"
#include "telusur/ingest/readers.hpp"

namespace telusur::ingest {

namespace {

/// A string field, trimmed; none when absent, null, empty or not a string.
auto field(const nlohmann::json& j, const char* name) -> std::optional<std::string> {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) {
        return std::nullopt;
    }
    auto value = std::string(trim(it->get_ref<const std::string&>()));
    return value.empty() ? std::nullopt : std::optional(value);
}

}  // namespace

auto json_article(const nlohmann::json& value,
                  const std::string& where,
                  const Cleaner& cleaner,
                  std::vector<std::string>& warnings) -> Article {
    if (!value.is_object()) {
        throw SkipError(SkipKind::kMalformed, "malformed line: not a JSON object");
    }
    auto body = field(value, "body");
    if (!body) {
        throw SkipError(SkipKind::kNoBody, "no 'body' field (or it is empty)");
    }
    Article a;
    a.raw = *body;
    a.title = field(value, "title").value_or("");
    a.source = field(value, "source");
    a.author = field(value, "author");
    a.url = field(value, "url");
    if (auto date = field(value, "date")) {
        a.date = parse_date(*date);
        if (!a.date) {
            warnings.push_back(where + ": unrecognised date '" + *date + "'; stored as none");
        }
    }
    if (auto id = value.find("id"); id != value.end() && id->is_number_integer()) {
        a.id = std::to_string(id->get<long long>());
    } else {
        a.id = field(value, "id").value_or("");
    }
    bool had_title = !a.title.empty();
    finish_text(split_lines(*body), a, cleaner);
    if (!had_title && a.body.empty()) {
        a.body = a.title;  // a one-line body is text, even when it also serves as the title
    }
    if (a.id.empty()) {
        std::array<char, 17> buf{};
        (void)std::snprintf(buf.data(), buf.size(), "%016llx",
                            static_cast<unsigned long long>(fnv1a(a.title + "\n" + *body)));
        a.id = std::string("doc-").append(buf.data());
        warnings.push_back(where + ": no 'id' field; using " + a.id);
    }
    return a;
}

}  // namespace telusur::ingest
