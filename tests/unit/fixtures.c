/* Helpers shared by the unit tests (see fixtures.h); not a test file itself. */
#include "fixtures.h"

#include <criterion/criterion.h>
#include <string.h>

#include "lib/jsonw.h"
#include "match/match.h"
#include "match/normalize.h"
#include "lib/timeutil.h"

int64_t fx_t(const char *rfc3339)
{
    int64_t t = 0;
    cr_assert(rd_time_parse_instant(rfc3339, &t), "bad instant in a test: %s", rfc3339);
    return t;
}

void fx_begin(struct dataset *ds, size_t cap)
{
    memset(ds, 0, sizeof *ds);
    cr_assert(dataset_reserve(ds, cap, cap, cap, cap));
    /* The arrays hold cap+1 records; fx_* below never go past cap. */
}

static char *sdup(struct dataset *ds, const char *s)
{
    return s ? arena_strdup(&ds->arena, s) : NULL;
}

struct rd_source *fx_source(struct dataset *ds, const char *id, const char *jurisdiction)
{
    struct rd_source *s = &ds->sources[ds->n_sources++];
    s->id = sdup(ds, id);
    s->authority = sdup(ds, "Test Authority");
    s->jurisdiction = sdup(ds, jurisdiction);
    s->kind = SOURCE_FINAL_DETERMINATION;
    s->title = sdup(ds, "Test source");
    s->citation = sdup(ds, "1 TEST 1");
    return s;
}

struct rd_subject *fx_subject(struct dataset *ds, const char *id, enum subject_kind kind,
                              const char *name, const char *parent, enum relation relation)
{
    struct rd_subject *s = &ds->subjects[ds->n_subjects++];
    s->id = sdup(ds, id);
    s->kind = kind;
    s->name = sdup(ds, name);
    s->parent_id = sdup(ds, parent);
    s->relation = relation;
    return s;
}

struct rd_alias *fx_alias(struct dataset *ds, const char *subject, const char *alias,
                          enum alias_kind kind)
{
    struct rd_alias *a = &ds->aliases[ds->n_aliases++];
    a->subject_id = sdup(ds, subject);
    a->alias = sdup(ds, alias);
    a->kind = kind;
    return a;
}

struct rd_ruling *fx_ruling(struct dataset *ds, const char *id, const char *subject,
                            const char *source, enum ruling_status status, const char *binds,
                            const char *from, const char *until, bool extends)
{
    struct rd_ruling *r = &ds->rulings[ds->n_rulings++];
    r->id = sdup(ds, id);
    r->subject_id = sdup(ds, subject);
    r->source_id = sdup(ds, source);
    r->status = status;
    r->measure_code = sdup(ds, "test-measure");
    r->measure = sdup(ds, "What is barred.");
    r->binds.items = arena_alloc(&ds->arena, 2 * sizeof *r->binds.items);
    r->binds.items[0] = sdup(ds, binds);
    r->binds.n = 1;
    r->effective_from = fx_t(from);
    r->has_until = until != NULL;
    if (until) r->effective_until = fx_t(until);
    /* as a format-1 ruling: every product and integrator, the group when it extends */
    r->reach = (struct rd_reach){.group = extends, .incorporating = true};
    r->certain = true;
    r->quote = sdup(ds, "The source's own words.");
    r->quote_verbatim = true;
    return r;
}

struct snapshot *fx_build(struct dataset *ds)
{
    struct rd_error err = {0};
    struct snapshot *s = snapshot_build(ds, 7, &err);
    cr_assert_not_null(s, "snapshot_build: %s", err.message);
    return s;
}

static size_t most(size_t a, size_t b)
{
    return a > b ? a : b;
}

struct snapshot *fx_build_tables(const struct fx_tables *t)
{
    struct dataset ds;
    fx_begin(&ds, most(most(t->sources.n, t->subjects.n), most(t->aliases.n, t->rulings.n)));
    for (size_t i = 0; i < t->sources.n; i++)
        fx_source(&ds, t->sources.rows[i].id, t->sources.rows[i].jurisdiction);
    for (size_t i = 0; i < t->subjects.n; i++) {
        const struct fx_subject_row *s = &t->subjects.rows[i];
        fx_subject(&ds, s->id, s->kind, s->name, s->parent, s->relation);
    }
    for (size_t i = 0; i < t->aliases.n; i++) {
        const struct fx_alias_row *a = &t->aliases.rows[i];
        fx_alias(&ds, a->subject, a->alias, a->kind);
    }
    for (size_t i = 0; i < t->rulings.n; i++) {
        const struct fx_ruling_row *r = &t->rulings.rows[i];
        struct rd_ruling *made = fx_ruling(&ds, r->id, r->subject, r->source, r->status, r->binds,
                                           r->from, r->until, r->extends);
        for (size_t k = 0; k < t->uncertain.n; k++)
            if (strcmp(t->uncertain.rows[k], r->id) == 0) made->certain = false;
    }
    return fx_build(&ds);
}

struct snapshot *fx_seed(void)
{
    struct dataset ds;
    struct field_errors fe = {0};
    bool ok = dataset_load_file(FX_SEED_PATH, &ds, &fe);
    cr_assert(ok, "%s: %zu errors, first: %s %s", FX_SEED_PATH, fe.count,
              fe.count ? fe.items[0].field : "", fe.count ? fe.items[0].message : "");
    field_errors_free(&fe);
    struct rd_error err = {0};
    struct snapshot *s = snapshot_build(&ds, 1, &err);
    cr_assert_not_null(s, "snapshot_build: %s", err.message);
    return s;
}

void fx_eval(const struct snapshot *s, const char *subject, const char *as_of,
             const char *jurisdiction, const char *binds, struct verdict *out)
{
    const struct snap_subject *sub = snapshot_subject(s, subject);
    cr_assert_not_null(sub, "no subject %s", subject);
    struct eval_filter f = {fx_t(as_of), jurisdiction, binds, NULL};
    uint32_t index = (uint32_t)(sub - s->subjects);
    cr_assert(evaluate(s, &index, 1, &f, out));
}

const struct applied *fx_find(const struct snapshot *s, const struct applied *v, size_t n,
                              const char *ruling)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s->rulings[v[i].ruling].rec->id, ruling) == 0) return &v[i];
    return NULL;
}

json_t *fx_check(const struct snapshot *s, const char *name, const char *as_of,
                 const char *jurisdiction, const char *binds, struct check_summary *summary)
{
    int64_t t = 0;
    cr_assert(rd_time_parse_as_of(as_of, &t, NULL), "bad as_of in a test: %s", as_of);
    struct check_request q = {
        .name = name,
        .name_len = strlen(name),
        .kind = -1,
        .as_of = t,
        .jurisdiction = jurisdiction,
        .binds = binds,
        .min_score = MATCH_DEFAULT_MIN_SCORE,
        .limit = CHECK_DEFAULT_CANDIDATES,
    };
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    enum check_status st = check_answer(s, &q, &w, summary);
    cr_assert_eq(st, CHECK_OK, "check_answer(%s) = %d", name, (int)st);
    cr_assert(!sb.failed);
    json_error_t jerr;
    json_t *root = json_loadb(sb.data, sb.len, JSON_REJECT_DUPLICATES, &jerr);
    cr_assert_not_null(root, "answer is not JSON (%s at %d): %.*s", jerr.text, jerr.position,
                       (int)sb.len, sb.data);
    sb_free(&sb);
    return root;
}

json_t *fx_by_id(json_t *a, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *vid = json_string_value(json_object_get(v, "id"));
        if (vid && strcmp(vid, id) == 0) return v;
    }
    return NULL;
}

const char *fx_best_match(const struct snapshot *s, const char *name, double *score)
{
    struct norm_name n;
    struct match_hit hits[2];
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    struct match_query q = {&n, -1, MATCH_DEFAULT_MIN_SCORE};
    if (!match_find(s->match_index, &q, hits, 2)) return NULL;
    if (score) *score = hits[0].score;
    return s->subjects[hits[0].subject].rec->id;
}

void fx_expect_best(const struct snapshot *s, const char *name, const char *id)
{
    const char *got = fx_best_match(s, name, NULL);
    if (id)
        cr_expect(got && strcmp(got, id) == 0, "%s: found %s, want %s", name, got ? got : "nothing",
                  id);
    else
        cr_expect(got == NULL, "%s: found %s, want nothing", name, got ? got : "");
}

struct snapshot *fx_build_json(const char *text)
{
    json_t *root = json_loads(text, 0, NULL);
    cr_assert_not_null(root);
    struct dataset ds;
    struct field_errors fe = {0};
    bool ok = dataset_from_json(root, &ds, &fe);
    cr_assert(ok, "%s: %s", fe.count ? fe.items[0].field : "", fe.count ? fe.items[0].message : "");
    field_errors_free(&fe);
    json_decref(root);
    return fx_build(&ds);
}
