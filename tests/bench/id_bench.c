/*
 * The identifier look-up, in process: what identifying one component costs on top of its
 * check. Loads the seed (deploy/rulings.json), then for a mix of what SBOMs and inventories
 * report (CPEs with versions, purls, bundle ids, publishers; a third of them known to the seed,
 * the rest not) times identifier_normalize + identifier_lookup, which is what
 * handlers/screen_product.c does per field. How to run: tests/bench/sbom.sh (Release build;
 * the figures go to docs/performance.md, "Software and SBOMs").
 *
 *   id_bench SEED.json [iterations]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rulings/dataset.h"
#include "rulings/identifier_lookup.h"

static const char *const reported[] = {
    "cpe:2.3:a:kaspersky:anti-virus:21.3.10.391:*:*:*:*:*:*:*",
    "cpe:2.3:a:kaspersky:endpoint_security:11.0:*:*:*:*:*:*:*",
    "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
    "cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*",
    "cpe:2.3:o:huawei:hg532_firmware:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:mozilla:firefox:133.0:*:*:*:*:*:*:*",
    "pkg:composer/laravel/framework@7.12.0",
    "pkg:npm/%40angular/core@16.0.0",
    "pkg:maven/org.apache.logging.log4j/log4j-api@2.17.1",
    "bundle-id:com.kaspersky.kav.core",
    "bundle-id:com.apple.Safari",
    "android-package:com.zhiliaoapp.musically",
    "publisher:AO Kaspersky Lab",
    "publisher:Microsoft Corporation",
    "publisher:Igor Pavlov",
};
#define N_REPORTED (sizeof reported / sizeof *reported)

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: id_bench SEED.json [iterations]\n");
        return 2;
    }
    long iterations = argc > 2 ? atol(argv[2]) : 1000000;
    struct dataset ds;
    struct field_errors fe = {0};
    struct rd_error err = {0};
    if (!dataset_load_file(argv[1], &ds, &fe)) {
        fprintf(stderr, "%s: cannot load\n", argv[1]);
        return 1;
    }
    field_errors_free(&fe);
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    if (!s) {
        fprintf(stderr, "snapshot: %s\n", err.message);
        return 1;
    }
    size_t found = 0, lens[N_REPORTED];
    double per_kind[N_REPORTED] = {0};
    for (size_t i = 0; i < N_REPORTED; i++)
        lens[i] = strlen(reported[i]);
    double t0 = now_ns(), normalise = 0;
    for (long k = 0; k < iterations; k++) {
        size_t i = (size_t)k % N_REPORTED;
        char norm[IDENTIFIER_MAX], key[IDENTIFIER_MAX];
        const char *why;
        double a = now_ns();
        bool ok = identifier_normalize(reported[i], lens[i], norm, &why);
        normalise += now_ns() - a;
        uint32_t sub;
        if (ok && identifier_lookup(s, norm, &sub, 1, key)) found++;
        per_kind[i] += now_ns() - a;
    }
    double total = now_ns() - t0;
    printf("identifier look-ups: %ld (%zu kinds of report, %zu found), %.0f ns each "
           "(normalise %.0f ns, look-up with widening %.0f ns; clock reads included)\n",
           iterations, (size_t)N_REPORTED, found, total / (double)iterations,
           normalise / (double)iterations, (total - normalise) / (double)iterations);
    for (size_t i = 0; i < N_REPORTED; i++)
        printf("  %5.0f ns  %s\n", per_kind[i] / (double)(iterations / (long)N_REPORTED),
               reported[i]);
    snapshot_release(s);
    return 0;
}
