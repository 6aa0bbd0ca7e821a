#ifndef TESTS_UNIT_FIXTURES_H
#define TESTS_UNIT_FIXTURES_H
/*
 * Shared helpers for the unit tests: small data sets built in code, the seed data
 * set (deploy/rulings.json), verdict look-ups, and check answers parsed back with
 * jansson. Every helper asserts (Criterion) instead of returning an error.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rulings/check.h"
#include "rulings/dataset.h"
#include "rulings/evaluate.h"
#include "rulings/snapshot.h"

#define FX_SEED_PATH RESTRICTD_SOURCE_DIR "/deploy/rulings.json"

/* An RFC 3339 instant that must parse. */
int64_t fx_t(const char *rfc3339);

/* Starts an empty data set with room for `cap` records of each kind. */
void fx_begin(struct dataset *ds, size_t cap);
/* Adds records; strings are copied into the data set's arena, NULL stays NULL. */
struct rd_source *fx_source(struct dataset *ds, const char *id, const char *jurisdiction);
struct rd_subject *fx_subject(struct dataset *ds, const char *id, enum subject_kind kind,
                              const char *name, const char *parent, enum relation relation);
struct rd_alias *fx_alias(struct dataset *ds, const char *subject, const char *alias,
                          enum alias_kind kind);
/* `until` NULL = open-ended; `from`/`until` are RFC 3339 instants. */
struct rd_ruling *fx_ruling(struct dataset *ds, const char *id, const char *subject,
                            const char *source, enum ruling_status status, const char *binds,
                            const char *from, const char *until, bool extends);
/* A small data set as tables (the fields of fx_source, fx_subject, fx_alias, fx_ruling). */
struct fx_source_row {
    const char *id, *jurisdiction;
};
struct fx_subject_row {
    const char *id;
    enum subject_kind kind;
    const char *name, *parent;
    enum relation relation;
};
struct fx_alias_row {
    const char *subject, *alias;
    enum alias_kind kind;
};
struct fx_ruling_row {
    const char *id, *subject, *source;
    enum ruling_status status;
    const char *binds, *from, *until;
    bool extends;
};
struct fx_tables {
    struct {
        const struct fx_source_row *rows;
        size_t n;
    } sources;
    struct {
        const struct fx_subject_row *rows;
        size_t n;
    } subjects;
    struct {
        const struct fx_alias_row *rows;
        size_t n;
    } aliases;
    struct {
        const struct fx_ruling_row *rows;
        size_t n;
    } rulings;
    struct {
        const char *const *rows;
        size_t n;
    } uncertain; /* the ids of the rulings whose certainty is unknown */
};
/* One member of struct fx_tables from a static array: .subjects = FX_LIST(subjects). */
#define FX_LIST(table)                                                                             \
    {                                                                                              \
        (table), sizeof(table) / sizeof *(table)                                                   \
    }

/* Builds the snapshot (revision 7) of the records in `t`; release with snapshot_release. */
struct snapshot *fx_build_tables(const struct fx_tables *t);

/* Builds the snapshot (revision 7), taking the data set; release with snapshot_release. */
struct snapshot *fx_build(struct dataset *ds);
/* A snapshot of a data set written as JSON text (the rulings file format); fails the test
 * when the text is not a valid data set. */
struct snapshot *fx_build_json(const char *text);

/* Defines `snap`, the snapshot a test file's suites read, and their .init (setup: `snap`
 * = build) and .fini (teardown: released). Each test runs in its own process. */
#define FX_SUITE_SNAPSHOT(build)                                                                   \
    static struct snapshot *snap;                                                                  \
    static void setup(void)                                                                        \
    {                                                                                              \
        snap = (build);                                                                            \
    }                                                                                              \
    static void teardown(void)                                                                     \
    {                                                                                              \
        snapshot_release(snap);                                                                    \
        snap = NULL;                                                                               \
    }

/* The seed data set, loaded and built (revision 1). */
struct snapshot *fx_seed(void);

/* Evaluates the subject with id `subject` at `as_of` (RFC 3339); filters may be NULL.
 * Free `out` with verdict_free. */
void fx_eval(const struct snapshot *s, const char *subject, const char *as_of,
             const char *jurisdiction, const char *binds, struct verdict *out);
/* The applied ruling with id `ruling` in v[0..n), or NULL. */
const struct applied *fx_find(const struct snapshot *s, const struct applied *v, size_t n,
                              const char *ruling);

/* Runs check_answer with the defaults of /v1/check and parses the output; the caller
 * json_decref()s the result. `as_of` is an instant or a bare date (end of that day,
 * as the API reads it); filters may be NULL. */
json_t *fx_check(const struct snapshot *s, const char *name, const char *as_of,
                 const char *jurisdiction, const char *binds, struct check_summary *summary);

/* The object in array `a` whose member "id" is `id`, or NULL. */
json_t *fx_by_id(json_t *a, const char *id);

/* The id of the subject `name` finds first in s's match index at or above the default
 * threshold, or NULL; its score in *score (when not NULL). */
const char *fx_best_match(const struct snapshot *s, const char *name, double *score);
/* Expects `name` to find subject `id` first, or nothing when `id` is NULL. */
void fx_expect_best(const struct snapshot *s, const char *name, const char *id);

#endif
