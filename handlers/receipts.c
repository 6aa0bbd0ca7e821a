/* GET /v1/keys and POST /v1/receipts/verify: the keys receipts are signed with, and a
 * receipt checked online (docs/api.md, "Receipts"). */
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/receipt_sign.h"
#include "lib/keyring.h"
#include "lib/timeutil.h"

void handle_keys(struct request *req)
{
    if (!params_none(req)) return;
    struct keyring *kr = keyring_acquire();
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    keyring_write_jwks(kr, &w, rd_now());
    keyring_release(kr);
    reply_json(req, 200, &sb);
}

/* The receipt of a body, checked: false (answered) when the body is no JSON or holds no
 * receipt object at all; a receipt that is there but wrong is a finding, not a bad request. */
bool receipts_read_checked(struct request *req, const struct keyring *kr, bool answer_optional,
                           json_t **doc, struct receipt_check *rc)
{
    if (!params_none(req) || !admin_read_json(req, doc)) return false;
    receipt_verify(*doc, kr, answer_optional, rc);
    if (rc->fault != RECEIPT_MALFORMED) return true;
    struct field_errors fe = {0};
    field_errors_add(&fe, "receipt", "invalid_receipt", "%s", rc->detail);
    reply_problem(req, PROBLEM_VALIDATION_FAILED,
                  "the body is not a receipt: send an answer with its \"receipt\" member, or "
                  "{\"receipt\": ..., \"answer\": ...}",
                  &fe);
    field_errors_free(&fe);
    json_decref(*doc);
    *doc = NULL;
    return false;
}

/* What a check of a receipt found, as members of the object being written. */
void receipts_write_check(struct jw *w, const struct keyring *kr, const struct receipt_check *rc)
{
    jw_key(w, "valid");
    jw_bool(w, rc->fault == RECEIPT_VALID);
    JW_MEMBER_STRING(w, "result", receipt_fault_code(rc->fault));
    JW_MEMBER_STRING(w, "detail", rc->detail);
    JW_MEMBER_STRING(w, "kid", rc->kid[0] ? rc->kid : NULL);
    const struct signing_key *k = keyring_find(kr, rc->kid);
    JW_MEMBER_STRING(w, "key_status", k ? keyring_status(kr, k, rd_now()) : NULL);
    JW_MEMBER_INT(w, "revision", rc->revision);
    JW_KEY(w, "answer_sha256");
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "signed", rc->signed_sha256[0] ? rc->signed_sha256 : NULL);
    JW_MEMBER_STRING(w, "computed", rc->computed_sha256[0] ? rc->computed_sha256 : NULL);
    jw_object_end(w);
}

void handle_receipt_verify(struct request *req)
{
    struct keyring *kr = keyring_acquire();
    json_t *doc = NULL;
    struct receipt_check rc;
    if (receipts_read_checked(req, kr, false, &doc, &rc)) {
        struct strbuf sb = {0};
        struct jw w;
        jw_init(&w, &sb);
        jw_object_begin(&w);
        receipts_write_check(&w, kr, &rc);
        jw_object_end(&w);
        reply_json(req, 200, &sb);
    }
    json_decref(doc);
    keyring_release(kr);
}
