/* Reading CPE names, package URLs, publishers and dotted names (rulings/product_id.h). */
#include "rulings/product_id.h"

#include <stdint.h>
#include <string.h>

#include "match/normalize.h"
#include "lib/ascii.h"

static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* ---- CPE ---- */

/* One attribute of a formatted string, up to an unquoted ':' or the end: unquoted into
 * out, lower case. Returns the bytes read, or 0 with *why set. A bare '*' or '?' inside a
 * value is a wildcard (kept as "*" alone only when it is the whole value). */
static size_t fs_attribute(const char *s, size_t n, char *out, const char **why)
{
    size_t i = 0, k = 0;
    bool wildcard = false;
    for (; i < n && s[i] != ':'; i++) {
        char c = s[i];
        if (c == '\\') {
            if (++i == n || (unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e) {
                *why = "a backslash in a CPE must quote a printable character";
                return 0;
            }
            c = s[i];
        } else if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7e) {
            *why = "a CPE holds printable ASCII only (no spaces)";
            return 0;
        } else if (c == '*' || c == '?') {
            wildcard = true;
        }
        if (k + 1 >= PRODUCT_PART_MAX) {
            *why = "a CPE attribute is too long";
            return 0;
        }
        out[k++] = ascii_lower(c);
    }
    out[k] = '\0';
    if (k == 0) {
        *why = "a CPE attribute is empty (write * for any)";
        return 0;
    }
    if (wildcard && strcmp(out, "*") != 0) out[0] = '?', out[1] = '\0'; /* a pattern */
    return i;
}

/* One attribute of the URI binding, up to ':' or the end: percent-decoded, lower case. */
static size_t uri_attribute(const char *s, size_t n, char *out, const char **why)
{
    size_t i = 0, k = 0;
    for (; i < n && s[i] != ':'; i++) {
        char c = s[i];
        if (c == '%') {
            int h = i + 2 < n ? hex(s[i + 1]) : -1, l = h >= 0 ? hex(s[i + 2]) : -1;
            if (l < 0) {
                *why = "a % in a CPE URI must start two hexadecimal digits";
                return 0;
            }
            c = (char)(h * 16 + l);
            i += 2;
        }
        if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7e || k + 1 >= PRODUCT_PART_MAX) {
            *why = "a CPE attribute holds printable ASCII only, at most 127 bytes";
            return 0;
        }
        out[k++] = ascii_lower(c);
    }
    out[k] = '\0';
    if (k == 0) out[k++] = '*', out[k] = '\0'; /* the URI binding's empty = ANY */
    return i;
}

bool cpe_parse(const char *s, size_t n, struct cpe_name *out, const char **why)
{
    memset(out, 0, sizeof *out);
    bool fs = n > 8 && strncmp(s, "cpe:2.3:", 8) == 0, uri = n > 5 && strncmp(s, "cpe:/", 5) == 0;
    if (!fs && !uri) {
        *why = "a CPE starts cpe:2.3: (formatted string) or cpe:/ (URI)";
        return false;
    }
    size_t i = fs ? 8 : 5, got = 0;
    char attr[PRODUCT_PART_MAX];
    char *dest[] = {NULL, out->vendor, out->product, out->version};
    for (; i <= n && got < 11; got++) {
        *why = NULL;
        size_t used =
            fs ? fs_attribute(s + i, n - i, attr, why) : uri_attribute(s + i, n - i, attr, why);
        if (used == 0 && (fs || *why)) return false;
        if (got == 0) {
            if (strlen(attr) != 1 || !strchr("aoh*", attr[0])) {
                *why = "a CPE's part must be a, o, h or *";
                return false;
            }
            out->part[0] = attr[0];
        } else if (got < 4) {
            memcpy(dest[got], attr, strlen(attr) + 1);
        }
        i += used + 1;
    }
    if (i <= n) {
        *why = "a CPE has at most 11 attributes";
        return false;
    }
    for (size_t j = 1; j < 4; j++)
        if (!dest[j][0]) dest[j][0] = '*';
    return true;
}

/* Quotes a decoded attribute as the formatted string does. */
static bool fs_quote(const char *v, char *out, size_t cap, size_t *k)
{
    for (; *v; v++) {
        bool bare = alnum(*v) || *v == '_' || *v == '-' || *v == '.';
        if (*k + 3 >= cap) return false;
        if (!bare) out[(*k)++] = '\\';
        out[(*k)++] = *v;
    }
    out[*k] = '\0';
    return true;
}

bool cpe_key(const struct cpe_name *c, char *out, size_t cap, const char **why)
{
    if (c->vendor[0] == '?' || c->product[0] == '?') {
        *why = "a CPE with wildcards in vendor or product cannot be looked up exactly";
        return false;
    }
    if (!strcmp(c->vendor, "*") || !strcmp(c->vendor, "-")) {
        *why = "a CPE must name its vendor";
        return false;
    }
    size_t k = 0;
    bool any = !strcmp(c->product, "*") || !strcmp(c->product, "-");
    if (!fs_quote(c->vendor, out, cap, &k) || k + 2 >= cap) goto too_long;
    out[k++] = ':';
    if (any) {
        out[k++] = '*';
        out[k] = '\0';
    } else if (!fs_quote(c->product, out, cap, &k)) {
        goto too_long;
    }
    return true;
too_long:
    *why = "the CPE's vendor and product are too long";
    return false;
}

/* ---- purl ---- */

/* Types whose namespace and name are case-insensitive (the purl specification's
 * PURL-TYPES: "must be lowercased"). */
static const char *const lowercased_types[] = {"alpm", "apk",    "bitbucket", "composer",
                                               "deb",  "github", "hex",       "pypi"};

static bool purl_decode(const char *s, size_t n, char *out, bool fold, const char **why)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int h = i + 2 < n ? hex(s[i + 1]) : -1, l = h >= 0 ? hex(s[i + 2]) : -1;
            if (l < 0) {
                *why = "a % in a purl must start two hexadecimal digits";
                return false;
            }
            c = (char)(h * 16 + l);
            i += 2;
        }
        if ((unsigned char)c < 0x20 || k + 1 >= PRODUCT_PART_MAX) {
            *why = "a purl part holds no control characters and at most 127 bytes";
            return false;
        }
        out[k++] = fold ? ascii_lower(c) : c;
    }
    out[k] = '\0';
    return true;
}

static bool purl_type(const char *s, size_t n, struct purl_name *out, const char **why)
{
    bool ok = n > 0 && n < sizeof out->type && !(s[0] >= '0' && s[0] <= '9');
    for (size_t i = 0; ok && i < n; i++)
        ok = alnum(s[i]) || s[i] == '.' || s[i] == '+' || s[i] == '-';
    if (!ok) {
        *why = "a purl's type is letters, digits, '.', '+' or '-', not starting with a digit";
        return false;
    }
    for (size_t i = 0; i < n; i++)
        out->type[i] = ascii_lower(s[i]);
    out->type[n] = '\0';
    return true;
}

static bool type_folds(const char *type)
{
    for (size_t i = 0; i < sizeof lowercased_types / sizeof *lowercased_types; i++)
        if (!strcmp(type, lowercased_types[i])) return true;
    return false;
}

/* The path "type/namespace.../name" (s, n: after "pkg:" and before '@', '?' or '#'). */
static bool purl_path(const char *s, size_t n, struct purl_name *out, const char **why)
{
    while (n && *s == '/')
        s++, n--; /* "pkg://" is read as "pkg:" */
    while (n && s[n - 1] == '/')
        n--;
    const char *slash = memchr(s, '/', n), *last = s + n;
    if (!slash || !purl_type(s, (size_t)(slash - s), out, why)) {
        if (!slash) *why = "a purl is pkg:type/name at least";
        return false;
    }
    while (last > slash + 1 && last[-1] != '/')
        last--;
    bool fold = type_folds(out->type);
    if (!purl_decode(last, (size_t)(s + n - last), out->name, fold, why)) return false;
    if (!out->name[0]) {
        *why = "a purl must have a name";
        return false;
    }
    if (!strcmp(out->type, "pypi"))
        for (char *c = out->name; *c; c++)
            if (*c == '_') *c = '-';
    size_t ns = last > slash + 1 ? (size_t)(last - 1 - (slash + 1)) : 0;
    return ns == 0 || purl_decode(slash + 1, ns, out->namespace_, fold, why);
}

bool purl_parse(const char *s, size_t n, struct purl_name *out, const char **why)
{
    memset(out, 0, sizeof *out);
    if (n >= 4 && ascii_lower(s[0]) == 'p' && ascii_lower(s[1]) == 'k' &&
        ascii_lower(s[2]) == 'g' && s[3] == ':')
        s += 4, n -= 4;
    const char *hash = memchr(s, '#', n);
    if (hash) n = (size_t)(hash - s);
    const char *q = memchr(s, '?', n);
    if (q) n = (size_t)(q - s);
    size_t path = n;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == '/')
            break;
        else if (s[i - 1] == '@') {
            path = i - 1; /* the version starts after the last '@' of the last segment */
            break;
        }
    if (path < n && !purl_decode(s + path + 1, n - path - 1, out->version, false, why))
        return false;
    return purl_path(s, path, out, why);
}

static bool pct_append(const char *v, char *out, size_t cap, size_t *k)
{
    static const char digits[] = "0123456789ABCDEF";
    for (; *v; v++) {
        bool bare = alnum(*v) || *v == '.' || *v == '-' || *v == '_' || *v == '~' || *v == '*';
        if (*k + 4 >= cap) return false;
        if (bare) {
            out[(*k)++] = *v;
            continue;
        }
        out[(*k)++] = '%';
        out[(*k)++] = digits[(unsigned char)*v >> 4];
        out[(*k)++] = digits[(unsigned char)*v & 15];
    }
    out[*k] = '\0';
    return true;
}

bool purl_key(const struct purl_name *p, char *out, size_t cap, const char **why)
{
    size_t k = strlen(p->type);
    bool ok = k + 2 < cap;
    if (ok) {
        memcpy(out, p->type, k);
        out[k++] = '/';
    }
    if (ok && p->namespace_[0]) {
        ok = pct_append(p->namespace_, out, cap, &k) && k + 2 < cap;
        for (size_t i = strlen(p->type) + 1; ok && i < k; i++)
            if (out[i] == '%' && out[i + 1] == '2' && out[i + 2] == 'F') /* keep its '/'s */
                memmove(out + i + 1, out + i + 3, k - i - 2), out[i] = '/', k -= 2;
        if (ok) out[k++] = '/';
    }
    ok = ok && pct_append(p->name, out, cap, &k);
    if (!ok) *why = "the purl's type, namespace and name are too long";
    return ok;
}

/* ---- publishers and dotted names ---- */

/* The last publishers read on this thread and their keys: an inventory names the same few
 * publishers thousands of times, and a key costs two or more passes of the name normaliser
 * (about 4 us). Direct-mapped by a hash of the text; only texts and keys that fit are kept. */
#define PUBLISHER_CACHE_SLOTS 64
#define PUBLISHER_CACHE_TEXT 96

struct publisher_slot {
    uint8_t len, key_len; /* len 0: empty */
    char text[PUBLISHER_CACHE_TEXT], key[PUBLISHER_CACHE_TEXT];
};

static _Thread_local struct publisher_slot publisher_cache[PUBLISHER_CACHE_SLOTS];

static struct publisher_slot *publisher_slot(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return &publisher_cache[h % PUBLISHER_CACHE_SLOTS];
}

static bool publisher_key_uncached(const char *s, size_t n, char *out, size_t cap,
                                   const char **why);

bool publisher_key(const char *s, size_t n, char *out, size_t cap, const char **why)
{
    struct publisher_slot *slot = n && n < PUBLISHER_CACHE_TEXT ? publisher_slot(s, n) : NULL;
    if (slot && slot->len == n && memcmp(slot->text, s, n) == 0 && slot->key_len < cap) {
        memcpy(out, slot->key, slot->key_len + 1u);
        return true;
    }
    if (!publisher_key_uncached(s, n, out, cap, why)) return false;
    size_t k = strlen(out);
    if (slot && k < PUBLISHER_CACHE_TEXT) {
        memcpy(slot->text, s, n);
        slot->len = (uint8_t)n;
        memcpy(slot->key, out, k + 1);
        slot->key_len = (uint8_t)k;
    }
    return true;
}

static bool publisher_key_uncached(const char *s, size_t n, char *out, size_t cap, const char **why)
{
    if (n > 3 && ascii_lower(s[0]) == 'c' && ascii_lower(s[1]) == 'n' &&
        s[2] == '=') { /* a subject DN */
        s += 3, n -= 3;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '\\')
                i++;
            else if (s[i] == ',')
                n = i;
    }
    /* Normalised until it no longer changes: a stored key is read again when the data is
     * loaded, and must come out the same ("a.k.a." joined to "aka" on one pass, read as an
     * annotation on the next). */
    static _Thread_local struct norm_name norm;
    for (int pass = 0; pass < 4; pass++) {
        if (normalize_name(s, n, &norm) != NORM_OK || norm.len == 0 || norm.len >= cap) break;
        bool same = norm.len == n && memcmp(norm.text, s, n) == 0;
        memcpy(out, norm.text, norm.len + 1);
        if (same) return true;
        s = out, n = norm.len;
    }
    *why = "the publisher is no name (or too long, or not UTF-8)";
    return false;
}

bool dotted_key(const char *s, size_t n, char *out, size_t cap, const char **why)
{
    size_t labels = 1, run = 0;
    if (n >= cap) n = 0; /* too long: refused below */
    for (size_t i = 0; i < n; i++) {
        char c = ascii_lower(s[i]);
        if (c == '.') {
            if (run == 0) break;
            labels++, run = 0;
        } else if (!(alnum(c) || c == '-' || c == '_')) {
            run = 0, labels = 0;
            break;
        } else {
            run++;
        }
        out[i] = c;
    }
    if (run == 0 || labels < 2) {
        *why = "must be dotted labels of letters, digits, '-' or '_' (com.example.app)";
        return false;
    }
    out[n] = '\0';
    return true;
}
