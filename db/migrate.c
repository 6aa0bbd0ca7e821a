#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "db/migrations.h"

#define MIGRATE_LOCK "7232401531"

static const char create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Applies one migration if needed. */
static bool apply_one(PGconn *c, const struct embedded_migration *m, struct migrate_report *r,
                      void (*progress)(const char *, double), struct rd_error *err)
{
    char version[16];
    snprintf(version, sizeof version, "%d", atoi(m->name));
    const char *check[] = {version, m->sql};
    PGresult *res = db_query(c,
                             "SELECT checksum = md5($2), name FROM schema_migrations"
                             " WHERE version = $1::integer",
                             2, check, err);
    if (!res) return false;
    if (PQntuples(res) == 1) {
        bool same = PQgetvalue(res, 0, 0)[0] == 't';
        PQclear(res);
        if (!same) {
            rd_error_set(err,
                         "migration %s was edited after it was applied: migrations are "
                         "never edited once landed; add a new one instead",
                         m->name);
            return false;
        }
        r->already++;
        return true;
    }
    PQclear(res);

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *rec[] = {version, m->name, m->sql};
    if (!db_exec(c, "BEGIN", err)) return false;
    /* The migration text runs as a simple query: it may hold several statements. */
    PGresult *run = PQexec(c, m->sql);
    if (PQresultStatus(run) != PGRES_COMMAND_OK && PQresultStatus(run) != PGRES_TUPLES_OK) {
        db_error(c, run, err);
        rd_error_prefix(err, "migration %s failed (nothing of it was applied)", m->name);
        PQclear(run);
        db_rollback(c);
        return false;
    }
    PQclear(run);
    res = db_query(c,
                   "INSERT INTO schema_migrations (version, name, checksum)"
                   " VALUES ($1::integer, $2, md5($3))",
                   3, rec, err);
    if (!res) {
        db_rollback(c);
        return false;
    }
    PQclear(res);
    if (!db_exec(c, "COMMIT", err)) return false;
    r->applied++;
    if (progress) progress(m->name, ms_since(&t0));
    return true;
}

bool db_migrate(PGconn *c, struct migrate_report *report,
                void (*progress)(const char *name, double ms), struct rd_error *err)
{
    *report = (struct migrate_report){0};
    if (!db_exec(c, "SET client_min_messages = warning", err)) return false;
    if (!db_exec(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err)) return false;
    bool ok = db_exec(c, create_table, err);
    for (const struct embedded_migration *m = embedded_migrations; ok && m->name; m++) {
        ok = apply_one(c, m, report, progress, err);
        if (ok) report->latest = atoi(m->name);
    }
    struct rd_error ignored;
    if (!db_exec(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", &ignored)) {
        /* the lock goes with the session anyway */
    }
    return ok;
}
