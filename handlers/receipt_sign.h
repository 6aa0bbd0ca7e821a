#ifndef HANDLERS_RECEIPT_SIGN_H
#define HANDLERS_RECEIPT_SIGN_H
/*
 * Signed receipts on answers (`receipt=true`, rulings/receipt.h): the key a request signs
 * with, and a receipt appended to an answer as its last member.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/keyring.h"
#include "rulings/receipt.h"
#include "server/request.h"

/* The keyring holding the key that signs now (*key), with a reference the caller drops with
 * keyring_release(); NULL after answering 503 signing-unavailable when there is none. */
struct keyring *receipt_signer(struct request *req, const struct signing_key **key);

/* Appends to `out` the receipt (a JSON object) of `answer`, the JSON text of the answer to
 * `q` as written, whose digest (rulings/receipt.h) is `hex` (computed when it is empty, and
 * left there). */
bool receipt_make(struct strbuf *out, const struct signing_key *key, const struct snapshot *snap,
                  enum receipt_endpoint ep, const struct check_request *q, bool compact,
                  const char *answer, size_t len, char hex[RECEIPT_SHA256_HEX],
                  struct rd_error *err) RD_MUST_CHECK;

/* Answers 200 with the object `answer` and its receipt as a last member. `cached`: the
 * check cache's owner of a lent answer, whose digest is kept there (NULL: not cached). */
void receipt_reply(struct request *req, const struct check_request *q, bool compact,
                   const char *answer, size_t len, void *cached);

/* ---- handlers/receipts.c, for the routes that read a receipt ---- */

/* The body (JSON with a receipt) read and checked against `kr` (rulings/receipt.h): true
 * with *doc (caller frees) and the findings; false when answered: the body is no JSON (400)
 * or no receipt (422). */
bool receipts_read_checked(struct request *req, const struct keyring *kr, bool answer_optional,
                           json_t **doc, struct receipt_check *rc);
/* The findings as members of the object `w` is writing: valid, result, detail, kid,
 * key_status, revision, answer_sha256 {signed, computed}. */
void receipts_write_check(struct jw *w, const struct keyring *kr, const struct receipt_check *rc);

#endif
