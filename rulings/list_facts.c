#include "rulings/list_facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/country.h"
#include "rulings/identifier.h"
#include "rulings/list_build.h"
#include "rulings/subject_facts.h"

#define MAX_IDENTIFIERS 64 /* as subjects_identifiers_check */

/* The labels OFAC's Remarks and the CSL's `ids` use, and the scheme of each. */
static const struct {
    const char *label;
    const char *scheme;
} ID_LABELS[] = {
    {"Passport", "passport"},
    {"National ID No.", "national-id"},
    {"Cedula No.", "national-id"},
    {"D.N.I.", "national-id"},
    {"C.U.R.P.", "national-id"},
    {"Identification Number", "national-id"},
    {"Tax ID No.", "tax-id"},
    {"R.F.C.", "tax-id"},
    {"RUC #", "tax-id"},
    {"NIT #", "tax-id"},
    {"Vessel Registration Identification", "imo"},
    {"MMSI", "mmsi"},
    {"Call Sign", "call-sign"},
    {"SWIFT/BIC", "swift-bic"},
    {"Website", "website"},
    {"Email Address", "email"},
    {"Legal Entity Number", "lei"},
};

/* Appends string `v` to the array `key` of `obj` unless it holds it or `max` already. */
static void add_unique(json_t *obj, const char *key, const char *v, size_t max)
{
    json_t *a = json_object_get(obj, key);
    if (!a) {
        a = json_array();
        if (!a || json_object_set_new(obj, key, a) != 0) return;
    }
    size_t n = json_array_size(a);
    for (size_t i = 0; i < n; i++)
        if (strcmp(json_string_value(json_array_get(a, i)), v) == 0) return;
    if (n < max) json_array_append_new(a, json_string(v));
}

void list_facts_identifier(json_t *subject, const char *label, const char *value)
{
    for (size_t i = 0; label && value && i < sizeof ID_LABELS / sizeof *ID_LABELS; i++) {
        if (strcasecmp(label, ID_LABELS[i].label) != 0) continue;
        const char *scheme = ID_LABELS[i].scheme;
        if (strcmp(scheme, "imo") == 0 && strncasecmp(value, "IMO ", 4) == 0) value += 4;
        char in[IDENTIFIER_MAX + 32], out[IDENTIFIER_MAX];
        const char *why;
        int n = snprintf(in, sizeof in, "%s:%s", scheme, value);
        if (n > 0 && (size_t)n < sizeof in && identifier_normalize(in, (size_t)n, out, &why))
            add_unique(subject, "identifiers", out, MAX_IDENTIFIERS);
        return;
    }
}

static int month_of(const char *s)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, months[i], 3) == 0 && (s[3] == ' ' || s[3] == '\0')) return i + 1;
    return 0;
}

/* "10 Dec 1948", "Dec 1948", "1948", "1948-12-10" as EDTF into out; false otherwise. */
static bool one_date(const char *s, char *out, size_t size)
{
    int day = 0, year = 0, month = 0, used = 0;
    char mon[4];
    if (sscanf(s, "%2d %3s %4d%n", &day, mon, &year, &used) == 3 && !s[used] &&
        (month = month_of(mon)))
        snprintf(out, size, "%04d-%02d-%02d", year, month, day);
    else if (sscanf(s, "%3s %4d%n", mon, &year, &used) == 2 && !s[used] && (month = month_of(mon)))
        snprintf(out, size, "%04d-%02d", year, month);
    else
        snprintf(out, size, "%s", s);
    return edtf_date_valid(out);
}

bool list_facts_born(json_t *subject, const char *text)
{
    char a[64], b[64], out[80];
    const char *to = text ? strstr(text, " to ") : NULL;
    bool ok;
    if (!text) return false;
    if (strncasecmp(text, "circa ", 6) == 0) {
        ok = one_date(text + 6, a, sizeof a);
        snprintf(out, sizeof out, "%s~", a);
        ok = ok && edtf_date_valid(out);
    } else if (to && (size_t)(to - text) < sizeof a) {
        snprintf(b, sizeof b, "%.*s", (int)(to - text), text);
        ok = one_date(b, a, sizeof a) && one_date(to + 4, b, sizeof b);
        /* a range of years, as EDTF writes it; a range of days keeps its years */
        snprintf(out, sizeof out, "%.4s/%.4s", a, b);
        ok = ok && edtf_date_valid(out);
    } else {
        ok = one_date(text, out, sizeof out);
    }
    if (ok) add_unique(subject, "born", out, SUBJECT_MAX_BORN);
    return ok;
}

void list_facts_nationality(json_t *subject, const char *country)
{
    if (!country) return;
    const char *code =
        strlen(country) == 2 && country_find(country) ? country : list_country_code(country);
    if (code) add_unique(subject, "nationalities", code, SUBJECT_MAX_NATIONALITIES);
}

void list_facts_address(json_t *subject, const char *street, const char *city,
                        const char *country_code)
{
    if (!street && !city && !country_code) return;
    json_t *a = json_object_get(subject, "addresses");
    if (!a) {
        a = json_array();
        if (!a || json_object_set_new(subject, "addresses", a) != 0) return;
    }
    if (json_array_size(a) >= SUBJECT_MAX_ADDRESSES) return;
    json_t *o = json_object();
    if (street) json_object_set_new(o, "street", json_string(street));
    if (city) json_object_set_new(o, "city", json_string(city));
    if (country_code) json_object_set_new(o, "country", json_string(country_code));
    json_array_append_new(a, o);
}

/* One item of the Remarks, "alt. " taken off: a label we read, then its value. */
static void remark(json_t *subject, const char *item)
{
    if (strncmp(item, "alt. ", 5) == 0) item += 5;
    if (strncmp(item, "DOB ", 4) == 0) {
        (void)list_facts_born(subject, item + 4);
        return;
    }
    static const char *const nation[] = {"nationality ", "citizen "};
    for (size_t i = 0; i < 2; i++)
        if (strncmp(item, nation[i], strlen(nation[i])) == 0) {
            list_facts_nationality(subject, item + strlen(nation[i]));
            return;
        }
    for (size_t i = 0; i < sizeof ID_LABELS / sizeof *ID_LABELS; i++) {
        size_t n = strlen(ID_LABELS[i].label);
        if (strncmp(item, ID_LABELS[i].label, n) != 0 || item[n] != ' ') continue;
        char value[IDENTIFIER_MAX];
        /* the value ends where a parenthesis (the issuing country) begins */
        snprintf(value, sizeof value, "%.*s", (int)strcspn(item + n + 1, "("), item + n + 1);
        for (size_t e = strlen(value); e && value[e - 1] == ' '; e--)
            value[e - 1] = '\0';
        list_facts_identifier(subject, ID_LABELS[i].label, value);
        return;
    }
}

static void remark_item(void *subject, char *item)
{
    remark(subject, item);
}

void list_facts_from_remarks(json_t *subject, const char *remarks)
{
    list_each_item(remarks, true, remark_item, subject);
}

struct weak {
    void (*fn)(void *ctx, const char *kind, const char *name);
    void *ctx;
};

/* "a.k.a. 'X'": X between the first and the last quote (names hold apostrophes). */
static void weak_item(void *ctx, char *item)
{
    static const char *const kinds[][2] = {
        {"a.k.a. ", "weak-aka"}, {"f.k.a. ", "weak-fka"}, {"n.k.a. ", "weak-nka"}};
    const struct weak *w = ctx;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(kinds[i][0]);
        if (strncmp(item, kinds[i][0], n) != 0) continue;
        const char *v = item + n;
        size_t len = strlen(v);
        if (len >= 3 && v[0] == '\'' && v[len - 1] == '\'') {
            char name[512];
            snprintf(name, sizeof name, "%.*s", (int)(len - 2), v + 1);
            w->fn(w->ctx, kinds[i][1], name);
        }
        return;
    }
}

void list_facts_weak_aliases(const char *remarks,
                             void (*fn)(void *ctx, const char *kind, const char *name), void *ctx)
{
    struct weak w = {fn, ctx};
    list_each_item(remarks, true, weak_item, &w);
}
