/* Qualifiers inside a name (match/qualifiers.h). */
#include "match/qualifiers.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool has_letter_or_digit(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
        if ((c >= '0' && c <= '9') || c >= 0x80) return true;
    }
    return false;
}

/* Whether a group's last word is "branch" or "flag" ("Kakamega Branch", "Marshall Islands
 * flag"). Other groups in parentheses are not qualifiers: "Lundqvist Hydraulics (UK) Ltd." is
 * another company than "Lundqvist Hydraulics Inc." (the Cascade pairs say so). */
static bool office_or_flag(const char *s, size_t len)
{
    while (len > 0 && (blank(s[len - 1]) || s[len - 1] == '.'))
        len--;
    size_t start = len;
    while (start > 0 && !blank(s[start - 1]))
        start--;
    size_t n = len - start;
    return (n == 6 && strncasecmp(s + start, "branch", 6) == 0) ||
           (n == 4 && strncasecmp(s + start, "flag", 4) == 0);
}

/* Where the tail qualifier begins (an address after a comma, "c/o", a branch after a
 * separator), or len when there is none. */
static size_t tail(const char *s, size_t len)
{
    for (size_t i = 1; i + 4 < len; i++) /* " c/o " */
        if ((s[i] | 0x20) == 'c' && s[i + 1] == '/' && (s[i + 2] | 0x20) == 'o' &&
            blank(s[i - 1]) && blank(s[i + 3]))
            return i - 1;
    for (size_t i = 0; i + 1 < len; i++) { /* ", 12250 Brevard Ln": three digits or more */
        if (s[i] != ',') continue;
        size_t j = i + 1, digits = 0;
        while (j < len && blank(s[j]))
            j++;
        while (j + digits < len && s[j + digits] >= '0' && s[j + digits] <= '9')
            digits++;
        if (digits >= 3) return i;
    }
    size_t end = len; /* "X - Malindi Branch", "X, Sukkur Branch", "X : KENYA BRANCH" */
    while (end > 0 && (blank(s[end - 1]) || s[end - 1] == '.'))
        end--;
    if (end < 7 || strncasecmp(s + end - 6, "branch", 6) != 0 || !blank(s[end - 7])) return len;
    for (size_t i = end - 6; i > 0; i--) {
        char c = s[i - 1];
        if (c == ',' || c == ':' || (c == '-' && i >= 2 && blank(s[i - 2]) && blank(s[i])))
            return i - 1;
        if (c == '(' || c == ')') break;
    }
    return len;
}

size_t name_qualifiers(const char *s, size_t len, struct qualifier *out)
{
    /* most names have none of the marks a qualifier needs: one pass says so */
    size_t k = 0;
    while (k < len && s[k] != '(' && s[k] != ',' && s[k] != ':' && s[k] != '-' && s[k] != '/')
        k++;
    if (k == len) return 0;
    size_t n = 0, t = tail(s, len);
    unsigned depth = 0;
    size_t open = 0;
    for (size_t i = 0; i < t && n < QUALIFIERS_MAX; i++) {
        if (s[i] == '(' && depth++ == 0) open = i;
        if (s[i] != ')' || depth == 0 || --depth > 0) continue;
        /* something of the name before it, and the group names a branch or a flag */
        if (has_letter_or_digit(s, open) && office_or_flag(s + open + 1, i - open - 1))
            out[n++] = (struct qualifier){open, i + 1 - open};
    }
    if (t < len && n < QUALIFIERS_MAX && has_letter_or_digit(s, t))
        out[n++] = (struct qualifier){t, len - t};
    return n;
}
