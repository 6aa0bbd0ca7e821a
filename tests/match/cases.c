/* Runs tests/match/cases.tsv through check_answer() and counts (tests/match/cases.h). */
#include "cases.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/check.h"
#include "match/match.h"
#include "rulings/dataset.h"
#include "rulings/model.h"
#include "lib/timeutil.h"

#define AS_OF "2024-10-01"

struct row {
    char *name, *kind, *expect, *verdict;
    bool known_miss; /* the note starts "known miss:" */
};

#define KNOWN_MISS "known miss:"

/* Splits a line into its first four tab-separated fields (the rest is a note). */
static bool split_row(char *line, struct row *r)
{
    char *f[4];
    char *p = line;
    for (int i = 0; i < 4; i++) {
        f[i] = p;
        p = strchr(p, '\t');
        if (!p) {
            if (i < 3) return false;
            break;
        }
        *p++ = '\0';
    }
    r->known_miss = p && strncmp(p, KNOWN_MISS, strlen(KNOWN_MISS)) == 0;
    r->name = f[0];
    r->kind = f[1];
    r->expect = f[2];
    r->verdict = f[3];
    return *r->name && *r->kind && *r->expect && *r->verdict;
}

/* Is `id` one of the "|"-separated ids in `list`? */
static bool listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, id, n) == 0) return true;
        if (!end) break;
        p = end + 1;
    }
    return false;
}

static json_t *answer(const struct snapshot *s, const struct row *r, int64_t as_of)
{
    struct check_request q = {
        .name = r->name,
        .name_len = strlen(r->name),
        .kind = strcmp(r->kind, "-") == 0 ? -1 : enum_parse(&SUBJECT_KINDS, r->kind),
        .as_of = as_of,
        .min_score = MATCH_DEFAULT_MIN_SCORE,
        .limit = 3,
    };
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    json_t *root = NULL;
    if (check_answer(s, &q, &w, NULL) == CHECK_OK && !sb.failed)
        root = json_loadb(sb.data, sb.len, 0, NULL);
    sb_free(&sb);
    return root;
}

static void count(struct cases_result *out, const struct row *r, const char *got)
{
    bool positive = strcmp(r->expect, "-") != 0;
    if (positive) {
        out->positives++;
        if (got && listed(r->expect, got))
            out->tp++;
        else if (got)
            out->fp++, out->fn++;
        else
            out->fn++;
    } else {
        out->negatives++;
        if (got)
            out->fp++;
        else
            out->tn++;
    }
}

/* One line per case: what came back (or the best near miss) and what was wanted. */
static void print_case(FILE *to, unsigned lineno, const struct row *r, json_t *a, bool failed)
{
    const char *mark = !failed         ? (r->known_miss ? "NOW " : "ok  ")
                       : r->known_miss ? "KNOWN"
                                       : "FAIL";
    json_t *m = json_object_get(a, "match");
    json_t *near = json_array_get(json_object_get(a, "candidates"), 0);
    json_t *shown = json_is_object(m) ? m : near;
    fprintf(to, "%s line %u: \"%s\" -> %s %s", mark, lineno, r->name,
            json_is_object(m) ? "" : "no match, nearest",
            shown ? json_string_value(json_object_get(shown, "id")) : "-");
    if (shown)
        fprintf(to, " (%.3f %s)", json_real_value(json_object_get(shown, "score")),
                json_string_value(json_object_get(shown, "method")));
    fprintf(to, " %s; want %s, %s\n", json_string_value(json_object_get(a, "verdict")), r->expect,
            r->verdict);
}

bool cases_run(const struct snapshot *s, const char *path, FILE *report, bool verbose,
               struct cases_result *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) return false;
    int64_t as_of;
    if (!rd_time_parse_as_of(AS_OF, &as_of, NULL)) {
        fclose(f);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned lineno = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        struct row r;
        if (!split_row(line, &r)) {
            out->bad_lines++;
            if (report)
                fprintf(report, "%s:%u: not name<TAB>kind<TAB>expect<TAB>verdict\n", path, lineno);
            continue;
        }
        out->cases++;
        json_t *a = answer(s, &r, as_of);
        json_t *m = a ? json_object_get(a, "match") : NULL;
        const char *got = json_string_value(json_object_get(m, "id"));
        const char *verdict = a ? json_string_value(json_object_get(a, "verdict")) : NULL;
        size_t errors_before = out->fp + out->fn;
        count(out, &r, got);
        bool verdict_ok = verdict && strcmp(verdict, r.verdict) == 0;
        if (!verdict_ok) out->verdict_errors++;
        bool failed = out->fp + out->fn != errors_before || !verdict_ok;
        if (failed && r.known_miss) out->known_misses++;
        if (failed && !r.known_miss) out->unexpected++;
        if (!failed && r.known_miss) out->fixed++;
        if (report && (failed || verbose || r.known_miss))
            print_case(report, lineno, &r, a, failed);
        json_decref(a);
    }
    free(line);
    fclose(f);
    out->precision = out->tp + out->fp ? (double)out->tp / (double)(out->tp + out->fp) : 1.0;
    out->recall = out->tp + out->fn ? (double)out->tp / (double)(out->tp + out->fn) : 1.0;
    return true;
}

struct snapshot *cases_start(int argc, char **argv, const char *default_cases,
                             const char *default_data, bool *verbose, const char **cases)
{
    int arg = 1;
    *verbose = arg < argc && strcmp(argv[arg], "-v") == 0;
    if (*verbose) arg++;
    *cases = arg < argc ? argv[arg++] : default_cases;
    const char *data = arg < argc ? argv[arg++] : default_data;
    if (arg < argc) {
        fprintf(stderr, "usage: %s [-v] [cases.tsv [data-set.json]]\n", argv[0]);
        return NULL;
    }
    return cases_load_snapshot(data);
}

struct snapshot *cases_load_snapshot(const char *data_path)
{
    struct dataset ds;
    struct field_errors fe = {0};
    if (!dataset_load_file(data_path, &ds, &fe)) {
        fprintf(stderr, "%s: %s: %s\n", data_path, fe.count ? fe.items[0].field : "",
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
