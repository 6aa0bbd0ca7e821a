#ifndef LIB_KEYRING_H
#define LIB_KEYRING_H
/*
 * Ed25519 signing keys (libsodium): key files, the set a server signs and verifies with,
 * its JWK set (RFC 8037, OKP/Ed25519) and the set the process currently uses.
 *
 * A key file is one JSON object, mode 0600 (docs/security.md):
 *   {"kid": "<RFC 7638 thumbprint of the public key>", "alg": "EdDSA", "crv": "Ed25519",
 *    "created": "<RFC 3339>", "not_before": "<RFC 3339>", "seed": "<32 bytes, base64url>"}
 * `not_before` (default `created`) is when the key may start signing. At any instant the
 * key that signs (`active`) is the one with the latest not_before that has come; keys whose
 * not_before is still ahead are `next` (published, not signing yet); all others `retired`
 * (they only verify). A keyring may also hold public keys only (from a JWK set file), which
 * verify and never sign.
 *
 * Convention: loaders return bool with `err` filled (RD_MUST_CHECK); the keyring is
 * immutable once loaded and reference counted, like a snapshot.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/jsonw.h"

#define KEY_KID_BUFSZ 48 /* a SHA-256 thumbprint in base64url is 43 characters */
#define KEY_PUBLIC_BYTES 32
#define KEY_SECRET_BYTES 64
#define KEY_SIGNATURE_BYTES 64
#define KEYRING_MAX_KEYS 64

struct signing_key {
    char kid[KEY_KID_BUFSZ];
    unsigned char pk[KEY_PUBLIC_BYTES];
    unsigned char sk[KEY_SECRET_BYTES]; /* zeroes when !has_secret */
    bool has_secret;
    int64_t created, not_before;
};

struct keyring {
    atomic_long refs;
    struct signing_key keys[KEYRING_MAX_KEYS];
    size_t n;
};

/* Makes libsodium ready; false when it cannot be (no entropy source). Idempotent. */
bool keys_init(void) RD_MUST_CHECK;

/* Writes a new key file at `path` (created, never overwritten, mode 0600; NULL: to standard
 * output) that may sign from `not_before` (0: from now); its kid into `kid`. */
bool key_create(const char *path, int64_t not_before, char kid[KEY_KID_BUFSZ],
                struct rd_error *err) RD_MUST_CHECK;

/* Loads the keys at `path`: a key file, a directory of them (every *.json in it), or a JWK
 * set file ({"keys": [...]}: public keys, verify only). The keyring starts with one
 * reference (keyring_release). An empty directory is an empty keyring, not an error. */
bool keyring_load(const char *path, struct keyring **out, struct rd_error *err) RD_MUST_CHECK;
/* An empty keyring (no signing configured); NULL when out of memory. */
struct keyring *keyring_empty(void);
void keyring_release(struct keyring *kr);

/* The key that signs at `now`, or NULL when none may. */
const struct signing_key *keyring_active(const struct keyring *kr, int64_t now);
/* The key named `kid`, or NULL. */
const struct signing_key *keyring_find(const struct keyring *kr, const char *kid);
/* "active", "next" or "retired" at `now`. */
const char *keyring_status(const struct keyring *kr, const struct signing_key *k, int64_t now);
/* The JWK set of every key, public parts only: {"keys":[{kty, crv, x, kid, alg, use,
 * status, created, not_before}]}. */
void keyring_write_jwks(const struct keyring *kr, struct jw *w, int64_t now);

/* Ed25519 signature of `msg` with `k` (which has its secret). */
void key_sign(const struct signing_key *k, const void *msg, size_t len,
              unsigned char sig[KEY_SIGNATURE_BYTES]);
bool key_verify(const struct signing_key *k, const void *msg, size_t len,
                const unsigned char sig[KEY_SIGNATURE_BYTES]);

/* The keyring the process signs with: keyring_publish takes over `kr` (the one before is
 * released when its last user does); keyring_acquire gives a reference (release it with
 * keyring_release), NULL before any was published. */
void keyring_publish(struct keyring *kr);
struct keyring *keyring_acquire(void);

#endif
