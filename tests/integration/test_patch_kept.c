/* A past data set patched from the records of a past revision kept in memory (db/past_patch.h,
 * struct patch_base), not the current ones: the tables' records read whole, on either side of
 * the kept revision; and never across a change the span's keys cannot follow (a subject created
 * or revoked between the two: its children's, aliases' and rulings' rows change with it), where
 * the current data set still patches it. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "db/conn.h"
#include "db/load.h"
#include "db/past_patch.h"
#include "harness.h"

struct db {
    char *url;
    PGconn *c;
};

static struct db open_db(const char *tag)
{
    struct db d = {db_create(tag), NULL};
    d.c = PQconnectdb(d.url);
    cr_assert_eq(PQstatus(d.c), CONNECTION_OK, "%s", PQerrorMessage(d.c));
    return d;
}

static void close_db(struct db *d)
{
    PQfinish(d->c);
    free(d->url);
}

/* Runs `sql` (one write) and returns the revision after it. */
static int64_t write(const struct db *d, const char *sql)
{
    cr_assert(db_run(d->url, sql), "%s", sql);
    int64_t rev;
    struct rd_error err = {0};
    cr_assert(db_revision(d->c, &rev, &err), "%s", err.message);
    return rev;
}

static struct dataset read_at(const struct db *d, int64_t rev)
{
    struct dataset ds;
    struct rd_error err = {0};
    cr_assert(db_load_dataset_at(d->c, rev, PAST_ROLLBACK, &ds, &err), "%s", err.message);
    cr_assert(ds.in_key_order, "revision %lld read in key order", (long long)rev);
    return ds;
}

/* Revision `rev` patched from `base` (at base_rev; kept unless `current`). */
static enum patch_result patch(const struct db *d, int64_t rev, const struct dataset *base,
                               int64_t base_rev, bool current, struct dataset *out)
{
    struct patch_base b = {base, base_rev, current};
    struct rd_error err = {0};
    enum patch_result r = db_patch_dataset(d->c, rev, &b, 5000, out, &err);
    cr_assert_neq(r, PATCH_FAILED, "%s", err.message);
    return r;
}

static void expect_as_read(const struct db *d, int64_t rev, const struct dataset *base,
                           int64_t base_rev, bool current)
{
    struct dataset patched, read = read_at(d, rev);
    cr_assert_eq(patch(d, rev, base, base_rev, current, &patched), PATCH_DONE,
                 "revision %lld from %lld", (long long)rev, (long long)base_rev);
    cr_expect(patched.in_key_order);
    cr_expect(db_dataset_same(&patched, &read), "revision %lld patched from %lld differs",
              (long long)rev, (long long)base_rev);
    dataset_free(&patched);
    dataset_free(&read);
}

Test(patch_kept, either_side_of_a_kept_revision_as_the_tables_say, .timeout = 120)
{
    struct db d = open_db("patch_kept");
    int64_t rev[6];
    struct rd_error err = {0};
    cr_assert(db_revision(d.c, &rev[0], &err), "%s", err.message);
    rev[1] = write(&d, "UPDATE sources SET summary = 'edited' WHERE id = (SELECT min(id) FROM"
                       " sources)");
    rev[2] = write(&d, "UPDATE rulings SET note = 'edited' WHERE id = (SELECT min(id) FROM"
                       " rulings)");
    rev[3] = write(&d, "UPDATE aliases SET alias = alias || ' Renamed' WHERE id = (SELECT"
                       " min(id) FROM aliases)");
    rev[4] = write(&d, "UPDATE subjects SET note = 'edited' WHERE id = 'kaspersky-labs-limited'");
    /* a ruling moved to another source: both sources' rule-set instants change */
    rev[5] = write(&d, "UPDATE rulings SET source_id = 'us-ofac-jy2420' WHERE id = (SELECT"
                       " max(id) FROM rulings WHERE source_id <> 'us-ofac-jy2420')");
    struct dataset kept = read_at(&d, rev[2]), last = read_at(&d, rev[5]);
    for (int i = 0; i < 6; i++) {
        if (i != 2) expect_as_read(&d, rev[i], &kept, rev[2], false); /* both ways */
        if (i != 5) expect_as_read(&d, rev[i], &last, rev[5], false);
    }
    /* a patched data set is a base in turn */
    struct dataset patched;
    cr_assert_eq(patch(&d, rev[3], &kept, rev[2], false, &patched), PATCH_DONE);
    expect_as_read(&d, rev[0], &patched, rev[3], false);
    dataset_free(&patched);
    dataset_free(&kept);
    dataset_free(&last);
    close_db(&d);
}

Test(patch_kept, not_across_a_subject_revoked_or_created, .timeout = 120)
{
    struct db d = open_db("patch_kept_guard");
    int64_t before, revoked, restored, created;
    struct rd_error err = {0};
    cr_assert(db_revision(d.c, &before, &err), "%s", err.message);
    /* a parent revoked: its children's rows lose their parent, though no change names them */
    revoked =
        write(&d, "UPDATE subjects SET revoked_at = now() WHERE id = 'kaspersky-labs-limited'");
    restored =
        write(&d, "UPDATE subjects SET revoked_at = NULL WHERE id = 'kaspersky-labs-limited'");
    created =
        write(&d, "INSERT INTO subjects (id, kind, name) VALUES ('patch-kept-new', 'organization',"
                  " 'Patch Kept New Ltd')");
    struct dataset at_revoked = read_at(&d, revoked), at_created = read_at(&d, created), out;
    cr_expect_eq(patch(&d, before, &at_revoked, revoked, false, &out), PATCH_UNSURE,
                 "not from a kept revision across a revocation");
    cr_expect_eq(patch(&d, restored, &at_created, created, false, &out), PATCH_UNSURE,
                 "nor across a subject created");
    expect_as_read(&d, restored, &at_created, created, true); /* the current data set does */
    expect_as_read(&d, before, &at_created, created, true);
    dataset_free(&at_revoked);
    dataset_free(&at_created);
    close_db(&d);
}
