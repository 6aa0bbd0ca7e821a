#include "db/refusal.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"

/* Most specific first: a whole SQLSTATE, then its class (two characters). */
static const struct {
    const char *sqlstate;
    const char *reason;
} reasons[] = {
    {"23505", "a record with the same key exists already"},
    {"23503", "it refers to a record that does not exist"},
    {"23502", "a required value is missing"},
    {"23514", "a value is not one the database allows"},
    {"23", "it breaks a rule of the database"},
    {"22", "a value is out of the range the database stores, or malformed"},
    {"21", "it names one record twice"},
};

const char *db_refusal_reason(const char *sqlstate)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        size_t n = strlen(reasons[i].sqlstate);
        if (strncmp(sqlstate, reasons[i].sqlstate, n) == 0) return reasons[i].reason;
    }
    return NULL;
}

bool db_is_refusal(const struct rd_error *err)
{
    return db_refusal_reason(err->sqlstate) != NULL;
}

void db_own_refusal(struct rd_error *err, const char *what)
{
    const char *reason = db_refusal_reason(err->sqlstate);
    if (!reason || strcmp(err->sqlstate + 2, SQLSTATE_OWN_REFUSAL) == 0) return;
    log_msg(LOG_WARN, "PostgreSQL refused %s (SQLSTATE %s): %s", what, err->sqlstate, err->message);
    char cls[3] = {err->sqlstate[0], err->sqlstate[1], '\0'};
    rd_error_set(err, "%s was refused by the database: %s", what, reason);
    snprintf(err->sqlstate, sizeof err->sqlstate, "%s%s", cls, SQLSTATE_OWN_REFUSAL);
}
