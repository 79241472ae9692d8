#include "telusur/ingest/article.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "telusur/error.hpp"

namespace telusur::ingest {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxArticleBytes = 64U * 1024U * 1024U;
constexpr std::size_t kMaxTitleBytes = 200;

auto is_supported(const fs::path& path) -> bool {
    return path.extension() == ".txt";
}

auto trim(std::string_view s) -> std::string_view {
    const auto* ws = " \t\r\n\f\v";
    auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

/// A line that is only a date stamp such as "Posted On Mei 27, 2025" is not a headline.
auto looks_like_date_line(std::string_view line) -> bool {
    if (line.starts_with("Posted On") || line.starts_with("Diposting")) {
        return true;
    }
    auto digits =
        std::count_if(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; });
    return line.size() < 40 && digits >= 4;
}

/// Cuts a long first line (an article without a headline) at a word boundary.
auto shorten(std::string_view line) -> std::string {
    if (line.size() <= kMaxTitleBytes) {
        return std::string(line);
    }
    auto cut = line.rfind(' ', kMaxTitleBytes);
    if (cut == std::string_view::npos || cut < kMaxTitleBytes / 2) {
        cut = kMaxTitleBytes;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
            --cut;  // never split a UTF-8 sequence
        }
    }
    return std::string(trim(line.substr(0, cut))) + "…";
}

}  // namespace

auto collect_files(const std::vector<std::string>& paths) -> FileList {
    FileList out;
    for (const auto& arg : paths) {
        std::error_code ec;
        auto status = fs::status(arg, ec);
        if (ec || !fs::exists(status)) {
            out.skipped.push_back({arg, "no such file or directory"});
        } else if (fs::is_directory(status)) {
            auto opts = fs::directory_options::skip_permission_denied;
            for (fs::recursive_directory_iterator it(arg, opts, ec), end; !ec && it != end;
                 it.increment(ec)) {
                if (it->is_regular_file(ec) && is_supported(it->path())) {
                    out.files.push_back(it->path());
                }
            }
            if (ec) {
                out.skipped.push_back({arg, "cannot read directory: " + ec.message()});
            }
        } else {
            out.files.emplace_back(arg);
        }
    }
    std::sort(out.files.begin(), out.files.end());
    out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
    return out;
}

void split_title(const std::string& text, Article& article) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        auto end = nl == std::string::npos ? text.size() : nl;
        auto line = trim(std::string_view(text).substr(pos, end - pos));
        auto next = nl == std::string::npos ? text.size() : nl + 1;
        if (!line.empty() && !looks_like_date_line(line)) {
            article.title = shorten(line);
            // A real headline line is dropped from the body; a long first paragraph stays.
            article.body = line.size() <= kMaxTitleBytes ? text.substr(next) : text.substr(pos);
            return;
        }
        pos = next;
    }
    article.body = text;
}

auto read_text_article(const fs::path& path) -> Article {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
        throw InputError(path.string() + ": cannot read: " + ec.message());
    }
    if (size > kMaxArticleBytes) {
        throw InputError(path.string() + ": larger than the 64 MiB article limit");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path.string() + ": cannot open for reading");
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw InputError(path.string() + ": read error");
    }
    if (trim(text).empty()) {
        throw InputError(path.string() + ": empty article");
    }
    Article article;
    article.id = path.stem().string();
    article.path = path.string();
    split_title(text, article);
    return article;
}

}  // namespace telusur::ingest
