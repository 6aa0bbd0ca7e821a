/* Ed25519 keys: files, keyrings, JWK sets, the process's current keyring (lib/keyring.h). */
#include "lib/keyring.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base64url.h"
#include "lib/timeutil.h"

#define KEY_SEED_BYTES 32
#define B64_BUFSZ 100

bool keys_init(void)
{
    return sodium_init() >= 0;
}

/* RFC 7638: the SHA-256 of the required members in order, without spaces, in base64url. */
static void thumbprint(const unsigned char pk[KEY_PUBLIC_BYTES], char kid[KEY_KID_BUFSZ])
{
    char x[B64_BUFSZ], members[200];
    b64url_encode(pk, KEY_PUBLIC_BYTES, x, sizeof x);
    int n =
        snprintf(members, sizeof members, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)members, (unsigned long long)n);
    b64url_encode(digest, sizeof digest, kid, KEY_KID_BUFSZ);
}

bool key_create(const char *path, int64_t not_before, char kid[KEY_KID_BUFSZ], struct rd_error *err)
{
    unsigned char seed[KEY_SEED_BYTES], pk[KEY_PUBLIC_BYTES], sk[KEY_SECRET_BYTES];
    randombytes_buf(seed, sizeof seed);
    crypto_sign_seed_keypair(pk, sk, seed);
    thumbprint(pk, kid);
    char seed64[B64_BUFSZ], created[RD_TIME_BUFSZ], nb[RD_TIME_BUFSZ];
    b64url_encode(seed, sizeof seed, seed64, sizeof seed64);
    int64_t now = rd_now();
    rd_time_format(now, created, sizeof created);
    rd_time_format(not_before ? not_before : now, nb, sizeof nb);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk, sizeof sk);
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : STDOUT_FILENO;
    if (fd < 0) {
        rd_error_set(err, "cannot create %s: %s", path, strerror(errno));
        sodium_memzero(seed64, sizeof seed64);
        return false;
    }
    char text[512];
    int n = snprintf(text, sizeof text,
                     "{\"kid\":\"%s\",\"alg\":\"EdDSA\",\"crv\":\"Ed25519\",\"created\":\"%s\","
                     "\"not_before\":\"%s\",\"seed\":\"%s\"}\n",
                     kid, created, nb, seed64);
    bool ok = write(fd, text, (size_t)n) == n;
    if (path) ok = close(fd) == 0 && ok;
    sodium_memzero(text, sizeof text);
    sodium_memzero(seed64, sizeof seed64);
    if (!ok) rd_error_set(err, "cannot write %s: %s", path ? path : "stdout", strerror(errno));
    return ok;
}

/* A base64url member of exactly `len` bytes into `out`. */
static bool member_bytes(const json_t *o, const char *name, void *out, size_t len)
{
    const char *s = json_string_value(json_object_get(o, name));
    return s && b64url_decode(s, strlen(s), out, len) == len;
}

static bool member_time(const json_t *o, const char *name, int64_t fallback, int64_t *out)
{
    const json_t *v = json_object_get(o, name);
    if (!v) {
        *out = fallback;
        return true;
    }
    return json_is_string(v) && rd_time_parse_instant(json_string_value(v), out);
}

/* One key file's object into `k`; its kid must be its public key's. */
static bool key_from_file(const json_t *o, struct signing_key *k, struct rd_error *err)
{
    unsigned char seed[KEY_SEED_BYTES];
    const char *kid = json_string_value(json_object_get(o, "kid"));
    if (!member_bytes(o, "seed", seed, sizeof seed)) {
        rd_error_set(err, "\"seed\" must be 32 bytes in base64url");
        return false;
    }
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
    sodium_memzero(seed, sizeof seed);
    k->has_secret = true;
    thumbprint(k->pk, k->kid);
    if (!kid || strcmp(kid, k->kid) != 0) {
        rd_error_set(err, "\"kid\" is not the thumbprint of the key's public key (%s)", k->kid);
        return false;
    }
    if (!member_time(o, "created", 0, &k->created) ||
        !member_time(o, "not_before", k->created, &k->not_before)) {
        rd_error_set(err, "\"created\" and \"not_before\" must be RFC 3339 instants");
        return false;
    }
    return true;
}

/* One JWK of a JWK set (public key only) into `k`. */
static bool key_from_jwk(const json_t *o, struct signing_key *k, struct rd_error *err)
{
    const char *kty = json_string_value(json_object_get(o, "kty"));
    const char *crv = json_string_value(json_object_get(o, "crv"));
    const char *kid = json_string_value(json_object_get(o, "kid"));
    if (!kty || strcmp(kty, "OKP") != 0 || !crv || strcmp(crv, "Ed25519") != 0 ||
        !member_bytes(o, "x", k->pk, sizeof k->pk) || !kid || strlen(kid) >= KEY_KID_BUFSZ) {
        rd_error_set(err, "a key is not an OKP/Ed25519 JWK with \"x\" and \"kid\"");
        return false;
    }
    snprintf(k->kid, sizeof k->kid, "%s", kid);
    return member_time(o, "created", 0, &k->created) &&
           member_time(o, "not_before", k->created, &k->not_before);
}

static bool add_key(struct keyring *kr, struct signing_key *k, struct rd_error *err)
{
    if (keyring_find(kr, k->kid)) return true; /* the same key twice (a file and a JWK) */
    if (kr->n == KEYRING_MAX_KEYS) {
        rd_error_set(err, "more than %d keys", KEYRING_MAX_KEYS);
        return false;
    }
    kr->keys[kr->n++] = *k;
    return true;
}

/* A key file, or a JWK set file, added to `kr`. */
static bool load_file(struct keyring *kr, const char *path, struct rd_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        rd_error_set(err, "%s: not JSON (line %d: %s)", path, je.line, je.text);
        return false;
    }
    struct signing_key k;
    bool ok = true;
    const json_t *set = json_object_get(root, "keys");
    if (json_is_array(set)) {
        for (size_t i = 0; ok && i < json_array_size(set); i++) {
            memset(&k, 0, sizeof k);
            ok = key_from_jwk(json_array_get(set, i), &k, err) && add_key(kr, &k, err);
        }
    } else {
        memset(&k, 0, sizeof k);
        ok = key_from_file(root, &k, err) && add_key(kr, &k, err);
    }
    sodium_memzero(&k, sizeof k);
    json_decref(root);
    if (!ok) rd_error_prefix(err, "%s", path);
    return ok;
}

static int json_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 5 && e->d_name[0] != '.' && strcmp(e->d_name + n - 5, ".json") == 0;
}

/* Every *.json of the directory, in name order (the same keyring from the same files). */
static bool load_dir(struct keyring *kr, const char *path, struct rd_error *err)
{
    struct dirent **names = NULL;
    int n = scandir(path, &names, json_file, alphasort);
    if (n < 0) {
        rd_error_set(err, "cannot read the directory %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        ok = ok && load_file(kr, file, err);
        free(names[i]);
    }
    free(names);
    return ok;
}

struct keyring *keyring_empty(void)
{
    struct keyring *kr = sodium_malloc(sizeof *kr);
    if (!kr) return NULL;
    memset(kr, 0, sizeof *kr);
    atomic_init(&kr->refs, 1);
    return kr;
}

bool keyring_load(const char *path, struct keyring **out, struct rd_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        rd_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    struct keyring *kr = keyring_empty();
    if (!kr) {
        rd_error_set(err, "out of memory");
        return false;
    }
    bool ok = S_ISDIR(st.st_mode) ? load_dir(kr, path, err) : load_file(kr, path, err);
    if (!ok) {
        keyring_release(kr);
        return false;
    }
    *out = kr;
    return true;
}

void keyring_release(struct keyring *kr)
{
    if (kr && atomic_fetch_sub(&kr->refs, 1) == 1) sodium_free(kr); /* zeroes the secrets */
}

const struct signing_key *keyring_active(const struct keyring *kr, int64_t now)
{
    const struct signing_key *best = NULL;
    for (size_t i = 0; kr && i < kr->n; i++) {
        const struct signing_key *k = &kr->keys[i];
        if (!k->has_secret || k->not_before > now) continue;
        if (!best || k->not_before > best->not_before ||
            (k->not_before == best->not_before && strcmp(k->kid, best->kid) > 0))
            best = k;
    }
    return best;
}

const struct signing_key *keyring_find(const struct keyring *kr, const char *kid)
{
    for (size_t i = 0; kr && kid && i < kr->n; i++)
        if (strcmp(kr->keys[i].kid, kid) == 0) return &kr->keys[i];
    return NULL;
}

const char *keyring_status(const struct keyring *kr, const struct signing_key *k, int64_t now)
{
    if (k->not_before > now) return "next";
    return keyring_active(kr, now) == k ? "active" : "retired";
}

void keyring_write_jwks(const struct keyring *kr, struct jw *w, int64_t now)
{
    char x[B64_BUFSZ];
    jw_object_begin(w);
    JW_KEY(w, "keys");
    jw_array_begin(w);
    for (size_t i = 0; kr && i < kr->n; i++) {
        const struct signing_key *k = &kr->keys[i];
        b64url_encode(k->pk, sizeof k->pk, x, sizeof x);
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "kty", "OKP");
        JW_MEMBER_STRING(w, "crv", "Ed25519");
        JW_MEMBER_STRING(w, "x", x);
        JW_MEMBER_STRING(w, "kid", k->kid);
        JW_MEMBER_STRING(w, "alg", "EdDSA");
        JW_MEMBER_STRING(w, "use", "sig");
        JW_MEMBER_STRING(w, "status", keyring_status(kr, k, now));
        JW_KEY(w, "created");
        jw_time(w, k->created);
        JW_KEY(w, "not_before");
        jw_time(w, k->not_before);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_object_end(w);
}

void key_sign(const struct signing_key *k, const void *msg, size_t len,
              unsigned char sig[KEY_SIGNATURE_BYTES])
{
    crypto_sign_detached(sig, NULL, msg, (unsigned long long)len, k->sk);
}

bool key_verify(const struct signing_key *k, const void *msg, size_t len,
                const unsigned char sig[KEY_SIGNATURE_BYTES])
{
    return crypto_sign_verify_detached(sig, msg, (unsigned long long)len, k->pk) == 0;
}

/* ---- the process's keyring: a pointer swapped under a lock held for a reference ---- */

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct keyring *current;

void keyring_publish(struct keyring *kr)
{
    pthread_mutex_lock(&current_lock);
    struct keyring *old = current;
    current = kr;
    pthread_mutex_unlock(&current_lock);
    keyring_release(old);
}

struct keyring *keyring_acquire(void)
{
    pthread_mutex_lock(&current_lock);
    struct keyring *kr = current;
    if (kr) atomic_fetch_add(&kr->refs, 1);
    pthread_mutex_unlock(&current_lock);
    return kr;
}
