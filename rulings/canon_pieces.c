/* Canonical pieces of a snapshot's answers (rulings/canon_pieces.h). */
#include "rulings/canon_pieces.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/snapshot.h"

/* One piece: its canonical text, with the values of its gaps cut out ([from, to) each). */
struct canon_piece {
    size_t len;
    unsigned gaps, depth;
    size_t from[JCS_KNOWN_GAPS], to[JCS_KNOWN_GAPS];
    char text[];
};

struct canon_pieces {
    _Atomic(struct canon_piece *) coverage;
    _Atomic(struct canon_piece *) ruling[];
};

/* The ruling of id [key, key + n), by the snapshot's own index. */
static bool ruling_of(const struct snapshot *s, const char *key, size_t n, uint32_t *r)
{
    return strmap_get_n(&s->ruling_by_id, key, n, r);
}

/* What render_applied writes after a ruling's pre-rendered parts, in that order; a
 * placeholder value for each, to make the canonical form with (any literal would do). */
static const char *const gap_text[] = {
    ",\"applies_as\":", ",\"conditional\":", ",\"inherited_from\":"};
static const size_t gap_len[] = {sizeof ",\"applies_as\":" - 1, sizeof ",\"conditional\":" - 1,
                                 sizeof ",\"inherited_from\":" - 1};
static const char *const gap_name[] = {"applies_as", "conditional", "inherited_from"};
#define PLACEHOLDERS ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":null}"

struct canon_pieces *canon_pieces_new(const struct snapshot *s)
{
    size_t n_rulings = s->n_rulings;
    struct canon_pieces *c = calloc(1, sizeof *c + n_rulings * sizeof c->ruling[0]);
    if (!c) return NULL;
    atomic_init(&c->coverage, NULL);
    for (size_t i = 0; i < n_rulings; i++)
        atomic_init(&c->ruling[i], NULL);
    return c;
}

void canon_pieces_free(struct canon_pieces *c, size_t n_rulings)
{
    if (!c) return;
    free(atomic_load(&c->coverage));
    for (size_t i = 0; i < n_rulings; i++)
        free(atomic_load(&c->ruling[i]));
    free(c);
}

/* Where the value of the top-level member `name` of a canonical object starts and ends; the
 * value is a literal (a placeholder). */
static bool literal_member(const struct canon_piece *p, const char *name, size_t *from, size_t *to)
{
    const char *c = p->text;
    size_t n = p->len, nl = strlen(name);
    int depth = 0;
    bool at_name = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i] == '"') {
            size_t j = i + 1;
            while (j < n && c[j] != '"')
                j += c[j] == '\\' ? 2 : 1;
            if (at_name && j - i - 1 == nl && !memcmp(c + i + 1, name, nl) && j + 1 < n) {
                size_t e = *from = j + 2; /* past the colon */
                while (e < n && c[e] != ',' && c[e] != '}')
                    e++;
                *to = e;
                return e < n;
            }
            at_name = false, i = j;
        } else if (c[i] == '{' || c[i] == '[') {
            at_name = ++depth == 1;
        } else if (c[i] == '}' || c[i] == ']') {
            depth--;
        } else if (c[i] == ',') {
            at_name = depth == 1;
        }
    }
    return false;
}

/* How deep values nest in a canonical text, counted as jcs_text counts (a value in an object
 * one deeper than it), or one more (an empty innermost container): never less. */
static unsigned nesting(const char *c, size_t n)
{
    unsigned depth = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] == '"') {
            for (i++; i < n && c[i] != '"'; i++)
                i += c[i] == '\\';
        } else if (c[i] == '{' || c[i] == '[') {
            if (++depth > most) most = depth;
        } else if (c[i] == '}' || c[i] == ']') {
            depth--;
        }
    }
    return most + 1;
}

/* The canonical form of `text` as a piece with gaps for the members `names` (NULL: none). */
static struct canon_piece *piece_of(const struct strbuf *text, unsigned gaps)
{
    struct strbuf canon = {0};
    struct rd_error err = {0};
    struct canon_piece *p = NULL;
    if (!text->failed && jcs_text(&canon, text->data, text->len, &err) && !canon.failed)
        p = malloc(sizeof *p + canon.len);
    if (p) {
        *p = (struct canon_piece){.len = canon.len, .gaps = gaps};
        memcpy(p->text, canon.data, canon.len);
        p->depth = nesting(p->text, p->len);
    }
    sb_free(&canon);
    for (unsigned g = 0; p && g < gaps; g++) {
        bool in_order = literal_member(p, gap_name[g], &p->from[g], &p->to[g]) &&
                        (g == 0 || p->from[g] > p->to[g - 1]);
        if (!in_order) { /* cannot happen with these names; then the text is canonicalised */
            free(p);
            p = NULL;
        }
    }
    return p;
}

/* The piece in `slot`, made now if it is not yet: of two threads making it at once, one
 * keeps its own and the other frees its. */
static struct canon_piece *piece(_Atomic(struct canon_piece *) *slot, const struct strbuf *text,
                                 unsigned gaps)
{
    struct canon_piece *p = atomic_load_explicit(slot, memory_order_acquire);
    if (p) return p;
    struct canon_piece *made = piece_of(text, gaps), *none = NULL;
    if (!made) return NULL;
    if (atomic_compare_exchange_strong(slot, &none, made)) return made;
    free(made);
    return none;
}

static void fill(struct jcs_known *k, const struct canon_piece *p, size_t text_len)
{
    *k = (struct jcs_known){.text_len = text_len,
                            .gaps = p->gaps,
                            .close = p->gaps ? "}" : NULL,
                            .close_len = p->gaps ? 1 : 0,
                            .depth = p->depth};
    size_t at = 0;
    for (unsigned g = 0; g < p->gaps; g++) {
        k->gap_text[g] = gap_text[g], k->gap_len[g] = gap_len[g];
        k->seg[g] = p->text + at, k->seg_len[g] = p->from[g] - at;
        at = p->to[g];
    }
    k->seg[p->gaps] = p->text + at, k->seg_len[p->gaps] = p->len - at;
}

static bool known_coverage(const struct snapshot *s, const char *p, size_t room,
                           struct jcs_known *k)
{
    size_t n = s->coverage_json_len;
    if (!s->coverage_json || room < n || memcmp(p, s->coverage_json, n) != 0) return false;
    struct strbuf text = {.data = (char *)s->coverage_json, .len = n};
    struct canon_piece *c = piece(&s->canon->coverage, &text, 0);
    if (c) fill(k, c, n);
    return c != NULL;
}

/* A ruling as render_applied writes it: `{"id":"<id>",` then the rest of its head, its source
 * and its tail, each exactly as the snapshot rendered them. */
static bool known_ruling(const struct snapshot *s, const char *p, size_t room, struct jcs_known *k)
{
    static const char open[] = "{\"id\":\"";
    const size_t o = sizeof open - 1;
    const char *q = room > o && !memcmp(p, open, o) ? memchr(p + o, '"', room - o) : NULL;
    uint32_t i;
    if (!q || !ruling_of(s, p + o, (size_t)(q - p) - o, &i)) return false;
    const struct snap_ruling *r = &s->rulings[i];
    const char *src = s->source_json[r->source];
    size_t hl = r->head_len, sl = s->source_json_len[r->source], tl = r->tail_len;
    if (room < hl + sl + tl || memcmp(p, r->head, hl) || memcmp(p + hl, src, sl) ||
        memcmp(p + hl + sl, r->tail, tl))
        return false;
    struct strbuf text = {0};
    struct canon_piece *c = atomic_load_explicit(&s->canon->ruling[i], memory_order_acquire);
    if (!c) {
        sb_grow(&text, hl + sl + tl + sizeof PLACEHOLDERS);
        sb_append(&text, p, hl + sl + tl);
        sb_puts(&text, PLACEHOLDERS);
        c = piece(&s->canon->ruling[i], &text, JCS_KNOWN_GAPS);
        sb_free(&text);
    }
    if (c) fill(k, c, hl + sl + tl);
    return c != NULL;
}

bool canon_pieces_known(void *ctx, const char *p, const char *end, struct jcs_known *k)
{
    const struct snapshot *s = ctx;
    size_t room = (size_t)(end - p);
    if (!s->canon) return false;
    return room > 8 && (p[2] == 'i' ? known_ruling(s, p, room, k) : known_coverage(s, p, room, k));
}
