#include "match/annotations.h"
#include "lib/ascii.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Words in lower case: take_word compares the first letter as it is. */
static const char *const LABELS[] = {
    "shipper:",   "consignee:", "notify party:", "beneficiary:", "ordering customer:",
    "applicant:", "attn:",      "attention:",    "messrs.",      "messrs"};
/* "the vessel" and "vessel:" too, as people write them (a held-out set asked "the vessel
 * GILDA": 0 of 400 found, "vessel" left as a name word); not a bare "vessel", which may be a
 * company's own first word ("Vessel Holdings"), nor "ship", which begins a listed name
 * ("SHIP REPAIR CENTER ZVEZDOCHKA") */
static const char *const VESSEL[] = {
    "m/v", "m.v.", "mv",   "mv.", "m/t", "m.t.", "mt",   "mt.", "s/s", "s.s.",       "ss",
    "ss.", "m/s",  "m.s.", "n/m", "f/v", "m/y",  "m.y.", "t/v", "t/b", "the vessel", "vessel:"};
/* Where a former or other name begins; the name ends before it. */
static const char *const FORMER[] = {"(ex-",    "(ex ",  "(formerly ", " formerly ", "(f/k/a ",
                                     " f/k/a ", " fka ", "(a.k.a. ",   " a.k.a. ",   " aka "};

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';';
}

/* A case-insensitive `word` at s[*i], followed by a space (or, when it ends in ':' or '.',
 * by anything): moves *i past it and the spaces after. */
static bool take_word(const char *s, size_t len, size_t *i, const char *word)
{
    /* the first letter first: every name is tried against 30 words when an index is built,
     * and every question */
    if (*i >= len || ascii_lower(s[*i]) != word[0]) return false;
    size_t n = strlen(word);
    if (*i + n > len || strncasecmp(s + *i, word, n) != 0) return false;
    bool closed = word[n - 1] == ':' || word[n - 1] == '.';
    if (*i + n < len && !closed && !space(s[*i + n])) return false;
    if (*i + n == len) return false; /* nothing after it: it is the name */
    *i += n;
    while (*i < len && space(s[*i]))
        (*i)++;
    return true;
}

/* A payment message's field tag before the name, "FIELD 59:" or "FIELD 50K:" (a SWIFT MT
 * field number, two digits and maybe a letter): moves *i past it and the spaces after. */
static bool swift_field(const char *s, size_t len, size_t *i)
{
    size_t j = *i;
    if (j + 9 > len || strncasecmp(s + j, "field ", 6) != 0) return false;
    j += 6;
    if (!(s[j] >= '0' && s[j] <= '9' && s[j + 1] >= '0' && s[j + 1] <= '9')) return false;
    j += 2;
    if (ascii_lower(s[j]) >= 'a' && ascii_lower(s[j]) <= 'z') j++; /* j < len: 9 bytes at least */
    if (j >= len || s[j] != ':') return false;
    j++;
    while (j < len && space(s[j]))
        j++;
    if (j == len) return false; /* nothing after it: it is the name */
    *i = j;
    return true;
}

/* The first marker of a former name in s[from, len) (an index into FORMER, its place in
 * *at), or the number of markers when there is none. One pass: every listed name is searched
 * when a snapshot is built, and each marker begins with "(" or a space. */
static size_t first_marker(const char *s, size_t len, size_t from, size_t *at)
{
    enum { N = sizeof FORMER / sizeof *FORMER };
    for (size_t i = from; i + 1 < len; i++) {
        if (s[i] != '(' && s[i] != ' ') continue;
        char next = ascii_lower(s[i + 1]);
        for (size_t k = 0; k < N; k++) {
            size_t n = strlen(FORMER[k]);
            if (FORMER[k][0] == s[i] && FORMER[k][1] == next && i + n <= len &&
                strncasecmp(s + i, FORMER[k], n) == 0) {
                *at = i;
                return k;
            }
        }
    }
    *at = len;
    return N;
}

/* Where a vessel's name ends when a port of registry follows it: at a comma after the
 * name (and after a former name's parenthesis), or before a last parenthesis that is not a
 * former name; `len` when neither. */
static size_t port_of_registry(const char *s, size_t from, size_t len)
{
    size_t depth = 0;
    for (size_t i = from; i < len; i++) {
        depth += s[i] == '(';
        if (s[i] == ')' && depth) depth--;
        if (s[i] == ',' && !depth && i > from) return i;
    }
    size_t end = len;
    while (end > from && space(s[end - 1]))
        end--;
    if (end == from || s[end - 1] != ')') return len;
    size_t open = end - 1;
    while (open > from && s[open] != '(')
        open--;
    if (s[open] != '(' || open == from || strncasecmp(s + open, "(ex", 3) == 0 ||
        strncasecmp(s + open, "(f", 2) == 0 || strncasecmp(s + open, "(a.k.a", 6) == 0)
        return len;
    return open;
}

/* Where the parenthesis opened before `from` closes (parentheses inside counted), or len. */
static size_t closing_parenthesis(const char *s, size_t len, size_t from)
{
    unsigned depth = 0;
    for (size_t i = from; i < len; i++) {
        if (s[i] == '(') depth++;
        if (s[i] == ')' && depth-- == 0) return i;
    }
    return len;
}

void name_parts_find(const char *s, size_t len, struct name_parts *out)
{
    *out = (struct name_parts){0, len, 0, 0};
    size_t i = 0;
    while (i < len && space(s[i]))
        i++;
    bool labelled = swift_field(s, len, &i);
    for (size_t k = 0; k < sizeof LABELS / sizeof *LABELS && !labelled; k++)
        labelled = take_word(s, len, &i, LABELS[k]);
    /* at most two: "the vessel MV GILDA" */
    bool vessel = false;
    for (unsigned taken = 0; taken < 2; taken++) {
        bool one = false;
        for (size_t k = 0; k < sizeof VESSEL / sizeof *VESSEL && !one; k++)
            one = take_word(s, len, &i, VESSEL[k]);
        if (!one) break;
        vessel = true;
    }
    /* after a vessel prefix, a port of registry may follow the name: "MV SOJA PARANAENSE,
     * Santos", "M/V MZIURI (Batumi)" */
    if (vessel) len = port_of_registry(s, i, len);
    size_t end = len, former = len;
    bool parenthesised = false;
    size_t k = first_marker(s, len, i, &end);
    if (k < sizeof FORMER / sizeof *FORMER) {
        former = end + strlen(FORMER[k]);
        parenthesised = FORMER[k][0] == '(';
    }
    size_t fend = len;
    if (former < len) {
        while (former < len && space(s[former]))
            former++;
        /* "(ex-A (B) C)" ends at its own parenthesis; "f/k/a A (B)" at the end of the text */
        if (parenthesised) fend = closing_parenthesis(s, len, former);
        while (fend > former && space(s[fend - 1]))
            fend--;
    }
    while (end > i && (space(s[end - 1]) || s[end - 1] == '('))
        end--;
    if (end <= i) return; /* nothing left: the whole text is the name */
    out->name_off = i;
    out->name_len = end - i;
    if (former < fend) {
        out->former_off = former;
        out->former_len = fend - former;
    }
}
