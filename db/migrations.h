#ifndef DB_MIGRATIONS_H
#define DB_MIGRATIONS_H
/* The migrations/ files, compiled in by db/embed_migrations.cmake, in order; the table
 * ends with an entry whose name is NULL. */
#include <stddef.h>

struct embedded_migration {
    const char *name; /* "0001_initial_schema.sql" */
    const char *sql;
    size_t len;
};

extern const struct embedded_migration embedded_migrations[];

#endif
