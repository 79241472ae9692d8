#include "common.hpp"

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <utility>

#include "telusur/data.hpp"
#include "telusur/entity/catalog.hpp"
#include "telusur/error.hpp"
#include "telusur/index/index.hpp"
#include "telusur/search/synonyms.hpp"

namespace po = boost::program_options;

namespace telusur::cli {

namespace {

auto positive_int(const char* text) -> std::size_t {
    if (text == nullptr || *text == '\0') {
        return 0;
    }
    std::size_t v = 0;
    const auto* end = text + std::char_traits<char>::length(text);
    auto [ptr, ec] = std::from_chars(text, end, v);
    return ec == std::errc() && ptr == end ? v : 0;
}

/** Process-wide state of one telusur run: flags, settings, pager; closed at exit. */
struct Session {
    Session() : stdout_tty(isatty(STDOUT_FILENO) != 0), start(std::chrono::steady_clock::now()) {
        width = positive_int(std::getenv("COLUMNS"));
        if (width == 0 && stdout_tty) {
            winsize ws{};
            width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
        }
    }
    Session(const Session&) = delete;
    auto operator=(const Session&) -> Session& = delete;
    ~Session() {
        if (pager > 0) {
            std::cout.flush();
            (void)std::fflush(stdout);
            close(STDOUT_FILENO);
            int status = 0;
            while (waitpid(pager, &status, 0) < 0 && errno == EINTR) {
            }
        }
        if (verbose) {
            auto ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            std::cerr << "telusur: done in " << static_cast<long long>(ms) << " ms\n";
        }
    }

    bool stdout_tty;
    std::chrono::steady_clock::time_point start;
    std::size_t width = 0;
    bool quiet = false;
    bool verbose = false;
    pid_t pager = -1;
    std::optional<config::Settings> settings;
};

auto session() -> Session& {
    static Session s;
    return s;
}

auto on_path(const std::string& program) -> bool {
    const char* path = std::getenv("PATH");
    for (const auto& dir : config::split_list(path != nullptr ? path : "")) {
        if (access((std::filesystem::path(dir) / program).c_str(), X_OK) == 0) {
            return true;
        }
    }
    return false;
}

/// Runs the pager with our stdout going into it (only when stdout is a terminal, like git).
void start_pager(const config::Setting& setting) {
    auto& s = session();
    if (!s.stdout_tty || s.pager > 0) {
        return;
    }
    std::string command = setting.value;
    if (setting.source == "default" && !on_path("less")) {
        command = on_path("more") ? "more" : "";
    }
    if (command.empty() || command == "cat") {
        return;
    }
    std::cout.flush();
    (void)std::fflush(stdout);
    int fds[2];
    if (pipe(fds) != 0) {
        warn() << "telusur: warning: cannot start the pager: " << std::strerror(errno) << "\n";
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        close(fds[0]);
        close(fds[1]);
        setenv("LESS", "FRX", 0);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    if (pid < 0) {
        warn() << "telusur: warning: cannot start the pager: " << std::strerror(errno) << "\n";
    } else {
        dup2(fds[1], STDOUT_FILENO);
        s.pager = pid;
    }
    close(fds[0]);
    close(fds[1]);
}

auto value_text(const po::variable_value& v) -> std::string {
    if (const auto* s = boost::any_cast<std::string>(&v.value())) {
        return *s;
    }
    if (const auto* i = boost::any_cast<int>(&v.value())) {
        return std::to_string(*i);
    }
    if (const auto* u = boost::any_cast<unsigned>(&v.value())) {
        return std::to_string(*u);
    }
    return "(set)";
}

auto from_config_file(const config::Setting& s) -> bool {
    return s.source != "default" && s.source != "command line" &&
           s.source.rfind("environment", 0) != 0;
}

}  // namespace

void add_common_options(po::options_description& visible) {
    visible.add_options()("quiet,q", "no warnings on stderr (errors are still reported)")(
        "verbose,v", "also report on stderr the config file, index, data and time taken")(
        "pager", "page text output through $PAGER (default: less -FRX) when stdout is a terminal")(
        "config", po::value<std::string>()->value_name("FILE"),
        "read settings from FILE (default: $XDG_CONFIG_HOME/telusur/config)");
}

void apply_common(po::variables_map& vm, const po::options_description& options) {
    auto& s = session();
    if (vm.count("quiet") != 0U && vm.count("verbose") != 0U) {
        throw UsageError("give -q/--quiet or -v/--verbose, not both");
    }
    s.quiet = vm.count("quiet") != 0U;
    s.verbose = vm.count("verbose") != 0U;
    s.settings = config::load(
        vm.count("config") != 0U ? std::optional(vm["config"].as<std::string>()) : std::nullopt);
    auto& settings = *s.settings;
    const std::pair<const char*, config::Setting config::Settings::*> by_option[] = {
        {"index", &config::Settings::index},
        {"limit", &config::Settings::limit},
        {"color", &config::Settings::color},
        {"snippet-length", &config::Settings::snippet_length}};
    std::vector<std::string> from_file;
    for (const auto& [name, member] : by_option) {
        if (options.find_nothrow(name, false) == nullptr) {
            continue;
        }
        auto& setting = settings.*member;
        if (vm.count(name) != 0U && !vm[name].defaulted()) {
            setting = {value_text(vm[name]), "command line"};
        } else if (from_config_file(setting)) {
            from_file.push_back(std::string("--").append(name).append("=").append(setting.value));
        }
    }
    po::store(po::command_line_parser(from_file).options(options).run(), vm);
    std::vector<std::string> gazetteers;
    for (const auto& g : settings.gazetteers) {
        gazetteers.push_back(g.value);
    }
    entity::set_user_gazetteers(std::move(gazetteers));
    if (s.verbose) {
        info("config file: " + (settings.file.empty()
                                    ? settings.file_source
                                    : settings.file + " (" + settings.file_source + ")"));
        try {
            info("data: " + data_path("entities.tsv").parent_path().string());
        } catch (const Error& e) {
            info(std::string("data: ") + e.what());
        }
        if (options.find_nothrow("index", false) != nullptr) {
            info("index: " + index::resolve_path(vm.count("index") != 0U
                                                     ? std::optional(vm["index"].as<std::string>())
                                                     : std::nullopt));
        }
    }
    if (vm.count("pager") != 0U) {
        start_pager(settings.pager);
    }
}

auto parse_command(const std::vector<std::string>& args,
                   const po::options_description& visible,
                   const char* positional) -> std::optional<po::variables_map> {
    po::options_description all;
    all.add(visible);
    po::command_line_parser parser(args);
    po::positional_options_description words;
    if (positional != nullptr) {
        all.add_options()(positional, po::value<std::vector<std::string>>());
        words.add(positional, -1);
        parser.positional(words);
    }
    po::variables_map vm;
    po::store(parser.options(all).run(), vm);
    apply_common(vm, all);
    if (vm.count("help") != 0U) {
        std::cout << visible;
        return std::nullopt;
    }
    return vm;
}

auto text_or_json(const po::variables_map& vm, const char* command) -> bool {
    const auto& format = vm["format"].as<std::string>();
    if (format != "text" && format != "json") {
        throw UsageError(std::string(command) + ": --format must be text or json, got '" + format +
                         "'");
    }
    return format == "json";
}

auto settings() -> const config::Settings& {
    auto& s = session();
    if (!s.settings) {
        s.settings = config::load(std::nullopt);
    }
    return *s.settings;
}

auto warn() -> std::ostream& {
    static std::ostream nowhere(nullptr);
    return session().quiet ? nowhere : std::cerr;
}

auto verbose() -> bool {
    return session().verbose;
}

void info(const std::string& message) {
    if (session().verbose) {
        std::cerr << "telusur: " << message << "\n";
    }
}

auto stdout_is_terminal() -> bool {
    return session().stdout_tty;
}

auto color_enabled(const po::variables_map& vm) -> bool {
    auto mode = settings().color.value;
    if (vm.count("color") != 0U && !vm["color"].defaulted()) {
        mode = vm["color"].as<std::string>();
    }
    if (mode == "always") {
        return true;
    }
    return mode != "never" && stdout_is_terminal();
}

auto text_width() -> std::size_t {
    return session().width;
}

void load_synonyms(search::SynonymTable& table) {
    table.load(data_path("synonyms-id.txt"));
    for (const auto& extra : settings().synonyms) {
        table.load(extra.value);
    }
    if (verbose()) {
        info("synonyms: " + std::to_string(table.group_count()) + " groups");
    }
}

}  // namespace telusur::cli
