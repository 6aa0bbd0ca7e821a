#include "db/conn.h"

#include "db/wait.h"
#include "lib/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

PGconn *db_connect(const char *url, struct rd_error *err)
{
    /* Keepalives and tcp_user_timeout notice a peer that vanished (its bytes are never
     * acknowledged); db/wait.h covers one that is there but does not answer. */
    const char *keys[] = {"dbname",           "application_name", "connect_timeout",
                          "keepalives",       "keepalives_idle",  "keepalives_interval",
                          "keepalives_count", "tcp_user_timeout", NULL};
    const char *vals[] = {url, "restrictd", "5", "1", "10", "5", "3", "30000", NULL};
    PGconn *c = PQconnectStartParams(keys, vals, 1);
    if (!c) {
        rd_error_set(err, "out of memory connecting to PostgreSQL");
        return NULL;
    }
    if (!db_finish_connect(c, err)) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

void db_error(PGconn *c, const PGresult *res, struct rd_error *err)
{
    if (!err) return;
    const char *msg = res ? PQresultErrorMessage(res) : NULL;
    if (!msg || !*msg) msg = c ? PQerrorMessage(c) : "no connection";
    rd_error_set(err, "%s", msg);
    size_t n = strlen(err->message);
    while (n > 0 && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
        err->message[--n] = '\0';
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state ? state : "");
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static bool is_copy(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH;
}

PGresult *db_collect(PGconn *c, struct rd_error *err)
{
    PGresult *kept = NULL;
    for (;;) {
        if (!db_await(c, err)) {
            PQclear(kept);
            return NULL;
        }
        PGresult *res = PQgetResult(c);
        if (!res) break;
        /* as PQexec: the last result, unless an earlier one failed */
        if (kept && !result_ok(kept)) {
            PQclear(res);
            continue;
        }
        PQclear(kept);
        kept = res;
        if (is_copy(res)) break; /* the caller now sends or reads the data */
    }
    if (!kept) db_error(c, NULL, err);
    return kept;
}

/* What was sent: the result when it succeeded, else NULL with `err` filled. */
static PGresult *sent(PGconn *c, int ok, struct rd_error *err)
{
    if (!ok) {
        db_error(c, NULL, err);
        return NULL;
    }
    PGresult *res = db_collect(c, err);
    if (!res) return NULL;
    if (result_ok(res)) return res;
    db_error(c, res, err);
    PQclear(res);
    return NULL;
}

PGresult *db_query(PGconn *c, const char *sql, int nparams, const char *const *params,
                   struct rd_error *err)
{
    return sent(c, PQsendQueryParams(c, sql, nparams, NULL, params, NULL, NULL, 0), err);
}

void db_named_init(struct db_named *n, const char *prefix, const char *sql)
{
    n->sql = sql;
    snprintf(n->name, sizeof n->name, "%.40s_%016llx", prefix,
             (unsigned long long)strmap_hash(sql, strlen(sql)));
}

bool db_prepare(PGconn *c, const struct db_named *n, int nparams, struct rd_error *err)
{
    PGresult *res = sent(c, PQsendPrepare(c, n->name, n->sql, nparams, NULL), err);
    PQclear(res);
    return res != NULL;
}

PGresult *db_query_named(PGconn *c, const struct db_named *n, int nparams,
                         const char *const *params, struct rd_error *err)
{
    return sent(c, PQsendQueryPrepared(c, n->name, nparams, params, NULL, NULL, 0), err);
}

void *db_query_rows(PGconn *c, const char *sql, int nparams, const char *const *params, size_t size,
                    PGresult **res, struct rd_error *err)
{
    *res = db_query(c, sql, nparams, params, err);
    if (!*res) return NULL;
    void *rows = calloc((size_t)PQntuples(*res) + 1, size);
    if (!rows) {
        PQclear(*res);
        *res = NULL;
        rd_error_set(err, "out of memory");
    }
    return rows;
}

int64_t db_int(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

bool db_exec(PGconn *c, const char *sql, struct rd_error *err)
{
    PGresult *res = db_query(c, sql, 0, NULL, err);
    PQclear(res);
    return res != NULL;
}

void db_rollback(PGconn *c)
{
    struct rd_error ignored = {0};
    if (c && PQtransactionStatus(c) != PQTRANS_IDLE && PQtransactionStatus(c) != PQTRANS_UNKNOWN)
        if (!db_exec(c, "ROLLBACK", &ignored)) {
            /* the connection is broken now: whoever holds it closes it */
        }
}

void db_redact_url(const char *url, char *out, size_t size)
{
    snprintf(out, size, "%s", url ? url : "");
    char *scheme = strstr(out, "://");
    if (scheme) {
        char *at = strchr(scheme + 3, '@');
        char *colon = strchr(scheme + 3, ':');
        if (at && colon && colon < at) {
            char rest[512];
            snprintf(rest, sizeof rest, "%s", at);
            snprintf(colon, size - (size_t)(colon - out), ":***%s", rest);
        }
    }
    char *pw = strstr(out, "password=");
    if (pw) {
        char *end = strchr(pw, ' ');
        char rest[512];
        snprintf(rest, sizeof rest, "%s", end ? end : "");
        snprintf(pw + 9, size - (size_t)(pw + 9 - out), "***%s", rest);
    }
}

PGconn *db_connect_wait(const char *url, unsigned seconds, void (*waiting)(const char *why),
                        struct rd_error *err)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    bool told = false;
    for (;;) {
        PGconn *c = db_connect(url, err);
        if (c) return c;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= (time_t)seconds) return NULL;
        /* Only an unreachable server is worth waiting for; bad credentials are not. */
        if (PQping(url) != PQPING_NO_RESPONSE) return NULL;
        if (!told && waiting) waiting(err->message);
        told = true;
        struct timespec tick = {0, 500 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
}
