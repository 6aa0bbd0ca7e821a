#include "rulings/subject_facts.h"

#include <stdio.h>
#include <string.h>

#include "lib/country.h"
#include "lib/timeutil.h"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* YYYY, YYYY-MM or YYYY-MM-DD (a real one), its length in *len. */
static bool partial_date(const char *s, size_t *len)
{
    size_t n = strcspn(s, "/~");
    if ((n != 4 && n != 7 && n != 10) || !digits(s, 4)) return false;
    if (n >= 7 && (s[4] != '-' || !digits(s + 5, 2) || memcmp(s + 5, "01", 2) < 0 ||
                   memcmp(s + 5, "12", 2) > 0))
        return false;
    if (n == 10) {
        char day[11];
        int64_t t;
        memcpy(day, s, 10);
        day[10] = '\0';
        if (s[7] != '-' || !rd_time_parse_date(day, &t)) return false;
    }
    *len = n;
    return true;
}

bool edtf_date_valid(const char *s)
{
    size_t a, b;
    if (!partial_date(s, &a)) return false;
    if (s[a] == '\0') return true;
    if (s[a] == '~') return s[a + 1] == '\0';
    /* a range: two years, the first not after the second */
    return a == 4 && s[a] == '/' && partial_date(s + a + 1, &b) && b == 4 && s[a + 1 + b] == '\0' &&
           memcmp(s, s + a + 1, 4) <= 0;
}

/* An array of at most `max` strings each passing `valid`, into out. */
static void strings(struct json_reader *r, const char *key, size_t max, bool (*valid)(const char *),
                    const char *what, struct rd_codes *out)
{
    *out = (struct rd_codes){0};
    const json_t *a = json_object_get(r->obj, key);
    if (!a || json_is_null(a)) return;
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n > max) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be an array of at most %zu %s", max, what);
        jr_fail(r, key, "invalid_type", msg);
        return;
    }
    out->items = arena_alloc(&r->ds->arena, (n + 1) * sizeof *out->items);
    for (size_t i = 0; out->items && i < n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        char field[64];
        snprintf(field, sizeof field, "%s[%zu]", key, i);
        if (!s || !valid(s)) {
            char msg[128];
            snprintf(msg, sizeof msg, "must be %s", what);
            jr_fail(r, field, s ? "invalid_value" : "invalid_type", msg);
            continue;
        }
        char *d = arena_strdup(&r->ds->arena, s);
        if (d) out->items[out->n++] = d;
    }
}

static bool iso_country(const char *s)
{
    return country_find(s) != NULL;
}

static void address(struct json_reader *r, const json_t *obj, size_t i, struct rd_address *out)
{
    static const char *const keys[] = {"street", "city", "country", NULL};
    char key[32], path[160];
    snprintf(key, sizeof key, "addresses[%zu]", i);
    if (!json_is_object(obj)) {
        jr_fail(r, key, "invalid_type", "must be an object {\"street\", \"city\", \"country\"}");
        return;
    }
    struct json_reader m;
    jr_nested(r, key, obj, path, sizeof path, &m);
    jr_reject_unknown(&m, keys);
    out->street = jr_string(&m, "street", false, LEN_NAME, ONE_LINE);
    out->city = jr_string(&m, "city", false, LEN_NAME, ONE_LINE);
    out->country = jr_region(&m, "country", false, false);
    if (m.ok && !out->street && !out->city && !out->country)
        jr_fail(&m, "country", "required",
                "an address gives at least one of street, city, country");
    r->ok &= m.ok;
}

static void addresses(struct json_reader *r, struct rd_subject *out)
{
    const json_t *a = json_object_get(r->obj, "addresses");
    if (!a || json_is_null(a)) return;
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n > SUBJECT_MAX_ADDRESSES) {
        jr_fail(r, "addresses", "invalid_type", "must be an array of at most 32 address objects");
        return;
    }
    out->addresses = arena_alloc(&r->ds->arena, (n + 1) * sizeof *out->addresses);
    for (size_t i = 0; out->addresses && i < n; i++)
        address(r, json_array_get(a, i), i, &out->addresses[out->n_addresses++]);
}

void subject_facts_parse(struct json_reader *r, struct rd_subject *out)
{
    strings(r, "born", SUBJECT_MAX_BORN, edtf_date_valid,
            "dates as 1960-01-12, 1960-01, 1960, 1960~ or 1955/1958", &out->born);
    strings(r, "nationalities", SUBJECT_MAX_NATIONALITIES, iso_country,
            "ISO 3166-1 alpha-2 country codes in capitals", &out->nationalities);
    addresses(r, out);
}

static void string_array(struct jw *w, const char *key, const struct rd_codes *c)
{
    if (!c->n) return;
    jw_key(w, key);
    jw_array_begin(w);
    for (uint32_t i = 0; i < c->n; i++)
        jw_string(w, c->items[i]);
    jw_array_end(w);
}

void subject_facts_write(struct jw *w, const struct rd_subject *s)
{
    string_array(w, "born", &s->born);
    string_array(w, "nationalities", &s->nationalities);
    if (!s->n_addresses) return;
    jw_key(w, "addresses");
    jw_array_begin(w);
    for (uint32_t i = 0; i < s->n_addresses; i++) {
        const struct rd_address *a = &s->addresses[i];
        jw_object_begin(w);
        if (a->street) JW_MEMBER_STRING(w, "street", a->street);
        if (a->city) JW_MEMBER_STRING(w, "city", a->city);
        if (a->country) JW_MEMBER_STRING(w, "country", a->country);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void subject_facts_copy(struct rd_subject *dst, const struct rd_subject *src)
{
    dst->born = src->born;
    dst->nationalities = src->nationalities;
    dst->addresses = src->addresses;
    dst->n_addresses = src->n_addresses;
}
