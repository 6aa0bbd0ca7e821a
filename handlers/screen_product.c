/* POST /v1/screen: rows of software identified by what they report (handlers/screen.h). */
#include <stdio.h>
#include <string.h>

#include "handlers/screen.h"
#include "lib/utf8.h"
#include "match/match.h"
#include "match/normalize.h"
#include "rulings/identifier_lookup.h"

#define PRODUCT_FIELD_MAX 512

/* The fields tried in order, and the schemes each is read as. */
static const struct {
    enum screen_field field;
    const char *scheme; /* prefixed to the value; NULL: the value names its scheme */
    bool must_read;     /* a value that cannot be read is the row's error */
} tried[] = {
    {SF_CPE, NULL, true},
    {SF_PURL, NULL, true},
    {SF_BUNDLE_ID, "bundle-id:", false},
    {SF_BUNDLE_ID, "android-package:", false},
    {SF_PUBLISHER, "publisher:", false},
};

static bool text_fits(const struct screen_value *v, const char *field, struct field_errors *fe)
{
    if (v->len <= PRODUCT_FIELD_MAX && utf8_valid(v->text, v->len)) return true;
    field_errors_add(fe, field, "invalid_value", "must be UTF-8 text of at most %d bytes",
                     PRODUCT_FIELD_MAX);
    return false;
}

/* Looks one field up; true when it found a subject (row->identified filled). */
static bool try_field(const struct snapshot *s, const struct screen_value *v, size_t i,
                      struct screen_row *row)
{
    const char *field = screen_field_names[tried[i].field];
    char in[PRODUCT_FIELD_MAX + 32], norm[IDENTIFIER_MAX];
    const char *why = NULL;
    int n = snprintf(in, sizeof in, "%s%.*s", tried[i].scheme ? tried[i].scheme : "", (int)v->len,
                     v->text);
    bool named = tried[i].scheme ||
                 (v->len > 4 && (!strncmp(v->text, "cpe:", 4) || !strncmp(v->text, "pkg:", 4)));
    if (n < 0 || !named || !identifier_normalize(in, (size_t)n, norm, &why)) {
        if (tried[i].must_read)
            field_errors_add(&row->errors, field, "invalid_identifier", "%s",
                             why ? why
                             : tried[i].field == SF_CPE
                                 ? "must be a CPE (cpe:2.3:part:vendor:product:... or cpe:/...)"
                                 : "must be a package URL (pkg:type/namespace/name@version)");
        return false;
    }
    uint32_t sub;
    if (!identifier_lookup(s, norm, &sub, 1, row->identified.key)) return false;
    row->identified.method =
        tried[i].field == SF_PUBLISHER ? IDENTIFIED_PUBLISHER : IDENTIFIED_IDENTIFIER;
    row->identified.from = field;
    row->q.identifier = row->identified.key;
    return true;
}

/* A row found at its vendor (by its publisher, or a vendor-wide key such as
 * cpe:kaspersky:*) whose name matches a product of that vendor is answered for the product:
 * a product has its own rulings and exemptions (Kaspersky Threat Intelligence is outside
 * rulings its vendor is under). The vendor's key stays in `identified.key` as confirmation. */
static void refine_to_product(const struct snapshot *s, struct screen_row *row)
{
    static _Thread_local struct norm_name norm;
    uint32_t vendor;
    if (!row->q.name_len || identifier_lookup(s, row->identified.key, &vendor, 1, NULL) != 1 ||
        s->subjects[vendor].rec->kind == SUBJECT_PRODUCT ||
        normalize_name(row->q.name, row->q.name_len, &norm) != NORM_OK)
        return;
    struct match_query mq = {&norm, SUBJECT_PRODUCT, row->q.min_score};
    struct match_hit hit;
    if (match_find(s->match_index, &mq, &hit, 1) != 1) return;
    uint32_t p = s->subjects[hit.subject].parent;
    for (int depth = 0; p != SNAP_NONE && p != vendor && depth < 16; depth++)
        p = s->subjects[p].parent;
    if (p != vendor) return;
    row->identified.method = IDENTIFIED_NAME;
    row->identified.from = "name";
    row->q.identifier = NULL;
    row->q.kind = SUBJECT_PRODUCT;
}

bool screen_identify(const struct snapshot *s, const struct screen_raw *raw, bool software,
                     struct screen_row *row)
{
    const struct screen_value *v = raw->v;
    for (int f = SF_FIRST_PRODUCT; f < SF_FIRST_DATE; f++) {
        software = software || v[f].text;
        if (v[f].text && !text_fits(&v[f], screen_field_names[f], &row->errors)) return false;
    }
    row->software = software;
    if (!software) return true;
    row->identified = (struct screen_identified){IDENTIFIED_NAME, "name", ""};
    if (row->q.identifier) { /* the row's own identifier column */
        uint32_t sub;
        if (identifier_lookup(s, row->q.identifier, &sub, 1, row->identified.key)) {
            row->identified.method = IDENTIFIED_IDENTIFIER;
            row->identified.from = "identifier";
            row->q.identifier = row->identified.key;
            refine_to_product(s, row);
            return true;
        }
    }
    bool found = false;
    for (size_t i = 0; i < sizeof tried / sizeof *tried; i++) {
        const struct screen_value *tv = &v[tried[i].field];
        if (tv->text && (found || try_field(s, tv, i, row))) found = true;
    }
    if (row->errors.count) return false; /* a cpe or purl that cannot be read */
    if (!found && !row->q.name_len) row->identified.method = IDENTIFIED_NONE;
    if (found) refine_to_product(s, row);
    return true;
}

const char *screen_identified_method(const struct screen_row *row, const struct check_summary *cs)
{
    static const char *const methods[] = {"none", "identifier", "publisher", "name"};
    enum screen_method m = row->identified.method;
    return methods[m == IDENTIFIED_NAME && !cs->matched ? IDENTIFIED_NONE : m];
}

void screen_identified_write(struct jw *w, const struct snapshot *s, const struct screen_row *row,
                             const struct check_summary *cs)
{
    (void)s;
    jw_key(w, "identified_by");
    jw_object_begin(w);
    enum screen_method m = row->identified.method;
    if (m == IDENTIFIED_NAME && !cs->matched) m = IDENTIFIED_NONE;
    JW_MEMBER_STRING(w, "method", screen_identified_method(row, cs));
    if (m != IDENTIFIED_NONE) JW_MEMBER_STRING(w, "field", row->identified.from);
    if (row->identified.key[0]) /* for a name: the vendor key that confirmed the product */
        JW_MEMBER_STRING(w, "identifier", row->identified.key);
    if (m != IDENTIFIED_NONE) {
        jw_key(w, "score");
        jw_double(w, cs->score);
    }
    jw_object_end(w);
}
