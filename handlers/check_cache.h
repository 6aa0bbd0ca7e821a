#ifndef HANDLERS_CHECK_CACHE_H
#define HANDLERS_CHECK_CACHE_H
/*
 * Rendered /v1/check answers, by their question: the key the answer's ETag hashes (this
 * program's version, the data revision, every parameter and the name; handlers/check.c),
 * so an answer is found again only for the same question on the same data, and a reload
 * needs no invalidation (the old revision's answers are never asked for again and are
 * replaced as slots are reused). A fixed table of CHECK_CACHE_SLOTS slots, direct-mapped by
 * the key's hash, at most CHECK_CACHE_BYTES of answers in all; thread-safe (a lock per
 * group of slots, held to copy or lend). Hot questions, a procurement system's vendors screened
 * again and again, are answered without rendering them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/strbuf.h"

#define CHECK_CACHE_SLOTS 4096
#define CHECK_CACHE_BYTES (8u * 1024 * 1024)

/* Appends the answer kept for the question to `out`; false when none is kept. */
bool check_cache_get(uint64_t hash, const char *key, size_t key_len, struct strbuf *out);
/* An answer lent without copying it: `data` (NUL-terminated) stays valid until `owner` is
 * given back with check_cache_return, whatever becomes of its slot. */
struct check_cache_loan {
    const char *data;
    size_t len;
    void *owner;
};
/* Lends the answer kept for the question; false when none is kept. The caller gives it
 * back once with check_cache_return(out->owner). */
bool check_cache_lend(uint64_t hash, const char *key, size_t key_len, struct check_cache_loan *out);
/* Gives back a loan (NULL is ignored); a libmicrohttpd free callback's signature. */
void check_cache_return(void *owner);
/* The SHA-256 of a lent answer's canonical form (hex and NUL), for receipts: an answer's
 * digest is a function of the answer, so the first receipt of it keeps it for the next
 * (handlers/receipt_sign.c). True with it in `hex` once kept. */
#define CHECK_CACHE_DIGEST_BUFSZ 65
bool check_cache_loan_digest(const void *owner, char hex[CHECK_CACHE_DIGEST_BUFSZ]);
/* Keeps the digest with the lent answer; the first kept stays. */
void check_cache_loan_keep_digest(void *owner, const char hex[CHECK_CACHE_DIGEST_BUFSZ]);
/* Keeps an answer (copied) unless that would take the cache over its bound. */
void check_cache_put(uint64_t hash, const char *key, size_t key_len, const char *body, size_t len);

struct check_cache_stats {
    uint64_t hits, misses;
    size_t bytes, entries;
};
struct check_cache_stats check_cache_stats(void);

#endif
