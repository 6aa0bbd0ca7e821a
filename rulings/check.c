#include "rulings/check.h"

#include <string.h>

#include "rulings/evaluate.h"
#include "match/match.h"
#include "rulings/render.h"

static void render_query(struct jw *w, const struct check_request *q)
{
    JW_KEY(w, "query");
    jw_object_begin(w);
    JW_KEY(w, "name");
    jw_string_n(w, q->name, q->name_len);
    JW_KEY(w, "kind");
    if (q->kind >= 0)
        jw_string(w, enum_name(&SUBJECT_KINDS, q->kind));
    else
        jw_null(w);
    JW_KEY(w, "as_of");
    jw_time(w, q->as_of);
    JW_KEY(w, "jurisdiction");
    jw_string(w, q->jurisdiction);
    JW_KEY(w, "binds");
    jw_string(w, q->binds);
    JW_KEY(w, "min_score");
    jw_score(w, q->min_score);
    jw_object_end(w);
}

static void render_list(struct jw *w, const char *key, const struct snapshot *s,
                        const struct applied *v, size_t n)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (size_t i = 0; i < n; i++) render_applied(w, s, &v[i]);
    jw_array_end(w);
}

enum check_status check_name_status(const char *name, size_t len)
{
    static _Thread_local struct norm_name norm;
    switch (normalize_name(name, len, &norm)) {
    case NORM_OK: return CHECK_OK;
    case NORM_INVALID_UTF8: return CHECK_INVALID_NAME;
    case NORM_TOO_LONG: return CHECK_NAME_TOO_LONG;
    }
    return CHECK_INVALID_NAME;
}

enum check_status check_answer(const struct snapshot *s, const struct check_request *q,
                               struct jw *w, struct check_summary *summary)
{
    static _Thread_local struct norm_name norm;
    switch (normalize_name(q->name, q->name_len, &norm)) {
    case NORM_OK: break;
    case NORM_INVALID_UTF8: return CHECK_INVALID_NAME;
    case NORM_TOO_LONG: return CHECK_NAME_TOO_LONG;
    }
    /* Near misses are listed down to MATCH_NEAR_MISS_SCORE (or min_score if lower): the
     * match is the best hit when it reaches min_score, the candidates are the rest. */
    struct match_hit hits[CHECK_MAX_CANDIDATES + 1];
    unsigned limit = q->limit > CHECK_MAX_CANDIDATES ? CHECK_MAX_CANDIDATES : q->limit;
    double lowest = q->min_score < MATCH_NEAR_MISS_SCORE ? q->min_score : MATCH_NEAR_MISS_SCORE;
    struct match_query mq = {&norm, q->kind, lowest};
    size_t n = match_find(s->match_index, &mq, hits, (size_t)limit + 1);
    bool matched = n > 0 && hits[0].score + 1e-9 >= q->min_score;
    size_t first = matched ? 1 : 0, last = n < first + limit ? n : first + limit;

    struct verdict v = {.kind = VERDICT_NO_MATCH};
    if (matched) {
        struct eval_filter f = {q->as_of, q->jurisdiction, q->binds};
        if (!evaluate(s, hits[0].subject, &f, &v)) return CHECK_NO_MEMORY;
    }
    if (summary) {
        summary->verdict = (int)v.kind;
        summary->has_since = v.has_since;
        summary->since = v.since;
        summary->matched = matched;
        summary->subject = matched ? hits[0].subject : SNAP_NONE;
        summary->alias = matched ? hits[0].alias : SNAP_NONE;
        summary->score = matched ? hits[0].score : 0.0;
        summary->n_rulings = v.n_in_effect;
        for (size_t i = 0; i < v.n_in_effect && i < CHECK_SUMMARY_RULINGS; i++)
            summary->rulings[i] = v.in_effect[i].ruling;
    }
    if (!w) {
        verdict_free(&v);
        return CHECK_OK;
    }

    jw_object_begin(w);
    JW_KEY(w, "verdict");
    jw_string(w, enum_name(&VERDICTS, (int)v.kind));
    JW_KEY(w, "restricted");
    jw_bool(w, v.kind == VERDICT_RESTRICTED);
    JW_KEY(w, "since");
    if (v.has_since)
        jw_time(w, v.since);
    else
        jw_null(w);
    JW_KEY(w, "match");
    if (matched)
        render_match(w, s, &hits[0]);
    else
        jw_null(w);
    render_list(w, "rulings", s, v.in_effect, v.n_in_effect);
    render_list(w, "upcoming", s, v.upcoming, v.n_upcoming);
    JW_KEY(w, "candidates");
    jw_array_begin(w);
    for (size_t i = first; i < last; i++) render_match(w, s, &hits[i]);
    jw_array_end(w);
    JW_KEY(w, "normalized_query");
    jw_string_n(w, norm.text, norm.len);
    JW_KEY(w, "revision");
    jw_int(w, s->revision);
    render_query(w, q);
    jw_object_end(w);
    verdict_free(&v);
    return w->sb->failed ? CHECK_NO_MEMORY : CHECK_OK;
}
