/* Shared by the list converters: files, fields, countries, and adding checked records. */
#include "rulings/list_build.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/country.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "match/normalize.h"

bool list_build_init(struct list_build *b, struct dataset *ds, struct list_report *rep,
                     size_t expected_aliases)
{
    memset(b, 0, sizeof *b);
    memset(rep, 0, sizeof *rep);
    b->ds = ds;
    b->rep = rep;
    return expected_aliases == 0 || strmap_init(&b->alias_keys, expected_aliases);
}

void list_build_free(struct list_build *b)
{
    strmap_free(&b->alias_keys);
}

void list_report_free(struct list_report *rep)
{
    field_errors_free(&rep->skips);
}

bool list_read_file(const char *path, char **data, size_t *len, struct rd_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        rd_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    bool ok = fseek(f, 0, SEEK_END) == 0;
    long size = ok ? ftell(f) : -1;
    ok = size >= 0 && fseek(f, 0, SEEK_SET) == 0;
    char *buf = ok ? malloc((size_t)size + 1) : NULL;
    ok = buf && fread(buf, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    if (!ok) {
        free(buf);
        rd_error_set(err, "%s: cannot read the file", path);
        return false;
    }
    buf[size] = '\0';
    *data = buf;
    *len = (size_t)size;
    return true;
}

size_t list_count_lines(const char *data, size_t len)
{
    size_t n = 1;
    for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))) != NULL; p++)
        n++;
    return n;
}

/* What Windows-1252 means by `byte` (0x80..0x9F), in UTF-8 (glibc's iconv): the lists
 * are written on Windows, and their "Latin-1" and their U+0080..U+009F are its quotes and
 * dashes (U+0092 for an apostrophe in the CSL), not the control characters no text may
 * hold. A space for the five bytes it leaves undefined. */
static size_t cp1252(unsigned char byte, char out[4])
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    size_t got = 0;
    if (cd != (iconv_t)-1) {
        char in[1] = {(char)byte}, *ip = in, *op = out;
        size_t il = 1, ol = 4;
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) got = (size_t)(op - out);
        iconv_close(cd);
    }
    if (!got) out[got++] = ' ';
    return got;
}

/* A field as UTF-8: each byte from 0x80 up is Windows-1252 when the field is not UTF-8
 * (`as_bytes`); else only its U+0080..U+009F are read as Windows-1252. */
static char *to_utf8(struct arena *a, const char *s, size_t n, bool as_bytes)
{
    char *out = arena_alloc(a, 3 * n + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool c1 = !as_bytes && c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0;
        if (c1) c = (unsigned char)s[++i];
        if ((as_bytes || c1) && c >= 0x80 && c < 0xA0) {
            o += cp1252(c, o);
        } else if (as_bytes && c >= 0x80) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

static bool has_c1(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] < 0xA0)
            return true;
    return false;
}

char *list_field(struct list_build *b, const struct csv_reader *r, size_t i)
{
    size_t n;
    const char *s = csv_field(r, i, &n);
    if (!s) return NULL;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || (n == 3 && memcmp(s, "-0-", 3) == 0)) return NULL;
    /* A NUL inside is not UTF-8 either: it reads as Windows-1252 and is refused later as a
     * control character. */
    bool utf8 = utf8_valid(s, n);
    if (utf8 && !has_c1(s, n)) return arena_strndup(&b->ds->arena, s, n);
    return to_utf8(&b->ds->arena, s, n, !utf8);
}

/* The lists' spellings that differ from the ISO 3166-1 short names. */
static const struct {
    const char *name, *code;
} LIST_COUNTRIES[] = {
    {"Bahamas, The", "BS"},
    {"Bolivia", "BO"},
    {"Brunei", "BN"},
    {"Burma", "MM"},
    {"Congo, Democratic Republic of the", "CD"},
    {"Congo, Republic of the", "CG"},
    {"Cote d Ivoire", "CI"},
    {"Czech Republic", "CZ"},
    {"Iran", "IR"},
    {"Korea, North", "KP"},
    {"Korea, South", "KR"},
    {"Kosovo", "XK"},
    {"Laos", "LA"},
    {"Macau", "MO"},
    {"Moldova", "MD"},
    {"Russia", "RU"},
    {"Syria", "SY"},
    {"Taiwan", "TW"},
    {"Tanzania", "TZ"},
    {"The Gambia", "GM"},
    {"Turkey", "TR"},
    {"Venezuela", "VE"},
    {"Vietnam", "VN"},
};

const char *list_subject_kind(const char *type)
{
    static const char *const kinds[][2] = {
        {"individual", "person"}, {"vessel", "vessel"}, {"aircraft", "aircraft"}};
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcasecmp(kinds[i][0], type) == 0) return kinds[i][1];
    return "organization";
}

const char *list_country_code(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof LIST_COUNTRIES / sizeof LIST_COUNTRIES[0]; i++)
        if (strcmp(LIST_COUNTRIES[i].name, name) == 0) return LIST_COUNTRIES[i].code;
    for (size_t i = 0; i < N_COUNTRY_CODES; i++)
        if (strcmp(COUNTRY_CODES[i].name, name) == 0) return COUNTRY_CODES[i].alpha2;
    return NULL;
}

void list_skip(struct list_build *b, const char *where, const char *code, const char *fmt, ...)
{
    char msg[FIELD_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    field_errors_add(&b->rep->skips, where, code, "%s", msg);
}

bool list_stage(struct list_build *b, enum record_kind k, json_t *obj, const char *where)
{
    struct dataset *ds = b->ds;
    struct field_errors fe = {0};
    bool ok = obj != NULL;
    if (!ok)
        field_errors_add(&fe, "", "internal", "out of memory");
    else if (k == RECORD_SOURCE)
        ok = dataset_parse_source(ds, obj, "", &ds->sources[ds->n_sources], &fe);
    else if (k == RECORD_SUBJECT)
        ok = dataset_parse_subject(ds, obj, "", &ds->subjects[ds->n_subjects], &fe);
    else
        ok = dataset_parse_ruling(ds, obj, "", &ds->rulings[ds->n_rulings], &fe);
    if (!ok && fe.count > 0)
        list_skip(b, where, fe.items[0].code, "%s: %s", fe.items[0].field, fe.items[0].message);
    field_errors_free(&fe);
    json_decref(obj);
    return ok;
}

void list_add_alias(struct list_build *b, const struct rd_subject *subject, const char *alias,
                    const char *kind, const char *where)
{
    struct dataset *ds = b->ds;
    size_t klen = strlen(subject->id) + strlen(alias) + 2;
    char *key = arena_alloc(&ds->arena, klen);
    if (!key || strcmp(alias, subject->name) == 0) {
        b->rep->aliases_skipped += key ? 0 : 1;
        return;
    }
    snprintf(key, klen, "%s\t%s", subject->id, alias);
    uint32_t seen;
    if (strmap_get(&b->alias_keys, key, &seen)) return; /* a repeat: nothing new to find */
    /* A name that is only a legal form ("SE", "PAT": some of OFAC's weak aliases) leaves no
     * word to find it by. */
    static _Thread_local struct norm_name n;
    if (normalize_name(alias, strlen(alias), &n) == NORM_OK && n.len == 0) {
        b->rep->aliases_skipped++;
        list_skip(b, where, "no_name_words",
                  "alias \"%.80s\": only a legal form or punctuation, nothing to find it by",
                  alias);
        return;
    }
    json_t *obj = json_pack("{s:s, s:s}", "alias", alias, "kind", kind);
    struct field_errors fe = {0};
    bool ok =
        obj && dataset_parse_alias(ds, obj, "", subject->id, &ds->aliases[ds->n_aliases], &fe);
    json_decref(obj);
    if (ok) {
        (void)strmap_put(&b->alias_keys, key, (uint32_t)ds->n_aliases, NULL);
        ds->n_aliases++;
        b->rep->aliases++;
    } else {
        b->rep->aliases_skipped++;
        list_skip(b, where, fe.count ? fe.items[0].code : "internal", "alias: %s",
                  fe.count ? fe.items[0].message : "out of memory");
    }
    field_errors_free(&fe);
}

json_t *list_json_string(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A record that is only the byte 0x1A, which old DOS tools wrote at the end of a file. */
static bool is_dos_eof(const struct csv_reader *r)
{
    size_t n;
    const char *s = csv_field(r, 0, &n);
    return r->n_fields == 1 && n == 1 && s[0] == '\x1a';
}

bool list_each_row(struct list_build *b, const char *data, size_t len, const char *file,
                   bool header, size_t min_fields, list_row_fn fn, void *ctx, struct rd_error *err)
{
    struct csv_reader r;
    csv_reader_init(&r, data, len);
    bool ok = true;
    enum csv_status st = CSV_END;
    while (ok && (st = csv_next(&r, err)) == CSV_RECORD) {
        char where[FIELD_ERROR_FIELD_MAX];
        snprintf(where, sizeof where, "%s:%zu", file, r.record_line);
        if (header) {
            header = false;
        } else if (r.n_fields < min_fields) {
            if (!is_dos_eof(&r)) {
                b->rep->skipped++;
                list_skip(b, where, "too_few_fields", "%zu fields, %zu expected", r.n_fields,
                          min_fields);
            }
        } else {
            ok = fn(b, &r, where, ctx);
            if (!ok) rd_error_set(err, "%s: out of memory", where);
        }
    }
    if (ok && st == CSV_ERROR) {
        rd_error_prefix(err, "%s", file);
        ok = false;
    }
    csv_reader_free(&r);
    return ok;
}

void list_since(const struct list_dates *d, const char *id, char *out, size_t size)
{
    int64_t t = d->published;
    uint32_t at;
    if (d->known && strmap_get(d->known, id, &at) && d->starts[at] < t) t = d->starts[at];
    rd_time_format(t, out, size);
}

void list_each_item(const char *field, bool dots, void (*fn)(void *ctx, char *item), void *ctx)
{
    for (const char *p = field; p && *p;) {
        size_t n = strcspn(p, ";");
        char item[600];
        snprintf(item, sizeof item, "%.*s", (int)n, p);
        char *s = item;
        while (*s == ' ')
            s++;
        for (size_t e = strlen(s); e && (s[e - 1] == ' ' || (dots && s[e - 1] == '.')); e--)
            s[e - 1] = '\0';
        if (*s) fn(ctx, s);
        p += n + (p[n] == ';');
    }
}
