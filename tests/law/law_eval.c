/*
 * The law test: questions written from the facts files (tests/law/cases.tsv), asked of the
 * seed data (deploy/rulings.json) in process, each answer compared with the expected
 * verdict, `since` and the exact set of rulings in effect.
 *
 *   build/test/tests/law_eval [-v] [cases.tsv [data-set.json]]
 *
 * Prints every failure (every case with -v) and a summary line per facts section and in
 * all. Exit status 0 when every case holds, 1 otherwise, 2 on a usage or I/O error.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timeutil.h"
#include "rulings/check.h"
#include "../match/cases.h"
#include "rulings/dataset.h"

enum {
    COL_ID,
    COL_NAME,
    COL_AS_OF,
    COL_BINDS,
    COL_PURPOSE,
    COL_CATEGORY,
    COL_JURISDICTION,
    COL_VERDICT,
    COL_SINCE,
    COL_RULINGS,
    COL_SOURCE,
    N_COLS
};

struct tally {
    size_t cases, passed, bad_lines;
};

/* Splits `line` at tabs in place; "-" stands for an empty field. */
static size_t split(char *line, char **cols)
{
    size_t n = 0;
    for (char *p = line; n < N_COLS;) {
        cols[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i], "-") == 0) cols[i] = "";
    return n;
}

static const char *opt(const char *s)
{
    return *s ? s : NULL;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `items` sorted, joined by commas, into `buf`: the one form both sides are compared in. */
static void join_sorted(const char **items, size_t n, char *buf, size_t size)
{
    qsort(items, n, sizeof *items, by_text);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", items[i]);
}

enum { MAX_LISTED = 128, MAX_ID = 128 };

/* The answer's rulings as the cases write them (tests/law/README.md): the ids in effect, "~id"
 * for one that applies conditionally, "?id" for one listed as uncertain. */
static void ruling_ids(const json_t *answer, char *buf, size_t size)
{
    const json_t *rulings = json_object_get(answer, "rulings");
    const json_t *uncertain = json_object_get(answer, "uncertain");
    size_t nr = json_array_size(rulings), n = nr + json_array_size(uncertain);
    static char marked[MAX_LISTED][MAX_ID];
    const char *ids[MAX_LISTED];
    if (n > MAX_LISTED) n = MAX_LISTED;
    for (size_t i = 0; i < n; i++) {
        const json_t *r = i < nr ? json_array_get(rulings, i) : json_array_get(uncertain, i - nr);
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *mark = i >= nr                                           ? "?"
                           : json_is_true(json_object_get(r, "conditional")) ? "~"
                                                                             : "";
        snprintf(marked[i], sizeof marked[i], "%s%s", mark, id ? id : "?");
        ids[i] = marked[i];
    }
    join_sorted(ids, n, buf, size);
}

/* The expected list in the same form. */
static void sorted_list(const char *list, char *buf, size_t size)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", list);
    const char *items[MAX_LISTED];
    size_t n = 0;
    for (char *save, *t = strtok_r(copy, ",", &save); t && n < MAX_LISTED;
         t = strtok_r(NULL, ",", &save))
        items[n++] = t;
    join_sorted(items, n, buf, size);
}

/* Asks one question; true when the answer is as expected. Explains a difference on `out`. */
static bool ask(const struct snapshot *s, char **c, FILE *out, bool verbose)
{
    struct check_request q = {.name = c[COL_NAME],
                              .name_len = strlen(c[COL_NAME]),
                              .kind = -1,
                              .jurisdiction = opt(c[COL_JURISDICTION]),
                              .binds = opt(c[COL_BINDS]),
                              .purpose = opt(c[COL_PURPOSE]),
                              .category = opt(c[COL_CATEGORY]),
                              .min_score = 0.85,
                              .limit = 0};
    if (!rd_time_parse_as_of(c[COL_AS_OF], &q.as_of, NULL)) {
        fprintf(out, "%s: as_of \"%s\" is not a date or an instant\n", c[COL_ID], c[COL_AS_OF]);
        return false;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    enum check_status st = check_answer(s, &q, &w, NULL);
    json_t *answer = st == CHECK_OK ? json_loadb(sb.data, sb.len, 0, NULL) : NULL;
    sb_free(&sb);
    if (!answer) {
        fprintf(out, "%s: no answer (status %d)\n", c[COL_ID], (int)st);
        return false;
    }
    const char *verdict = json_string_value(json_object_get(answer, "verdict"));
    const char *since = json_string_value(json_object_get(answer, "since"));
    char got[4096], want[4096], want_since[32] = "";
    ruling_ids(answer, got, sizeof got);
    sorted_list(c[COL_RULINGS], want, sizeof want);
    int64_t t;
    if (*c[COL_SINCE] && rd_time_parse_instant(c[COL_SINCE], &t))
        rd_time_format(t, want_since, sizeof want_since);
    else if (*c[COL_SINCE])
        snprintf(want_since, sizeof want_since, "%s", c[COL_SINCE]);
    bool ok = verdict && strcmp(verdict, c[COL_VERDICT]) == 0 &&
              strcmp(since ? since : "", want_since) == 0 && strcmp(got, want) == 0;
    if (!ok || verbose)
        fprintf(out, "%s %s [%s] %s as_of %s: verdict %s since %s rulings {%s}%s%s%s%s%s%s\n",
                ok ? "ok  " : "FAIL", c[COL_ID], c[COL_SOURCE], c[COL_NAME], c[COL_AS_OF],
                verdict ? verdict : "?", since ? since : "-", got, ok ? "" : "; expected ",
                ok ? "" : c[COL_VERDICT], ok ? "" : " since ",
                ok ? "" : (*want_since ? want_since : "-"), ok ? "" : " rulings ", ok ? "" : want);
    json_decref(answer);
    return ok;
}

static bool run(const struct snapshot *s, const char *path, bool verbose, struct tally *t)
{
    FILE *f = fopen(path, "r");
    if (!f) return false;
    char line[8192];
    bool header = true;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (header || !line[0] || line[0] == '#') {
            header = false;
            continue;
        }
        char *cols[N_COLS];
        if (split(line, cols) != N_COLS) {
            t->bad_lines++;
            fprintf(stdout, "unreadable line: %s\n", line);
            continue;
        }
        t->cases++;
        t->passed += ask(s, cols, stdout, verbose);
    }
    fclose(f);
    return true;
}

int main(int argc, char **argv)
{
    bool verbose;
    const char *cases;
    struct snapshot *s = cases_start(argc, argv, RESTRICTD_SOURCE_DIR "/tests/law/cases.tsv",
                                     RESTRICTD_SOURCE_DIR "/deploy/rulings.json", &verbose, &cases);
    if (!s) return 2;
    struct tally t = {0};
    bool ok = run(s, cases, verbose, &t);
    snapshot_release(s);
    if (!ok) {
        fprintf(stderr, "%s: cannot read\n", cases);
        return 2;
    }
    printf("law cases %zu: %zu passed, %zu failed; unreadable lines %zu\n", t.cases, t.passed,
           t.cases - t.passed, t.bad_lines);
    return t.passed == t.cases && t.bad_lines == 0 ? 0 : 1;
}
