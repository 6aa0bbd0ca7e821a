/* Typed identifiers: the schemes and how each value is normalised (rulings/identifier.h). */
#include "rulings/identifier.h"

#include <stdio.h>
#include <string.h>

/* How a scheme's values are written canonically. */
enum shape {
    UPPER_ALNUM, /* letters and digits only, upper case ("IMO 9187629" -> "9187629") */
    DIGITS,      /* digits only */
    LOWER_TEXT,  /* lower case, spaces dropped (e-mail, domain) */
};

struct scheme_rule {
    struct identifier_scheme s;
    enum shape shape;
    const char *prefix; /* a prefix people write that is not part of the value ("IMO") */
};

// clang-format off
static const struct scheme_rule rules[] = {
    {{"imo", "IMO ship identification number (seven digits)."}, DIGITS, "imo"},
    {{"mmsi", "Maritime Mobile Service Identity of a ship's radio (nine digits)."}, DIGITS, NULL},
    {{"call-sign", "Radio call sign of a ship or aircraft."}, UPPER_ALNUM, NULL},
    {{"passport", "Passport number (the issuing country is not part of the key)."}, UPPER_ALNUM, NULL},
    {{"national-id", "National identity document number."}, UPPER_ALNUM, NULL},
    {{"tax-id", "A tax identification number of a scheme not listed here."}, UPPER_ALNUM, NULL},
    {{"inn", "Russian taxpayer number (INN)."}, DIGITS, "inn"},
    {{"ogrn", "Russian primary state registration number (OGRN)."}, DIGITS, "ogrn"},
    {{"ein", "U.S. employer identification number (EIN)."}, DIGITS, NULL},
    {{"uscc", "Chinese unified social credit code (USCC)."}, UPPER_ALNUM, NULL},
    {{"lei", "Legal Entity Identifier (ISO 17442, 20 characters)."}, UPPER_ALNUM, "lei"},
    {{"uei", "U.S. federal Unique Entity ID (SAM.gov, 12 characters)."}, UPPER_ALNUM, NULL},
    {{"duns", "Dun & Bradstreet D-U-N-S number (nine digits)."}, DIGITS, NULL},
    {{"cage", "U.S. Commercial and Government Entity code (five characters)."}, UPPER_ALNUM, NULL},
    {{"swift-bic", "SWIFT/BIC code of a bank (8 or 11 characters)."}, UPPER_ALNUM, NULL},
    {{"website", "A web domain (without scheme, path or www.)."}, LOWER_TEXT, NULL},
    {{"email", "An e-mail address."}, LOWER_TEXT, NULL},
};
// clang-format on

#define N_RULES (sizeof rules / sizeof *rules)

size_t identifier_scheme_count(void)
{
    return N_RULES;
}

const struct identifier_scheme *identifier_scheme_at(size_t i)
{
    return i < N_RULES ? &rules[i].s : NULL;
}

static const struct scheme_rule *rule_of(const char *code, size_t len)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (strlen(rules[i].s.code) == len && memcmp(rules[i].s.code, code, len) == 0)
            return &rules[i];
    return NULL;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value's canonical characters into out (cap bytes); false when one cannot belong. */
static bool canonical(const struct scheme_rule *r, const char *v, size_t n, char *out, size_t cap)
{
    size_t pl = r->prefix ? strlen(r->prefix) : 0, k = 0, i = 0;
    if (pl && n > pl) { /* "IMO 9187629", "LEI: ..." */
        bool has = true;
        for (size_t j = 0; j < pl && has; j++)
            has = lower(v[j]) == r->prefix[j];
        if (has) i = pl;
    }
    for (; i < n; i++) {
        char c = v[i];
        if (c == ' ' || c == '-' || c == '.' || c == ':' || c == '/') {
            if (r->shape != LOWER_TEXT) continue; /* separators people put in numbers */
            if (c == ' ') continue;
        } else if (r->shape == DIGITS        ? !(c >= '0' && c <= '9')
                   : r->shape == UPPER_ALNUM ? !alnum(c)
                                             : (unsigned char)c < 0x21 || c == '"' || c == '\\') {
            return false;
        }
        if (k + 1 >= cap) return false;
        out[k++] =
            r->shape == UPPER_ALNUM ? (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : lower(c);
    }
    out[k] = '\0';
    return k > 0;
}

bool identifier_normalize(const char *in, size_t len, char out[IDENTIFIER_MAX], const char **why)
{
    const char *colon = memchr(in, ':', len);
    const struct scheme_rule *r = colon ? rule_of(in, (size_t)(colon - in)) : NULL;
    if (!r) {
        *why = "must be scheme:value with a scheme of GET /v1/parties (identifiers), such as "
               "imo:9187629";
        return false;
    }
    size_t sl = strlen(r->s.code);
    memcpy(out, r->s.code, sl);
    out[sl] = ':';
    const char *v = colon + 1;
    size_t n = len - (size_t)(v - in);
    if (r->shape == LOWER_TEXT && strcmp(r->s.code, "website") == 0) {
        static const char *const drop[] = {"https://", "http://", "www."};
        for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
            if (n > strlen(drop[i]) && strncmp(v, drop[i], strlen(drop[i])) == 0) {
                v += strlen(drop[i]);
                n -= strlen(drop[i]);
            }
        while (n && v[n - 1] == '/')
            n--;
    }
    if (!canonical(r, v, n, out + sl + 1, IDENTIFIER_MAX - sl - 1)) {
        *why = r->shape == DIGITS ? "the value must be digits" : "the value cannot be read";
        return false;
    }
    return true;
}

void subject_identifiers_parse(struct json_reader *r, struct rd_codes *out)
{
    *out = (struct rd_codes){0};
    const json_t *a = json_object_get(r->obj, "identifiers");
    if (!a || json_is_null(a)) return;
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n > 64) {
        jr_fail(r, "identifiers", "invalid_type", "must be an array of at most 64 strings");
        return;
    }
    out->items = arena_alloc(&r->ds->arena, (n + 1) * sizeof *out->items);
    for (size_t i = 0; out->items && i < n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        char field[48], norm[IDENTIFIER_MAX];
        const char *why = "must be a string";
        snprintf(field, sizeof field, "identifiers[%zu]", i);
        if (!s || !identifier_normalize(s, strlen(s), norm, &why)) {
            jr_fail(r, field, "invalid_identifier", why);
            continue;
        }
        char *d = arena_strdup(&r->ds->arena, norm);
        if (d) out->items[out->n++] = d;
    }
}
