// Code points, word characters, separators and alias keys used by the gazetteer and matcher.

#include <doctest/doctest.h>

#include "telusur/entity/text.hpp"

using namespace telusur::entity;

// UTF-8 decoding, including invalid bytes (one byte each, never a word character).
TEST_CASE("next_code_point") {
    struct Case {
        std::string text;
        char32_t cp;
        std::size_t length;
    };
    const Case cases[] = {
        {"a", U'a', 1},
        {"\xC3\xA9", U'é', 2},
        {"\xE2\x80\x9C", U'“', 3},
        {"\xF0\x9F\x9A\x80", U'🚀', 4},
        {"\xFF", kInvalid, 1},
        {"\xC3", kInvalid, 1},
        {"\xC0\xAF", kInvalid, 1},
        {"\xED\xA0\x80", kInvalid, 1},
        {"\xE2\x28\xA1", kInvalid, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        std::size_t pos = 0;
        CHECK(next_code_point(c.text, pos) == c.cp);
        CHECK(pos == c.length);
    }
}

// Word characters are letters, digits and marks in any script.
TEST_CASE("is_word_char, is_separator, fold") {
    for (char32_t c : {U'a', U'Z', U'7', U'é', U'ß', U'中', U'\u0301'}) {
        CHECK(is_word_char(c));
    }
    for (char32_t c : {U' ', U'-', U'.', U'’', U'“', U'🚀', kInvalid, U'_'}) {
        CHECK(!is_word_char(c));
    }
    for (char32_t c : {U' ', U'-', U'\n', U'\u00A0', U'\u2010', U'\u00AD'}) {
        CHECK(is_separator(c));
    }
    CHECK(!is_separator(U'.'));
    CHECK(!is_separator(U'–'));  // an en dash separates phrases, not name parts
    CHECK(fold(U'N') == U'n');
    CHECK(fold(U'É') == U'é');
    CHECK(fold(U'7') == U'7');
}

// Alias keys: the form two spellings collide on.
TEST_CASE("alias_key") {
    CHECK(alias_key("Chat-GPT", false) == "chatgpt");
    CHECK(alias_key("chat gpt", false) == "chatgpt");
    CHECK(alias_key("Chat-GPT", true) == "ChatGPT");
    CHECK(alias_key("Selular.id", false) == "selular.id");
}
