/* GET /v1/check: is this name restricted, by whom, since when, as of a date. */
#include <stdio.h>
#include <string.h>

#include "handlers/check_cache.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
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

static bool question_of(struct request *req, const struct snapshot *snap,
                        const struct check_request *q, bool compact, struct question *out)
{
    int n = snprintf(out->key, sizeof out->key, "%s|%lld|%d|%lld|%s|%s|%s|%s|%s|%.6f|%u|%d|%d|",
                     RESTRICTD_VERSION, (long long)snap->revision, q->kind, (long long)q->as_of,
                     q->jurisdiction ? q->jurisdiction : "", q->binds ? q->binds : "",
                     q->purpose ? q->purpose : "", q->category ? q->category : "",
                     q->identifier ? q->identifier : "", q->min_score, q->limit, req_pretty(req),
                     compact);
    if (n < 0 || (size_t)n >= sizeof out->key || sizeof out->key - (size_t)n < q->name_len)
        return false;
    out->len = (size_t)n;
    memcpy(out->key + out->len, q->name, q->name_len);
    out->len += q->name_len;
    out->hash = hash_bytes(out->key, out->len);
    snprintf(out->tag, sizeof out->tag, "\"%016llx\"", (unsigned long long)out->hash);
    return true;
}

/* The key of the question in the cache: its ETag key and the snapshot's generation (the
 * hash then covers both). False when it does not fit. */
static bool question_for_cache(struct question *qn, const struct snapshot *snap)
{
    int n = snprintf(qn->key + qn->len, sizeof qn->key - qn->len, "|%llu",
                     (unsigned long long)snap->generation);
    if (n < 0 || (size_t)n >= sizeof qn->key - qn->len) return false;
    qn->len += (size_t)n;
    qn->hash = hash_bytes(qn->key, qn->len);
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

void handle_check(struct request *req)
{
    static const char *const allowed[] = {"name",      "kind",    "as_of",    "jurisdiction",
                                          "binds",     "purpose", "category", "identifier",
                                          "min_score", "limit",   "view",     NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct check_request q = {0};
    q.name = params_text(&p, "name", CHECK_MAX_NAME, false, &q.name_len);
    params_check_options(&p, &q);
    bool compact = params_compact_view(&p);
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
    bool tagged = question_of(req, snap, &q, compact, &qn);
    if (tagged && reply_if_not_modified(req, qn.tag)) return;

    struct strbuf sb = {0};
    sb_grow(&sb, CHECK_ANSWER_HINT);
    /* the cache keys on the snapshot itself: one revision may be loaded twice */
    bool cacheable = tagged && question_for_cache(&qn, snap);
    if (cacheable && check_cache_get(qn.hash, qn.key, qn.len, &sb)) {
        reply_header(req, "ETag", qn.tag);
        reply_json(req, 200, &sb);
        return;
    }
    struct jw w;
    jw_init(&w, &sb);
    struct check_summary cs;
    st = check_answer(snap, &q, compact ? NULL : &w, compact ? &cs : NULL);
    if (st == CHECK_OK && compact) check_compact_write(&w, snap, &cs);
    if (st == CHECK_OK) {
        if (cacheable && !sb.failed) check_cache_put(qn.hash, qn.key, qn.len, sb.data, sb.len);
        if (tagged) reply_header(req, "ETag", qn.tag);
        reply_json(req, 200, &sb);
        return;
    }
    reply_refused(req, st);
    sb_free(&sb);
}
