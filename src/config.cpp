#include "telusur/config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "telusur/error.hpp"

namespace telusur::config {

namespace {

auto env_of(const Getenv& getenv, const char* name) -> std::string {
    const char* v = getenv ? getenv(name) : std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
}

auto trim(std::string_view s) -> std::string_view {
    const auto* ws = " \t\r";
    auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

/// `~/x` from $HOME; relative paths against the config file's directory.
auto resolve_path(const std::string& value, const std::filesystem::path& base, const Getenv& getenv)
    -> std::string {
    if (value == "~" || value.rfind("~/", 0) == 0) {
        auto home = env_of(getenv, "HOME");
        if (!home.empty()) {
            return (std::filesystem::path(home) / value.substr(value.size() > 1 ? 2 : 1))
                .lexically_normal()
                .string();
        }
    }
    std::filesystem::path p(value);
    return p.is_absolute() ? value : (base / p).lexically_normal().string();
}

auto int_in(std::string_view text, int lo, int hi) -> bool {
    int v = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    return ec == std::errc() && ptr == end && v >= lo && v <= hi;
}

}  // namespace

auto split_list(const std::string& text) -> std::vector<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(':', start);
        auto part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) {
            out.push_back(part);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

auto keys() -> const std::vector<std::string>& {
    static const std::vector<std::string> names = {
        "index", "limit", "color", "snippet-length", "pager", "gazetteer", "synonyms"};
    return names;
}

auto default_file(const Getenv& getenv)
    -> std::optional<std::pair<std::filesystem::path, std::string>> {
    auto xdg = env_of(getenv, "XDG_CONFIG_HOME");
    if (!xdg.empty() && std::filesystem::path(xdg).is_absolute()) {
        return std::pair(std::filesystem::path(xdg) / "telusur" / "config", "$XDG_CONFIG_HOME");
    }
    auto home = env_of(getenv, "HOME");
    if (!home.empty()) {
        return std::pair(std::filesystem::path(home) / ".config" / "telusur" / "config",
                         "~/.config (XDG_CONFIG_HOME unset)");
    }
    return std::nullopt;
}

void read_file(const std::filesystem::path& file, Settings& settings, const Getenv& getenv) {
    std::ifstream in(file);
    if (!in) {
        throw InputError(file.string() + ": cannot read config file");
    }
    const auto base = std::filesystem::absolute(file).parent_path();
    std::vector<Setting> gazetteers;
    std::vector<Setting> synonyms;
    int number = 0;
    for (std::string raw; std::getline(in, raw);) {
        ++number;
        auto where = file.string() + ":" + std::to_string(number);
        auto line = trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            throw InputError(where + ": expected 'key = value', got '" + std::string(line) + "'");
        }
        auto key = std::string(trim(line.substr(0, eq)));
        auto rest = line.substr(eq + 1);
        // A comment may follow the value after a space or tab: "limit = 20  # for cron".
        for (std::size_t i = 1; i < rest.size(); ++i) {
            if (rest[i] == '#' && (rest[i - 1] == ' ' || rest[i - 1] == '\t')) {
                rest = rest.substr(0, i);
                break;
            }
        }
        auto value = std::string(trim(rest));
        auto bad = [&where, &key, &value](const std::string& want) {
            return InputError(where + ": " + key + " must be " + want + ", got '" + value + "'");
        };
        if (value.empty()) {
            throw bad("set (an empty value is not allowed)");
        }
        if (key == "index") {
            settings.index = {resolve_path(value, base, getenv), where};
        } else if (key == "limit") {
            if (!int_in(value, 0, 10000)) {
                throw bad("a whole number from 0 to 10000");
            }
            settings.limit = {value, where};
        } else if (key == "snippet-length") {
            if (!int_in(value, 20, 5000)) {
                throw bad("a whole number from 20 to 5000");
            }
            settings.snippet_length = {value, where};
        } else if (key == "color") {
            if (value != "auto" && value != "always" && value != "never") {
                throw bad("auto, always or never");
            }
            settings.color = {value, where};
        } else if (key == "pager") {
            settings.pager = {value, where};
        } else if (key == "gazetteer" || key == "synonyms") {
            auto path = resolve_path(value, base, getenv);
            std::error_code ec;
            if (!std::filesystem::is_regular_file(path, ec)) {
                throw InputError(where + ": " + key + " file " + path + " does not exist");
            }
            (key == "gazetteer" ? gazetteers : synonyms).push_back({path, where});
        } else {
            std::string known;
            for (const auto& k : keys()) {
                known.append(known.empty() ? "" : ", ").append(k);
            }
            throw InputError(where + ": unknown setting '" + key + "' (known: " + known + ")");
        }
    }
    settings.gazetteers.insert(settings.gazetteers.end(), gazetteers.begin(), gazetteers.end());
    settings.synonyms.insert(settings.synonyms.end(), synonyms.begin(), synonyms.end());
    settings.file = file.string();
}

auto load(const std::optional<std::string>& explicit_file, const Getenv& getenv) -> Settings {
    Settings settings;
    if (explicit_file) {
        settings.file_source = "--config";
        read_file(*explicit_file, settings, getenv);
    } else if (auto found = default_file(getenv)) {
        std::error_code ec;
        if (std::filesystem::exists(found->first, ec)) {
            settings.file_source = found->second;
            read_file(found->first, settings, getenv);
        } else {
            settings.file_source = found->first.string() + " does not exist";
        }
    } else {
        settings.file_source = "neither XDG_CONFIG_HOME nor HOME is set";
    }
    if (auto v = env_of(getenv, "TELUSUR_INDEX"); !v.empty()) {
        settings.index = {v, "environment (TELUSUR_INDEX)"};
    }
    if (auto v = env_of(getenv, "NO_COLOR"); !v.empty()) {
        settings.color = {"never", "environment (NO_COLOR)"};
    }
    if (auto v = env_of(getenv, "PAGER"); !v.empty()) {
        settings.pager = {v, "environment (PAGER)"};
    }
    auto env_list = [&getenv](const char* name, std::vector<Setting>& list) {
        if (auto v = env_of(getenv, name); !v.empty()) {
            list.clear();
            for (auto& path : split_list(v)) {
                list.push_back({path, std::string("environment (").append(name).append(")")});
            }
        }
    };
    env_list("TELUSUR_ENTITIES", settings.gazetteers);
    env_list("TELUSUR_SYNONYMS", settings.synonyms);
    return settings;
}

}  // namespace telusur::config
