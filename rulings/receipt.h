#ifndef RULINGS_RECEIPT_H
#define RULINGS_RECEIPT_H
/*
 * Signed receipts of answers (docs/api.md, "Receipts"): what was asked (the question), the
 * SHA-256 of the answer in RFC 8785 canonical form, the times and the data revision it was
 * computed at, signed with Ed25519. receipt.c makes them; receipt_verify.c checks them.
 *
 * A receipt is one JSON object:
 *   {"version":1, "question":{...}, "answer_sha256":"<hex>", "as_of":"<RFC 3339>",
 *    "known_at":"<RFC 3339>"|null, "revision":N, "issued_at":"<RFC 3339>", "kid":"...",
 *    "alg":"EdDSA", "signature":"<base64url>"}
 * The signature is over the JCS form of the receipt without its "signature" member.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/keyring.h"
#include "lib/strbuf.h"
#include "rulings/check.h"
#include "rulings/snapshot.h"

#define RECEIPT_VERSION 1
#define RECEIPT_SHA256_HEX 65 /* 64 hex digits and the NUL */

/* Which answer a question is about: a whole /v1/check answer, or the `result` of one
 * /v1/screen row (which leaves out coverage: the summary has it). */
enum receipt_endpoint { RECEIPT_CHECK, RECEIPT_SCREEN_ROW };
#define RECEIPT_PATH_CHECK "/v1/check"
#define RECEIPT_PATH_SCREEN "/v1/screen"

/* The question of an answer: every parameter that defines it, normalised (as_of resolved to
 * an instant, absent ones null). Caller owns the result (json_decref); NULL when out of
 * memory. */
json_t *receipt_question(enum receipt_endpoint ep, const struct check_request *q, bool compact);

/* The known_at an answer from `s` states, in microseconds since 1970: the instant the
 * snapshot's data revision was committed. False when it is not known (revision 0). The one
 * place that decides it: bitemporal reads (issue 17, part 1) answer from reconstructed
 * snapshots, whose revision_at_us says the same. */
bool receipt_known_at(const struct snapshot *s, int64_t *at_us);

/* SHA-256 (hex) of the canonical form of a JSON value, or of a JSON text. */
bool receipt_digest(const json_t *answer, char hex[RECEIPT_SHA256_HEX],
                    struct rd_error *err) RD_MUST_CHECK;
bool receipt_digest_text(const char *answer, size_t len, char hex[RECEIPT_SHA256_HEX],
                         struct rd_error *err) RD_MUST_CHECK;

/* The same digest as receipt_digest_text for an answer rendered from snapshot `s`, the
 * pieces it rendered once put in canonical form once (rulings/canon_pieces.h) and the
 * canonical form hashed piece by piece: the hot path of a receipt. */
bool receipt_digest_answer(const struct snapshot *s, const char *answer, size_t len,
                           char hex[RECEIPT_SHA256_HEX], struct rd_error *err) RD_MUST_CHECK;

/* Signs a receipt for an answer whose digest is `answer_hex`, asked by `question` (taken
 * over, also on failure) of snapshot `s`, with key `k` at `now`; appends its canonical JSON
 * to `out`. */
bool receipt_write(struct strbuf *out, const struct signing_key *k, const struct snapshot *s,
                   json_t *question, const char *answer_hex, int64_t as_of, int64_t now,
                   struct rd_error *err) RD_MUST_CHECK;

/* The same receipt as receipt_write(out, k, s, receipt_question(ep, q, compact), answer_hex,
 * q->as_of, now, err), byte for byte, its signed part written in canonical form straight
 * away (rulings/receipt_canon.c): the hot path of a receipt. */
bool receipt_write_for(struct strbuf *out, const struct signing_key *k, const struct snapshot *s,
                       enum receipt_endpoint ep, const struct check_request *q, bool compact,
                       const char *answer_hex, int64_t now, struct rd_error *err) RD_MUST_CHECK;

/* ---- receipt_verify.c ---- */

enum receipt_fault {
    RECEIPT_VALID,
    RECEIPT_MALFORMED,       /* not a receipt: a member missing or of the wrong type */
    RECEIPT_UNKNOWN_KID,     /* no key of that kid (here or in the JWK set given) */
    RECEIPT_BAD_SIGNATURE,   /* the signed fields (question, digest, times...) were changed */
    RECEIPT_NO_ANSWER,       /* nothing to compare answer_sha256 with */
    RECEIPT_ANSWER_MISMATCH, /* the answer is not the one signed */
};

struct receipt_check {
    enum receipt_fault fault;
    char detail[400];
    const json_t *receipt, *question, *answer; /* borrowed from the document, when found */
    char signed_sha256[RECEIPT_SHA256_HEX], computed_sha256[RECEIPT_SHA256_HEX];
    char kid[KEY_KID_BUFSZ];
    int64_t revision;
};

/* The short code of a fault: "valid", "malformed", "unknown_kid", "signature_invalid",
 * "answer_missing", "answer_mismatch". */
const char *receipt_fault_code(enum receipt_fault f);

/* Checks the receipt of `doc`: an answer with its "receipt" member (a /v1/check answer, a
 * /v1/screen row whose "result" is the answer), or {"receipt":..., "answer":...}. With
 * `answer_optional` a receipt alone is checked too (a replay recomputes the answer); an
 * answer that is there is always compared with the one signed. */
void receipt_verify(const json_t *doc, const struct keyring *kr, bool answer_optional,
                    struct receipt_check *out);

#endif
