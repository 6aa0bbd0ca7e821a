/* POST /v1/receipts/replay: a receipt's question asked again at the receipt's revision
 * (rebuilt from the change log when the data has changed since), its answer compared with
 * the one signed (docs/api.md, "Receipts"). The reply says which revision it compared
 * against, and never calls two answers of different revisions equal. */
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/receipt_sign.h"
#include "lib/timeutil.h"
#include "rulings/parties.h"

struct asked {
    struct check_request q;
    enum receipt_endpoint ep;
    bool compact;
    char jurisdiction[3];
    char identifier[IDENTIFIER_MAX];
};

/* A string member of the question (NULL when null); errors name it. */
static const char *member_text(const json_t *qj, const char *name, bool nullable,
                               struct field_errors *fe)
{
    const json_t *v = json_object_get(qj, name);
    if (nullable && json_is_null(v)) return NULL;
    if (json_is_string(v)) return json_string_value(v);
    field_errors_add(fe, name, "invalid_type", "must be a string%s", nullable ? " or null" : "");
    return NULL;
}

static void read_codes(const json_t *qj, struct asked *a, struct field_errors *fe)
{
    const char *v;
    if ((v = member_text(qj, "jurisdiction", true, fe)) &&
        value_region(v, strlen(v), "jurisdiction", fe, a->jurisdiction))
        a->q.jurisdiction = a->jurisdiction;
    if ((v = member_text(qj, "binds", true, fe)) &&
        value_vocab(v, strlen(v), "binds", &PARTIES, fe))
        a->q.binds = v;
    if ((v = member_text(qj, "purpose", true, fe)) &&
        value_vocab(v, strlen(v), "purpose", &PURPOSES, fe))
        a->q.purpose = v;
    if ((v = member_text(qj, "category", true, fe)) &&
        value_vocab(v, strlen(v), "category", &CATEGORIES, fe))
        a->q.category = v;
    if ((v = member_text(qj, "identifier", true, fe)) &&
        value_identifier(v, strlen(v), "identifier", fe, a->identifier))
        a->q.identifier = a->identifier;
}

/* The question as a check_request (strings borrowed from `qj`); false with `fe` naming
 * what is not a question this server asks. */
static bool read_question(const json_t *qj, struct asked *a, struct field_errors *fe)
{
    memset(a, 0, sizeof *a);
    a->q.kind = -1;
    const char *ep = member_text(qj, "endpoint", false, fe);
    if (ep && strcmp(ep, RECEIPT_PATH_SCREEN) == 0)
        a->ep = RECEIPT_SCREEN_ROW;
    else if (ep && strcmp(ep, RECEIPT_PATH_CHECK) != 0)
        field_errors_add(fe, "endpoint", "invalid_value", "must be /v1/check or /v1/screen");
    a->q.no_coverage = a->ep == RECEIPT_SCREEN_ROW;
    const char *v = member_text(qj, "name", false, fe);
    a->q.name = v ? v : "";
    a->q.name_len = strlen(a->q.name);
    if ((v = member_text(qj, "kind", true, fe)))
        (void)value_enum(v, strlen(v), "kind", &SUBJECT_KINDS, fe, &a->q.kind);
    if ((v = member_text(qj, "as_of", false, fe)))
        (void)value_as_of(v, strlen(v), "as_of", fe, &a->q.as_of);
    /* a question about the past states the instant its answer did (absent otherwise) */
    if (json_object_get(qj, "known_at") && (v = member_text(qj, "known_at", false, fe))) {
        a->q.has_known_at = rd_time_read_instant_us(v, &a->q.known_at_us) == RD_TIME_OK;
        if (!a->q.has_known_at)
            field_errors_add(fe, "known_at", "invalid_instant", "must be an RFC 3339 instant");
    }
    read_codes(qj, a, fe);
    const json_t *ms = json_object_get(qj, "min_score"), *lim = json_object_get(qj, "limit");
    a->q.min_score = json_number_value(ms);
    if (!json_is_number(ms) || a->q.min_score < 0 || a->q.min_score > 1)
        field_errors_add(fe, "min_score", "invalid_value", "must be a number from 0 to 1");
    json_int_t limit = json_integer_value(lim);
    if (!json_is_integer(lim) || limit < 0 || limit > CHECK_MAX_CANDIDATES)
        field_errors_add(fe, "limit", "invalid_value", "must be a whole number from 0 to %d",
                         CHECK_MAX_CANDIDATES);
    a->q.limit = (unsigned)limit;
    v = member_text(qj, "view", false, fe);
    a->compact = v && strcmp(v, "compact") == 0;
    if (v && !a->compact && strcmp(v, "full") != 0)
        field_errors_add(fe, "view", "invalid_value", "must be full or compact");
    return fe->count == 0 && fe->dropped == 0;
}

/* The answer to `a` today, its digest into `hex`. */
static bool answer_now(const struct snapshot *snap, const struct asked *a,
                       char hex[RECEIPT_SHA256_HEX], struct rd_error *err)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    struct check_summary cs;
    enum check_status st =
        check_answer(snap, &a->q, a->compact ? NULL : &w, a->compact ? &cs : NULL);
    if (st == CHECK_OK && a->compact) check_compact_write(&w, snap, &cs);
    bool ok =
        st == CHECK_OK && !sb.failed && receipt_digest_answer(snap, sb.data, sb.len, hex, err);
    if (st != CHECK_OK) rd_error_set(err, "the question's name is not one a check takes");
    sb_free(&sb);
    return ok;
}

static void write_side(struct jw *w, const char *key, long long revision, const char *known,
                       const char *hex)
{
    jw_key(w, key);
    jw_object_begin(w);
    JW_MEMBER_INT(w, "revision", revision);
    JW_MEMBER_STRING(w, "known_at", known);
    JW_MEMBER_STRING(w, "answer_sha256", hex);
    jw_object_end(w);
}

/* The comparison: equal only for the same revision and the same digest. `rebuilt`: the
 * receipt's revision was rebuilt from the change log to answer it again. */
static void write_replay(struct jw *w, const struct snapshot *snap, const struct receipt_check *rc,
                         const char *now_hex, bool rebuilt)
{
    int64_t known_us = 0;
    char known[RD_TIME_US_BUFSZ];
    bool has_known = receipt_known_at(snap, &known_us);
    if (has_known) rd_time_format_us(known_us, known, sizeof known);
    bool same_revision = rc->revision == snap->revision;
    bool same = strcmp(now_hex, rc->signed_sha256) == 0;
    const char *result = !same_revision ? "revision_differs" : same ? "equal" : "answer_differs";
    JW_MEMBER_STRING(w, "result", result);
    JW_MEMBER_STRING(w, "compared_against", rebuilt ? "receipt_revision" : "current_revision");
    JW_MEMBER_STRING(w, "detail",
                     !same_revision ? "the receipt's revision could not be asked again: today's "
                                      "answer is not evidence of what was answered then"
                     : same && rebuilt
                         ? "the receipt's revision, rebuilt today from the change log, gives the "
                           "answer signed"
                     : same ? "today's answer at the same revision is the one signed"
                            : "the answer at the receipt's revision differs from the one signed "
                              "(another version of restrictd?)");
    jw_key(w, "same_answer_sha256");
    jw_bool(w, same);
    write_side(w, "signed", (long long)rc->revision,
               json_string_value(json_object_get(rc->receipt, "known_at")), rc->signed_sha256);
    write_side(w, "current", (long long)snap->revision, has_known ? known : NULL, now_hex);
}

void handle_receipt_replay(struct request *req)
{
    struct keyring *kr = keyring_acquire();
    json_t *doc = NULL;
    struct receipt_check rc;
    struct asked a;
    struct field_errors fe = {0};
    char hex[RECEIPT_SHA256_HEX] = "";
    struct rd_error err = {0};
    if (!receipts_read_checked(req, kr, true, &doc, &rc)) goto out;
    if (rc.fault == RECEIPT_VALID && !read_question(rc.question, &a, &fe)) {
        reply_problem(req, PROBLEM_VALIDATION_FAILED,
                      "receipt.question is not a question this server asks", &fe);
        goto out;
    }
    /* an earlier revision is rebuilt and asked again: the auditor's question */
    bool rebuilt =
        rc.fault == RECEIPT_VALID && rc.revision > 0 && rc.revision != req_snapshot(req)->revision;
    if (rebuilt && !req_use_revision(req, rc.revision)) goto out;
    if (rc.fault == RECEIPT_VALID && !answer_now(req_snapshot(req), &a, hex, &err)) {
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "name", "invalid_value", err.message,
                            NULL);
        goto out;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    if (rc.fault == RECEIPT_VALID)
        write_replay(&w, req_snapshot(req), &rc, hex, rebuilt);
    else
        JW_MEMBER_STRING(&w, "result", "receipt_invalid");
    JW_KEY(&w, "receipt");
    jw_object_begin(&w);
    receipts_write_check(&w, kr, &rc);
    jw_object_end(&w);
    jw_object_end(&w);
    reply_json(req, 200, &sb);
out:
    field_errors_free(&fe);
    json_decref(doc);
    keyring_release(kr);
}
