#include "db/set_write.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/wait.h"
#include "lib/strbuf.h"

#define TABLE "restrictd_incoming"
enum { COPY_CHUNK = 256 * 1024 };

/* "... VALUES ($1, $2::date) ON CONFLICT ..." as "... SELECT i.c1, i.c2::date FROM TABLE i
 * WHERE true ON CONFLICT ..." (WHERE true: ON CONFLICT right after FROM reads ambiguously). */
static bool set_sql(const char *one_row, struct strbuf *out, struct rd_error *err)
{
    const char *values = strstr(one_row, " VALUES ("), *conflict = strstr(one_row, " ON CONFLICT");
    const char *close = conflict;
    while (close && close > values && *close != ')')
        close--;
    if (!values || !conflict || close <= values) {
        rd_error_set(err, "internal: not a one-row INSERT ... VALUES ... ON CONFLICT");
        return false;
    }
    sb_append(out, one_row, (size_t)(values - one_row));
    sb_puts(out, " SELECT ");
    for (const char *p = values + 9; p < close; p++) {
        if (*p == '$' && isdigit((unsigned char)p[1])) {
            int k = (int)strtol(p + 1, (char **)&p, 10);
            sb_printf(out, "i.c%d", k);
            p--;
        } else {
            sb_putc(out, *p);
        }
    }
    sb_puts(out, " FROM " TABLE " i WHERE true");
    sb_puts(out, conflict);
    if (out->failed) rd_error_set(err, "out of memory");
    return !out->failed;
}

/* A value in COPY's text format: \N for NULL; backslash, tab, newline and CR escaped. */
static void copy_value(struct strbuf *sb, const char *v)
{
    if (!v) {
        sb_puts(sb, "\\N");
        return;
    }
    for (; *v; v++) {
        switch (*v) {
        case '\\':
            sb_puts(sb, "\\\\");
            break;
        case '\t':
            sb_puts(sb, "\\t");
            break;
        case '\n':
            sb_puts(sb, "\\n");
            break;
        case '\r':
            sb_puts(sb, "\\r");
            break;
        default:
            sb_putc(sb, *v);
        }
    }
}

static bool send_chunk(PGconn *c, struct strbuf *sb, struct rd_error *err)
{
    if (sb->failed) {
        rd_error_set(err, "out of memory");
        return false;
    }
    if (sb->len && !db_put_copy(c, sb->data, sb->len, err)) return false;
    sb_reset(sb);
    return true;
}

/* Ends the COPY (with an error when not `ok`, so nothing of it is kept); waits while
 * libpq's buffer is full. False when the end could not be sent. */
static bool end_copy(PGconn *c, bool ok, struct rd_error *err)
{
    for (;;) {
        int r = PQputCopyEnd(c, ok ? NULL : "restrictd: the rows could not be sent");
        if (r == 1) return true;
        if (r < 0) {
            if (ok) db_error(c, NULL, err);
            return false;
        }
        struct rd_error ignored = {0};
        if (!db_await(c, ok ? err : &ignored)) return false;
    }
}

/* COPY TABLE (c1 .. cN) FROM STDIN, every row. */
static bool copy_rows(PGconn *c, const struct db_set *s, struct rd_error *err)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "COPY " TABLE " (");
    for (int k = 1; k <= s->columns; k++)
        sb_printf(&sb, "%sc%d", k > 1 ? ", " : "", k);
    sb_puts(&sb, ") FROM STDIN");
    PGresult *res = NULL;
    if (sb.failed)
        rd_error_set(err, "out of memory");
    else if (!PQsendQuery(c, sb.data))
        db_error(c, NULL, err);
    else
        res = db_collect(c, err);
    bool ok = res && PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok && res) db_error(c, res, err);
    PQclear(res);
    sb_reset(&sb);
    for (size_t i = 0; ok && i < s->count; i++) {
        int n;
        const char *const *v;
        s->params(s->ctx, i, &n, &v);
        for (int k = 0; k < s->columns; k++) {
            if (k) sb_putc(&sb, '\t');
            copy_value(&sb, k < n ? v[k] : NULL);
        }
        sb_putc(&sb, '\n');
        if (sb.len >= COPY_CHUNK) ok = send_chunk(c, &sb, err);
    }
    if (ok) ok = send_chunk(c, &sb, err);
    sb_free(&sb);
    if (!end_copy(c, ok, err)) ok = false;
    for (;;) {
        struct rd_error waited = {0};
        res = db_next_result(c, &waited);
        if (!res) {
            if (ok && waited.message[0]) *err = waited;
            return ok && !waited.message[0];
        }
        if (ok && PQresultStatus(res) != PGRES_COMMAND_OK) {
            db_error(c, res, err);
            ok = false;
        }
        PQclear(res);
    }
}

static bool create_table(PGconn *c, int columns, struct rd_error *err)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "CREATE TEMP TABLE " TABLE " (");
    for (int k = 1; k <= columns; k++)
        sb_printf(&sb, "%sc%d text", k > 1 ? ", " : "", k);
    sb_puts(&sb, ") ON COMMIT DROP");
    bool ok = !sb.failed && db_exec(c, sb.data, err);
    sb_free(&sb);
    return ok;
}

bool db_set_run(PGconn *c, const struct db_set *s, struct rd_error *err)
{
    struct strbuf sql = {0};
    bool saved = set_sql(s->values_sql, &sql, err) && db_exec(c, "SAVEPOINT set_write", err);
    bool ok = saved && create_table(c, s->columns, err) && copy_rows(c, s, err);
    PGresult *res = ok ? db_query(c, sql.data, 0, NULL, err) : NULL;
    sb_free(&sql);
    if (res) s->result(s->ctx, res);
    ok = res != NULL && db_exec(c, "DROP TABLE " TABLE, err) &&
         db_exec(c, "RELEASE SAVEPOINT set_write", err);
    PQclear(res);
    if (ok || !saved) return ok;
    struct rd_error ignored = {0};
    if (PQstatus(c) == CONNECTION_OK && !db_exec(c, "ROLLBACK TO SAVEPOINT set_write", &ignored))
        rd_error_prefix(err, "(and the savepoint could not be restored)");
    return false;
}
