/* GET /v1/check: is this name restricted, by whom, since when, as of a date. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "handlers/check_cache.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/receipt_sign.h"
#include "rulings/check.h"
#include "rulings/identifier.h"
#include "lib/hash.h"
#include "match/match.h"
#include "lib/timeutil.h"

#define CHECK_MAX_NAME 512

/* Room reserved for an answer up front (one with its rulings is a few kilobytes), and for
 * its ETag: a quoted 64-bit hash in hex. */
#define CHECK_ANSWER_HINT (16u * 1024)
#define CHECK_TAG_BUFSZ 24

/* The answer is a pure function of the snapshot's data (its revision), this program's
 * version and the question, so its validator is a hash of those, known before the answer
 * is built: no need to hash the kilobytes of the answer, nor to build it for a client that
 * holds it already (docs/decisions/0003). The same key finds the rendered answer in the
 * cache (handlers/check_cache.h). `pretty` changes the bytes, so it is part of the
 * question. False for a question too long for the key: the server then hashes the body, as
 * for other routes (a truncated key could give two answers one tag), and nothing is cached. */
struct question {
    char key[CHECK_MAX_NAME + IDENTIFIER_MAX + 256];
    size_t len;
    uint64_t hash;
    char tag[CHECK_TAG_BUFSZ];
};

/* Appends to a question's key without printf (it showed in the profile: the key is built
 * for every check, cached or not). `over` once it no longer fits. */
struct key_writer {
    char *p;
    size_t len, cap;
    bool over;
};

static void key_put(struct key_writer *k, const char *s, size_t n)
{
    if (k->over || k->cap - k->len < n) {
        k->over = true;
        return;
    }
    memcpy(k->p + k->len, s, n);
    k->len += n;
}

static void key_str(struct key_writer *k, const char *s)
{
    key_put(k, s ? s : "", s ? strlen(s) : 0);
    key_put(k, "|", 1);
}

static void key_int(struct key_writer *k, long long v)
{
    char digits[DECIMAL_BUFSZ];
    key_str(k, decimal_format(digits, v));
}

static bool question_of(struct request *req, const struct snapshot *snap,
                        const struct check_request *q, bool compact, struct question *out)
{
    struct key_writer k = {out->key, 0, sizeof out->key, false};
    key_str(&k, RESTRICTD_VERSION);
    key_int(&k, (long long)snap->revision);
    key_int(&k, (long long)q->kind);
    key_int(&k, (long long)q->as_of);
    key_str(&k, q->jurisdiction);
    key_str(&k, q->binds);
    key_str(&k, q->purpose);
    key_str(&k, q->category);
    key_str(&k, q->identifier);
    key_int(&k, llround(q->min_score * 1e6)); /* as "%.6f" would tell them apart */
    key_int(&k, (long long)q->limit);
    key_int(&k, (long long)req_pretty(req));
    key_int(&k, (long long)compact);
    if (q->has_known_at) key_int(&k, (long long)q->known_at_us); /* the answer states it */
    key_put(&k, q->name, q->name_len);
    if (k.over) return false;
    out->len = k.len;
    out->hash = hash_bytes(out->key, out->len);
    static const char hex[] = "0123456789abcdef";
    out->tag[0] = '"';
    for (int i = 0; i < 16; i++)
        out->tag[1 + i] = hex[(out->hash >> (60 - 4 * i)) & 0xf];
    out->tag[17] = '"';
    out->tag[18] = '\0';
    return true;
}

/* The key of the question in the cache: its ETag key and the snapshot's generation; its
 * hash derived from the ETag's (the key itself is compared whole on a hit). False when it
 * does not fit. */
static bool question_for_cache(struct question *qn, const struct snapshot *snap)
{
    struct key_writer k = {qn->key, qn->len, sizeof qn->key, false};
    key_put(&k, "|", 1);
    key_int(&k, (long long)snap->generation);
    if (k.over) return false;
    qn->len = k.len;
    qn->hash ^= snap->generation * 0x9e3779b97f4a7c15ull; /* spreads generations over slots */
    return true;
}

/* The problem answers of a question check_answer refuses. */
static void reply_refused(struct request *req, enum check_status st)
{
    switch (st) {
    case CHECK_OK:
        break;
    case CHECK_INVALID_NAME:
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "name", "invalid_encoding",
                            "must be UTF-8 text", NULL);
        break;
    case CHECK_NAME_TOO_LONG:
        params_reply_too_long(req, "name");
        break;
    case CHECK_NO_MEMORY:
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        break;
    }
}

/* Answers from the cache when it holds the answer (lent, not copied); false when not. */
static bool reply_cached(struct request *req, const struct question *qn,
                         const struct check_request *q, bool compact, bool receipt)
{
    struct check_cache_loan loan;
    if (!check_cache_lend(qn->hash, qn->key, qn->len, &loan)) return false;
    if (receipt) {
        receipt_reply(req, q, compact, loan.data, loan.len, loan.owner);
        check_cache_return(loan.owner);
        return true;
    }
    reply_header(req, "ETag", qn->tag);
    reply_lent(req, 200, "application/json", loan.data, loan.len, check_cache_return, loan.owner);
    return true;
}

void handle_check(struct request *req)
{
    static const char *const allowed[] = {
        "name",       "kind",      "as_of", "jurisdiction", "binds",   "purpose", "category",
        "identifier", "min_score", "limit", "view",         "receipt", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct check_request q = {0};
    q.name = params_text(&p, "name", CHECK_MAX_NAME, false, &q.name_len);
    params_check_options(&p, &q);
    const struct answer_basis *basis = req_basis(req);
    q.has_known_at = basis->past;
    q.known_at_us = basis->known_at_us;
    bool compact = params_compact_view(&p);
    bool receipt = params_bool(&p, "receipt", false);
    if (!q.name && !q.category && !q.identifier && !field_errors_has(&p.errors, "name") &&
        !field_errors_has(&p.errors, "identifier"))
        field_errors_add(&p.errors, "name", "required",
                         "is required (unless identifier or category is given)");
    if (!q.name) q.name = "";
    if (params_reply_if_invalid(&p)) return;
    /* A condition is only for an answer that would be 2xx (RFC 9110 13.2.1): a client that
     * sends one learns first whether the name is taken at all. */
    enum check_status st =
        req_header(req, "If-None-Match") ? check_name_status(q.name, q.name_len) : CHECK_OK;
    if (st != CHECK_OK) {
        reply_refused(req, st);
        return;
    }
    struct question qn;
    /* a receipt is new on every answer (issued_at): no ETag, no 304 */
    bool keyed = question_of(req, snap, &q, compact, &qn);
    bool tagged = keyed && !receipt;
    if (tagged && reply_if_not_modified(req, qn.tag)) return;

    /* the cache keys on the snapshot itself: one revision may be loaded twice */
    bool cacheable = keyed && question_for_cache(&qn, snap);
    if (cacheable && reply_cached(req, &qn, &q, compact, receipt)) return;
    struct strbuf sb = {0};
    sb_grow(&sb, CHECK_ANSWER_HINT);
    struct jw w;
    jw_init(&w, &sb);
    struct check_summary cs;
    st = check_answer(snap, &q, compact ? NULL : &w, compact ? &cs : NULL);
    if (st == CHECK_OK && compact) check_compact_write(&w, snap, &cs);
    if (st == CHECK_OK) {
        if (cacheable && !sb.failed) check_cache_put(qn.hash, qn.key, qn.len, sb.data, sb.len);
        if (receipt && !sb.failed) {
            receipt_reply(req, &q, compact, sb.data, sb.len, NULL);
            sb_free(&sb);
            return;
        }
        if (tagged) reply_header(req, "ETag", qn.tag);
        reply_json(req, 200, &sb);
        return;
    }
    reply_refused(req, st);
    sb_free(&sb);
}
