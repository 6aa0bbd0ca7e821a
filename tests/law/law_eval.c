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

/* The answer's rulings as the cases write them (tests/law/README.md): the ids in effect, "~id"
 * for one that applies conditionally, "?id" for one listed as uncertain; sorted, joined by
 * commas, into `buf`. */
static void ruling_ids(const json_t *answer, char *buf, size_t size)
{
    const json_t *rulings = json_object_get(answer, "rulings");
    const json_t *uncertain = json_object_get(answer, "uncertain");
    size_t nr = json_array_size(rulings), n = nr + json_array_size(uncertain);
    const char **ids = calloc(n + 1, sizeof *ids);
    char(*marked)[128] = calloc(n + 1, sizeof *marked);
    if (!ids || !marked) {
        free(ids);
        free(marked);
        snprintf(buf, size, "(out of memory)");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = i < nr ? json_array_get(rulings, i) : json_array_get(uncertain, i - nr);
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *mark = i >= nr                                           ? "?"
                           : json_is_true(json_object_get(r, "conditional")) ? "~"
                                                                             : "";
        snprintf(marked[i], sizeof marked[i], "%s%s", mark, id ? id : "?");
        ids[i] = marked[i];
    }
    for (size_t i = 1; i < n; i++) /* a handful: insertion sort */
        for (size_t j = i; j > 0 && ids[j - 1] && ids[j] && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            const char *t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used +=
            (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", ids[i] ? ids[i] : "?");
    free(ids);
    free(marked);
}

/* The expected list, sorted the same way (in place, in `buf`). */
static void sorted_list(const char *list, char *buf, size_t size)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", list);
    const char *items[128];
    size_t n = 0;
    for (char *save, *t = strtok_r(copy, ",", &save); t && n < 128; t = strtok_r(NULL, ",", &save))
        items[n++] = t;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
            const char *t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", items[i]);
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

static struct snapshot *load(const char *data)
{
    struct dataset ds;
    struct field_errors fe = {0};
    if (!dataset_load_file(data, &ds, &fe)) {
        fprintf(stderr, "%s: %s: %s\n", data, fe.count ? fe.items[0].field : "",
                fe.count ? fe.items[0].message : "cannot load");
        field_errors_free(&fe);
        return NULL;
    }
    field_errors_free(&fe);
    struct rd_error err = {0};
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    if (!s) fprintf(stderr, "snapshot: %s\n", err.message);
    return s;
}

int main(int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    int arg = verbose ? 2 : 1;
    const char *cases = arg < argc ? argv[arg++] : RESTRICTD_SOURCE_DIR "/tests/law/cases.tsv";
    const char *data = arg < argc ? argv[arg++] : RESTRICTD_SOURCE_DIR "/deploy/rulings.json";
    if (arg < argc) {
        fprintf(stderr, "usage: law_eval [-v] [cases.tsv [data-set.json]]\n");
        return 2;
    }
    struct snapshot *s = load(data);
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
