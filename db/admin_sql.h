#ifndef DB_ADMIN_SQL_H
#define DB_ADMIN_SQL_H
/*
 * Internal to db/admin.c: for each entity, its statements (whose parameters and columns
 * are the record's, db/records.h), and the references a write must find alive. One table
 * (admin_sql.c), so that the four entities are handled by one code path.
 */
#include <libpq-fe.h>

#include "db/admin.h"
#include "db/records.h"

struct entity_sql {
    const char *table;
    const char *label;  /* "a ruling" for messages */
    const char *select; /* $1 = id: the record's columns and version, created, updated, revoked */
    const char *lock;   /* $1 = id: version, revoked (FOR UPDATE) */
    const char *insert; /* the record's parameters; RETURNING id */
    const char *update; /* the record's parameters, id first; aliases: then $5 = row id */
    const char *revoke; /* $1 = id */
    bool numeric_id;    /* aliases: a bigserial */
};

const struct entity_sql *entity_sql(enum admin_entity e);

/* A reference the record holds that must name a live record (or, for a parent, must
 * not make the parents go round in a circle). The query gets the parameters at
 * `params` (-1 = none) and answers one boolean: is it fine? */
struct ref_check {
    enum admin_entity entity;
    const char *field;
    int params[2];
    const char *sql;
    const char *code;
    const char *message; /* followed by the referenced id */
};

extern const struct ref_check ref_checks[];
extern const size_t n_ref_checks;

#endif
