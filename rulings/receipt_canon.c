/* A receipt's signed part written in canonical form straight away (rulings/receipt.h,
 * receipt_write_for): its members and its question's are fixed, so their JCS order is
 * written here in full and no jansson tree is built and canonicalised (docs/performance.md,
 * "Signed receipts"). What this cannot write as receipt_write would (a string that is not
 * UTF-8 or holds a NUL, a score that is not finite, a revision beyond 2^53) goes to
 * receipt_write; tests/unit/test_receipt_canon.c holds the two to the same bytes. */
#include <string.h>

#include "lib/base64url.h"
#include "lib/enum_names.h"
#include "lib/jcs.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "rulings/model.h"
#include "rulings/receipt.h"

/* A string as JCS writes it, or null; false when it is not one jansson would take. */
static bool put_string(struct strbuf *sb, const char *s, size_t n)
{
    if (!s) {
        sb_puts(sb, "null");
        return true;
    }
    if (memchr(s, '\0', n) || !utf8_valid(s, n)) return false;
    jcs_write_string(sb, s, n);
    return true;
}

static bool put_cstring(struct strbuf *sb, const char *s)
{
    return put_string(sb, s, s ? strlen(s) : 0);
}

static void put_time(struct strbuf *sb, int64_t t)
{
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    jcs_write_string(sb, buf, strlen(buf));
}

/* The question (receipt_question), its members in JCS order. */
static bool put_question(struct strbuf *sb, enum receipt_endpoint ep, const struct check_request *q,
                         bool compact)
{
    char score[JCS_NUMBER_BUFSZ], limit[DECIMAL_BUFSZ];
    if (!jcs_number(q->min_score, score)) return false;
    sb_puts(sb, "{\"as_of\":");
    put_time(sb, q->as_of);
    sb_puts(sb, ",\"binds\":");
    bool ok = put_cstring(sb, q->binds);
    sb_puts(sb, ",\"category\":");
    ok = ok && put_cstring(sb, q->category);
    sb_puts(sb, ep == RECEIPT_CHECK ? ",\"endpoint\":\"" RECEIPT_PATH_CHECK "\""
                                    : ",\"endpoint\":\"" RECEIPT_PATH_SCREEN "\"");
    sb_puts(sb, ",\"identifier\":");
    ok = ok && put_cstring(sb, q->identifier);
    sb_puts(sb, ",\"jurisdiction\":");
    ok = ok && put_cstring(sb, q->jurisdiction);
    sb_puts(sb, ",\"kind\":");
    ok = ok && put_cstring(sb, q->kind >= 0 ? enum_name(&SUBJECT_KINDS, q->kind) : NULL);
    if (q->has_known_at) { /* as receipt_question: only for a question about the past */
        char known[RD_TIME_US_BUFSZ];
        rd_time_format_us(q->known_at_us, known, sizeof known);
        sb_puts(sb, ",\"known_at\":");
        jcs_write_string(sb, known, strlen(known));
    }
    sb_puts(sb, ",\"limit\":");
    sb_puts(sb, decimal_format(limit, (long long)q->limit));
    sb_puts(sb, ",\"min_score\":");
    sb_puts(sb, score);
    sb_puts(sb, ",\"name\":");
    ok = ok && put_string(sb, q->name ? q->name : "", q->name ? q->name_len : 0);
    sb_puts(sb, ",\"purpose\":");
    ok = ok && put_cstring(sb, q->purpose);
    sb_puts(sb, compact ? ",\"view\":\"compact\"}" : ",\"view\":\"full\"}");
    return ok;
}

/* The signed part (the receipt without "signature"), its members in JCS order. */
static bool put_signed_part(struct strbuf *sb, const struct signing_key *k,
                            const struct snapshot *s, enum receipt_endpoint ep,
                            const struct check_request *q, bool compact, const char *answer_hex,
                            int64_t now)
{
    char revision[DECIMAL_BUFSZ];
    int64_t at_us;
    if (!jcs_integer_exact(s->revision)) return false;
    sb_puts(sb, "{\"alg\":\"EdDSA\",\"answer_sha256\":");
    bool ok = put_cstring(sb, answer_hex);
    sb_puts(sb, ",\"as_of\":");
    put_time(sb, q->as_of);
    sb_puts(sb, ",\"issued_at\":");
    put_time(sb, now);
    sb_puts(sb, ",\"kid\":");
    ok = ok && put_cstring(sb, k->kid);
    sb_puts(sb, ",\"known_at\":");
    if (receipt_known_at(s, &at_us)) {
        char known[RD_TIME_US_BUFSZ];
        rd_time_format_us(at_us, known, sizeof known);
        jcs_write_string(sb, known, strlen(known));
    } else {
        sb_puts(sb, "null");
    }
    sb_puts(sb, ",\"question\":");
    ok = ok && put_question(sb, ep, q, compact);
    sb_puts(sb, ",\"revision\":");
    sb_puts(sb, decimal_format(revision, (long long)s->revision));
    sb_puts(sb, ",\"version\":1}");
    return ok;
}

bool receipt_write_for(struct strbuf *out, const struct signing_key *k, const struct snapshot *s,
                       enum receipt_endpoint ep, const struct check_request *q, bool compact,
                       const char *answer_hex, int64_t now, struct rd_error *err)
{
    _Static_assert(RECEIPT_VERSION == 1, "the signed part's last member is \"version\":1");
    static const char last[] = ",\"version\":1}";
    struct strbuf part = {0};
    sb_grow(&part, 768);
    if (!put_signed_part(&part, k, s, ep, q, compact, answer_hex, now) || part.failed) {
        sb_free(&part);
        return receipt_write(out, k, s, receipt_question(ep, q, compact), answer_hex, q->as_of, now,
                             err);
    }
    unsigned char sig[KEY_SIGNATURE_BYTES];
    char sig64[100];
    key_sign(k, part.data, part.len, sig);
    b64url_encode(sig, sizeof sig, sig64, sizeof sig64);
    /* "signature" sorts just before "version", the last member */
    sb_append(out, part.data, part.len - (sizeof last - 1));
    sb_puts(out, ",\"signature\":\"");
    sb_puts(out, sig64);
    sb_putc(out, '"');
    sb_puts(out, last);
    sb_free(&part);
    if (out->failed) rd_error_set(err, "out of memory");
    return !out->failed;
}
