#ifndef DB_LIST_IMPORT_H
#define DB_LIST_IMPORT_H
/*
 * Importing a published list (rulings/list_formats.h) as the whole truth about the sources
 * it owns, in one writer transaction:
 *   - its entries are written through the one write path (db/seed.h): new ones created,
 *     changed ones updated, identical ones left alone (a re-import changes nothing);
 *   - a ruling in force before whose entry the list no longer holds has *ended*: its
 *     effective_until becomes the list's publication instant (the history stays: asked as of
 *     an earlier date, it still answers); an alias the list no longer gives its entry is
 *     revoked; subjects are kept;
 *   - a list that would end more than `max_end_share` of the rulings in force (a truncated
 *     download looks like that) is refused, nothing written, unless forced;
 *   - a list that gives no listing dates keeps the start of every ruling already in force,
 *     so that importing a newer copy never moves a listing forwards.
 * Each import, written or refused, leaves a row in list_imports (migration 0007), which
 * GET /v1/sources shows. A dry run does every write, reports, and rolls back, giving back
 * the revision numbers it drew.
 */
#include <libpq-fe.h>

#include "db/pool.h"
#include "db/seed.h"
#include "rulings/exact_only.h"
#include "rulings/list_formats.h"

#define LIST_IMPORT_MAX_END_SHARE 0.10

struct list_import_options {
    const struct list_format *format;
    const char *path;  /* the directory or file the format reads */
    int64_t published; /* the list copy's publication instant */
    bool dry_run;
    bool force;           /* import even when it would end more than max_end_share */
    double max_end_share; /* 0..1 */
};

struct list_import_report {
    struct list_report list;      /* what the conversion read and skipped */
    struct seed_report seed;      /* what the writes did (aliases.revoked: aliases dropped) */
    size_t in_force_before;       /* the list's rulings in force before the import */
    size_t ended;                 /* of those, ended: no longer on the list */
    struct exact_only exact_only; /* names only an exact question finds (rulings/exact_only.h) */
    double seconds;
};

enum list_import_status {
    LIST_IMPORT_OK,          /* written (or, in a dry run, tried and rolled back) */
    LIST_IMPORT_UNREADABLE,  /* a file is missing or cannot be parsed: nothing written */
    LIST_IMPORT_MASS_END,    /* would end more than max_end_share: refused, nothing written */
    LIST_IMPORT_REFUSED,     /* PostgreSQL refused a record: nothing written */
    LIST_IMPORT_UNAVAILABLE, /* PostgreSQL cannot be reached */
    LIST_IMPORT_FAILED,
};

/* On an open connection (the `restrictd import` command). */
enum list_import_status db_list_import(PGconn *c, const char *actor,
                                       const struct list_import_options *opt,
                                       struct list_import_report *report, struct rd_error *err);
/* On a pooled connection (the admin API). */
enum list_import_status db_list_import_pooled(struct db_pool *pool, const char *actor,
                                              const struct list_import_options *opt,
                                              struct list_import_report *report,
                                              struct rd_error *err);

void list_import_report_free(struct list_import_report *report);

/* The counts of a report as one JSON object (what list_imports.counts holds). */
struct jw;
void list_import_counts_json(struct jw *w, const struct list_import_report *report);

#endif
