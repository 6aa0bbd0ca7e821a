#include "lib/markup.h"

#include <string.h>

#include "lib/utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* The reference for an ASCII byte that needs one, else NULL. */
static const char *reference(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
    case '\n':
    case '\r':
        return NULL;
    default:
        return c < 0x20 ? REPLACEMENT : NULL;
    }
}

void markup_escape(struct strbuf *sb, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] >= 0x80) {
            /* A run of non-ASCII bytes: kept when it is well-formed UTF-8. */
            size_t j = i;
            while (j < n && p[j] >= 0x80)
                j++;
            if (utf8_valid(s + i, j - i))
                sb_append(sb, s + i, j - i);
            else
                sb_puts(sb, REPLACEMENT);
            i = j;
            continue;
        }
        size_t j = i;
        while (j < n && p[j] < 0x80 && !reference(p[j]))
            j++;
        sb_append(sb, s + i, j - i);
        if (j < n && p[j] < 0x80) sb_puts(sb, reference(p[j++]));
        i = j;
    }
}

void markup_puts(struct strbuf *sb, const char *s)
{
    if (s) markup_escape(sb, s, strlen(s));
}

void markup_query(struct strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            sb_putc(sb, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            sb_append(sb, esc, 3);
        }
    }
}
