#include "db/tokens.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "db/conn.h"
#include "lib/base64url.h"

static const char *const role_names[] = {"reader", "admin", "monitor"};
const struct enum_names TOKEN_ROLES = {role_names, TOKEN_ROLE_COUNT};

void token_hash(const char *secret, size_t len, unsigned char out[TOKEN_HASH_LEN])
{
    unsigned int n = 0;
    if (!EVP_Digest(secret, len, out, &n, EVP_sha256(), NULL) || n != TOKEN_HASH_LEN)
        memset(out, 0, TOKEN_HASH_LEN); /* matches no stored hash: the table CHECKs length */
}

bool token_hash_equal(const unsigned char a[TOKEN_HASH_LEN], const unsigned char b[TOKEN_HASH_LEN])
{
    return CRYPTO_memcmp(a, b, TOKEN_HASH_LEN) == 0;
}

bool token_valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > TOKEN_NAME_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '.' || c == '_' || c == '@' || c == '-'));
        if (!ok) return false;
    }
    return true;
}

/* "\x" + hex: a bytea parameter in text form. */
static void hash_param(const unsigned char hash[TOKEN_HASH_LEN], char out[2 * TOKEN_HASH_LEN + 3])
{
    static const char hex[] = "0123456789abcdef";
    out[0] = '\\';
    out[1] = 'x';
    for (size_t i = 0; i < TOKEN_HASH_LEN; i++) {
        out[2 + 2 * i] = hex[hash[i] >> 4];
        out[3 + 2 * i] = hex[hash[i] & 15];
    }
    out[2 + 2 * TOKEN_HASH_LEN] = '\0';
}

static bool hash_from_bytea(const char *text, unsigned char out[TOKEN_HASH_LEN])
{
    if (strncmp(text, "\\x", 2) != 0 || strlen(text) != 2 + 2 * TOKEN_HASH_LEN) return false;
    for (size_t i = 0; i < TOKEN_HASH_LEN; i++) {
        unsigned v;
        if (sscanf(text + 2 + 2 * i, "%2x", &v) != 1) return false;
        out[i] = (unsigned char)v;
    }
    return true;
}

/* A secret: SECRET_RANDOM_BYTES random bytes as SECRET_PREFIX + unpadded base64url. */
#define SECRET_PREFIX "rdt_"
enum { SECRET_RANDOM_BYTES = 32, SECRET_BASE64_MAX = (SECRET_RANDOM_BYTES + 2) / 3 * 4 };

static bool new_secret(char *out, size_t size, struct rd_error *err)
{
    unsigned char raw[SECRET_RANDOM_BYTES];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rd_error_set(err, "getrandom: %s", strerror(errno));
            return false;
        }
        got += (size_t)n;
    }
    size_t prefix = strlen(SECRET_PREFIX);
    if (size < prefix + SECRET_BASE64_MAX + 1) {
        rd_error_set(err, "secret buffer too small");
        return false;
    }
    memcpy(out, SECRET_PREFIX, prefix);
    b64url_encode(raw, sizeof raw, out + prefix, size - prefix);
    OPENSSL_cleanse(raw, sizeof raw);
    return true;
}

/* Runs one statement in a transaction whose actor is `actor`. */
static PGresult *as_actor(PGconn *c, const char *actor, const char *sql, int n,
                          const char *const *params, struct rd_error *err)
{
    const char *a[] = {actor};
    PGresult *set = NULL, *res = NULL;
    if (db_exec(c, "BEGIN", err) &&
        (set = db_query(c, "SELECT set_config('restrictd.actor', $1, true)", 1, a, err)) &&
        (res = db_query(c, sql, n, params, err)) && db_exec(c, "COMMIT", err)) {
        PQclear(set);
        return res;
    }
    PQclear(set);
    PQclear(res);
    db_rollback(c);
    return NULL;
}

bool db_token_create(PGconn *c, const char *name, enum token_role role, const char *actor,
                     char *secret, size_t size, struct rd_error *err)
{
    if (!token_valid_name(name)) {
        rd_error_set(err,
                     "token name \"%s\" is not valid: letters, digits, then also . _ @ -; "
                     "at most %d characters",
                     name, TOKEN_NAME_MAX);
        return false;
    }
    if (!new_secret(secret, size, err)) return false;
    unsigned char hash[TOKEN_HASH_LEN];
    char hex[2 * TOKEN_HASH_LEN + 3];
    token_hash(secret, strlen(secret), hash);
    hash_param(hash, hex);
    const char *p[] = {name, enum_name(&TOKEN_ROLES, (int)role), hex};
    PGresult *res = as_actor(c, actor,
                             "INSERT INTO api_tokens (name, role, secret_sha256)"
                             " VALUES ($1, $2, $3::bytea)",
                             3, p, err);
    if (!res) {
        OPENSSL_cleanse(secret, size);
        if (strcmp(err->sqlstate, SQLSTATE_UNIQUE_VIOLATION) == 0)
            rd_error_set(err,
                         "a token named \"%s\" exists already (names are never reused, "
                         "even after a revoke)",
                         name);
        return false;
    }
    PQclear(res);
    return true;
}

bool db_token_revoke(PGconn *c, const char *name, const char *actor, bool *found,
                     struct rd_error *err)
{
    const char *p[] = {name};
    PGresult *res = as_actor(c, actor,
                             "UPDATE api_tokens SET revoked_at = now()"
                             " WHERE name = $1 AND revoked_at IS NULL RETURNING name",
                             1, p, err);
    if (!res) return false;
    *found = PQntuples(res) == 1;
    PQclear(res);
    return true;
}

static void copy_col(char *dst, size_t size, const PGresult *res, int row, int col)
{
    snprintf(dst, size, "%s", PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col));
}

bool db_token_list(PGconn *c, struct token_info **out, size_t *n, struct rd_error *err)
{
    PGresult *res;
    *out =
        db_query_rows(c,
                      "SELECT name, role,"
                      " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                      " to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                      " to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                      " FROM api_tokens ORDER BY name",
                      0, NULL, sizeof **out, &res, err);
    if (!*out) return false;
    size_t rows = (size_t)PQntuples(res);
    for (size_t i = 0; i < rows; i++) {
        struct token_info *t = &(*out)[i];
        copy_col(t->name, sizeof t->name, res, (int)i, 0);
        copy_col(t->role, sizeof t->role, res, (int)i, 1);
        copy_col(t->created_at, sizeof t->created_at, res, (int)i, 2);
        copy_col(t->revoked_at, sizeof t->revoked_at, res, (int)i, 3);
        copy_col(t->last_used_at, sizeof t->last_used_at, res, (int)i, 4);
    }
    *n = rows;
    PQclear(res);
    return true;
}

static bool fill_entry(const PGresult *res, int row, struct token_entry *e)
{
    snprintf(e->name, sizeof e->name, "%s", PQgetvalue(res, row, 0));
    int role = enum_parse(&TOKEN_ROLES, PQgetvalue(res, row, 1));
    e->role = role >= 0 ? (enum token_role)role : TOKEN_READER;
    return hash_from_bytea(PQgetvalue(res, row, 2), e->hash);
}

bool db_tokens_load(PGconn *c, struct token_entry **out, size_t *n, struct rd_error *err)
{
    PGresult *res;
    *out = db_query_rows(c,
                         "SELECT name, role, secret_sha256 FROM api_tokens"
                         " WHERE revoked_at IS NULL ORDER BY name",
                         0, NULL, sizeof **out, &res, err);
    if (!*out) return false;
    size_t rows = (size_t)PQntuples(res), kept = 0;
    for (size_t i = 0; i < rows; i++)
        if (fill_entry(res, (int)i, &(*out)[kept])) kept++;
    *n = kept;
    PQclear(res);
    return true;
}

bool db_token_verify(PGconn *c, const unsigned char hash[TOKEN_HASH_LEN], struct token_entry *out,
                     bool *found, struct rd_error *err)
{
    char hex[2 * TOKEN_HASH_LEN + 3];
    hash_param(hash, hex);
    const char *p[] = {hex};
    PGresult *res = db_query(
        c,
        "WITH t AS (SELECT name, role, secret_sha256 FROM api_tokens"
        "           WHERE secret_sha256 = $1::bytea AND revoked_at IS NULL),"
        " used AS (UPDATE api_tokens a SET last_used_at = now() FROM t WHERE a.name = t.name"
        "          AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '10 s'))"
        " SELECT name, role, secret_sha256 FROM t",
        1, p, err);
    if (!res) return false;
    *found = PQntuples(res) == 1 && fill_entry(res, 0, out) && token_hash_equal(out->hash, hash);
    PQclear(res);
    return true;
}
