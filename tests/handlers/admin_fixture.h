#ifndef TESTS_HANDLERS_ADMIN_FIXTURE_H
#define TESTS_HANDLERS_ADMIN_FIXTURE_H
/*
 * For the admin handler tests: the four entities as the route table gives them to the
 * handlers (their ADMIN_* context), a valid record of each taken from the seed data, and
 * one call of an admin operation through the request double.
 */
#include "handlers/admin.h"
#include "request_double.h"

struct admin_case {
    const struct admin_kind *kind;
    const char *entity;     /* "source": how the problems name it */
    const char *collection; /* "/v1/admin/sources" */
    const char *id;         /* an id such a record may have (one of the seed's) */
    const char *bad_id;     /* one it cannot have: not found without asking the database */
};

#define ADMIN_N_CASES 4
extern const struct admin_case admin_cases[ADMIN_N_CASES];

/* `for` each entity, `c` pointing to its case. */
#define EACH_CASE(c)                                                                               \
    for (const struct admin_case *c = admin_cases; c < admin_cases + ADMIN_N_CASES; c++)

enum admin_op { OP_CREATE, OP_GET, OP_REPLACE, OP_REVOKE };

struct admin_call {
    enum admin_op op;
    const char *content_type; /* NULL = no Content-Type */
    const char *if_match;     /* NULL = no If-Match */
    const char *body;         /* NULL = no body */
    const char *query;        /* NULL = none */
    const char *id;           /* NULL = the case's id (not used to create) */
};

/* Runs the operation's handler with the entity's context and no database pool, as the
 * router would for the route (path, {id}, actor). Caller fake_reply_free()s. */
struct fake_reply *admin_run(const struct admin_case *c, const struct admin_call *call);

/* The path the operation is routed on: the collection, or the collection and the id. */
const char *admin_path(const struct admin_case *c, const struct admin_call *call, char *buf,
                       size_t size);

/* A valid record of the entity as JSON text: a record of the seed data set
 * (deploy/rulings.json), an alias made up for one of its subjects. Caller free()s. */
char *admin_valid_body(const struct admin_case *c);

#endif
