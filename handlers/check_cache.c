#include "handlers/check_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { LOCKS = 64 };

/* An answer, counted: a slot holds one reference, each response lent it another, so an
 * answer sent while its slot is reused is freed by whichever lets go last. */
struct body {
    atomic_uint refs;
    /* the answer's digest for receipts, kept by the first that made it: 0 none, 1 being
     * written, 2 kept (then `digest` is read-only) */
    atomic_int digest_state;
    char digest[CHECK_CACHE_DIGEST_BUFSZ];
    char data[];
};

struct slot {
    uint64_t hash;
    char *key; /* NULL: empty */
    size_t key_len;
    struct body *body;
    size_t len;
};

void check_cache_return(void *lent)
{
    struct body *b = lent;
    if (b && atomic_fetch_sub(&b->refs, 1) == 1) free(b);
}

static struct slot slots[CHECK_CACHE_SLOTS];
static pthread_mutex_t locks[LOCKS];
static pthread_once_t locks_made = PTHREAD_ONCE_INIT;

static void make_locks(void)
{
    for (size_t i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
}
static atomic_size_t bytes, entries;
static atomic_uint_fast64_t hits, misses;

static size_t slot_of(uint64_t hash)
{
    pthread_once(&locks_made, make_locks);
    return (size_t)(hash % CHECK_CACHE_SLOTS);
}

bool check_cache_lend(uint64_t hash, const char *key, size_t key_len, struct check_cache_loan *out)
{
    size_t i = slot_of(hash);
    pthread_mutex_t *lock = &locks[i % LOCKS];
    pthread_mutex_lock(lock);
    const struct slot *s = &slots[i];
    bool found =
        s->key && s->hash == hash && s->key_len == key_len && memcmp(s->key, key, key_len) == 0;
    if (found) {
        atomic_fetch_add(&s->body->refs, 1);
        *out = (struct check_cache_loan){s->body->data, s->len, s->body};
    }
    pthread_mutex_unlock(lock);
    atomic_fetch_add_explicit(found ? &hits : &misses, 1, memory_order_relaxed);
    return found;
}

bool check_cache_get(uint64_t hash, const char *key, size_t key_len, struct strbuf *out)
{
    struct check_cache_loan loan;
    if (!check_cache_lend(hash, key, key_len, &loan)) return false;
    sb_grow_exact(out, loan.len); /* one allocation of the answer's size, no realloc */
    sb_append(out, loan.data, loan.len);
    check_cache_return(loan.owner);
    return !out->failed;
}

void check_cache_put(uint64_t hash, const char *key, size_t key_len, const char *body, size_t len)
{
    size_t i = slot_of(hash);
    char *k = malloc(key_len);
    struct body *b = malloc(sizeof *b + len + 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(k, key, key_len);
    atomic_init(&b->refs, 1);
    atomic_init(&b->digest_state, 0);
    memcpy(b->data, body, len);
    b->data[len] = '\0';
    pthread_mutex_t *lock = &locks[i % LOCKS];
    pthread_mutex_lock(lock);
    struct slot *s = &slots[i];
    size_t freed = s->key ? s->len + s->key_len : 0;
    size_t now = atomic_load(&bytes);
    bool fits = now - freed + len + key_len <= CHECK_CACHE_BYTES;
    if (fits) {
        if (s->key) {
            free(s->key);
            check_cache_return(s->body);
        } else {
            atomic_fetch_add(&entries, 1);
        }
        atomic_fetch_sub(&bytes, freed);
        atomic_fetch_add(&bytes, len + key_len);
        *s = (struct slot){hash, k, key_len, b, len};
        k = NULL;
        b = NULL;
    }
    pthread_mutex_unlock(lock);
    free(k); /* not kept: over the bound */
    free(b); /* never lent */
}

bool check_cache_loan_digest(const void *owner, char hex[CHECK_CACHE_DIGEST_BUFSZ])
{
    struct body *b = (struct body *)owner;
    if (atomic_load_explicit(&b->digest_state, memory_order_acquire) != 2) return false;
    memcpy(hex, b->digest, CHECK_CACHE_DIGEST_BUFSZ);
    return true;
}

void check_cache_loan_keep_digest(void *owner, const char hex[CHECK_CACHE_DIGEST_BUFSZ])
{
    struct body *b = owner;
    int none = 0;
    if (!atomic_compare_exchange_strong(&b->digest_state, &none, 1)) return; /* one is kept */
    memcpy(b->digest, hex, CHECK_CACHE_DIGEST_BUFSZ);
    atomic_store_explicit(&b->digest_state, 2, memory_order_release);
}

struct check_cache_stats check_cache_stats(void)
{
    return (struct check_cache_stats){atomic_load(&hits), atomic_load(&misses), atomic_load(&bytes),
                                      atomic_load(&entries)};
}
