#include "server/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/tx.h"
#include "server/log.h"
#include "server/ratelimit.h"
#include "server/router.h"

struct auth {
    pthread_rwlock_t lock;
    struct token_entry *tokens;
    size_t n;
    struct ratelimit *admin_rate; /* NULL: no limit */
    struct ratelimit *failures;   /* NULL: no limit */
    /* every client's failures together: a bound no number of addresses gets around */
    struct ratelimit *failures_all;
};

/* The failures of all clients together may be this many times one client's. */
enum { FAILURES_ALL_FACTOR = 50 };

struct auth *auth_new(unsigned admin_per_minute, unsigned failures_per_minute)
{
    struct auth *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    pthread_rwlock_init(&a->lock, NULL);
    a->admin_rate = ratelimit_new(admin_per_minute);
    a->failures = ratelimit_new(failures_per_minute);
    a->failures_all = ratelimit_new(failures_per_minute * FAILURES_ALL_FACTOR);
    if ((admin_per_minute && !a->admin_rate) ||
        (failures_per_minute && (!a->failures || !a->failures_all))) {
        auth_free(a);
        return NULL;
    }
    return a;
}

void auth_free(struct auth *a)
{
    if (!a) return;
    pthread_rwlock_destroy(&a->lock);
    ratelimit_free(a->admin_rate);
    ratelimit_free(a->failures);
    ratelimit_free(a->failures_all);
    free(a->tokens);
    free(a);
}

bool auth_reload(void *ctx, PGconn *c)
{
    struct auth *a = ctx;
    struct token_entry *fresh = NULL;
    size_t n = 0;
    struct rd_error err = {0};
    if (!db_tokens_load(c, &fresh, &n, &err)) {
        log_msg(LOG_WARN, "reading the API tokens failed (keeping the %zu known): %s",
                auth_token_count(a), err.message);
        return false;
    }
    pthread_rwlock_wrlock(&a->lock);
    struct token_entry *old = a->tokens;
    size_t old_n = a->n;
    a->tokens = fresh;
    a->n = n;
    pthread_rwlock_unlock(&a->lock);
    if (old_n != n) log_msg(LOG_INFO, "API tokens loaded: %zu live", n);
    free(old);
    return true;
}

size_t auth_token_count(struct auth *a)
{
    pthread_rwlock_rdlock(&a->lock);
    size_t n = a->n;
    pthread_rwlock_unlock(&a->lock);
    return n;
}

/* Every entry is compared, matched or not, so the time taken says nothing about which. */
static bool lookup_memory(struct auth *a, const unsigned char hash[TOKEN_HASH_LEN],
                          struct principal *who)
{
    bool found = false;
    pthread_rwlock_rdlock(&a->lock);
    for (size_t i = 0; i < a->n; i++) {
        if (token_hash_equal(a->tokens[i].hash, hash) && !found) {
            found = true;
            memcpy(who->name, a->tokens[i].name, sizeof who->name);
            who->role = a->tokens[i].role;
        }
    }
    pthread_rwlock_unlock(&a->lock);
    return found;
}

struct verify_ctx {
    const unsigned char *hash;
    struct token_entry entry;
    bool found;
};

static bool verify_in_db(PGconn *c, void *ctx, struct rd_error *err)
{
    struct verify_ctx *v = ctx;
    return db_token_verify(c, v->hash, &v->entry, &v->found, err);
}

enum bearer { BEARER_NONE, BEARER_MALFORMED, BEARER_GIVEN };

/* "Bearer <secret>" (scheme case-insensitive): hashes the secret. */
static enum bearer read_bearer(struct request *req, unsigned char hash[TOKEN_HASH_LEN])
{
    const char *h = req_header(req, "Authorization");
    if (!h) return BEARER_NONE;
    if (strncasecmp(h, "Bearer ", 7) != 0) return BEARER_MALFORMED;
    const char *s = h + 7;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > TOKEN_SECRET_MAX) return BEARER_MALFORMED;
    token_hash(s, n, hash);
    return BEARER_GIVEN;
}

static void refuse(struct request *req, enum problem_type type, const char *challenge,
                   const char *detail)
{
    if (challenge) reply_header(req, "WWW-Authenticate", challenge);
    reply_problem(req, type, detail, NULL);
}

static void too_many(struct request *req, unsigned retry_after, const char *detail)
{
    char secs[16];
    snprintf(secs, sizeof secs, "%u", retry_after);
    reply_header(req, "Retry-After", secs);
    reply_problem(req, PROBLEM_TOO_MANY_REQUESTS, detail, NULL);
}

static const char failures_detail[] =
    "too many wrong or malformed tokens from this address: wait for Retry-After seconds";

/* An admin request: within the client's admin budget, and not locked out by failures?
 * Answers 429 when not. */
static bool admin_allowed(struct request *req, struct auth *a)
{
    unsigned wait = 0;
    if (!a) return true;
    if (a->admin_rate && !ratelimit_take(a->admin_rate, req_peer(req), &wait)) {
        too_many(req, wait,
                 "too many admin requests from this address: wait for Retry-After "
                 "seconds (RESTRICTD_ADMIN_RATE_LIMIT)");
        return false;
    }
    if (a->failures && !ratelimit_allows(a->failures, req_peer(req), &wait)) {
        too_many(req, wait, failures_detail);
        return false;
    }
    return true;
}

/* A wrong or malformed token: counted against the client. False (429 answered) when it
 * had no failures left, else the caller answers 401. */
static bool note_failure(struct request *req, struct auth *a)
{
    unsigned wait = 0;
    if (!a || !a->failures) return true;
    if (!ratelimit_take(a->failures, req_peer(req), &wait)) {
        too_many(req, wait, failures_detail);
        return false;
    }
    /* NULL: the one bucket all clients share */
    if (ratelimit_take(a->failures_all, NULL, &wait)) return true;
    too_many(req, wait,
             "too many wrong or malformed tokens from all clients together: wait for "
             "Retry-After seconds");
    return false;
}

/* An admin token is looked up in PostgreSQL, so that a revocation takes effect at once
 * on every instance. False when it could not be checked (answered: 503 or 500). */
static bool lookup_db(struct request *req, struct db_pool *pool,
                      const unsigned char hash[TOKEN_HASH_LEN], struct principal *who, bool *found)
{
    struct verify_ctx v = {.hash = hash};
    bool unavailable = false;
    struct rd_error err = {0};
    if (!db_with_conn(pool, verify_in_db, &v, &unavailable, &err)) {
        if (unavailable) {
            reply_db_unavailable(req, "the token cannot be checked: PostgreSQL is unavailable");
        } else {
            req_log_error(req, "token check failed: %s", err.message);
            refuse(req, PROBLEM_INTERNAL, NULL, NULL);
        }
        return false;
    }
    *found = v.found;
    if (v.found) {
        memcpy(who->name, v.entry.name, sizeof who->name);
        who->role = v.entry.role;
    }
    return true;
}

/* early: before the body of a route taking whole lists, on libmicrohttpd's thread, so
 * without PostgreSQL (the in-memory table) and without taking from the admin budget. */
static bool authorize(struct request *req, unsigned flags, struct auth *a, struct db_pool *pool,
                      const struct config *cfg, struct principal *who, bool early)
{
    memset(who, 0, sizeof *who);
    bool admin = flags & (ROUTE_ADMIN | ROUTE_MONITOR); /* a token checked in PostgreSQL */
    if (flags & ROUTE_OPEN) return true;
    if (!admin && !cfg->read_tokens) return true;
    if (admin && !early && !admin_allowed(req, a)) return false;

    unsigned char hash[TOKEN_HASH_LEN];
    enum bearer b = read_bearer(req, hash);
    if (b == BEARER_NONE) {
        refuse(req, PROBLEM_UNAUTHORIZED, "Bearer realm=\"restrictd\"",
               admin ? "this route needs an admin token: Authorization: Bearer <token>"
                     : "this server needs a reader token: Authorization: Bearer <token>");
        return false;
    }
    if (b == BEARER_MALFORMED) {
        if (!note_failure(req, a)) return false;
        refuse(req, PROBLEM_UNAUTHORIZED, "Bearer realm=\"restrictd\", error=\"invalid_request\"",
               "the Authorization header must be \"Bearer <token>\"");
        return false;
    }
    bool found = false;
    bool in_db = admin && !early;
    if (in_db && !lookup_db(req, pool, hash, who, &found)) return false;
    if (!in_db) found = a && lookup_memory(a, hash, who);
    if (!found) {
        if (!note_failure(req, a)) return false;
        refuse(req, PROBLEM_UNAUTHORIZED, "Bearer realm=\"restrictd\", error=\"invalid_token\"",
               "the token is unknown or revoked");
        return false;
    }
    if ((flags & ROUTE_MONITOR) && who->role == TOKEN_READER) {
        refuse(req, PROBLEM_FORBIDDEN, "Bearer realm=\"restrictd\", error=\"insufficient_scope\"",
               "this route needs a monitor or admin token; this one is a reader token");
        return false;
    }
    if ((flags & ROUTE_ADMIN) && who->role != TOKEN_ADMIN) {
        refuse(req, PROBLEM_FORBIDDEN, "Bearer realm=\"restrictd\", error=\"insufficient_scope\"",
               who->role == TOKEN_MONITOR
                   ? "this route needs an admin token; this one is a monitor token"
                   : "this route needs an admin token; this one is a reader token");
        return false;
    }
    /* What a token was needed for is for its holder only: no shared cache keeps it. */
    if (!early) reply_header(req, "Cache-Control", admin ? "no-store" : "private, no-cache");
    return true;
}

bool auth_authorize(struct request *req, unsigned flags, struct auth *a, struct db_pool *pool,
                    const struct config *cfg, struct principal *who)
{
    return authorize(req, flags, a, pool, cfg, who, false);
}

bool auth_prescreen(struct request *req, unsigned flags, struct auth *a, const struct config *cfg)
{
    struct principal who;
    return authorize(req, flags, a, NULL, cfg, &who, true);
}
