/* RFC 8785 canonical JSON straight from text (lib/jcs.h, jcs_text), in two passes and no
 * tree: the text is read once into a tape (one entry per value: where it stands, what it is,
 * where its container ends), then written from the tape, each object's members sorted by
 * name through their tape entries. A string with no escape is copied as it stands (its text
 * is its canonical form); only escaped ones are decoded and written again. Each value is
 * scanned once, however deep it is nested, and copied once (docs/performance.md, "Signed
 * receipts"). */
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jcs.h"
#include "lib/jcs_text_parts.h"
#include "lib/utf8.h"

static inline void skip_ws(struct jcs_tape *t)
{
    /* compact text (an answer) has none: one test */
    const char *p = t->p, *end = t->end;
    if (p == end || (unsigned char)*p > ' ') return;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    t->p = p;
}

static bool grow(struct jcs_tape *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    struct jcs_node *grown = cap > t->cap ? realloc(t->n, cap * sizeof *grown) : NULL;
    if (!grown) return jcs_fail(t, "out of memory");
    t->n = grown, t->cap = cap;
    return true;
}

/* A new entry for the value at t->p; its index, or JCS_NONE (out of memory). */
static inline uint32_t push(struct jcs_tape *t, enum jcs_kind kind)
{
    if (t->count == t->cap && !grow(t)) return JCS_NONE;
    uint32_t i = t->count++;
    t->n[i] =
        (struct jcs_node){.at = (uint32_t)(t->p - t->text), .next = i + 1, .kind = (uint8_t)kind};
    return i;
}

/* The bytes of the word that are '"', '\\' or below 0x20, as their high bits (the "has a
 * zero byte" trick on the word and its xor with each character: the lowest one set is
 * exact, those above it may not be). */
static inline uint64_t word_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t control = (w - ones * 0x20) & ~w;
    uint64_t zero_q = (quote - ones) & ~quote, zero_b = (backslash - ones) & ~backslash;
    return (control | zero_q | zero_b) & highs;
}

static inline bool special(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20;
}

/* The first byte from p that is '"', '\\' or below 0x20, or `end`; *wide set when a byte
 * before it is not ASCII. Sixteen bytes at a time (SSE2, every x86-64), then eight. */
static inline const char *to_special(const char *p, const char *end, bool *wide)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  below = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmpeq_epi8(_mm_max_epu8(v, below), below));
        unsigned found = (unsigned)_mm_movemask_epi8(hit), high = (unsigned)_mm_movemask_epi8(v);
        if (found) {
            unsigned at = (unsigned)__builtin_ctz(found);
            *wide |= (high & ((1u << at) - 1)) != 0;
            return p + at;
        }
        *wide |= high != 0;
        p += 16;
    }
#endif
    uint64_t w;
    while (end - p >= 8 && (memcpy(&w, p, 8), !word_special(w)))
        *wide |= (w & 0x8080808080808080ull) != 0, p += 8;
    for (; p < end && !special((unsigned char)*p); p++)
        *wide |= (unsigned char)*p >= 0x80;
    return p;
}

/* A string at t->p (its opening quote), found to its end; its raw bytes checked as UTF-8
 * when any is not ASCII (escapes decode to whole characters, so the raw text is UTF-8
 * exactly when the decoded one is). Escapes are read when written. */
/* Inlined where it is called (a member's name, a value): a call per string showed in the
 * profile. */
static inline __attribute__((always_inline)) bool scan_string(struct jcs_tape *t)
{
    uint32_t i = push(t, JCS_STRING);
    if (i == JCS_NONE) return false;
    const char *p = t->p + 1, *end = t->end;
    bool wide = false, escaped = false;
    for (;;) {
        p = to_special(p, end, &wide);
        if (p >= end) return jcs_fail(t, "an unterminated string");
        if (*p == '"') break;
        if (*p != '\\') return jcs_fail(t, "a control character in a string");
        if (end - p < 2) return jcs_fail(t, "an unterminated string");
        escaped = true, p += 2; /* the escape itself is read when the string is written */
    }
    const char *from = t->p + 1;
    if (wide && !utf8_valid(from, (size_t)(p - from)))
        return jcs_fail(t, "a string that is not UTF-8");
    t->n[i].len = (uint32_t)(p + 1 - t->p);
    t->n[i].escaped = escaped;
    t->p = p + 1;
    return true;
}

static bool digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* A number at t->p, checked against JSON's grammar; its value is read when written. */
static bool scan_number(struct jcs_tape *t)
{
    const char *p = t->p, *e = t->end;
    p += p < e && *p == '-';
    if (!digit(p, e)) return jcs_fail(t, "a bad value");
    if (*p == '0' && digit(p + 1, e)) return jcs_fail(t, "a leading zero");
    while (digit(p, e))
        p++;
    if (p < e && *p == '.') {
        if (!digit(++p, e)) return jcs_fail(t, "a bad number");
        while (digit(p, e))
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        p += p < e && (*p == '+' || *p == '-');
        if (!digit(p, e)) return jcs_fail(t, "a bad number");
        while (digit(p, e))
            p++;
    }
    uint32_t i = push(t, JCS_NUMBER);
    if (i == JCS_NONE) return false;
    t->n[i].len = (uint32_t)(p - t->p);
    t->p = p;
    return true;
}

/* Inline, so that `n` is a constant and the comparison no call (the profile). */
static inline bool scan_literal(struct jcs_tape *t, const char *word, size_t n, enum jcs_kind kind)
{
    if ((size_t)(t->end - t->p) < n || memcmp(t->p, word, n) != 0)
        return jcs_fail(t, "a bad value");
    uint32_t i = push(t, kind);
    if (i == JCS_NONE) return false;
    t->n[i].len = (uint32_t)n;
    t->p += n;
    return true;
}

static bool scan_value(struct jcs_tape *t);

/* An object or an array at t->p: its entry counts its members or elements, and its `next`
 * is the entry after all it holds. An object's entries are name, value, name, value... */
static bool scan_container(struct jcs_tape *t, bool object)
{
    uint32_t i = push(t, object ? JCS_OBJECT : JCS_ARRAY);
    if (i == JCS_NONE) return false;
    const char close = object ? '}' : ']', *bad = object ? "a bad object" : "a bad array";
    uint32_t count = 0;
    t->p++;
    skip_ws(t);
    if (t->p < t->end && *t->p == close) {
        t->p++;
    } else {
        for (;;) {
            if (object) { /* an array's element: scan_value skips the space before it */
                skip_ws(t);
                if (t->p >= t->end || *t->p != '"') return jcs_fail(t, bad);
                if (!scan_string(t)) return false;
                skip_ws(t);
                if (t->p >= t->end || *t->p++ != ':') return jcs_fail(t, bad);
            }
            if (!scan_value(t)) return false;
            count++;
            skip_ws(t);
            if (t->p < t->end && *t->p == ',') {
                t->p++;
                continue;
            }
            if (t->p < t->end && *t->p == close) break;
            return jcs_fail(t, t->p < t->end ? bad : "an unterminated object or array");
        }
        t->p++;
    }
    t->n[i].len = count;
    t->n[i].next = t->count;
    return true;
}

static bool known_reserve(struct jcs_tape *t)
{
    if (t->n_known < t->known_cap) return true;
    uint32_t cap = t->known_cap ? t->known_cap * 2 : 16;
    struct jcs_known *grown = realloc(t->known, cap * sizeof *grown);
    if (!grown) return jcs_fail(t, "out of memory");
    t->known = grown, t->known_cap = cap;
    return true;
}

static bool text_is(struct jcs_tape *t, const char *s, size_t n)
{
    if ((size_t)(t->end - t->p) < n || (n && memcmp(t->p, s, n) != 0)) return false;
    t->p += n;
    return true;
}

/* An object at t->p the hook knows: one entry, then its gap values' entries. 1: read; 0: not
 * one it knows, or its text goes on otherwise (then read as any object); -1: a refusal. */
static int scan_known(struct jcs_tape *t)
{
    struct jcs_known k;
    /* too deep where it stands: read as any object, which refuses it as jcs_text does */
    if (!t->hook(t->hook_ctx, t->p, t->end, &k) || k.gaps > JCS_KNOWN_GAPS ||
        k.text_len > (size_t)(t->end - t->p) || t->depth - 1 + k.depth > JCS_MAX_DEPTH)
        return 0;
    const char *start = t->p;
    uint32_t count = t->count;
    uint32_t i = known_reserve(t) ? push(t, JCS_KNOWN) : JCS_NONE;
    if (i == JCS_NONE) return -1;
    t->p += k.text_len;
    for (unsigned g = 0; g < k.gaps; g++) {
        if (!text_is(t, k.gap_text[g], k.gap_len[g])) goto other;
        /* a gap's value is a member's value in any reading: a refusal here is one there */
        if (!scan_value(t)) return -1;
    }
    if (!text_is(t, k.close, k.close_len)) goto other;
    t->n[i].len = t->n_known;
    t->n[i].next = t->count;
    t->known[t->n_known++] = k;
    return 1;
other:
    t->p = start, t->count = count;
    return 0;
}

static bool scan_value(struct jcs_tape *t)
{
    skip_ws(t);
    if (t->p >= t->end) return jcs_fail(t, "a missing value");
    if (++t->depth > JCS_MAX_DEPTH) return jcs_fail(t, "nesting too deep");
    bool ok;
    int known;
    switch (*t->p) {
    case '{':
        known = t->hook ? scan_known(t) : 0;
        ok = known ? known > 0 : scan_container(t, true);
        break;
    case '[':
        ok = scan_container(t, false);
        break;
    case '"':
        ok = scan_string(t);
        break;
    case 't':
        ok = scan_literal(t, "true", 4, JCS_TRUE);
        break;
    case 'f':
        ok = scan_literal(t, "false", 5, JCS_FALSE);
        break;
    case 'n':
        ok = scan_literal(t, "null", 4, JCS_NULL);
        break;
    default:
        ok = scan_number(t);
    }
    t->depth--;
    return ok;
}

bool jcs_fail(struct jcs_tape *t, const char *what)
{
    if (!t->err->message[0]) rd_error_set(t->err, "not canonicalisable JSON: %s", what);
    return false;
}

bool jcs_run(struct jcs_tape *t, size_t len, struct strbuf *out)
{
    rd_error_clear(t->err);
    bool ok = len < UINT32_MAX || jcs_fail(t, "text longer than 4 GiB");
    /* about one value in eight bytes of an answer: most tapes need no second allocation; with
     * known pieces (an answer's rulings and coverage: nine tenths of it) far fewer */
    t->cap = ok ? (uint32_t)(len / (t->hook ? 24 : 8) + 64) : 0;
    t->n = t->cap ? malloc(t->cap * sizeof *t->n) : NULL;
    if (!t->n) t->cap = 0;
    ok = ok && scan_value(t);
    skip_ws(t);
    if (ok && t->p != t->end) ok = jcs_fail(t, "text after the value");
    return ok && jcs_emit(t, 0, out);
}

void jcs_tape_free(struct jcs_tape *t)
{
    free(t->n);
    free(t->members);
    free(t->orders);
    free(t->known);
    sb_free(&t->scratch);
}

bool jcs_text(struct strbuf *out, const char *json, size_t len, struct rd_error *err)
{
    struct jcs_tape t = {.text = json, .p = json, .end = json + len, .err = err};
    bool ok = jcs_run(&t, len, out);
    jcs_tape_free(&t);
    return ok;
}
