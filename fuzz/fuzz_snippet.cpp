// Fuzzes the snippet generator: the first line of the input is the query words (analysed into
// terms as the searcher does), the rest the article body. The snippet must be valid UTF-8 when
// the body is, hold no control character, and have highlights in order inside it.

#include <set>

#include "fuzz_common.hpp"
#include "telusur/snippet/snippet.hpp"

using namespace telusur;

namespace {

auto code_points(const std::string& text) -> std::size_t {
    std::size_t n = 0;
    for (char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return n;
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    static analysis::Analyzer analyzer;
    auto input = fuzz::view(data, size);
    auto nl = input.find('\n');
    auto words = input.substr(0, nl == std::string_view::npos ? input.size() : nl);
    std::string body(nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1));
    std::set<std::string> terms;
    for (const auto& token : analyzer.tokenize(words)) {
        for (const auto& term : analyzer.terms(token)) {
            terms.insert(term.text);
        }
    }
    bool body_valid = fuzz::valid_utf8(body);
    std::size_t max_chars = 20 + (size % 200);
    auto snippet = snippet::make_snippet(body, terms, analyzer, max_chars);
    fuzz::check(!body_valid || fuzz::valid_utf8(snippet.text), "snippet is valid UTF-8");
    for (char c : snippet.text) {
        auto u = static_cast<unsigned char>(c);
        fuzz::check(u >= 0x20 && u != 0x7F, "no control character in a snippet");
    }
    auto length = code_points(snippet.text);
    std::size_t last = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        fuzz::check(begin < end && end <= length, "highlight inside the snippet");
        fuzz::check(begin >= last, "highlights in order");
        last = end;
    }
    return 0;
}
