/* The terms of a ruling beyond its dates and status (docs/decisions/0007): parties bound and
 * affected, reach, condition, exemptions, suspensions, certainty; and the categories of a
 * subject. Read from JSON with every problem named, written back in the same shape. */
#include "rulings/ruling_terms.h"

#include <stdio.h>
#include <string.h>

#include "rulings/parties.h"

enum { MAX_CODES = 16, MAX_SUSPENSIONS = 16 };

/* The vocabulary a list of codes is checked against; NULL for ruling ids (checked later,
 * between records). */
struct vocabulary {
    bool (*known)(const char *code);
    const char *listed_at; /* where a client finds the codes */
};

static bool known_party(const char *c)
{
    return party_find(c) != NULL;
}
static bool known_purpose(const char *c)
{
    return purpose_find(c) != NULL;
}
static bool known_category(const char *c)
{
    return category_find(c) != NULL;
}

static const struct vocabulary PARTY_CODES = {known_party, "GET /v1/parties lists them"};
static const struct vocabulary PURPOSE_CODES = {known_purpose, "GET /v1/parties lists them"};
static const struct vocabulary CATEGORY_CODES = {known_category, "GET /v1/parties lists them"};

static bool code_shape(const char *s, bool id)
{
    if (id) return dataset_valid_id(s);
    if (!*s || strlen(s) > 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (p > s && *p == '-')))
            return false;
    return true;
}

/* One code of a list: the right shape and, with a vocabulary, a known code. */
static bool check_code(struct json_reader *r, const char *key, long i, const char *s,
                       const struct vocabulary *v)
{
    char field[96];
    if (i < 0)
        snprintf(field, sizeof field, "%s", key); /* a single code, not a list */
    else
        snprintf(field, sizeof field, "%s[%ld]", key, i);
    if (!code_shape(s, v == NULL)) {
        jr_fail(r, field, v ? "invalid_code" : "invalid_id",
                v ? "must be lower-case letters, digits and '-'" : "must be a ruling id");
        return false;
    }
    if (v && !v->known(s)) {
        char msg[160];
        snprintf(msg, sizeof msg, "\"%s\" is not a known code (%s)", s, v->listed_at);
        jr_fail(r, field, "unknown_code", msg);
        return false;
    }
    return true;
}

/* A list of codes at `key`: an array of strings (or, with `one_ok`, a single string). */
static void codes(struct json_reader *r, const char *key, bool required, bool one_ok,
                  const struct vocabulary *v, struct rd_codes *out)
{
    *out = (struct rd_codes){0};
    const json_t *a = json_object_get(r->obj, key);
    if (!a || json_is_null(a)) {
        if (required) jr_fail(r, key, "required", "is required");
        return;
    }
    bool one = one_ok && json_is_string(a);
    size_t n = one ? 1 : json_array_size(a);
    if ((!one && !json_is_array(a)) || n > MAX_CODES) {
        jr_fail(r, key, "invalid_type", "must be an array of at most 16 codes");
        return;
    }
    out->items = arena_alloc(&r->ds->arena, (n + 1) * sizeof *out->items);
    if (!out->items) {
        jr_fail(r, key, "internal", "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(one ? a : json_array_get(a, i));
        if (!s) {
            char field[96];
            snprintf(field, sizeof field, "%s[%zu]", key, i);
            jr_fail(r, field, "invalid_type", "must be a string");
            continue;
        }
        if (!check_code(r, key, one ? -1 : (long)i, s, v)) continue;
        char *d = arena_strdup(&r->ds->arena, s);
        if (d) out->items[out->n++] = d;
    }
}

static void reach(struct json_reader *r, struct rd_reach *out)
{
    static const char *const keys[] = {"group", "products", "incorporating", NULL};
    const json_t *obj = json_object_get(r->obj, "reach");
    bool legacy_group = jr_bool(r, "extends_to_affiliates", false);
    if (!obj || json_is_null(obj)) {
        /* Before reach was stated, a ruling reached every product and integrator, and the
         * group when it extended to affiliates. */
        *out = (struct rd_reach){.group = legacy_group, .incorporating = true};
        return;
    }
    if (json_object_get(r->obj, "extends_to_affiliates"))
        jr_fail(r, "extends_to_affiliates", "conflict", "is replaced by reach.group: give one");
    char path[160];
    struct json_reader m;
    jr_nested(r, "reach", obj, path, sizeof path, &m);
    if (!json_is_object(obj)) {
        jr_fail(r, "reach", "invalid_type",
                "must be an object {\"group\", \"products\", \"incorporating\"}");
        return;
    }
    jr_reject_unknown(&m, keys);
    *out = (struct rd_reach){.group = jr_bool(&m, "group", false),
                             .incorporating = jr_bool(&m, "incorporating", false)};
    const json_t *p = json_object_get(obj, "products");
    const char *word = json_string_value(p);
    if (!p || json_is_null(p) || (word && strcmp(word, "all") == 0)) {
        out->products = REACH_PRODUCTS_ALL;
    } else if (word && strcmp(word, "none") == 0) {
        out->products = REACH_PRODUCTS_NONE;
    } else if (json_is_array(p) && json_array_size(p) > 0) {
        out->products = REACH_PRODUCTS_CATEGORIES;
        codes(&m, "products", true, false, &CATEGORY_CODES, &out->categories);
        if (out->categories.n == 0) out->products = REACH_PRODUCTS_NONE;
    } else {
        jr_fail(&m, "products", "invalid_value",
                "must be \"all\", \"none\" or an array of product categories");
    }
    r->ok &= m.ok;
}

static void condition(struct json_reader *r, struct rd_condition *out)
{
    static const char *const keys[] = {"code", "text", "purposes", NULL};
    *out = (struct rd_condition){0};
    const json_t *obj = json_object_get(r->obj, "condition");
    if (!obj || json_is_null(obj)) return;
    if (!json_is_object(obj)) {
        jr_fail(r, "condition", "invalid_type",
                "must be an object {\"code\", \"text\", \"purposes\"}");
        return;
    }
    char path[160];
    struct json_reader m;
    jr_nested(r, "condition", obj, path, sizeof path, &m);
    jr_reject_unknown(&m, keys);
    out->code = jr_code(&m, "code", true);
    out->text = jr_string(&m, "text", true, LEN_MEASURE, MULTI_LINE);
    codes(&m, "purposes", false, false, &PURPOSE_CODES, &out->purposes);
    r->ok &= m.ok;
}

static void window(struct json_reader *r, const json_t *obj, size_t i, struct rd_window *out)
{
    static const char *const keys[] = {"from", "until", "note", NULL};
    char key[32], path[160];
    snprintf(key, sizeof key, "suspensions[%zu]", i);
    struct json_reader m;
    jr_nested(r, key, obj, path, sizeof path, &m);
    if (!json_is_object(obj)) {
        jr_fail(r, key, "invalid_type", "must be an object {\"from\", \"until\", \"note\"}");
        return;
    }
    jr_reject_unknown(&m, keys);
    bool from = jr_instant(&m, "from", true, &out->from);
    out->has_until = jr_instant(&m, "until", false, &out->until);
    if (from && out->has_until && out->until <= out->from)
        jr_fail(&m, "until", "invalid_range", "must be after from");
    out->note = jr_string(&m, "note", false, LEN_MEASURE, MULTI_LINE);
    r->ok &= m.ok;
}

static void suspensions(struct json_reader *r, struct rd_ruling *out)
{
    const json_t *a = json_object_get(r->obj, "suspensions");
    if (!a || json_is_null(a)) return;
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n > MAX_SUSPENSIONS) {
        jr_fail(r, "suspensions", "invalid_type", "must be an array of at most 16 windows");
        return;
    }
    out->suspensions = arena_alloc(&r->ds->arena, (n + 1) * sizeof *out->suspensions);
    if (!out->suspensions) {
        jr_fail(r, "suspensions", "internal", "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++)
        window(r, json_array_get(a, i), i, &out->suspensions[i]);
    out->n_suspensions = (uint32_t)n;
}

static const char *const certainty_names[] = {"unknown", "known"};
static const struct enum_names CERTAINTIES = ENUM_NAMES(certainty_names);

void ruling_terms_parse(struct json_reader *r, struct rd_ruling *out)
{
    /* present, but may be empty: an advisory binds nobody and names whom it affects */
    codes(r, "binds", true, true, &PARTY_CODES, &out->binds);
    codes(r, "affects", false, true, &PARTY_CODES, &out->affects);
    reach(r, &out->reach);
    condition(r, &out->condition);
    codes(r, "exempts", false, false, NULL, &out->exempts);
    if (out->exempts.n && out->status != STATUS_EXEMPT)
        jr_fail(r, "exempts", "invalid_value", "only an exempt ruling carves out of others");
    suspensions(r, out);
    out->certain = jr_enum(r, "certainty", &CERTAINTIES, false, 1) == 1;
    out->quote_source = jr_id(r, "quote_source", false);
}

void ruling_terms_copy(struct rd_ruling *dst, const struct rd_ruling *src)
{
    dst->binds = src->binds;
    dst->affects = src->affects;
    dst->reach = src->reach;
    dst->condition = src->condition;
    dst->exempts = src->exempts;
    dst->suspensions = src->suspensions;
    dst->n_suspensions = src->n_suspensions;
    dst->certain = src->certain;
    dst->quote_source = src->quote_source;
}

void subject_categories_parse(struct json_reader *r, struct rd_subject *out)
{
    codes(r, "categories", false, false, &CATEGORY_CODES, &out->categories);
    if (out->categories.n && out->kind != SUBJECT_PRODUCT && out->kind != SUBJECT_CATEGORY)
        jr_fail(r, "categories", "invalid_value", "only products and categories have categories");
    if (out->kind == SUBJECT_CATEGORY && out->categories.n == 0)
        jr_fail(r, "categories", "required", "a category subject names its categories");
}

/* ---- writing ---- */

void ruling_terms_write_codes(struct jw *w, const char *key, const struct rd_codes *c)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (uint32_t i = 0; i < c->n; i++)
        jw_string(w, c->items[i]);
    jw_array_end(w);
}

void ruling_terms_write_reach(struct jw *w, const struct rd_reach *r)
{
    jw_key(w, "reach");
    jw_object_begin(w);
    jw_key(w, "group");
    jw_bool(w, r->group);
    if (r->products == REACH_PRODUCTS_CATEGORIES) {
        ruling_terms_write_codes(w, "products", &r->categories);
    } else {
        JW_MEMBER_STRING(w, "products", r->products == REACH_PRODUCTS_ALL ? "all" : "none");
    }
    jw_key(w, "incorporating");
    jw_bool(w, r->incorporating);
    jw_object_end(w);
}

void ruling_terms_write_condition(struct jw *w, const struct rd_condition *c)
{
    jw_key(w, "condition");
    if (!c->code) {
        jw_null(w);
        return;
    }
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "code", c->code);
    JW_MEMBER_STRING(w, "text", c->text);
    ruling_terms_write_codes(w, "purposes", &c->purposes);
    jw_object_end(w);
}

void ruling_terms_write_suspensions(struct jw *w, const struct rd_ruling *r)
{
    jw_key(w, "suspensions");
    jw_array_begin(w);
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        const struct rd_window *s = &r->suspensions[i];
        jw_object_begin(w);
        jw_key(w, "from");
        jw_time(w, s->from);
        jw_key(w, "until");
        if (s->has_until)
            jw_time(w, s->until);
        else
            jw_null(w);
        JW_MEMBER_STRING(w, "note", s->note);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void ruling_terms_write(struct jw *w, const struct rd_ruling *r)
{
    ruling_terms_write_codes(w, "binds", &r->binds);
    ruling_terms_write_codes(w, "affects", &r->affects);
    ruling_terms_write_reach(w, &r->reach);
    ruling_terms_write_condition(w, &r->condition);
    ruling_terms_write_codes(w, "exempts", &r->exempts);
    ruling_terms_write_suspensions(w, r);
    JW_MEMBER_STRING(w, "certainty", r->certain ? "known" : "unknown");
    JW_MEMBER_STRING(w, "quote_source", r->quote_source);
}
