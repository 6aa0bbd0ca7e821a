#ifndef DB_ADMIN_H
#define DB_ADMIN_H
/*
 * The admin API's writes of single records: create, replace (optimistic concurrency on
 * the record's version) and revoke (revoked_at; nothing is deleted), and reading one
 * record with its version. Each write is one transaction on a pooled connection (db/tx.h)
 * that holds the writers' lock, checks the version and the references (and what depends on
 * a record revoked, db/dependents.h), writes, checks that no subject now lies deeper than
 * evaluation follows (db/hierarchy.h), and reads the record back; the audit trigger
 * appends to `changes` (actor = the token's name) and notifies every instance.
 *
 * Convention: a small enum status, RD_MUST_CHECK; `err` says why on UNAVAILABLE/FAILED,
 * `fe` lists the invalid fields on INVALID.
 */
#include <stdint.h>

#include "db/dependents.h"
#include "db/pool.h"
#include "rulings/dataset.h"
#include "lib/error.h"

/* The record kinds of rulings/dataset.h, by the names the admin API gives them. */
enum admin_entity {
    ENTITY_SOURCE = RECORD_SOURCE,
    ENTITY_SUBJECT = RECORD_SUBJECT,
    ENTITY_ALIAS = RECORD_ALIAS,
    ENTITY_RULING = RECORD_RULING,
    ENTITY_COUNT = RECORD_KIND_COUNT
};
extern const struct enum_names ADMIN_ENTITIES; /* "source", "subject", "alias", "ruling" */

/* One record as stored. `ds` holds it (ds.sources[0], ds.subjects[0], ds.aliases[0] or
 * ds.rulings[0], by `entity`) and owns its strings. */
struct admin_record {
    enum admin_entity entity;
    struct dataset ds;
    int64_t version;
    int64_t created_at, updated_at, revoked_at; /* unix seconds; revoked_at 0 = live */
    long long revision; /* the data revision a write produced; 0 after a read */
};

/* Makes room for one record of `entity`. Free with admin_record_free(). */
bool admin_record_init(struct admin_record *r, enum admin_entity entity) RD_MUST_CHECK;
void admin_record_free(struct admin_record *r);
/* The record's id as text (an alias's row id in decimal, into `buf`). */
const char *admin_record_id(const struct admin_record *r, char *buf, size_t size);

enum admin_status {
    ADMIN_OK,
    ADMIN_NOT_FOUND,
    ADMIN_STALE,          /* If-Match is not the current version; out->version is the current */
    ADMIN_CONFLICT,       /* exists already, already revoked, or a unique key is taken */
    ADMIN_INVALID,        /* fields refused (unknown references, a parent cycle, too deep...) */
    ADMIN_HAS_DEPENDENTS, /* a revoke without cascade: live records depend on it (deps) */
    ADMIN_UNAVAILABLE,    /* PostgreSQL cannot be reached; nothing was written */
    ADMIN_FAILED,         /* anything else; err says why */
};

/* `out` must be initialised for the entity; it is filled on ADMIN_OK (and its version
 * on ADMIN_STALE and ADMIN_CONFLICT). Ids are borrowed. */
enum admin_status db_admin_get(struct db_pool *pool, enum admin_entity entity, const char *id,
                               struct admin_record *out, struct rd_error *err) RD_MUST_CHECK;

/* Creates `in` (its entity and record). */
enum admin_status db_admin_create(struct db_pool *pool, const char *actor,
                                  const struct admin_record *in, struct admin_record *out,
                                  struct field_errors *fe, struct rd_error *err) RD_MUST_CHECK;

/* Replaces record `id` with `in` when its version is `if_match`. A revoked record is
 * restored by its replacement. */
enum admin_status db_admin_replace(struct db_pool *pool, const char *actor, const char *id,
                                   int64_t if_match, const struct admin_record *in,
                                   struct admin_record *out, struct field_errors *fe,
                                   struct rd_error *err) RD_MUST_CHECK;

/* Revokes record `id` when its version is `if_match`. When live records depend on it
 * (db/dependents.h) they are revoked with it, in the same transaction, if `cascade`; else
 * nothing is written and the answer is ADMIN_HAS_DEPENDENTS. `deps` (the caller's) lists
 * them either way. */
enum admin_status db_admin_revoke(struct db_pool *pool, const char *actor, enum admin_entity entity,
                                  const char *id, int64_t if_match, bool cascade,
                                  struct admin_record *out, struct dependents *deps,
                                  struct rd_error *err) RD_MUST_CHECK;

#endif
