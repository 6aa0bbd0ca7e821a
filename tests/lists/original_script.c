/* Listed people's names in their own script (issue 14): the UN Security Council's consolidated
 * list gives many of the people and groups it lists, most of them on the OFAC SDN list too, in
 * the script of their language (NAME_ORIGINAL_SCRIPT). tests/data/names/un_original_script.tsv
 * pairs such a name with the SDN entry whose name is the UN's Latin name (PROVENANCE.md); each
 * is asked in its script against the seed and the lists: recall per script and per edition of
 * the UN list, each miss with the score its entry got, and the names that matched another
 * entry. Then names recombined from the same people's words (the first two words of one, the
 * last of another), asked in their script and as the UN writes them in Latin: a name that finds
 * a listed entry in its script but not in Latin is one the reading of the script made up. And
 * the UN's own Latin aliases of the same people, "Good" ones (un_aliases.tsv): another
 * publisher's transliterations of the names the SDN lists. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "rulings/check.h"

#define UN_PATH RESTRICTD_SOURCE_DIR "/tests/data/names/un_original_script.tsv"
#define UN_ALIASES_PATH RESTRICTD_SOURCE_DIR "/tests/data/names/un_aliases.tsv"
#define MAX_ROWS 512
#define MAX_GROUPS 8
#define MISSES_SHOWN 8
#define RECOMBINED 600
#define MAX_WORDS 12

struct un_row {
    char *script, *native, *latin, *id, *ref, *edition;
};

struct group {
    char name[48];
    size_t asked, found, other;
};

/* Splits line at tabs into nf fields; false when it has fewer. */
static bool split_fields(char *line, char **f, int nf)
{
    for (int i = 0; i < nf; i++) {
        f[i] = line;
        line = strchr(line, i < nf - 1 ? '\t' : '\n');
        if (!line && i < nf - 1) return false;
        if (line) *line++ = '\0';
    }
    return true;
}

/* The rows of a file of nf tab-separated fields, rows[k * nf + i] the field i of row k, each
 * row's fields in one copy of its line (freed through its first field). 0 when the file cannot
 * be read whole: a row it cannot split, a read error or more rows than MAX_ROWS would change
 * what is measured. */
static size_t load_rows(const char *path, char **rows, int nf)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 0, rejected = 0;
    if (!f) return 0;
    char *line = NULL;
    while (getline(&line, &cap, f) > 0) {
        if (line[0] == '#') continue;
        char *copy = n < MAX_ROWS ? strdup(line) : NULL;
        if (copy && split_fields(copy, rows + n * (size_t)nf, nf)) {
            n++;
        } else {
            free(copy);
            rejected++;
        }
    }
    bool failed = ferror(f) || rejected;
    free(line);
    fclose(f);
    if (!failed) return n;
    printf("  %s: %zu rows not read: FAILED\n", path, rejected);
    for (size_t i = 0; i < n; i++)
        free(rows[i * (size_t)nf]);
    return 0;
}

static struct group *group_of(struct group *g, size_t *ng, const char *name)
{
    for (size_t i = 0; i < *ng; i++)
        if (strcmp(g[i].name, name) == 0) return &g[i];
    if (*ng == MAX_GROUPS) return &g[MAX_GROUPS - 1];
    struct group *n = &g[(*ng)++];
    *n = (struct group){0};
    snprintf(n->name, sizeof n->name, "%s", name);
    return n;
}

static void print_groups(const char *what, const struct group *g, size_t ng)
{
    for (size_t i = 0; i < ng; i++)
        printf("  %s %-12s %4zu names: %4zu find their entry (recall %.3f), %zu match another\n",
               what, g[i].name, g[i].asked, g[i].found,
               g[i].asked ? (double)g[i].found / (double)g[i].asked : 0, g[i].other);
}

/* Asks every name in its script; how many found their entry, and how many another entry. */
static size_t ask_all(const struct snapshot *s, const struct un_row *rows, size_t n, size_t *other)
{
    struct group scripts[MAX_GROUPS], editions[MAX_GROUPS];
    size_t ns = 0, ne = 0, found = 0, shown = 0;
    *other = 0;
    for (size_t i = 0; i < n; i++) {
        struct check_summary sum;
        bool ok = finds_entry(s, rows[i].native, rows[i].id, &sum);
        bool wrong = !ok && sum.matched;
        struct group *g[2] = {group_of(scripts, &ns, rows[i].script),
                              group_of(editions, &ne, rows[i].edition)};
        for (int k = 0; k < 2; k++)
            g[k]->asked++, g[k]->found += ok, g[k]->other += wrong;
        found += ok, *other += wrong;
        if (!ok && (shown++ < MISSES_SHOWN || getenv("RESTRICTD_SHOW_ALL")))
            printf("    miss %s %s \"%s\" for %s (%s): its entry at %.3f%s\n", rows[i].ref,
                   rows[i].script, rows[i].native, rows[i].latin, rows[i].id,
                   entry_score(s, rows[i].native, rows[i].id), wrong ? "; matched another" : "");
    }
    print_groups("script", scripts, ns);
    print_groups("UN list of", editions, ne);
    return found;
}

static size_t words_of(char *text, char **w)
{
    size_t n = 0;
    for (char *t = strtok(text, " "); t && n < MAX_WORDS; t = strtok(NULL, " "))
        w[n++] = t;
    return n;
}

/* Does `name` find any listed entry at the families' threshold? */
static bool finds_any(const struct snapshot *s, const char *name)
{
    struct check_summary sum;
    finds_entry(s, name, "", &sum);
    return sum.matched;
}

/* Word i of a and the last of b, for names whose script and Latin forms have as many words (so
 * that word i is the same word in both). */
static void recombine(const char *a, const char *b, char *out, size_t cap)
{
    char ca[512], cb[512], *wa[MAX_WORDS], *wb[MAX_WORDS];
    snprintf(ca, sizeof ca, "%s", a);
    snprintf(cb, sizeof cb, "%s", b);
    size_t na = words_of(ca, wa), nb = words_of(cb, wb);
    snprintf(out, cap, "%s %s %s", na ? wa[0] : "", na > 1 ? wa[1] : "", nb ? wb[nb - 1] : "");
}

/* Names recombined from people's words: how many find an entry in their script only. */
static size_t recombined(const struct snapshot *s, const struct un_row *rows, size_t n,
                         size_t *asked)
{
    size_t pick[MAX_ROWS], np = 0, only = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        char a[512], b[512], *wa[MAX_WORDS], *wb[MAX_WORDS];
        snprintf(a, sizeof a, "%s", rows[i].native);
        snprintf(b, sizeof b, "%s", rows[i].latin);
        size_t na = words_of(a, wa);
        if (strcmp(rows[i].script, "Arabic") == 0 && na >= 3 && na == words_of(b, wb))
            pick[np++] = i;
    }
    uint64_t state = 20261207; /* the same names in every run */
    *asked = 0;
    for (size_t k = 0; np > 1 && k < RECOMBINED; k++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        size_t i = pick[(state >> 33) % np], j = pick[(state >> 13) % np];
        if (i == j) continue;
        char native[1024], latin[1024];
        recombine(rows[i].native, rows[j].native, native, sizeof native);
        recombine(rows[i].latin, rows[j].latin, latin, sizeof latin);
        ++*asked;
        if (!finds_any(s, native) || finds_any(s, latin)) continue;
        only++;
        if (shown++ < MISSES_SHOWN || getenv("RESTRICTD_SHOW_ALL"))
            printf("    found in its script only: \"%s\" (%s)\n", native, latin);
    }
    return only;
}

/* The UN list's Latin aliases of the same people (un_aliases.tsv: its own transliterations,
 * "Eyad Nazmi Saleh Khalil" for IYAD NAZMI SALIH KHALIL): how many find the SDN entry. */
static size_t ask_aliases(const struct snapshot *s, size_t *asked, size_t *other)
{
    static char *f[MAX_ROWS * 4]; /* reference, alias, SDN entry, edition */
    size_t n = load_rows(UN_ALIASES_PATH, f, 4), found = 0, shown = 0;
    *asked = n, *other = 0;
    for (size_t i = 0; i < n; i++) {
        char **r = f + 4 * i;
        struct check_summary sum;
        bool ok = finds_entry(s, r[1], r[2], &sum);
        found += ok, *other += !ok && sum.matched;
        if (!ok && (shown++ < MISSES_SHOWN || getenv("RESTRICTD_SHOW_ALL")))
            printf("    miss %s \"%s\" (%s): its entry at %.3f%s\n", r[0], r[1], r[2],
                   entry_score(s, r[1], r[2]), sum.matched ? "; matched another" : "");
    }
    for (size_t i = 0; i < n; i++)
        free(f[4 * i]);
    return found;
}

size_t original_script_check(const struct snapshot *s, double min_recall, double ceiling_percent,
                             double aliases_min_recall)
{
    static char *f[MAX_ROWS * 6];
    static struct un_row rows[MAX_ROWS];
    size_t n = load_rows(UN_PATH, f, 6), other, asked;
    if (n == 0) {
        printf("  %s: no names read: FAILED\n", UN_PATH);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        char **r = f + 6 * i;
        rows[i] = (struct un_row){r[0], r[1], r[2], r[3], r[4], r[5]};
    }
    size_t found = ask_all(s, rows, n, &other);
    double recall = (double)found / (double)n, other_pct = 100.0 * (double)other / (double)n;
    size_t only = recombined(s, rows, n, &asked);
    double only_pct = asked ? 100.0 * (double)only / (double)asked : 0;
    bool low = recall<min_recall, wrong = other_pct> ceiling_percent,
         made_up = only_pct > ceiling_percent;
    printf("listed names in their own script: %zu of %zu find their entry (recall %.3f; at least "
           "%.3f)%s; %zu match another entry (%.2f %%; at most %.2f %%)%s\n",
           found, n, recall, min_recall, low ? ": BELOW THE FLOOR" : "", other, other_pct,
           ceiling_percent, wrong ? ": ABOVE THE CEILING" : "");
    printf("recombined names: %zu of %zu find an entry in their script and not in Latin (%.2f %%; "
           "at most %.2f %%)%s\n",
           only, asked, only_pct, ceiling_percent, made_up ? ": ABOVE THE CEILING" : "");
    for (size_t i = 0; i < n; i++)
        free(f[6 * i]); /* the line's copy; every field points into it */
    size_t aliases_asked, aliases_other;
    size_t aliases_found = ask_aliases(s, &aliases_asked, &aliases_other);
    double aliases_recall = aliases_asked ? (double)aliases_found / (double)aliases_asked : 0;
    bool aliases_low = aliases_recall < aliases_min_recall;
    printf(
        "the same people's Latin aliases on the UN list (tests/data/names/un_aliases.tsv): %zu of "
        "%zu find their SDN entry (recall %.3f; at least %.3f)%s; %zu match another entry\n",
        aliases_found, aliases_asked, aliases_recall, aliases_min_recall,
        aliases_low ? ": BELOW THE FLOOR" : "", aliases_other);
    return low || wrong || made_up || aliases_low ? 1 : 0;
}
