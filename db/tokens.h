#ifndef DB_TOKENS_H
#define DB_TOKENS_H
/*
 * API tokens. A secret is 32 random bytes from getrandom(), shown once as
 * "rdt_" + base64url; PostgreSQL keeps only its SHA-256 (api_tokens.secret_sha256).
 * Every change of a token is audited in token_changes and notified on
 * restrictd_tokens (migration 0002), so that instances refresh their in-memory copy.
 * Secrets are never logged and never stored; hashes are compared in constant time.
 * Convention: as db/conn.h (bool, RD_MUST_CHECK, struct rd_error).
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "rulings/model.h"

#define TOKEN_HASH_LEN 32
#define TOKEN_NAME_MAX 64
#define TOKEN_SECRET_MAX 256 /* longest bearer value worth hashing */

/* monitor: a reader that may also manage portfolios and read their events (issue 18) */
enum token_role { TOKEN_READER, TOKEN_ADMIN, TOKEN_MONITOR, TOKEN_ROLE_COUNT };
extern const struct enum_names TOKEN_ROLES;

struct token_entry {
    char name[TOKEN_NAME_MAX + 1];
    enum token_role role;
    unsigned char hash[TOKEN_HASH_LEN];
};

struct token_info {
    char name[TOKEN_NAME_MAX + 1];
    char role[8];
    char created_at[32], revoked_at[32], last_used_at[32]; /* "" when null */
};

/* SHA-256 of the secret's bytes. */
void token_hash(const char *secret, size_t len, unsigned char out[TOKEN_HASH_LEN]);

/* Constant-time equality of two hashes. */
bool token_hash_equal(const unsigned char a[TOKEN_HASH_LEN], const unsigned char b[TOKEN_HASH_LEN]);

/* Is `name` a valid token name ([A-Za-z0-9] then [A-Za-z0-9._@-], at most 64)? */
bool token_valid_name(const char *name);

/* Creates a token; writes its secret (NUL-terminated, shown once) into `secret`, which
 * must hold at least 64 bytes. A name in use fails with sqlstate 23505. */
bool db_token_create(PGconn *c, const char *name, enum token_role role, const char *actor,
                     char *secret, size_t size, struct rd_error *err) RD_MUST_CHECK;

/* Revokes the live token `name`; *found is false when there is none. */
bool db_token_revoke(PGconn *c, const char *name, const char *actor, bool *found,
                     struct rd_error *err) RD_MUST_CHECK;

/* Every token, revoked ones too, by name. Caller frees *out with free(). */
bool db_token_list(PGconn *c, struct token_info **out, size_t *n,
                   struct rd_error *err) RD_MUST_CHECK;

/* The live tokens (for the in-memory table). Caller frees *out with free(). */
bool db_tokens_load(PGconn *c, struct token_entry **out, size_t *n,
                    struct rd_error *err) RD_MUST_CHECK;

/* Looks a secret's hash up among the live tokens and records its use (at most every few
 * seconds, so that a burst of requests does not queue on the row). *found tells whether it
 * is a live token; `out` gets its name and role. */
bool db_token_verify(PGconn *c, const unsigned char hash[TOKEN_HASH_LEN], struct token_entry *out,
                     bool *found, struct rd_error *err) RD_MUST_CHECK;

#endif
