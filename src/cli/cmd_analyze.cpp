// telusur stem [WORD...]   and   telusur analyze [--format text|json] TEXT|-

#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "telusur/analysis/analyzer.hpp"
#include "telusur/error.hpp"
#include "telusur/output/format.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

/// Parses "[options] ARG..." for the two commands; none when --help was printed.
auto parse(const std::vector<std::string>& args, po::options_description& visible)
    -> std::optional<po::variables_map> {
    add_common_options(visible);
    return parse_command(args, visible, "arg");
}

auto args_of(const po::variables_map& vm) -> std::vector<std::string> {
    return vm.count("arg") != 0U ? vm["arg"].as<std::vector<std::string>>()
                                 : std::vector<std::string>{};
}

/// The stem of one word as the index sees it (the terms of its tokens, space-separated).
auto stem_line(analysis::Analyzer& analyzer, const std::string& word) -> std::string {
    std::string out;
    for (const auto& token : analyzer.tokenize(word)) {
        out += (out.empty() ? "" : " ") + analyzer.terms(token).front().text;
    }
    return out;
}

}  // namespace

auto stem_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur stem [WORD...]\n\n"
        "Prints the stem of each word, one per line, as the index uses it. With no words, reads\n"
        "words from standard input one per line and answers line by line.\n\nOptions");
    visible.add_options()("help,h", "show this help");
    auto vm = parse(args, visible);
    if (!vm) {
        return kHit;
    }
    analysis::Analyzer analyzer;
    auto words = args_of(*vm);
    if (!words.empty()) {
        for (const auto& w : words) {
            std::cout << output::terminal_safe(stem_line(analyzer, w)) << "\n";
        }
        return kHit;
    }
    for (std::string line; std::getline(std::cin, line);) {
        std::cout << output::terminal_safe(stem_line(analyzer, line)) << std::endl;
    }
    return kHit;
}

auto analyze_command(const std::vector<std::string>& args) -> int {
    po::options_description visible(
        "usage: telusur analyze [--format text|json] TEXT...   (or - to read standard input)\n\n"
        "Shows how telusur analyses text: each token's original text, normalised form, index\n"
        "terms (stems), byte offsets, position and whether it is a stop word.\n\nOptions");
    visible.add_options()("help,h", "show this help")(
        "format", po::value<std::string>()->default_value("text"), "output format: text or json");
    auto vm = parse(args, visible);
    if (!vm) {
        return kHit;
    }
    const bool json = text_or_json(*vm, "analyze");
    auto parts = args_of(*vm);
    if (parts.empty()) {
        throw UsageError("analyze: no TEXT given (use - to read standard input)");
    }
    std::string text;
    if (parts.size() == 1 && parts.front() == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        for (const auto& p : parts) {
            text += (text.empty() ? "" : " ") + p;
        }
    }
    analysis::Analyzer analyzer;
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& token : analyzer.tokenize(text)) {
        nlohmann::json terms = nlohmann::json::array();
        for (const auto& term : analyzer.terms(token)) {
            terms.push_back(term.text);
        }
        tokens.push_back({{"text", text.substr(token.begin, token.end - token.begin)},
                          {"norm", token.norm},
                          {"terms", terms},
                          {"begin", token.begin},
                          {"end", token.end},
                          {"position", token.position},
                          {"stopword", analyzer.is_stopword(token.norm)}});
    }
    const auto replace = nlohmann::json::error_handler_t::replace;
    if (json) {
        nlohmann::json doc = {{"analyzer_version", analysis::Analyzer::kVersion},
                              {"tokens", tokens}};
        std::cout << doc.dump(-1, ' ', false, replace) << "\n";
        return kHit;
    }
    std::cout << std::left << std::setw(20) << "TOKEN" << std::setw(20) << "NORMALISED"
              << std::setw(20) << "TERMS" << std::setw(12) << "BYTES"
              << "POS  STOP\n";
    for (const auto& t : tokens) {
        std::string terms;
        for (const auto& term : t["terms"]) {
            terms += (terms.empty() ? "" : ",") + term.get<std::string>();
        }
        auto bytes = std::to_string(t["begin"].get<std::size_t>()) + "-" +
                     std::to_string(t["end"].get<std::size_t>());
        std::cout << std::setw(20) << output::terminal_safe(t["text"].get<std::string>())
                  << std::setw(20) << output::terminal_safe(t["norm"].get<std::string>())
                  << std::setw(20) << output::terminal_safe(terms) << std::setw(12) << bytes
                  << std::setw(5) << t["position"].get<std::uint32_t>()
                  << (t["stopword"].get<bool>() ? "yes" : "") << "\n";
    }
    return kHit;
}

}  // namespace telusur::cli
