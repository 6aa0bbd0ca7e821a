/* utf8_valid / utf8_sanitize: overlongs, surrogates, > U+10FFFF, truncation, controls, limits. */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/utf8.h"

#define S(lit) lit, sizeof lit - 1

Test(utf8, valid_table)
{
    // clang-format off
    static const struct {
        const char *s;
        size_t n;
        bool ok;
        const char *what;
    } cases[] = {
        {S(""), true, "empty"},
        {S("plain ASCII ~\x7f"), true, "ASCII with DEL"},
        {S("\xC3\xA9"), true, "U+00E9"},
        {S("\xC2\x80"), true, "U+0080, smallest 2-byte"},
        {S("\xE2\x82\xAC"), true, "U+20AC"},
        {S("\xE0\xA0\x80"), true, "U+0800, smallest 3-byte"},
        {S("\xED\x9F\xBF"), true, "U+D7FF, below the surrogates"},
        {S("\xEE\x80\x80"), true, "U+E000, above the surrogates"},
        {S("\xEF\xBB\xBF"), true, "BOM"},
        {S("\xEF\xBF\xBF"), true, "U+FFFF"},
        {S("\xF0\x90\x80\x80"), true, "U+10000, smallest 4-byte"},
        {S("\xF0\x9F\x9A\x80"), true, "U+1F680"},
        {S("\xF4\x8F\xBF\xBF"), true, "U+10FFFF"},
        {S("\xC0\x80"), false, "overlong NUL"},
        {S("\xC0\xAF"), false, "overlong /"},
        {S("\xC1\xBF"), false, "overlong 2-byte"},
        {S("\xE0\x80\xAF"), false, "overlong 3-byte"},
        {S("\xE0\x9F\xBF"), false, "overlong U+07FF"},
        {S("\xF0\x80\x80\xAF"), false, "overlong 4-byte"},
        {S("\xF0\x8F\xBF\xBF"), false, "overlong U+FFFF"},
        {S("\xED\xA0\x80"), false, "U+D800"},
        {S("\xED\xBF\xBF"), false, "U+DFFF"},
        {S("\xED\xA0\xBD\xED\xB8\x80"), false, "CESU-8 pair"},
        {S("\xF4\x90\x80\x80"), false, "U+110000"},
        {S("\xF5\x80\x80\x80"), false, "F5 lead"},
        {S("\xF8\x88\x80\x80\x80"), false, "5-byte form"},
        {S("\xFE"), false, "FE"},
        {S("\xFF"), false, "FF"},
        {S("\x80"), false, "lone continuation"},
        {S("a\xBF"), false, "stray continuation"},
        {S("\xC3"), false, "truncated 2-byte"},
        {S("\xE2\x82"), false, "truncated 3-byte"},
        {S("\xF0\x9F\x9A"), false, "truncated 4-byte"},
        {S("\xE2\x82" "a"), false, "interrupted 3-byte"},
        {S("\xC3\xC3\xA9"), false, "lead then lead"},
        {S("a\0b"), false, "NUL"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(utf8_valid(cases[i].s, cases[i].n), cases[i].ok, "%s", cases[i].what);
}

Test(utf8, valid_reads_only_n_bytes)
{
    cr_expect(utf8_valid("ab\xFF", 2));
    cr_expect(!utf8_valid("\xE2\x82\xAC", 2), "a character cut by n is truncated");
}

static const char *sanitized(const char *s, size_t n, size_t size)
{
    static char out[64];
    memset(out, 'Z', sizeof out);
    utf8_sanitize(out, size, s, n);
    cr_assert(memchr(out, '\0', size), "not terminated within size %zu", size);
    cr_assert(utf8_valid(out, strlen(out)), "output not valid UTF-8");
    return out;
}

#define FFFD "\xEF\xBF\xBD"

Test(utf8, sanitize_table)
{
    // clang-format off
    static const struct {
        const char *s;
        size_t n, size;
        const char *want;
        const char *what;
    } cases[] = {
        {S("abc"), 64, "abc", "ASCII"},
        {S("Касперский"), 64, "Касперский", "Cyrillic kept"},
        {S("\xF0\x9F\x9A\x80!"), 64, "\xF0\x9F\x9A\x80!", "4-byte kept"},
        {S("a\x01" "b\nc\x1f" "d"), 64, "a?b?c?d", "C0 controls"},
        {S("a\x7f" "b"), 64, "a?b", "DEL"},
        {S("a\xC2\x9B" "b"), 64, "a?b", "C1 control (CSI)"},
        {S("a\0b"), 64, "a?b", "NUL"},
        {S("a\xFF" "b"), 64, "a" FFFD "b", "invalid byte"},
        {S("\xED\xA0\x80"), 64, FFFD FFFD FFFD, "surrogate, byte by byte"},
        {S("\xC0\xAF"), 64, FFFD FFFD, "overlong"},
        {S("\xF4\x90\x80\x80"), 64, FFFD FFFD FFFD FFFD, "above U+10FFFF"},
        {S("ok\xE2\x82"), 64, "ok" FFFD FFFD, "truncated at the end"},
        {S("abcdef"), 4, "abc", "cut to size-1 bytes"},
        {S("\xE2\x82\xAC\xE2\x82\xAC"), 6, "\xE2\x82\xAC", "never cuts a character"},
        {S("\xE2\x82\xAC"), 3, "", "no room for one character"},
        {S("a\xFF"), 4, "a", "no room for a replacement"},
        {S("abc"), 1, "", "only the terminator"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(sanitized(cases[i].s, cases[i].n, cases[i].size), cases[i].want, "%s",
                         cases[i].what);
}

Test(utf8, sanitize_size_zero_writes_nothing)
{
    char out[4] = "xyz";
    utf8_sanitize(out, 0, "abc", 3);
    cr_expect_str_eq(out, "xyz");
}

/* The one rule for control characters (parameters, admin and data-set text, echoes): C0,
 * DEL and C1; newline and tab only in multi-line text. */
Test(utf8, find_control_table)
{
    // clang-format off
    static const struct {
        const char *s;
        size_t n;
        bool multi_line;
        size_t at;
        const char *what;
    } cases[] = {
        {S("Kaspersky Lab"), false, 13, "none"},
        {S("Kasper\x7fsky"), false, 6, "DEL (admin text used to take it)"},
        {S("ab\xC2\x85" "cd"), false, 2, "C1 NEL"},
        {S("ab\xC2\xA0" "cd"), false, 6, "U+00A0 is not a control"},
        {S("line\nnext"), false, 4, "newline in one-line text"},
        {S("line\nnext\ttab"), true, 13, "newline and tab in multi-line text"},
        {S("line\rnext"), true, 4, "CR even in multi-line text"},
        {S("\xEF\xBB\xBFname"), false, 7, "a BOM is no control"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_expect_eq(utf8_find_control(cases[i].s, cases[i].n, cases[i].multi_line), cases[i].at,
                     "%s", cases[i].what);
    cr_expect_eq(utf8_bom_len(S("\xEF\xBB\xBF{}")), 3u);
    cr_expect_eq(utf8_bom_len(S("\xEF\xBB")), 0u);
    cr_expect_eq(utf8_bom_len(S("{}")), 0u);
}
