// Fuzzes the tokenizer and stemmer: analysis::Analyzer::tokenize, terms and term. Token offsets
// must lie inside the text, in order, and every term must be non-empty valid UTF-8; the fast
// segmenter must give exactly ICU's tokens.

#include "fuzz_common.hpp"
#include "telusur/analysis/analyzer.hpp"

using namespace telusur;

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    static analysis::Analyzer analyzer;
    auto text = fuzz::view(data, size);
    std::size_t last_end = 0;
    std::uint32_t last_position = 0;
    for (const auto& token : analyzer.tokenize(text)) {
        fuzz::check(token.begin < token.end && token.end <= text.size(), "token inside text");
        fuzz::check(token.begin >= last_end, "tokens in order, not overlapping");
        fuzz::check(token.position >= last_position, "positions do not go back");
        fuzz::check(!token.norm.empty() && fuzz::valid_utf8(token.norm), "norm is valid UTF-8");
        last_end = token.end;
        last_position = token.position;
        for (const auto& term : analyzer.terms(token)) {
            fuzz::check(!term.text.empty() && fuzz::valid_utf8(term.text), "term is valid UTF-8");
            // Xapian terms longer than 245 bytes cannot be indexed.
            (void)analyzer.term(term.text);
        }
        (void)analyzer.is_stopword(token.norm);
    }
    fuzz::check(
        analyzer.tokenize(text) == analyzer.tokenize(text, analysis::Analyzer::Segmenter::kIcu),
        "fast segmenter: ICU's tokens");
    (void)analysis::Analyzer::normalize(text);
    return 0;
}
