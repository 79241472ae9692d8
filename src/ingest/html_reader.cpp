// HTML pages, parsed with gumbo (an HTML5 parser): title, meta data and the article's text.

#include <gumbo.h>

#include <algorithm>
#include <memory>

#include "telusur/ingest/date.hpp"
#include "telusur/ingest/input.hpp"
#include "telusur/ingest/readers.hpp"

namespace telusur::ingest {

namespace {

using Output = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

auto attr(const GumboElement& e, const char* name) -> std::string {
    const auto* a = gumbo_get_attribute(&e.attributes, name);
    return a == nullptr ? std::string() : std::string(trim(a->value));
}

/// Tags whose content is never article text.
auto skipped(GumboTag tag) -> bool {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_FIGCAPTION:
            return true;
        default:
            return false;
    }
}

/// Tags that end a line of text.
auto block(GumboTag tag) -> bool {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_BR:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DT:
            return true;
        default:
            return false;
    }
}

/// Appends the visible text under node, one line per block element.
void collect_text(const GumboNode* node, std::vector<std::string>& lines) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
        std::string_view text = node->v.text.text;
        for (char c : text) {
            bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
            auto& line = lines.back();
            if (!space) {
                line.push_back(c);
            } else if (!line.empty() && line.back() != ' ') {
                line.push_back(' ');
            }
        }
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) {
        return;
    }
    const auto& e = node->v.element;
    if (skipped(e.tag)) {
        return;
    }
    bool is_block = block(e.tag);
    if (is_block && !lines.back().empty()) {
        lines.emplace_back();
    }
    for (unsigned i = 0; i < e.children.length; ++i) {
        collect_text(static_cast<const GumboNode*>(e.children.data[i]), lines);
    }
    if (is_block && !lines.back().empty()) {
        lines.emplace_back();
    }
}

/// Depth-first search for the first element with a tag.
auto find(const GumboNode* node, GumboTag tag) -> const GumboNode* {
    if (node->type != GUMBO_NODE_ELEMENT) {
        return nullptr;
    }
    if (node->v.element.tag == tag) {
        return node;
    }
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
        if (const auto* hit =
                find(static_cast<const GumboNode*>(node->v.element.children.data[i]), tag)) {
            return hit;
        }
    }
    return nullptr;
}

/// All elements with a tag.
void find_all(const GumboNode* node, GumboTag tag, std::vector<const GumboElement*>& out) {
    if (node->type != GUMBO_NODE_ELEMENT) {
        return;
    }
    if (node->v.element.tag == tag) {
        out.push_back(&node->v.element);
    }
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
        find_all(static_cast<const GumboNode*>(node->v.element.children.data[i]), tag, out);
    }
}

auto text_of(const GumboNode* node) -> std::string {
    std::vector<std::string> lines(1);
    collect_text(node, lines);
    std::string out;
    for (const auto& l : lines) {
        out.append(out.empty() || l.empty() ? "" : " ").append(trim(l));
    }
    return out;
}

}  // namespace

void read_html(const std::string& html, Article& article, const Cleaner& cleaner) {
    Output doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
               [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    std::string og_title;
    std::string description;
    std::vector<const GumboElement*> metas;
    find_all(doc->root, GUMBO_TAG_META, metas);
    for (const auto* m : metas) {
        auto name = attr(*m, "property");
        name = name.empty() ? attr(*m, "name") : name;
        name = name.empty() ? attr(*m, "itemprop") : name;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
        auto content = attr(*m, "content");
        if (content.empty()) {
            continue;
        }
        if (name == "og:title" && og_title.empty()) {
            og_title = content;
        } else if ((name == "description" || name == "og:description") && description.empty()) {
            description = content;
        } else if (name == "article:published_time" || name == "datepublished" ||
                   name == "pubdate" || name == "publishdate" || name == "date" ||
                   name == "dc.date" || name == "dc.date.issued" || name == "content_publishdate") {
            article.date = article.date ? article.date : parse_date(content);
        } else if (name == "og:site_name" && !article.source) {
            article.source = content;
        } else if ((name == "author" || name == "article:author") && !article.author) {
            article.author = content;
        } else if (name == "og:url" && !article.url) {
            article.url = content;
        }
    }
    std::vector<const GumboElement*> links;
    find_all(doc->root, GUMBO_TAG_LINK, links);
    for (const auto* l : links) {
        if (attr(*l, "rel") == "canonical" && !attr(*l, "href").empty()) {
            article.url = attr(*l, "href");
        }
    }
    if (!article.date) {
        std::vector<const GumboElement*> times;
        find_all(doc->root, GUMBO_TAG_TIME, times);
        for (const auto* t : times) {
            if (auto d = parse_date(attr(*t, "datetime")); d && !article.date) {
                article.date = d;
            }
        }
    }
    const auto* h1 = find(doc->root, GUMBO_TAG_H1);
    const auto* title = find(doc->root, GUMBO_TAG_TITLE);
    article.title = !og_title.empty()  ? og_title
                    : h1 != nullptr    ? text_of(h1)
                    : title != nullptr ? text_of(title)
                                       : std::string();
    const auto* root = find(doc->root, GUMBO_TAG_ARTICLE);
    root = root != nullptr ? root : find(doc->root, GUMBO_TAG_MAIN);
    root = root != nullptr ? root : find(doc->root, GUMBO_TAG_BODY);
    std::vector<std::string> lines(1);
    if (root != nullptr) {
        collect_text(root, lines);
    }
    // The headline repeated at the top of the body is not a paragraph.
    auto same_as_title = [&](const std::string& l) { return trim(l) == trim(article.title); };
    lines.erase(std::remove_if(lines.begin(), lines.end(), same_as_title), lines.end());
    if (std::all_of(lines.begin(), lines.end(), [](const auto& l) { return trim(l).empty(); })) {
        lines = {description};
    }
    finish_text(std::move(lines), article, cleaner);
}

}  // namespace telusur::ingest
