/* Making signed receipts (rulings/receipt.h). */
#include "rulings/receipt.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lib/stringify.h"
#include "lib/base64url.h"
#include "lib/enum_names.h"
#include "lib/jcs.h"
#include "lib/timeutil.h"
#include "rulings/canon_pieces.h"
#include "rulings/model.h"

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *time_value(int64_t t)
{
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    return json_string(buf);
}

json_t *receipt_question(enum receipt_endpoint ep, const struct check_request *q, bool compact)
{
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = 0;
    bad |= json_object_set_new(
        o, "endpoint", json_string(ep == RECEIPT_CHECK ? RECEIPT_PATH_CHECK : RECEIPT_PATH_SCREEN));
    bad |= json_object_set_new(o, "name", json_stringn(q->name ? q->name : "", q->name_len));
    bad |= json_object_set_new(
        o, "kind", string_or_null(q->kind >= 0 ? enum_name(&SUBJECT_KINDS, q->kind) : NULL));
    bad |= json_object_set_new(o, "as_of", time_value(q->as_of));
    if (q->has_known_at) { /* a question about the past: the instant its answer states */
        char known[RD_TIME_US_BUFSZ];
        rd_time_format_us(q->known_at_us, known, sizeof known);
        bad |= json_object_set_new(o, "known_at", json_string(known));
    }
    bad |= json_object_set_new(o, "jurisdiction", string_or_null(q->jurisdiction));
    bad |= json_object_set_new(o, "binds", string_or_null(q->binds));
    bad |= json_object_set_new(o, "purpose", string_or_null(q->purpose));
    bad |= json_object_set_new(o, "category", string_or_null(q->category));
    bad |= json_object_set_new(o, "identifier", string_or_null(q->identifier));
    bad |= json_object_set_new(o, "min_score", json_real(q->min_score));
    bad |= json_object_set_new(o, "limit", json_integer(q->limit));
    bad |= json_object_set_new(o, "view", json_string(compact ? "compact" : "full"));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

bool receipt_known_at(const struct snapshot *s, int64_t *at_us)
{
    if (s->revision_at_us <= 0) return false;
    *at_us = s->revision_at_us;
    return true;
}

#define SHA256_BYTES 32

static void hex_of(const unsigned char d[SHA256_BYTES], char hex[RECEIPT_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_BYTES; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 0xf];
    }
    hex[2 * SHA256_BYTES] = '\0';
}

static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha256_fetched;

static void sha256_fetch(void)
{
    sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL); /* NULL: EVP_sha256() each time */
}

/* SHA-256 fetched once: EVP_sha256() looks it up again on every digest (OpenSSL 3's implicit
 * fetch: about 1 us, docs/performance.md). Never freed: it lives as long as the process. */
static const EVP_MD *sha256(void)
{
    pthread_once(&sha256_once, sha256_fetch);
    return sha256_fetched ? sha256_fetched : EVP_sha256();
}

/* The SHA-256 of the canonical form in `sb`, when `ok` (it could be made); frees `sb`. */
static bool digest_of(struct strbuf *sb, bool ok, char hex[RECEIPT_SHA256_HEX],
                      struct rd_error *err)
{
    if (ok && sb->failed) {
        rd_error_set(err, "out of memory");
        ok = false;
    }
    /* OpenSSL's SHA-256 (SHA-NI where the CPU has it): libsodium's portable one took a
     * seventh of a receipt of a 35 KB answer (docs/performance.md) */
    unsigned char d[SHA256_BYTES];
    if (ok && !EVP_Digest(sb->data ? sb->data : "", sb->len, d, NULL, sha256(), NULL)) {
        rd_error_set(err, "SHA-256 failed");
        ok = false;
    }
    if (ok) hex_of(d, hex);
    sb_free(sb);
    return ok;
}

bool receipt_digest(const json_t *answer, char hex[RECEIPT_SHA256_HEX], struct rd_error *err)
{
    struct strbuf sb = {0};
    return digest_of(&sb, jcs_write(&sb, answer, err), hex, err);
}

bool receipt_digest_text(const char *answer, size_t len, char hex[RECEIPT_SHA256_HEX],
                         struct rd_error *err)
{
    /* from the text: no tree of the answer is built (docs/performance.md, Receipts) */
    struct strbuf sb = {0};
    sb_grow(&sb, len);
    return digest_of(&sb, jcs_text(&sb, answer, len, err), hex, err);
}

/* SHA-256 of an outline's bytes in order, read where they are (no copy of the pieces). */
static bool digest_outline(const struct jcs_outline *o, unsigned char d[SHA256_BYTES])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const char *text = o->text.data ? o->text.data : "";
    bool ok = ctx && EVP_DigestInit_ex(ctx, sha256(), NULL);
    size_t from = 0;
    for (size_t i = 0; ok && i < o->n; i++) {
        const struct jcs_splice *sp = &o->splices[i];
        ok = EVP_DigestUpdate(ctx, text + from, sp->at - from) &&
             EVP_DigestUpdate(ctx, sp->p, sp->n);
        from = sp->at;
    }
    ok = ok && EVP_DigestUpdate(ctx, text + from, o->text.len - from) &&
         EVP_DigestFinal_ex(ctx, d, NULL);
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool receipt_digest_answer(const struct snapshot *s, const char *answer, size_t len,
                           char hex[RECEIPT_SHA256_HEX], struct rd_error *err)
{
    /* the snapshot's pieces spliced in, not canonicalised again (rulings/canon_pieces.h) */
    struct jcs_outline o = {0};
    sb_grow(&o.text, len / 8 + 256);
    unsigned char d[SHA256_BYTES];
    bool ok = jcs_text_outline(&o, answer, len, canon_pieces_known, (void *)s, err);
    if (ok && !digest_outline(&o, d)) {
        rd_error_set(err, "SHA-256 failed");
        ok = false;
    }
    if (ok) hex_of(d, hex);
    jcs_outline_free(&o);
    return ok;
}

/* The members every receipt carries besides its question and signature. */
static bool fill(json_t *r, const struct signing_key *k, const struct snapshot *s,
                 const char *answer_hex, int64_t as_of, int64_t now)
{
    char known[RD_TIME_US_BUFSZ];
    int64_t at_us;
    bool has_known = receipt_known_at(s, &at_us);
    if (has_known) rd_time_format_us(at_us, known, sizeof known);
    int bad = json_object_set_new(r, "version", json_integer(RECEIPT_VERSION));
    bad |= json_object_set_new(r, "answer_sha256", json_string(answer_hex));
    bad |= json_object_set_new(r, "as_of", time_value(as_of));
    bad |= json_object_set_new(r, "known_at", has_known ? json_string(known) : json_null());
    bad |= json_object_set_new(r, "revision", json_integer(s->revision));
    bad |= json_object_set_new(r, "issued_at", time_value(now));
    bad |= json_object_set_new(r, "kid", json_string(k->kid));
    bad |= json_object_set_new(r, "alg", json_string("EdDSA"));
    return bad == 0;
}

/* The canonical receipt: the signed part with its signature, which sorts just before
 * "version", the last member of the signed part (tests/unit/test_receipt.c checks the whole is
 * its own JCS form); otherwise the receipt canonicalised again. */
static bool put_signed(struct strbuf *out, json_t *r, const struct strbuf *signed_part,
                       const char *sig64, struct rd_error *err)
{
    static const char last[] = ",\"version\":" RD_DIGITS_OF(RECEIPT_VERSION) "}";
    size_t n = sizeof last - 1;
    if (signed_part->len > n && !memcmp(signed_part->data + signed_part->len - n, last, n)) {
        sb_append(out, signed_part->data, signed_part->len - n);
        sb_puts(out, ",\"signature\":\""); /* base64url: nothing to escape */
        sb_puts(out, sig64);
        sb_putc(out, '"');
        sb_append(out, last, n);
        return true;
    }
    return json_object_set_new(r, "signature", json_string(sig64)) == 0 && jcs_write(out, r, err);
}

bool receipt_write(struct strbuf *out, const struct signing_key *k, const struct snapshot *s,
                   json_t *question, const char *answer_hex, int64_t as_of, int64_t now,
                   struct rd_error *err)
{
    json_t *r = json_object();
    struct strbuf signed_part = {0};
    bool ok = r && question;
    if (ok)
        ok = json_object_set_new(r, "question", question) == 0; /* takes it, also on failure */
    else
        json_decref(question);
    ok = ok && fill(r, k, s, answer_hex, as_of, now);
    if (!ok) rd_error_set(err, "out of memory");
    ok = ok && jcs_write(&signed_part, r, err);
    if (ok && !signed_part.failed) {
        unsigned char sig[KEY_SIGNATURE_BYTES];
        char sig64[100];
        key_sign(k, signed_part.data, signed_part.len, sig);
        b64url_encode(sig, sizeof sig, sig64, sizeof sig64);
        ok = put_signed(out, r, &signed_part, sig64, err);
    }
    if (ok && (signed_part.failed || out->failed)) {
        rd_error_set(err, "out of memory");
        ok = false;
    }
    sb_free(&signed_part);
    json_decref(r);
    return ok;
}
