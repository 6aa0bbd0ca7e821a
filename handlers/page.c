/* GET / (the analysts' page) and GET /v1/subjects/{id}/timeline.svg: the verdict of
 * /v1/check and a subject's rulings on a time line, for people and for reports
 * (docs/api.md, "The analysts' page"). */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "match/match.h"
#include "rulings/check.h"
#include "rulings/page_html.h"
#include "rulings/timeline_svg.h"

#define PAGE_MAX_NAME 512           /* as /v1/check */
#define PAGE_BODY_HINT (64u * 1024) /* a page with a dozen rulings and their quotes */

/* The page's policy: nothing loads or runs; its one inline style sheet is allowed by its
 * hash, and the form may only send to this server. */
static char page_csp[256];
static pthread_once_t page_csp_once = PTHREAD_ONCE_INIT;

static void make_page_csp(void)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1] = "";
    if (EVP_Digest(PAGE_STYLE, strlen(PAGE_STYLE), digest, &len, EVP_sha256(), NULL) == 1)
        EVP_EncodeBlock(b64, digest, (int)len);
    snprintf(page_csp, sizeof page_csp,
             "default-src 'none'; style-src 'sha256-%s'; form-action 'self'; base-uri 'none'; "
             "frame-ancestors 'none'",
             (const char *)b64);
}

/* A parameter as the client sent it (shown back in the form), or NULL. */
static const char *typed(const struct request *req, const char *name)
{
    const char *v;
    size_t n;
    return req_query(req, name, &v, &n) && n ? v : NULL;
}

/* The `identifier` parameter normalised (in request memory), or NULL. */
static const char *identifier_param(struct params *p)
{
    size_t n;
    const char *v = params_text(p, "identifier", IDENTIFIER_MAX, false, &n);
    if (!v) return NULL;
    char *out = req_alloc(p->req, IDENTIFIER_MAX);
    if (!out) field_errors_add(&p->errors, "identifier", "invalid_identifier", "out of memory");
    return out && value_identifier(v, n, "identifier", &p->errors, out) ? out : NULL;
}

/* Answers the question into `v` (check_answer, as /v1/check) and, when a subject matched,
 * builds its time line into `t`. Returns the page's status: 200, 400 with the refusal added
 * to `errors`, or 500 when out of memory. */
static unsigned answer(const struct snapshot *snap, struct check_request *q,
                       struct field_errors *errors, struct check_summary *summary,
                       struct timeline *t, struct page_view *v)
{
    if (!q->name) q->name = "";
    switch (check_answer(snap, q, NULL, summary)) {
    case CHECK_OK:
        break;
    case CHECK_INVALID_NAME:
        field_errors_add(errors, "name", "invalid_encoding", "must be UTF-8 text");
        return 400;
    case CHECK_NAME_TOO_LONG:
        field_errors_add(errors, "name", PARAMS_TOO_LONG_CODE, PARAMS_TOO_LONG_MESSAGE);
        return 400;
    case CHECK_NO_MEMORY:
        return 500;
    }
    v->answer = summary;
    if (!summary->matched) return 200;
    struct eval_filter f = {q->as_of, q->jurisdiction, NULL, NULL};
    if (!timeline_build(snap, summary->subject, &f, t)) return 500;
    v->timeline = t;
    /* A subject tied with the match made the verdict too: its rulings are drawn. */
    for (size_t i = 0; i < summary->n_rulings && i < CHECK_SUMMARY_RULINGS; i++)
        if (!timeline_add_in_effect(snap, t, summary->rulings[i])) return 500;
    return 200;
}

void handle_page(struct request *req)
{
    static const char *const allowed[] = {"name", "identifier", "as_of", "jurisdiction", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct check_request q = {
        .kind = -1, .min_score = MATCH_DEFAULT_MIN_SCORE, .limit = CHECK_DEFAULT_CANDIDATES};
    q.name = params_text(&p, "name", PAGE_MAX_NAME, false, &q.name_len);
    q.identifier = identifier_param(&p);
    q.as_of = params_as_of_or_now(&p, "as_of");
    q.jurisdiction = params_region(&p, "jurisdiction");
    struct page_view v = {.name = typed(req, "name"),
                          .identifier = typed(req, "identifier"),
                          .as_of_text = typed(req, "as_of"),
                          .jurisdiction = typed(req, "jurisdiction"),
                          .as_of = q.as_of,
                          .errors = &p.errors};
    struct check_summary summary;
    struct timeline t = {0};
    unsigned status = p.errors.count || p.errors.dropped ? 400 : 200;
    if (status == 200 && (q.name || q.identifier))
        status = answer(snap, &q, &p.errors, &summary, &t, &v);
    struct strbuf sb = {0};
    if (status != 500) {
        sb_grow(&sb, PAGE_BODY_HINT);
        page_html(snap, &v, &sb);
    }
    timeline_free(&t);
    field_errors_free(&p.errors);
    if (status == 500 || sb.failed) {
        sb_free(&sb);
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    pthread_once(&page_csp_once, make_page_csp);
    reply_header(req, "Content-Security-Policy", page_csp);
    reply_body(req, status, "text/html; charset=utf-8", &sb);
}

void handle_timeline_svg(struct request *req)
{
    static const char *const allowed[] = {"as_of", "jurisdiction", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct eval_filter f = {0};
    f.as_of = params_as_of_or_now(&p, "as_of");
    f.jurisdiction = params_region(&p, "jurisdiction");
    if (params_reply_if_invalid(&p)) return;
    const char *id = req_path_param(req, 0);
    const struct snap_subject *sub = id ? snapshot_subject(snap, id) : NULL;
    if (!sub) {
        char safe[120], detail[200];
        utf8_sanitize(safe, sizeof safe, id ? id : "", id ? strlen(id) : 0);
        snprintf(detail, sizeof detail, "no subject has the id \"%s\"", safe);
        reply_problem(req, PROBLEM_NOT_FOUND, detail, NULL);
        return;
    }
    struct timeline t;
    if (!timeline_build(snap, (uint32_t)(sub - snap->subjects), &f, &t)) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    struct strbuf sb = {0};
    sb_grow(&sb, PAGE_BODY_HINT / 2);
    timeline_svg(snap, &t, true, &sb);
    timeline_free(&t);
    reply_body(req, 200, "image/svg+xml", &sb);
}
