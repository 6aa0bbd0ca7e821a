#ifndef DB_SEED_H
#define DB_SEED_H
/*
 * Writes a validated data set into PostgreSQL: every record is inserted, or updated
 * (and restored if it was revoked) when it differs from what is stored; identical
 * records are left untouched, so loading the same set twice changes nothing. Records
 * the set does not mention are kept, or revoked with `prune`. The one write path of
 * `restrictd seed` and of the admin import (db/import.h).
 */
#include <libpq-fe.h>

#include "rulings/dataset.h"
#include "lib/error.h"

struct seed_counts {
    int created, updated, unchanged, revoked;
};

/* One row of `changes` a load wrote (or, in a dry run, would write). */
struct seed_change {
    long long revision;
    char action[8]; /* create, update, revoke, restore */
    char entity[8]; /* source, subject, alias, ruling */
    char *id;       /* entity id (an alias's row id) */
    char *fields;   /* for updates: the fields that differ, comma-separated ("quote,note") */
};

#define SEED_MAX_LISTED 1000 /* changes listed one by one; the rest are only counted */

struct seed_report {
    struct seed_counts sources, subjects, aliases, rulings;
    long long revision_before;   /* data revision before the load */
    long long revision;          /* data revision after the load */
    struct seed_change *changes; /* when asked for (list_changes), by revision */
    size_t n_changes;            /* listed */
    size_t changes_total;        /* written */
};

/* Further writes of the same load, after the records are written and before the changes
 * are counted and listed (so that the report covers them). */
typedef bool seed_step_fn(PGconn *c, void *ctx, struct seed_report *report, struct rd_error *err);

struct seed_options {
    bool prune;         /* revoke live records the set does not hold */
    bool list_changes;  /* fill report->changes */
    seed_step_fn *then; /* may be NULL */
    void *then_ctx;
};

/* `actor` is recorded in the audit trail (e.g. "seed:deploy/rulings.json"). Opens and
 * commits its own transaction; on failure nothing is written and `err` names the record. */
bool db_seed(PGconn *c, const struct dataset *ds, const char *actor, struct seed_report *report,
             struct rd_error *err) RD_MUST_CHECK;

/* The writes alone, inside a writer transaction the caller opened (BEGIN, the writers'
 * lock, restrictd.actor) and commits or rolls back. Free the report with
 * seed_report_free() whatever the result. */
bool db_seed_write(PGconn *c, const struct dataset *ds, const struct seed_options *opt,
                   struct seed_report *report, struct rd_error *err) RD_MUST_CHECK;

void seed_report_free(struct seed_report *report);

/* The keys of the records of kind k in `ds` as a JSON array, for SQL to test membership
 * with jsonb_array_elements: ids, or [subject_id, alias] pairs for aliases. The caller
 * checks sb->failed. */
struct strbuf;
void seed_keys_json(const struct dataset *ds, enum record_kind k, struct strbuf *sb);

/* One kind's counts as the member `key`: {created, updated, unchanged, revoked}. */
struct jw;
void seed_counts_json(struct jw *w, const char *key, const struct seed_counts *c);

/* In a dry run's writer transaction, before it rolls back: gives back the revision numbers
 * its writes drew after `start` (the revision when it took the writers' lock: a report's
 * revision_before), so that a dry run leaves no gap in the revisions (migration 0007). */
bool db_give_back_revisions(PGconn *c, long long start, struct rd_error *err) RD_MUST_CHECK;

#endif
