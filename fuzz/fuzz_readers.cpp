// Fuzzes the article readers: the first byte picks the format (txt, md, html, json, jsonl), the
// rest is the file's content, read as telusur::ingest::read_file reads it. Every article produced
// must have valid UTF-8 text fields; nothing may throw except SkipError (handled in the readers).

#include <nlohmann/json.hpp>
#include <sstream>

#include "fuzz_common.hpp"
#include "telusur/ingest/boilerplate.hpp"
#include "telusur/ingest/readers.hpp"

using namespace telusur;

namespace {

void check_article(const ingest::Article& a) {
    fuzz::check(fuzz::valid_utf8(a.title), "title is valid UTF-8");
    fuzz::check(fuzz::valid_utf8(a.body), "body is valid UTF-8");
    fuzz::check(fuzz::valid_utf8(a.raw), "raw is valid UTF-8");
    for (const auto* field : {&a.source, &a.author, &a.url, &a.date}) {
        fuzz::check(!*field || fuzz::valid_utf8(**field), "metadata is valid UTF-8");
    }
    fuzz::check(!a.date || a.date->size() == 10, "date is YYYY-MM-DD");
}

/// The decoding step of read_file: binary check, then UTF-8 repair.
auto decode(std::string_view data, std::string& text) -> bool {
    if (!ingest::binary_reason(data).empty()) {
        return false;
    }
    text.assign(data);
    ingest::repair_utf8(text);
    return true;
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    static const auto cleaner = ingest::Cleaner::standard();
    if (size == 0) {
        return 0;
    }
    auto format = data[0] % 5;
    auto input = fuzz::view(data + 1, size - 1);
    std::string text;
    std::vector<std::string> warnings;
    try {
        switch (format) {
            case 0:    // .txt
            case 1: {  // .md
                if (decode(input, text)) {
                    ingest::Article a;
                    a.raw = text;
                    ingest::finish_text(ingest::split_lines(text), a, cleaner);
                    check_article(a);
                }
                break;
            }
            case 2: {  // .html
                if (decode(input, text)) {
                    ingest::Article a;
                    a.raw = text;
                    ingest::read_html(text, a, cleaner);
                    check_article(a);
                }
                break;
            }
            case 3: {  // .json: one object or an array
                if (decode(input, text)) {
                    auto value = nlohmann::json::parse(text, nullptr, false);
                    if (!value.is_discarded()) {
                        auto items = value.is_array() ? value : nlohmann::json::array({value});
                        for (const auto& item : items) {
                            try {
                                check_article(ingest::json_article(item, "f.json", cleaner,
                                                                   warnings));
                            } catch (const ingest::SkipError&) {
                            }
                        }
                    }
                }
                break;
            }
            default: {  // .jsonl
                std::istringstream in{std::string(input)};
                auto batch = ingest::read_jsonl(in, "f.jsonl", cleaner, ingest::ReadOptions{});
                for (const auto& a : batch.articles) {
                    check_article(a);
                }
                break;
            }
        }
    } catch (const ingest::SkipError&) {
        // an input that is skipped with a warning: fine
    }
    return 0;
}
