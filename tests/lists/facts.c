/* What converting the 2021 files must give (counted by hand from the files: see
 * tests/data/lists/README.md and docs/lists.md), and answers that need two lists at once. */
#include "facts.h"

#include <stdio.h>
#include <string.h>

#include "lib/timeutil.h"
#include "rulings/check.h"
#include "rulings/evaluate.h"

static size_t failed;

static void expect_count(const char *what, size_t got, size_t want)
{
    bool ok = got == want;
    printf("  %-58s %6zu%s\n", what, got, ok ? "" : "  FAILED");
    if (!ok) printf("    expected %zu\n", want);
    failed += !ok;
}

static size_t count_kind(const struct dataset *ds, enum subject_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_subjects; i++)
        n += ds->subjects[i].kind == k;
    return n;
}

/* Aliases of a weak kind (weak = true) or of any other. */
static size_t count_aliases(const struct dataset *ds, bool weak)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_aliases; i++)
        n += rd_alias_kind_weak(ds->aliases[i].kind) == weak;
    return n;
}

static const struct rd_ruling *ruling_of(const struct dataset *ds, const char *subject_id)
{
    for (size_t i = 0; i < ds->n_rulings; i++)
        if (strcmp(ds->rulings[i].subject_id, subject_id) == 0) return &ds->rulings[i];
    return NULL;
}

static void expect_instant(const char *what, const struct rd_ruling *r, bool until,
                           const char *want)
{
    char got[RD_TIME_BUFSZ] = "(none)";
    if (r && (!until || r->has_until))
        rd_time_format(until ? r->effective_until : r->effective_from, got, sizeof got);
    bool ok = strcmp(got, want) == 0;
    printf("  %-62s %s%s\n", what, got, ok ? "" : "  FAILED");
    if (!ok) printf("    expected %s\n", want);
    failed += !ok;
}

static void counts(struct converted sdn, struct converted cons, struct converted csl)
{
    expect_count("SDN entries (sdn.csv rows)", sdn.rep->entries, 8976);
    expect_count("SDN aliases (alt.csv rows less 6 repeats)", count_aliases(sdn.ds, false), 11904);
    /* Counted with Python's csv module: the "a.k.a. '...'" (f.k.a., n.k.a.) items of the
     * Remarks, less repeats within an entry and copies of its names, less the 2 that are
     * only a legal form ("PAT", "SE"), which are skipped and reported. */
    expect_count("SDN weak aliases (Remarks a.k.a. '...': 2,438 less 2)",
                 count_aliases(sdn.ds, true), 2436);
    expect_count("SDN aliases skipped (only a legal form)", sdn.rep->aliases_skipped, 2);
    expect_count("SDN people (SDN_Type individual)", count_kind(sdn.ds, SUBJECT_PERSON), 4620);
    expect_count("SDN vessels", count_kind(sdn.ds, SUBJECT_VESSEL), 406);
    expect_count("SDN aircraft", count_kind(sdn.ds, SUBJECT_AIRCRAFT), 277);
    expect_count("SDN entries skipped", sdn.rep->skipped, 0);
    expect_count("non-SDN entries (cons_prim.csv rows)", cons.rep->entries, 442);
    expect_count("non-SDN aliases (cons_alt.csv rows less 2 repeats)",
                 count_aliases(cons.ds, false), 1071);
    expect_count("non-SDN weak aliases (Remarks a.k.a. '...', counted the same way)",
                 count_aliases(cons.ds, true), 68);
    expect_count("CSL entities (115 rows, 5 of them further addresses)", csl.rep->entries, 110);
    expect_count("CSL rows merged", csl.rep->merged_rows, 5);
    expect_count("CSL sources (lists in the sample)", csl.rep->sources, 9);
    expect_count("CSL aliases", csl.rep->aliases, 161);
    expect_instant("CSL Denied Persons order of AL NASER WINGS AIRLINES from",
                   ruling_of(csl.ds, "csl-dpl-al-naser-wings-airlines-ae15a262"), false,
                   "2019-06-05T00:00:00Z");
    expect_instant("... until (through its end date 2019-12-03)",
                   ruling_of(csl.ds, "csl-dpl-al-naser-wings-airlines-ae15a262"), true,
                   "2019-12-04T00:00:00Z");
    expect_instant("SDN ruling from (--listed-since: no listing dates)",
                   ruling_of(sdn.ds, "ofac-sdn-306"), false, "2021-01-01T00:00:00Z");
}

/* One entity on two lists: the verdict comes from every subject tied at the top. */
static void expect_verdict(const struct snapshot *s, const char *name, const char *as_of,
                           const char *binds, enum verdict_kind want)
{
    struct check_request q = {.name = name,
                              .name_len = strlen(name),
                              .kind = -1,
                              .binds = binds,
                              .min_score = 0.85,
                              .no_coverage = true};
    struct check_summary sum = {0};
    bool ok = rd_time_parse_as_of(as_of, &q.as_of, NULL) &&
              check_answer(s, &q, NULL, &sum) == CHECK_OK && sum.verdict == (int)want;
    char what[160];
    snprintf(what, sizeof what, "%s (as of %s%s%s)", name, as_of, binds ? ", binds=" : "",
             binds ? binds : "");
    printf("  %-62s %s%s\n", what, enum_name(&VERDICTS, sum.verdict), ok ? "" : "  FAILED");
    if (!ok) printf("    expected %s\n", enum_name(&VERDICTS, (int)want));
    failed += !ok;
}

/* A weak alias finds its entry asked as written, and nothing of it finds it otherwise. */
static void expect_weak(const struct snapshot *s, const char *name, const char *subject, bool found)
{
    struct check_request q = {
        .name = name, .name_len = strlen(name), .kind = -1, .min_score = 0.85, .no_coverage = true};
    struct check_summary sum = {0};
    bool ok = check_answer(s, &q, NULL, &sum) == CHECK_OK;
    const char *got = ok && sum.matched ? s->subjects[sum.subject].rec->id : "(no match)";
    ok = ok && (strcmp(got, subject) == 0) == found;
    char what[160];
    snprintf(what, sizeof what, "%s %s %s", name, found ? "finds" : "does not find", subject);
    printf("  %-62s %s%s\n", what, got, ok ? "" : "  FAILED");
    failed += !ok;
}

size_t facts_check(const struct snapshot *s, struct converted sdn, struct converted cons,
                   struct converted csl)
{
    failed = 0;
    printf("\nfacts of the converted lists:\n");
    counts(sdn, cons, csl);
    printf("\nanswers (AL NASER WINGS: one entity on two lists, an expired denial order and a "
           "sanctions listing in force; then names of generic words asked as listed):\n");
    expect_verdict(s, "AL NASER WINGS AIRLINES", "2025-06-01", NULL, VERDICT_RESTRICTED);
    expect_verdict(s, "AL NASER WINGS AIRLINES", "2025-06-01", "us-persons", VERDICT_RESTRICTED);
    expect_verdict(s, "AL NASER WINGS AIRLINES", "2019-07-01", "exporters", VERDICT_RESTRICTED);
    expect_verdict(s, "BANK ROSSIYA", "2025-06-01", NULL, VERDICT_RESTRICTED);
    expect_verdict(s, "CENTRAL BANK OF IRAN", "2025-06-01", NULL, VERDICT_RESTRICTED);
    expect_verdict(s, "CHINA MOBILE LIMITED", "2025-06-01", NULL, VERDICT_RESTRICTED);
    printf("\nweak aliases (the vessel ARTAVIL, f.k.a. 'ALPHA' in its Remarks):\n");
    expect_weak(s, "ALPHA", "ofac-sdn-15036", true);
    expect_weak(s, "Alpha", "ofac-sdn-15036", true);
    expect_weak(s, "ALPHA SHIPPING", "ofac-sdn-15036", false);
    expect_weak(s, "ALPHAA", "ofac-sdn-15036", false);
    return failed + malformed_check();
}
