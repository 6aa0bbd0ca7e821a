/* The cost of a signed receipt, in process (docs/performance.md, "Receipts"): for a few
 * questions of the seed data, the time of the answer itself (check_answer) and of its
 * receipt: the answer put in RFC 8785 form (the snapshot's canonical pieces spliced in) and
 * hashed, the receipt's signed part written in canonical form and signed with Ed25519, as
 * the server does it (handlers/receipt_sign.c). Median of many runs, in nanoseconds of the
 * thread's CPU time (not wall time: a shared machine would count its other work), with the
 * load average before and after (other work still slows a run through shared caches).
 *   receipt_bench SEED.json [ROUNDS]                                                     */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/keyring.h"
#include "lib/timeutil.h"
#include "rulings/dataset.h"
#include "rulings/receipt.h"

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: the machine is shared */
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, by_value);
    return v[n / 2];
}

/* One question: the answer's median time and the receipt's, and the answer's size. */
static void bench(const struct snapshot *s, const struct signing_key *k, const char *name,
                  size_t rounds)
{
    struct check_request q = {.name = name,
                              .name_len = strlen(name),
                              .kind = -1,
                              .as_of = rd_now(),
                              .min_score = 0.85,
                              .limit = 5};
    double *answer_ns = calloc(rounds, sizeof *answer_ns);
    double *digest_ns = calloc(rounds, sizeof *digest_ns);
    double *receipt_ns = calloc(rounds, sizeof *receipt_ns);
    size_t bytes = 0;
    for (size_t i = 0; i < rounds; i++) {
        struct strbuf sb = {0}, r = {0};
        struct jw w;
        jw_init(&w, &sb);
        double t0 = now_ns();
        if (check_answer(s, &q, &w, NULL) != CHECK_OK) abort();
        double t1 = now_ns();
        char hex[RECEIPT_SHA256_HEX];
        struct rd_error err = {0};
        bool ok = receipt_digest_answer(s, sb.data, sb.len, hex, &err);
        double t_digest = now_ns();
        if (!ok || !receipt_write_for(&r, k, s, RECEIPT_CHECK, &q, false, hex, rd_now(), &err)) {
            fprintf(stderr, "%s\n", err.message);
            abort();
        }
        double t2 = now_ns();
        answer_ns[i] = t1 - t0, digest_ns[i] = t_digest - t1, receipt_ns[i] = t2 - t1;
        bytes = sb.len;
        sb_free(&sb);
        sb_free(&r);
    }
    printf("%-22s answer %6zu bytes: check_answer %8.0f ns; receipt %8.0f ns, of which the "
           "answer's digest %8.0f ns (median of %zu)\n",
           name, bytes, median(answer_ns, rounds), median(receipt_ns, rounds),
           median(digest_ns, rounds), rounds);
    free(answer_ns);
    free(digest_ns);
    free(receipt_ns);
}

static void print_load(const char *when)
{
    char line[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f && !fgets(line, sizeof line, f)) line[0] = '\0';
    if (f) fclose(f);
    printf("load average %s: %s", when, strchr(line, '\n') ? line : "?\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: receipt_bench SEED.json [ROUNDS]\n");
        return 2;
    }
    size_t rounds = argc > 2 ? (size_t)atol(argv[2]) : 2000;
    struct dataset ds;
    struct field_errors fe = {0};
    struct rd_error err = {0};
    if (!dataset_load_file(argv[1], &ds, &fe)) return 1;
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    char path[] = "/tmp/receipt-bench-XXXXXX";
    int fd = mkstemp(path);
    struct keyring *kr = NULL;
    if (!s || fd < 0 || !keys_init()) return 1;
    close(fd);
    unlink(path);
    if (!key_create(path, 0, (char[KEY_KID_BUFSZ]){0}, &err) || !keyring_load(path, &kr, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    unlink(path);
    const char *names[] = {"Kaspersky", "Huawei Technologies", "Zzyzx Nothing Ltd"};
    print_load("before");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        bench(s, keyring_active(kr, rd_now()), names[i], rounds);
    print_load("after");
    keyring_release(kr);
    snapshot_release(s);
    return 0;
}
