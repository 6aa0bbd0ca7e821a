/* Checking a receipt against its keys and its answer (rulings/receipt.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/base64url.h"
#include "lib/jcs.h"
#include "rulings/receipt.h"

const char *receipt_fault_code(enum receipt_fault f)
{
    static const char *const codes[] = {
        [RECEIPT_VALID] = "valid",
        [RECEIPT_MALFORMED] = "malformed",
        [RECEIPT_UNKNOWN_KID] = "unknown_kid",
        [RECEIPT_BAD_SIGNATURE] = "signature_invalid",
        [RECEIPT_NO_ANSWER] = "answer_missing",
        [RECEIPT_ANSWER_MISMATCH] = "answer_mismatch",
    };
    return f <= RECEIPT_ANSWER_MISMATCH ? codes[f] : "malformed";
}

static void fail(struct receipt_check *out, enum receipt_fault f, const char *fmt, ...)
    RD_PRINTF(3, 4);
static void fail(struct receipt_check *out, enum receipt_fault f, const char *fmt, ...)
{
    out->fault = f;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->detail, sizeof out->detail, fmt, ap);
    va_end(ap);
}

/* The members a receipt must have, and their JSON types. */
static const struct {
    const char *name;
    json_type type;
} required[] = {
    {"version", JSON_INTEGER}, {"question", JSON_OBJECT},  {"answer_sha256", JSON_STRING},
    {"as_of", JSON_STRING},    {"revision", JSON_INTEGER}, {"issued_at", JSON_STRING},
    {"kid", JSON_STRING},      {"alg", JSON_STRING},       {"signature", JSON_STRING},
};

static bool shape_ok(const json_t *r, struct receipt_check *out)
{
    if (!json_is_object(r)) {
        fail(out, RECEIPT_MALFORMED, "%s", "there is no \"receipt\" object");
        return false;
    }
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const json_t *v = json_object_get(r, required[i].name);
        if (!v || json_typeof(v) != required[i].type) {
            fail(out, RECEIPT_MALFORMED, "receipt.%s is missing or of the wrong type",
                 required[i].name);
            return false;
        }
    }
    const json_t *known = json_object_get(r, "known_at");
    if (!known || !(json_is_string(known) || json_is_null(known))) {
        fail(out, RECEIPT_MALFORMED, "%s", "receipt.known_at is missing or of the wrong type");
        return false;
    }
    if (json_integer_value(json_object_get(r, "version")) != RECEIPT_VERSION ||
        strcmp(json_string_value(json_object_get(r, "alg")), "EdDSA") != 0) {
        fail(out, RECEIPT_MALFORMED, "%s", "receipt.version must be 1 and receipt.alg EdDSA");
        return false;
    }
    return true;
}

/* The signature over the receipt without its "signature" member. */
static bool signature_ok(const json_t *r, const struct keyring *kr, struct receipt_check *out)
{
    snprintf(out->kid, sizeof out->kid, "%s", json_string_value(json_object_get(r, "kid")));
    const struct signing_key *k = keyring_find(kr, out->kid);
    if (!k) {
        fail(out, RECEIPT_UNKNOWN_KID, "no key has the kid %s", out->kid);
        return false;
    }
    unsigned char sig[KEY_SIGNATURE_BYTES];
    const char *sig64 = json_string_value(json_object_get(r, "signature"));
    if (b64url_decode(sig64, strlen(sig64), sig, sizeof sig) != sizeof sig) {
        fail(out, RECEIPT_MALFORMED, "%s", "receipt.signature is not 64 bytes in base64url");
        return false;
    }
    json_t *copy = json_copy((json_t *)r);
    struct strbuf sb = {0};
    struct rd_error err = {0};
    bool ok =
        copy && json_object_del(copy, "signature") == 0 && jcs_write(&sb, copy, &err) && !sb.failed;
    json_decref(copy);
    if (!ok) {
        fail(out, RECEIPT_MALFORMED, "the receipt has no canonical form: %s", err.message);
    } else if (!key_verify(k, sb.data, sb.len, sig)) {
        fail(out, RECEIPT_BAD_SIGNATURE, "%s",
             "the signature does not match the receipt's signed fields (question, "
             "answer_sha256, as_of, known_at, revision, issued_at, kid): one was changed");
        ok = false;
    }
    sb_free(&sb);
    return ok;
}

/* The answer the receipt speaks of (see receipt_verify); NULL when the document has none. */
static const json_t *answer_of(const json_t *doc, const json_t *question, json_t **made)
{
    const json_t *a = json_object_get(doc, "answer");
    if (a) return a;
    const char *ep = json_string_value(json_object_get(question, "endpoint"));
    if (ep && strcmp(ep, RECEIPT_PATH_SCREEN) == 0) return json_object_get(doc, "result");
    if (json_object_size(doc) < 2) return NULL; /* a receipt alone */
    *made = json_copy((json_t *)doc);
    if (*made) json_object_del(*made, "receipt");
    return *made;
}

static void answer_ok(const json_t *doc, bool optional, struct receipt_check *out)
{
    json_t *made = NULL;
    out->answer = answer_of(doc, out->question, &made);
    struct rd_error err = {0};
    if (!out->answer && optional) {
        /* a receipt alone: nothing to compare */
    } else if (!out->answer) {
        fail(out, RECEIPT_NO_ANSWER, "%s",
             "no answer to compare with: send the answer with its receipt, or "
             "{\"receipt\":..., \"answer\":...}");
    } else if (!receipt_digest(out->answer, out->computed_sha256, &err)) {
        fail(out, RECEIPT_ANSWER_MISMATCH, "the answer has no canonical form: %s", err.message);
    } else if (strcmp(out->computed_sha256, out->signed_sha256) != 0) {
        out->fault = RECEIPT_ANSWER_MISMATCH;
        snprintf(out->detail, sizeof out->detail,
                 "the answer is not the one signed: its SHA-256 (RFC 8785 form) is %s, the "
                 "receipt's answer_sha256 is %s",
                 out->computed_sha256, out->signed_sha256);
    }
    out->answer = made ? NULL : out->answer; /* the copy goes now */
    json_decref(made);
}

void receipt_verify(const json_t *doc, const struct keyring *kr, bool answer_optional,
                    struct receipt_check *out)
{
    memset(out, 0, sizeof *out);
    out->receipt = json_is_object(doc) ? json_object_get(doc, "receipt") : NULL;
    if (!json_is_object(doc)) {
        fail(out, RECEIPT_MALFORMED, "%s", "the document is not a JSON object");
        return;
    }
    if (!shape_ok(out->receipt, out)) return;
    out->question = json_object_get(out->receipt, "question");
    out->revision = json_integer_value(json_object_get(out->receipt, "revision"));
    snprintf(out->signed_sha256, sizeof out->signed_sha256, "%s",
             json_string_value(json_object_get(out->receipt, "answer_sha256")));
    if (!signature_ok(out->receipt, kr, out)) return;
    answer_ok(doc, answer_optional, out);
    if (out->fault == RECEIPT_VALID) snprintf(out->detail, sizeof out->detail, "valid");
}
