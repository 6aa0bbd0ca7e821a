/*
 * The in-process matching benchmark: loads a synthetic list made by
 * match_gen, times the snapshot build, single checks and a 100,000-name screen on one
 * thread, and prints the figures against the targets. How to run: tests/bench/match.sh
 * (a Release build; the figures go to docs/performance.md, "Matching").
 *
 *   match_bench LIST.json [-q queries] [-c checks] [-f NAMES.txt] [-s us]
 *
 * -f: the queries are the lines of NAMES.txt (a tab-separated line: its last field), repeated
 * up to `queries`, instead of drawn from the list; -s: the names whose normalise + match took
 * more than `us` microseconds of CPU are written to stderr (time TAB name): the slow tail.
 *
 * Queries are drawn from the list itself with a fixed seed: 35 % a listed name as
 * written, 10 % an alias, 20 % a variant of a listed name (one typo in a name word,
 * words swapped, legal form dropped, upper case), 35 % unrelated names from the same
 * word distributions (they share words with listed names, as real supplier names do).
 * A check is check_answer(): normalise, match, evaluate, render the JSON answer.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen_words.h"
#include "rulings/check.h"
#include "rulings/dataset.h"
#include "rulings/evaluate.h"
#include "match/match.h"
#include "match/match_index.h"
#include "lib/timeutil.h"

enum qtype { Q_NAME, Q_ALIAS, Q_VARIANT, Q_UNRELATED, Q_TYPES };
static const char *const qtype_names[] = {"listed name", "alias", "variant", "unrelated"};

struct query {
    char text[GEN_MAX];
    enum qtype type;
    uint32_t subject; /* expected, for names, aliases and variants */
};

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* CPU time of this thread: on a shared machine, what the work cost rather than how
 * long it waited for a core. */
static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One random edit at a position past the first letter of the longest word. */
static void typo(struct gen *g, char *s)
{
    size_t best = 0, best_len = 0, i = 0, n = strlen(s);
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t st = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i - st > best_len) best = st, best_len = i - st;
    }
    if (best_len < 5) return;
    size_t at = best + 1 + gen_next(g) % (best_len - 2);
    switch (gen_next(g) % 4) {
    case 0:
        s[at] = (char)('a' + gen_next(g) % 26);
        break;
    case 1:
        memmove(s + at, s + at + 1, n - at);
        break;
    case 2:
        if (n + 2 < GEN_MAX) {
            memmove(s + at + 1, s + at, n - at + 1);
            s[at] = (char)('a' + gen_next(g) % 26);
        }
        break;
    default: {
        char c = s[at];
        s[at] = s[at + 1];
        s[at + 1] = c;
    }
    }
}

static void make_variant(struct gen *g, const char *name, char *out)
{
    snprintf(out, GEN_MAX, "%s", name);
    switch (gen_next(g) % 4) {
    case 0:
        typo(g, out);
        break;
    case 1: { /* swap the first two words */
        char *sp = strchr(out, ' ');
        if (!sp) break;
        char tmp[GEN_MAX];
        snprintf(tmp, sizeof tmp, "%s %.*s", sp + 1, (int)(sp - out), out);
        snprintf(out, GEN_MAX, "%s", tmp);
        break;
    }
    case 2: { /* drop the last word (often the legal form) */
        char *sp = strrchr(out, ' ');
        if (sp) *sp = '\0';
        break;
    }
    default:
        for (char *p = out; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    }
}

static struct query *make_queries(const struct snapshot *s, size_t n)
{
    struct query *q = calloc(n, sizeof *q);
    struct gen g;
    if (!q || !gen_init(&g, 424242)) {
        free(q);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        double u = gen_uniform(&g);
        uint32_t sub = (uint32_t)(gen_next(&g) % s->n_subjects);
        const struct snap_subject *ss = &s->subjects[sub];
        q[i].subject = sub;
        if (u < 0.35) {
            q[i].type = Q_NAME;
            snprintf(q[i].text, GEN_MAX, "%s", ss->rec->name);
        } else if (u < 0.45 && ss->n_aliases > 1) {
            q[i].type = Q_ALIAS;
            const struct snap_alias *a =
                &s->aliases[ss->aliases[1 + gen_next(&g) % (ss->n_aliases - 1)]];
            snprintf(q[i].text, GEN_MAX, "%s", a->text);
        } else if (u < 0.65) {
            q[i].type = Q_VARIANT;
            make_variant(&g, ss->rec->name, q[i].text);
        } else {
            q[i].type = Q_UNRELATED;
            struct gen_name parts;
            gen_org(&g, &parts);
            gen_render(&parts, q[i].text, GEN_MAX);
        }
    }
    gen_free(&g);
    return q;
}

/* One check_answer into `sb`; the summary says whether and how it matched. */
static bool check(const struct snapshot *s, const char *name, int64_t as_of, struct strbuf *sb,
                  struct check_summary *sum)
{
    struct check_request r = {.name = name,
                              .name_len = strlen(name),
                              .kind = -1,
                              .as_of = as_of,
                              .min_score = MATCH_DEFAULT_MIN_SCORE,
                              .limit = CHECK_DEFAULT_CANDIDATES};
    struct jw w;
    sb_reset(sb);
    jw_init(&w, sb);
    return check_answer(s, &r, &w, sum) == CHECK_OK;
}

/* Loads and builds the list, printing the sizes and the times; NULL on failure. */
static struct snapshot *load(const char *path)
{
    double t0 = now_ns(), c0 = cpu_ns();
    struct dataset ds;
    struct field_errors fe = {0};
    if (!dataset_load_file(path, &ds, &fe)) {
        fprintf(stderr, "%s: %s %s\n", path, fe.count ? fe.items[0].field : "",
                fe.count ? fe.items[0].message : "cannot load");
        return NULL;
    }
    field_errors_free(&fe);
    double t1 = now_ns(), c1 = cpu_ns();
    size_t n_names = ds.n_subjects, n_aliases = ds.n_aliases;
    struct rd_error err = {0};
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    double t2 = now_ns(), c2 = cpu_ns();
    if (!s) {
        fprintf(stderr, "snapshot: %s\n", err.message);
        return NULL;
    }
    const struct match_index *ix = s->match_index;
    printf("list: %zu subjects, %zu aliases; %zu distinct tokens, %zu skeletons, %zu deletion "
           "hashes; snapshot %.1f MiB + match index %.1f MiB\n",
           n_names, n_aliases, ix->n_tokens, ix->n_skels, ix->n_dels,
           (double)snapshot_memory(s) / 1048576.0,
           (double)match_index_memory(s->match_index) / 1048576.0);
    printf("data set read and validated (JSON): %.1f ms wall, %.1f ms CPU\n", (t1 - t0) / 1e6,
           (c1 - c0) / 1e6);
    printf("snapshot build (normalise + index, %zu names): %.1f ms wall, %.1f ms CPU"
           "   target < 1000 ms\n",
           n_names, (t2 - t1) / 1e6, (c2 - c1) / 1e6);
    return s;
}

static double slow_us; /* -s: names slower than this are written to stderr */

/* The queries from a file, one a line (the last tab-separated field), repeated to fill q. */
static bool read_queries(const char *path, struct query *q, size_t nq)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return false;
    }
    char line[GEN_MAX];
    size_t k = 0;
    while (k < nq && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        const char *tab = strrchr(line, '\t');
        snprintf(q[k].text, sizeof q[k].text, "%s", tab ? tab + 1 : line);
        q[k].type = Q_UNRELATED;
        k += q[k].text[0] != 0;
    }
    fclose(f);
    for (size_t i = k; k && i < nq; i++)
        q[i] = q[i % k];
    return k > 0;
}

/* Normalise + match again, each timed by this thread's CPU clock: on a shared machine the
 * wall-clock p99 measures waiting for a core as much as the work. */
static void time_matching_cpu(const struct snapshot *s, const struct query *q, size_t nc,
                              double *lat)
{
    for (size_t i = 0; i < nc; i++) {
        static struct norm_name nn;
        struct match_hit hits[CHECK_DEFAULT_CANDIDATES + 1];
        double a = cpu_ns();
        if (normalize_name(q[i].text, strlen(q[i].text), &nn) == NORM_OK) {
            struct match_query mq = {&nn, -1, MATCH_NEAR_MISS_SCORE};
            (void)match_find(s->match_index, &mq, hits, CHECK_DEFAULT_CANDIDATES + 1);
        }
        lat[i] = cpu_ns() - a;
        if (slow_us > 0 && lat[i] > slow_us * 1e3)
            fprintf(stderr, "%.1f\t%s\n", lat[i] / 1e3, q[i].text);
    }
    qsort(lat, nc, sizeof *lat, cmp_double);
    printf("    normalise + match, thread CPU time: median %.1f us, p99 %.1f us\n",
           lat[nc / 2] / 1e3, lat[nc * 99 / 100] / 1e3);
}

/* Single checks, timed one by one (after a warm-up), then matching alone (normalise +
 * match_find) for the split of the cost. `lat` holds nc figures. */
static void time_checks(const struct snapshot *s, const struct query *q, size_t nq, size_t nc,
                        int64_t as_of, double *lat, struct strbuf *sb)
{
    struct check_summary sum;
    /* Warm up caches and the thread's working memory. */
    for (size_t i = 0; i < 2000 && i < nq; i++)
        (void)check(s, q[i].text, as_of, sb, &sum);
    for (size_t i = 0; i < nc; i++) {
        double a = now_ns();
        bool ok = check(s, q[i].text, as_of, sb, &sum);
        lat[i] = now_ns() - a;
        if (!ok) fprintf(stderr, "check failed: %s\n", q[i].text);
    }
    qsort(lat, nc, sizeof *lat, cmp_double);
    printf("single check (check_answer, JSON included), %zu queries:\n"
           "    median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us   target median < 50 us\n",
           nc, lat[nc / 2] / 1e3, lat[nc * 9 / 10] / 1e3, lat[nc * 99 / 100] / 1e3,
           lat[nc - 1] / 1e3);
    for (size_t i = 0; i < nc; i++) {
        static struct norm_name nn;
        struct match_hit hits[CHECK_DEFAULT_CANDIDATES + 1];
        double a = now_ns();
        if (normalize_name(q[i].text, strlen(q[i].text), &nn) == NORM_OK) {
            struct match_query mq = {&nn, -1, MATCH_NEAR_MISS_SCORE};
            (void)match_find(s->match_index, &mq, hits, CHECK_DEFAULT_CANDIDATES + 1);
        }
        lat[i] = now_ns() - a;
    }
    qsort(lat, nc, sizeof *lat, cmp_double);
    printf("    of which normalise + match: median %.1f us, p99 %.1f us\n", lat[nc / 2] / 1e3,
           lat[nc * 99 / 100] / 1e3);
    time_matching_cpu(s, q, nc, lat);
}

/* Quality on the synthetic queries (not timed): the expected subject, or one with the same
 * name (the list may hold a name twice), first. Counts by query type into right[]. */
static void count_right(const struct snapshot *s, const struct query *q, size_t nq,
                        size_t right[Q_TYPES])
{
    for (size_t i = 0; i < nq; i++) {
        static struct norm_name nn;
        struct match_hit hit;
        if (normalize_name(q[i].text, strlen(q[i].text), &nn) != NORM_OK) continue;
        struct match_query mq = {&nn, -1, MATCH_DEFAULT_MIN_SCORE};
        if (match_find(s->match_index, &mq, &hit, 1) == 0) continue;
        const struct snap_subject *want = &s->subjects[q[i].subject];
        right[q[i].type] += hit.subject == q[i].subject ||
                            strcmp(s->names[hit.alias].norm, s->names[want->aliases[0]].norm) == 0;
    }
}

/* Every query checked on one thread, timed; then what was matched and what was right. */
static void screen_all(const struct snapshot *s, const struct query *q, size_t nq, int64_t as_of,
                       const size_t right[Q_TYPES], struct strbuf *sb)
{
    struct check_summary sum;
    size_t found[Q_TYPES] = {0}, total[Q_TYPES] = {0}, restricted = 0;
    double a = now_ns(), ca = cpu_ns();
    for (size_t i = 0; i < nq; i++) {
        if (!check(s, q[i].text, as_of, sb, &sum)) continue;
        total[q[i].type]++;
        if (sum.verdict != VERDICT_NO_MATCH) found[q[i].type]++;
        restricted += sum.verdict == VERDICT_RESTRICTED;
    }
    double screen = (now_ns() - a) / 1e9, screen_cpu = (cpu_ns() - ca) / 1e9;
    printf("screen %zu names on one thread: %.2f s wall (%.0f names/s), %.2f s CPU "
           "(%.1f us a name)   target < 5 s\n",
           nq, screen, (double)nq / screen, screen_cpu, screen_cpu * 1e6 / (double)nq);
    printf("answers: %zu restricted; matched (any subject):", restricted);
    for (int t = 0; t < Q_TYPES; t++)
        printf(" %s %zu/%zu%s", qtype_names[t], found[t], total[t], t + 1 < Q_TYPES ? "," : "\n");
    printf("found as the subject they came from:");
    for (int t = 0; t < Q_UNRELATED; t++)
        printf(" %s %.1f %%%s", qtype_names[t], 100.0 * (double)right[t] / (double)total[t],
               t + 1 < Q_UNRELATED ? "," : "\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: match_bench LIST.json [-q queries] [-c checks] [-f NAMES.txt] "
                        "[-s us]\n");
        return 2;
    }
    size_t nq = 100000, nc = 20000;
    const char *names = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-q") == 0) nq = strtoul(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "-c") == 0) nc = strtoul(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "-f") == 0) names = argv[i + 1];
        if (strcmp(argv[i], "-s") == 0) slow_us = strtod(argv[i + 1], NULL);
    }
    if (nq == 0 || nc == 0 || nc > nq) nc = nq ? nq : 1;
    struct snapshot *s = load(argv[1]);
    if (!s) return 1;
    struct query *q = make_queries(s, nq);
    if (q && names && !read_queries(names, q, nq)) return 1;
    double *lat = malloc(nc * sizeof *lat);
    if (!q || !lat) return 1;
    int64_t as_of = rd_now();
    struct strbuf sb = {0};
    time_checks(s, q, nq, nc, as_of, lat, &sb);
    size_t right[Q_TYPES] = {0};
    count_right(s, q, nq, right);
    screen_all(s, q, nq, as_of, right, &sb);
    sb_free(&sb);
    free(lat);
    free(q);
    snapshot_release(s);
    return 0;
}
