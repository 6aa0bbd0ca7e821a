/* Signed receipts appended to answers (handlers/receipt_sign.h). */
#include "handlers/receipt_sign.h"

#include "handlers/check_cache.h"
#include "lib/timeutil.h"

struct keyring *receipt_signer(struct request *req, const struct signing_key **key)
{
    struct keyring *kr = keyring_acquire();
    *key = keyring_active(kr, rd_now());
    if (*key) return kr;
    keyring_release(kr);
    reply_problem(req, PROBLEM_SIGNING_UNAVAILABLE,
                  "this server has no signing key that may sign now: set RESTRICTD_SIGNING_KEYS "
                  "to a key file made by `restrictd key create` (docs/security.md)",
                  NULL);
    return NULL;
}

bool receipt_make(struct strbuf *out, const struct signing_key *key, const struct snapshot *snap,
                  enum receipt_endpoint ep, const struct check_request *q, bool compact,
                  const char *answer, size_t len, char hex[RECEIPT_SHA256_HEX],
                  struct rd_error *err)
{
    return (hex[0] || receipt_digest_answer(snap, answer, len, hex, err)) &&
           receipt_write_for(out, key, snap, ep, q, compact, hex, rd_now(), err);
}

void receipt_reply(struct request *req, const struct check_request *q, bool compact,
                   const char *answer, size_t len, void *cached)
{
    char hex[RECEIPT_SHA256_HEX] = "";
    if (cached) (void)check_cache_loan_digest(cached, hex); /* else hex stays empty */
    const struct signing_key *key;
    struct keyring *kr = receipt_signer(req, &key);
    if (!kr) return;
    struct rd_error err = {0};
    struct strbuf sb = {0};
    sb_grow(&sb, len + 1024);
    bool ok = len > 1 && answer[len - 1] == '}';
    if (ok) {
        /* the answer's members as they are, then the receipt's, in one object */
        sb_append(&sb, answer, len - 1);
        sb_puts(&sb, len > 2 ? ",\"receipt\":" : "\"receipt\":");
        ok = receipt_make(&sb, key, req_snapshot(req), RECEIPT_CHECK, q, compact, answer, len, hex,
                          &err);
        if (ok && cached) check_cache_loan_keep_digest(cached, hex);
        sb_putc(&sb, '}');
    }
    keyring_release(kr);
    if (ok && !sb.failed) {
        reply_json(req, 200, &sb);
        return;
    }
    sb_free(&sb);
    req_log_error(req, "signing a receipt failed: %s", ok ? "out of memory" : err.message);
    reply_problem(req, PROBLEM_INTERNAL, "the receipt could not be made", NULL);
}
