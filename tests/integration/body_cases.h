#ifndef TESTS_BODY_CASES_H
#define TESTS_BODY_CASES_H
/*
 * Hostile request bodies (test_hostile_bodies.c, test_hostile_admin.c): a list of cases,
 * each a request with a body, who sends it (no token, a wrong one, a reader's, an
 * admin's), the status it must get and how many changes it may record; then a runner that
 * sends them all with curl and checks after each one: the status (never a 5xx, never a
 * hang), the audit trail (a refused request changes nothing; an accepted one exactly what
 * it should, stored verbatim), and that the server still answers a normal check.
 */
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

enum who { NOBODY, WRONG, READER, ADMIN };

struct body_case {
    char label[200];
    const char *method;
    char path[300];
    enum who who;
    const char *content_type; /* NULL: no Content-Type at all */
    const char *body;         /* borrowed (cases share large bodies) */
    size_t len;
    const char *if_match; /* a version, or NULL */
    int status;           /* the status it must get */
    int writes;           /* changes it must record */
    char verify[300];     /* SQL with $1: must count 1 afterwards ("" = none) */
    const char *verify_param;
};

struct body_cases {
    struct body_case *items;
    size_t n, cap;
    char **kept; /* bodies the cases borrow, freed by bc_free */
    size_t n_kept, cap_kept;
};

/* Adds one case; returns it so the caller can set verify. */
struct body_case *bc_add(struct body_cases *cs, const char *label, const char *method,
                         const char *path, enum who who, const char *content_type, const char *body,
                         size_t len, int status);

/* Adds the same request four times: without a token (401), with a wrong one (401), a
 * reader's (403) and an admin's (`admin_status`). A 413 is 413 for everyone (the body is
 * refused before anything else). */
void bc_add_all_callers(struct body_cases *cs, const char *label, const char *method,
                        const char *path, const char *content_type, const char *body, size_t len,
                        int admin_status);

/* Sends every case to `s` (whose database is `db`) and checks each; returns how many
 * were answered as expected. */
size_t bc_run(struct body_cases *cs, const struct server *s, const char *db);

/* Frees the cases and every body kept with bc_keep. */
void bc_free(struct body_cases *cs);

/* Keeps a malloc'd body for the cases to borrow until bc_free; returns it. */
char *bc_keep(struct body_cases *cs, char *body);
/* Kept bodies: `open` `depth` times, then `close` as often (none when !closed); a JSON
 * array of `n` strings of `each` bytes (about n * (each + 3) bytes). */
char *bc_nested(struct body_cases *cs, const char *open, const char *close, size_t depth,
                bool closed);
char *bc_strings_array(struct body_cases *cs, size_t n, size_t each);

/* Strings that would do harm if pasted into SQL. */
extern const char *const SQL_INJECTIONS[];
extern const size_t N_SQL_INJECTIONS;

/* A malloc'd buffer of `n` bytes made by repeating `unit` (then NUL-terminated). */
char *bc_repeat(const char *unit, size_t n);

#endif
