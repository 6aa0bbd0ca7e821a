/* markup_escape / markup_query: what goes into the analysts' page and the SVG picture. */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/markup.h"

#define S(lit) lit, sizeof lit - 1

Test(markup, escape_table)
{
    // clang-format off
    static const struct {
        const char *s;
        size_t n;
        const char *want, *what;
    } cases[] = {
        {S(""), "", "empty"},
        {S("Kaspersky Lab"), "Kaspersky Lab", "plain text as it is"},
        {S("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;", "tags"},
        {S("AT&T \"x\" 'y'"), "AT&amp;T &quot;x&quot; &#39;y&#39;", "ampersand and quotes"},
        {S("&amp;"), "&amp;amp;", "a reference is text too"},
        {S("\xD0\x9A\xD0\xB0\xD1\x81\xD0\xBF\xD0\xB5\xD1\x80\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9"),
         "\xD0\x9A\xD0\xB0\xD1\x81\xD0\xBF\xD0\xB5\xD1\x80\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9",
         "UTF-8 kept"},
        {S("a\tb\nc"), "a\tb\nc", "tab and newline kept"},
        {S("a\x01" "b\x1f"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD", "C0 controls XML cannot hold"},
        {S("x\xC3(y"), "x\xEF\xBF\xBD(y", "ill-formed UTF-8"},
        {S("\xFF\xFE<"), "\xEF\xBF\xBD&lt;", "a bad run, then markup"},
        {S("a\0b"), "a\xEF\xBF\xBD" "b", "NUL inside the length"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct strbuf sb = {0};
        markup_escape(&sb, cases[i].s, cases[i].n);
        cr_expect_str_eq(sb.data ? sb.data : "", cases[i].want, "%s", cases[i].what);
        sb_free(&sb);
    }
}

Test(markup, puts_takes_null)
{
    struct strbuf sb = {0};
    markup_puts(&sb, NULL);
    markup_puts(&sb, "<&>");
    cr_expect_str_eq(sb.data, "&lt;&amp;&gt;");
    sb_free(&sb);
}

Test(markup, query_values)
{
    static const struct {
        const char *s, *want;
    } cases[] = {
        {"Kaspersky Lab", "Kaspersky%20Lab"},
        {"a&b=c?d#e/f+g", "a%26b%3Dc%3Fd%23e%2Ff%2Bg"},
        {"2024-10-01T04:00:00Z", "2024-10-01T04%3A00%3A00Z"},
        {"\xC3\xA9", "%C3%A9"},
        {"-._~", "-._~"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct strbuf sb = {0};
        markup_query(&sb, cases[i].s);
        cr_expect_str_eq(sb.data, cases[i].want, "%s", cases[i].s);
        sb_free(&sb);
    }
}
