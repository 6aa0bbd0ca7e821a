#ifndef DB_REFUSAL_H
#define DB_REFUSAL_H
/*
 * A refusal PostgreSQL made of the data (SQLSTATE classes 21, 22 and 23: a value out of
 * range, a key taken, a reference to nothing), told in our words. PostgreSQL's own message
 * can quote values and name tables and constraints; it goes to the log, never to a client.
 */
#include <stdbool.h>

#include "lib/error.h"

/* restrictd's own subclass (not PostgreSQL's): the refusal of this class, in our words. */
#define SQLSTATE_OWN_REFUSAL "RD0"

/* Is `err` a refusal of the data (its SQLSTATE in class 21, 22 or 23)? */
bool db_is_refusal(const struct rd_error *err);

/* Our words for the refusal `sqlstate` names ("a value is out of the range the database
 * stores, or malformed"); NULL when it is no refusal of the data. A static string. */
const char *db_refusal_reason(const char *sqlstate);

/* Rewrites a refusal of the data in our words: logs PostgreSQL's message (with `what`),
 * then `err` says "<what> was refused by the database: <reason>" and its SQLSTATE becomes
 * "<class>RD0" (same class, so callers classify it as before). Does nothing when `err` is
 * no refusal or is in our words already. */
void db_own_refusal(struct rd_error *err, const char *what);

#endif
