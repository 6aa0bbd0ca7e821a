/* Typed identifiers: the schemes and how each value is normalised (rulings/identifier.h). */
#include "rulings/identifier.h"

#include <stdio.h>
#include <string.h>

#include "rulings/product_id.h"
#include "lib/ascii.h"

/* How a scheme's values are written canonically. */
enum shape {
    UPPER_ALNUM, /* letters and digits only, upper case ("IMO 9187629" -> "9187629") */
    DIGITS,      /* digits only */
    LOWER_TEXT,  /* lower case, spaces dropped (e-mail, domain) */
    READER,      /* read by the scheme's own function (rulings/product_id.h) */
};

/* A scheme's own reader: the value (after "scheme:") into its key. */
typedef bool (*value_reader)(const char *v, size_t n, char *out, size_t cap, const char **why);

struct scheme_rule {
    struct identifier_scheme s;
    enum shape shape;
    const char *prefix; /* a prefix people write that is not part of the value ("IMO") */
    value_reader read;  /* READER only */
};

/* "cpe:" + value: a whole CPE ("2.3:a:kaspersky:anti-virus:..." or "/a:kaspersky:...") or the
 * key itself ("kaspersky:anti-virus", "kaspersky:*"), read as a formatted string. */
static bool read_cpe(const char *v, size_t n, char *out, size_t cap, const char **why)
{
    char whole[IDENTIFIER_MAX + 16];
    size_t colons = 0; /* unquoted: a key "vendor:product" has one, "2.3:part:vendor..." more */
    for (size_t i = 0; i < n; i++)
        if (v[i] == '\\')
            i++;
        else
            colons += v[i] == ':';
    bool bound = (n > 4 && strncmp(v, "2.3:", 4) == 0 && colons >= 2) || (n > 1 && v[0] == '/');
    int len = snprintf(whole, sizeof whole, "cpe:%s%.*s", bound ? "" : "2.3:*:", (int)n, v);
    struct cpe_name c;
    if (len < 0 || (size_t)len >= sizeof whole) {
        *why = "the CPE is too long";
        return false;
    }
    return cpe_parse(whole, (size_t)len, &c, why) && cpe_key(&c, out, cap, why);
}

static bool read_purl(const char *v, size_t n, char *out, size_t cap, const char **why)
{
    struct purl_name p;
    return purl_parse(v, n, &p, why) && purl_key(&p, out, cap, why);
}

// clang-format off
static const struct scheme_rule rules[] = {
    {{"imo", "IMO ship identification number (seven digits)."}, DIGITS, "imo", NULL},
    {{"mmsi", "Maritime Mobile Service Identity of a ship's radio (nine digits)."}, DIGITS, NULL, NULL},
    {{"call-sign", "Radio call sign of a ship or aircraft."}, UPPER_ALNUM, NULL, NULL},
    {{"passport", "Passport number (the issuing country is not part of the key)."}, UPPER_ALNUM, NULL, NULL},
    {{"national-id", "National identity document number."}, UPPER_ALNUM, NULL, NULL},
    {{"tax-id", "A tax identification number of a scheme not listed here."}, UPPER_ALNUM, NULL, NULL},
    {{"inn", "Russian taxpayer number (INN)."}, DIGITS, "inn", NULL},
    {{"ogrn", "Russian primary state registration number (OGRN)."}, DIGITS, "ogrn", NULL},
    {{"ein", "U.S. employer identification number (EIN)."}, DIGITS, NULL, NULL},
    {{"uscc", "Chinese unified social credit code (USCC)."}, UPPER_ALNUM, NULL, NULL},
    {{"lei", "Legal Entity Identifier (ISO 17442, 20 characters)."}, UPPER_ALNUM, "lei", NULL},
    {{"uei", "U.S. federal Unique Entity ID (SAM.gov, 12 characters)."}, UPPER_ALNUM, NULL, NULL},
    {{"duns", "Dun & Bradstreet D-U-N-S number (nine digits)."}, DIGITS, NULL, NULL},
    {{"cage", "U.S. Commercial and Government Entity code (five characters)."}, UPPER_ALNUM, NULL, NULL},
    {{"swift-bic", "SWIFT/BIC code of a bank (8 or 11 characters)."}, UPPER_ALNUM, NULL, NULL},
    {{"website", "A web domain (without scheme, path or www.); its subdomains match too."}, LOWER_TEXT, NULL, NULL},
    {{"email", "An e-mail address."}, LOWER_TEXT, NULL, NULL},
    {{"cpe", "A CPE 2.3 vendor and product (cpe:2.3:a:vendor:product:..., or vendor:* for any product of the vendor)."}, READER, NULL, read_cpe},
    {{"purl", "A package URL's type, namespace and name (pkg:type/namespace/name; name * for the whole namespace)."}, READER, NULL, read_purl},
    {{"swid", "A SWID tag creator's registration id (regid.1997-01.com.example)."}, LOWER_TEXT, NULL, NULL},
    {{"publisher", "A software publisher as Windows shows it (uninstall key, Authenticode signer), legal forms ignored."}, READER, NULL, publisher_key},
    {{"bundle-id", "A macOS or iOS bundle identifier prefix (com.example matches com.example.app)."}, READER, NULL, dotted_key},
    {{"android-package", "An Android package name prefix (com.example matches com.example.app)."}, READER, NULL, dotted_key},
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
            has = ascii_lower(v[j]) == r->prefix[j];
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
        out[k++] = r->shape == UPPER_ALNUM ? (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c)
                                           : ascii_lower(c);
    }
    out[k] = '\0';
    return k > 0;
}

bool identifier_normalize(const char *in, size_t len, char out[IDENTIFIER_MAX], const char **why)
{
    const char *colon = memchr(in, '\0', len) ? NULL : memchr(in, ':', len);
    const struct scheme_rule *r = colon ? rule_of(in, (size_t)(colon - in)) : NULL;
    const char *v = colon ? colon + 1 : in;
    if (!r && colon && colon - in == 3 && strncmp(in, "pkg", 3) == 0) { /* a bare purl */
        r = rule_of("purl", 4);
        v = in;
    }
    if (!r) {
        *why = "must be scheme:value with a scheme of GET /v1/parties (identifiers), such as "
               "imo:9187629";
        return false;
    }
    size_t sl = strlen(r->s.code);
    memcpy(out, r->s.code, sl);
    out[sl] = ':';
    size_t n = len - (size_t)(v - in);
    if (r->shape == LOWER_TEXT && strcmp(r->s.code, "website") == 0) {
        static const char *const drop[] = {"https://", "http://", "www."};
        for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
            if (n > strlen(drop[i]) && strncmp(v, drop[i], strlen(drop[i])) == 0) {
                v += strlen(drop[i]);
                n -= strlen(drop[i]);
            }
        const char *path = memchr(v, '/', n); /* a URL's path is no part of its domain */
        if (path) n = (size_t)(path - v);
    }
    if (r->shape == READER) return r->read(v, n, out + sl + 1, IDENTIFIER_MAX - sl - 1, why);
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
