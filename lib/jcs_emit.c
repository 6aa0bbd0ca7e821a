/* The second half of jcs_text (lib/jcs_text_parts.h): the canonical form written from the
 * tape. Unescaped strings are copied as they stand; objects are written in the order of
 * their members' names (lib/jcs_members.c), sorted as entries of a stack shared by all
 * levels. */
#include <stdlib.h>
#include <string.h>

#include "lib/jcs_text_parts.h"

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v << 4 | d;
    }
    return v;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80)
        b[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
        b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    else
        b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
        b[2] = (char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    sb_append(sb, b, n);
}

/* The escape at p (its backslash), in a string whose text ends at `end`, decoded into `to`;
 * where the escape ends, or NULL when it is not one JSON has (or a lone surrogate, or NUL). */
static const char *read_escape(struct jcs_tape *t, const char *p, const char *end,
                               struct strbuf *to)
{
    static const char from[] = "\"\\/bfnrt", into[] = "\"\\/\b\f\n\r\t";
    const char *e = end - p > 1 ? strchr(from, p[1]) : NULL;
    if (e && *e) {
        sb_putc(to, into[e - from]);
        return p + 2;
    }
    int cp = end - p >= 6 && p[1] == 'u' ? hex4(p + 2) : -1;
    if (cp < 0) return jcs_fail(t, "a bad escape"), NULL;
    p += 6;
    if (cp >= 0xdc00 && cp <= 0xdfff) return jcs_fail(t, "a lone surrogate"), NULL;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        int lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
        if (lo < 0xdc00 || lo > 0xdfff) return jcs_fail(t, "a lone surrogate"), NULL;
        p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (cp == 0) return jcs_fail(t, "a NUL character"), NULL;
    put_utf8(to, (unsigned)cp);
    return p;
}

/* The text of a string between its quotes, [p, end), decoded and appended to `to`. */
static bool decode(struct jcs_tape *t, const char *p, const char *end, struct strbuf *to)
{
    while (p && p < end) {
        const char *b = memchr(p, '\\', (size_t)(end - p));
        if (!b) b = end;
        sb_append(to, p, (size_t)(b - p));
        p = b < end ? read_escape(t, b, end, to) : end;
    }
    return p && (!to->failed || jcs_fail(t, "out of memory"));
}

static bool emit_string(struct jcs_tape *t, const struct jcs_node *nd, struct strbuf *out)
{
    const char *s = t->text + nd->at;
    if (!nd->escaped) { /* no escape, no control character: its text is its canonical form */
        jcs_put(out, s, nd->len);
        return true;
    }
    sb_reset(&t->scratch);
    if (!decode(t, s + 1, s + nd->len - 1, &t->scratch)) return false;
    jcs_write_string(out, t->scratch.data ? t->scratch.data : "", t->scratch.len);
    return true;
}

/* The members of object `i` into m[]: names between their quotes, or decoded into `names`
 * when escaped (their pointers set once all are decoded: `names` moves as it grows). */
static bool gather(struct jcs_tape *t, uint32_t i, struct jcs_member *m, struct strbuf *names)
{
    uint32_t n = t->n[i].len, k = i + 1;
    size_t *at = NULL;
    for (uint32_t c = 0; c < n; c++, k = t->n[k + 1].next) {
        const struct jcs_node *key = &t->n[k];
        const char *s = t->text + key->at;
        m[c] = (struct jcs_member){0, s + 1, key->len - 2u, k, k + 1, c};
        if (!key->escaped) continue;
        if (!at && !(at = calloc(n, sizeof *at))) return jcs_fail(t, "out of memory");
        at[c] = names->len;
        if (!decode(t, s + 1, s + key->len - 1, names)) return free(at), false;
        m[c].name_len = (uint32_t)(names->len - at[c]);
    }
    for (uint32_t c = 0; c < n; c++) {
        bool decoded = at && t->n[m[c].key].escaped;
        if (decoded) m[c].name = names->data + at[c];
        m[c].prefix = jcs_name_prefix(m[c].name, m[c].name_len, decoded ? NULL : t->end);
    }
    free(at);
    return true;
}

static bool members_reserve(struct jcs_tape *t, size_t n)
{
    if (t->members_cap - t->members_used >= n) return true;
    size_t cap = t->members_cap ? t->members_cap : 64;
    while (cap - t->members_used < n)
        cap *= 2;
    struct jcs_member *grown = realloc(t->members, cap * sizeof *grown);
    if (!grown) return jcs_fail(t, "out of memory");
    t->members = grown, t->members_cap = cap;
    return true;
}

/* A value: the usual ones (an unescaped string, a literal) straight from the text. */
static inline bool emit_value(struct jcs_tape *t, uint32_t k, struct strbuf *out)
{
    const struct jcs_node *v = &t->n[k];
    if (v->kind >= JCS_TRUE || (v->kind == JCS_STRING && !v->escaped)) {
        jcs_put(out, t->text + v->at, v->len);
        return true;
    }
    return jcs_emit(t, k, out);
}

/* A member's name and its colon: in one append when the text has them together. */
static inline void emit_name(const struct jcs_tape *t, const struct jcs_member *m,
                             struct strbuf *out)
{
    const struct jcs_node *key = &t->n[m->key];
    const char *s = t->text + key->at;
    if (key->escaped) {
        jcs_write_string(out, m->name, m->name_len);
        sb_putc(out, ':');
    } else if (t->end - s > key->len && s[key->len] == ':') {
        jcs_put(out, s, key->len + 1u);
    } else {
        jcs_put(out, s, key->len);
        sb_putc(out, ':');
    }
}

static bool emit_object(struct jcs_tape *t, uint32_t i, struct strbuf *out)
{
    uint32_t n = t->n[i].len;
    if (!members_reserve(t, 2 * (size_t)n)) return false; /* n more for sorting */
    size_t base = t->members_used;
    t->members_used += n;
    struct strbuf names = {0};
    bool ok = gather(t, i, t->members + base, &names);
    struct jcs_member *m = t->members + base;
    if (ok) jcs_sort_members(t, m, n);
    for (uint32_t c = 1; ok && c < n; c++)
        if (m[c].prefix == m[c - 1].prefix && m[c].name_len == m[c - 1].name_len &&
            !memcmp(m[c].name, m[c - 1].name, m[c].name_len))
            ok = jcs_fail(t, "a duplicate member name");
    sb_putc(out, '{');
    for (uint32_t c = 0; ok && c < n; c++) {
        m = t->members + base; /* the stack moves when a value's objects grow it */
        if (c) sb_putc(out, ',');
        emit_name(t, &m[c], out);
        ok = emit_value(t, m[c].value, out);
    }
    sb_putc(out, '}');
    t->members_used = base;
    sb_free(&names);
    return ok;
}

static bool emit_array(struct jcs_tape *t, uint32_t i, struct strbuf *out)
{
    sb_putc(out, '[');
    uint32_t k = i + 1;
    for (uint32_t c = 0; c < t->n[i].len; c++, k = t->n[k].next) {
        if (c) sb_putc(out, ',');
        if (!emit_value(t, k, out)) return false;
    }
    sb_putc(out, ']');
    return true;
}

bool jcs_emit(struct jcs_tape *t, uint32_t i, struct strbuf *out)
{
    const struct jcs_node *nd = &t->n[i];
    switch ((enum jcs_kind)nd->kind) {
    case JCS_OBJECT:
        return emit_object(t, i, out);
    case JCS_ARRAY:
        return emit_array(t, i, out);
    case JCS_STRING:
        return emit_string(t, nd, out);
    case JCS_KNOWN:
        return jcs_emit_known(t, i, out);
    case JCS_NUMBER: {
        if (jcs_number_canonical(t->text + nd->at, nd->len)) {
            jcs_put(out, t->text + nd->at, nd->len);
            return true;
        }
        char buf[JCS_NUMBER_BUFSZ];
        const char *why = NULL;
        if (!jcs_number_text(t->text + nd->at, nd->len, buf, &why)) return jcs_fail(t, why);
        sb_puts(out, buf);
        return true;
    }
    default: /* a literal: as it is written */
        jcs_put(out, t->text + nd->at, nd->len);
        return true;
    }
}
