#include "rulings/check.h"

#include <string.h>

#include "rulings/evaluate.h"
#include "match/match.h"
#include "rulings/coverage.h"
#include "rulings/identifier_lookup.h"
#include "rulings/render.h"
#include "rulings/ruling_terms.h"

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
    JW_MEMBER_STRING(w, "jurisdiction", q->jurisdiction);
    JW_MEMBER_STRING(w, "binds", q->binds);
    JW_MEMBER_STRING(w, "purpose", q->purpose);
    JW_MEMBER_STRING(w, "category", q->category);
    JW_MEMBER_STRING(w, "identifier", q->identifier);
    JW_KEY(w, "min_score");
    jw_score(w, q->min_score);
    if (q->has_known_at) {
        JW_KEY(w, "known_at");
        jw_time_us(w, q->known_at_us);
    }
    jw_object_end(w);
}

static void render_list(struct jw *w, const char *key, const struct snapshot *s,
                        const struct applied *v, size_t n, bool party_asked)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (size_t i = 0; i < n; i++)
        render_applied(w, s, &v[i], party_asked);
    jw_array_end(w);
}

/* The conditions the verdict holds under: one per ruling in effect that applies only under
 * a condition the question did not decide. */
static void render_conditions(struct jw *w, const struct snapshot *s, const struct verdict *v)
{
    jw_key(w, "conditions");
    jw_array_begin(w);
    for (size_t i = 0; i < v->n_in_effect; i++) {
        if (!(v->in_effect[i].flags & APPLIED_CONDITIONAL)) continue;
        const struct rd_ruling *r = s->rulings[v->in_effect[i].ruling].rec;
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "ruling", r->id);
        JW_MEMBER_STRING(w, "code", r->condition.code);
        JW_MEMBER_STRING(w, "text", r->condition.text);
        ruling_terms_write_codes(w, "purposes", &r->condition.purposes);
        jw_object_end(w);
    }
    jw_array_end(w);
}

/* What the answer is about: the matched subject (if any), the subjects tied with it at the
 * top score (the same name on two lists: each contributes its rulings), and the stated
 * category rule sets. */
struct question {
    struct match_hit hits[CHECK_MAX_CANDIDATES + CHECK_MAX_TIED + 1];
    struct match_hit former_hits[CHECK_MAX_CANDIDATES + CHECK_MAX_TIED + 1];
    struct norm_name former;            /* the former name the question gave, normalised */
    size_t n_hits, n_tied, first, last; /* tied: hits[1..1+n_tied); candidates [first, last) */
    bool matched;
    uint32_t subjects[1 + CHECK_MAX_TIED + CHECK_MAX_CATEGORIES];
    size_t n_subjects;
};

/* The subjects carrying the question's identifier as the match and its ties; false when
 * none does (the name, if any, is then matched). */
static bool find_by_identifier(const struct snapshot *s, const struct check_request *q,
                               struct question *k)
{
    uint32_t subs[1 + CHECK_MAX_TIED];
    size_t n =
        q->identifier ? identifier_lookup(s, q->identifier, subs, 1 + CHECK_MAX_TIED, NULL) : 0;
    k->n_hits = 0;
    for (size_t i = 0; i < n; i++) {
        const struct snap_subject *sub = &s->subjects[subs[i]];
        if (sub->n_aliases == 0) continue; /* no name to show for it */
        k->hits[k->n_hits++] =
            (struct match_hit){subs[i], sub->aliases[0], 1.0, MATCH_IDENTIFIER, false};
    }
    if (!k->n_hits) return false;
    k->matched = true;
    k->n_tied = k->n_hits - 1;
    k->first = k->last = k->n_hits;
    k->n_subjects = 0;
    for (size_t i = 0; i < k->n_hits; i++)
        k->subjects[k->n_subjects++] = k->hits[i].subject;
    return true;
}

/* "NEW NAME (ex-OLD NAME)": the former name is asked too, each subject keeping its better
 * hit, so a vessel or company listed under the name it had is found under the new one.
 * Returns how many hits k->hits holds. */
static size_t ask_former_name(const struct snapshot *s, const struct check_request *q,
                              const struct norm_name *norm, const struct match_query *mq,
                              struct question *k, size_t cap)
{
    k->former.ntokens = 0;
    if (!norm->former_len ||
        normalize_name(q->name + norm->former_off, norm->former_len, &k->former) != NORM_OK ||
        !k->former.ntokens)
        return k->n_hits;
    struct match_query fq = {&k->former, mq->kind, mq->min_score};
    size_t n = match_find(s->match_index, &fq, k->former_hits, cap);
    for (size_t i = 0; i < n; i++)
        k->former_hits[i].by_former = true;
    return match_merge(s->match_index, k->hits, k->n_hits, cap, k->former_hits, n);
}

static void find_subjects(const struct snapshot *s, const struct check_request *q,
                          const struct norm_name *norm, struct question *k)
{
    if (find_by_identifier(s, q, k)) goto categories;
    /* Near misses are listed down to MATCH_NEAR_MISS_SCORE (or min_score if lower): the
     * match is the best hit when it reaches min_score, the candidates are the rest. */
    unsigned limit = q->limit > CHECK_MAX_CANDIDATES ? CHECK_MAX_CANDIDATES : q->limit;
    double lowest = q->min_score < MATCH_NEAR_MISS_SCORE ? q->min_score : MATCH_NEAR_MISS_SCORE;
    struct match_query mq = {norm, q->kind, lowest};
    size_t cap = (size_t)limit + CHECK_MAX_TIED + 1;
    k->n_hits = match_find(s->match_index, &mq, k->hits, cap);
    k->n_hits = ask_former_name(s, q, norm, &mq, k, cap);
    k->matched = k->n_hits > 0 && k->hits[0].score + MATCH_SCORE_SLACK >= q->min_score;
    k->n_tied = 0;
    while (k->matched && 1 + k->n_tied < k->n_hits && k->n_tied < CHECK_MAX_TIED &&
           k->hits[1 + k->n_tied].score + MATCH_SCORE_SLACK >= k->hits[0].score)
        k->n_tied++;
    k->first = k->matched ? 1 + k->n_tied : 0;
    k->last = k->n_hits < k->first + limit ? k->n_hits : k->first + limit;
    k->n_subjects = 0;
    for (size_t i = 0; k->matched && i <= k->n_tied; i++)
        k->subjects[k->n_subjects++] = k->hits[i].subject;
categories:
    /* Only a stated category brings in a category rule set (coverage_category_applies). */
    for (size_t i = 0; q->category && i < s->n_categories &&
                       k->n_subjects < sizeof k->subjects / sizeof *k->subjects;
         i++)
        if (coverage_category_applies(s, s->categories[i], q->category))
            k->subjects[k->n_subjects++] = s->categories[i];
}

static void fill_summary(const struct question *k, const struct verdict *v,
                         struct check_summary *summary)
{
    summary->verdict = (int)v->kind;
    summary->has_since = v->has_since;
    summary->since = v->since;
    summary->matched = k->matched;
    summary->subject = k->matched ? k->hits[0].subject : SNAP_NONE;
    summary->alias = k->matched ? k->hits[0].alias : SNAP_NONE;
    summary->score = k->matched ? k->hits[0].score : 0.0;
    summary->n_rulings = v->n_in_effect;
    for (size_t i = 0; i < v->n_in_effect && i < CHECK_SUMMARY_RULINGS; i++)
        summary->rulings[i] = v->in_effect[i].ruling;
    summary->n_uncertain = v->n_uncertain;
    for (size_t i = 0; i < v->n_uncertain && i < CHECK_SUMMARY_UNCERTAIN; i++)
        summary->uncertain[i] = v->uncertain[i].ruling;
}

/* The normalised name a hit answers: the question's, or the former name it gave. */
static const struct norm_name *asked(const struct question *k, const struct norm_name *norm,
                                     const struct match_hit *h)
{
    return h->by_former ? &k->former : norm;
}

static void render_answer(struct jw *w, const struct snapshot *s, const struct check_request *q,
                          const struct norm_name *norm, const struct question *k,
                          const struct verdict *v)
{
    bool party = q->binds != NULL;
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "verdict", enum_name(&VERDICTS, (int)v->kind));
    JW_KEY(w, "restricted");
    jw_bool(w, v->kind == VERDICT_RESTRICTED);
    JW_KEY(w, "since");
    if (v->has_since)
        jw_time(w, v->since);
    else
        jw_null(w);
    JW_KEY(w, "match");
    if (k->matched)
        render_match(w, s, &k->hits[0], asked(k, norm, &k->hits[0]));
    else
        jw_null(w);
    JW_KEY(w, "tied");
    jw_array_begin(w);
    for (size_t i = 1; i <= k->n_tied; i++)
        render_match(w, s, &k->hits[i], asked(k, norm, &k->hits[i]));
    jw_array_end(w);
    render_list(w, "rulings", s, v->in_effect, v->n_in_effect, party);
    render_list(w, "upcoming", s, v->upcoming, v->n_upcoming, party);
    render_list(w, "uncertain", s, v->uncertain, v->n_uncertain, party);
    render_conditions(w, s, v);
    JW_KEY(w, "candidates");
    jw_array_begin(w);
    for (size_t i = k->first; i < k->last; i++)
        render_match(w, s, &k->hits[i], asked(k, norm, &k->hits[i]));
    jw_array_end(w);
    JW_KEY(w, "normalized_query");
    jw_string_n(w, norm->text, norm->len);
    JW_MEMBER_INT(w, "revision", s->revision);
    if (!q->no_coverage) render_coverage(w, s, q->jurisdiction, q->category);
    render_query(w, q);
    jw_object_end(w);
}

/* Normalises the asked name into `norm`: what a refused name is refused for. */
static enum check_status normalize_asked(const char *name, size_t len, struct norm_name *norm)
{
    switch (normalize_name(name, len, norm)) {
    case NORM_OK:
        return CHECK_OK;
    case NORM_INVALID_UTF8:
        return CHECK_INVALID_NAME;
    case NORM_TOO_LONG:
        return CHECK_NAME_TOO_LONG;
    }
    return CHECK_INVALID_NAME;
}

enum check_status check_name_status(const char *name, size_t len)
{
    static _Thread_local struct norm_name norm;
    return normalize_asked(name, len, &norm);
}

enum check_status check_answer(const struct snapshot *s, const struct check_request *q,
                               struct jw *w, struct check_summary *summary)
{
    static _Thread_local struct norm_name norm;
    enum check_status st = normalize_asked(q->name, q->name_len, &norm);
    if (st != CHECK_OK) return st;
    static _Thread_local struct question k;
    find_subjects(s, q, &norm, &k);
    struct verdict v = {.kind = VERDICT_NO_MATCH};
    struct eval_filter f = {q->as_of, q->jurisdiction, q->binds, q->purpose};
    if (k.n_subjects && !evaluate(s, k.subjects, k.n_subjects, &f, &v)) return CHECK_NO_MEMORY;
    if (summary) {
        fill_summary(&k, &v, summary);
        summary->has_known_at = q->has_known_at;
        summary->known_at_us = q->known_at_us;
    }
    if (w) render_answer(w, s, q, &norm, &k, &v);
    verdict_free(&v);
    return w && w->sb->failed ? CHECK_NO_MEMORY : CHECK_OK;
}

void check_compact_write(struct jw *w, const struct snapshot *s, const struct check_summary *cs)
{
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "view", "compact");
    JW_MEMBER_STRING(w, "verdict", enum_name(&VERDICTS, cs->verdict));
    jw_key(w, "restricted");
    jw_bool(w, cs->verdict == VERDICT_RESTRICTED);
    jw_key(w, "since");
    jw_time_or_null(w, cs->has_since, cs->since);
    jw_key(w, "match");
    if (cs->matched) {
        const struct rd_subject *sub = s->subjects[cs->subject].rec;
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "id", sub->id);
        JW_MEMBER_STRING(w, "name", sub->name);
        jw_key(w, "score");
        jw_double(w, cs->score);
        jw_object_end(w);
    } else {
        jw_null(w);
    }
    jw_key(w, "rulings");
    jw_array_begin(w);
    for (size_t i = 0; i < cs->n_rulings && i < CHECK_SUMMARY_RULINGS; i++)
        jw_string(w, s->rulings[cs->rulings[i]].rec->id);
    jw_array_end(w);
    JW_MEMBER_INT(w, "rulings_count", (long long)cs->n_rulings);
    if (cs->n_uncertain) { /* only when there are: most answers have none */
        jw_key(w, "uncertain");
        jw_array_begin(w);
        for (size_t i = 0; i < cs->n_uncertain && i < CHECK_SUMMARY_UNCERTAIN; i++)
            jw_string(w, s->rulings[cs->uncertain[i]].rec->id);
        jw_array_end(w);
    }
    JW_MEMBER_INT(w, "revision", s->revision);
    if (cs->has_known_at) {
        jw_key(w, "known_at");
        jw_time_us(w, cs->known_at_us);
    }
    jw_object_end(w);
}
