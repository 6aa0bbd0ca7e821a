#include "rulings/match.h"

#include <string.h>

static const char *const method_names[] = {"exact", "alias", "transliterated", "fuzzy"};
const struct enum_names MATCH_METHODS = {method_names, 4};

/* Legal forms count a little: agreeing forms (or none on either side) keep the full
 * score, a form on one side only costs a little, different forms a little more. */
static double legal_factor(uint32_t q, uint32_t a)
{
    if (q == a) return 1.0;
    if (!q || !a) return 0.97;
    return (q & a) ? 0.95 : 0.93;
}

static enum match_method method_of(const struct norm_name *q, const struct snap_alias *a)
{
    if (q->transliterated || a->transliterated) return MATCH_TRANSLITERATED;
    return a->kind == ALIAS_NAME ? MATCH_EXACT : MATCH_ALIAS;
}

static bool better(const struct snapshot *s, const struct match_hit *x, const struct match_hit *y)
{
    if (x->score != y->score) return x->score > y->score;
    if (x->subject == y->subject) return x->method < y->method;
    return strcmp(s->subjects[x->subject].rec->id, s->subjects[y->subject].rec->id) < 0;
}

/* Keeps `out` sorted best first with one hit per subject. */
static size_t offer(const struct snapshot *s, struct match_hit *out, size_t n, size_t cap,
                    const struct match_hit *h)
{
    for (size_t i = 0; i < n; i++) {
        if (out[i].subject != h->subject) continue;
        if (!better(s, h, &out[i])) return n;
        memmove(&out[i], &out[i + 1], (n - i - 1) * sizeof *out);
        n--;
        break;
    }
    size_t pos = n;
    while (pos > 0 && better(s, h, &out[pos - 1])) pos--;
    if (pos >= cap) return n;
    size_t move = (n < cap ? n : cap - 1) - pos;
    memmove(&out[pos + 1], &out[pos], move * sizeof *out);
    out[pos] = *h;
    return n < cap ? n + 1 : n;
}

size_t match_find(const struct snapshot *s, const struct match_query *q, struct match_hit *out,
                  size_t cap)
{
    if (!cap || q->name->len == 0) return 0;
    uint32_t i;
    if (!strmap_get_n(&s->alias_by_norm, q->name->text, q->name->len, &i)) return 0;
    size_t n = 0;
    for (; i != SNAP_NONE; i = s->aliases[i].next_same_norm) {
        const struct snap_alias *a = &s->aliases[i];
        if (q->kind >= 0 && (int)s->subjects[a->subject].rec->kind != q->kind) continue;
        struct match_hit h = {a->subject, i, legal_factor(q->name->legal, a->legal),
                              method_of(q->name, a)};
        if (h.score + 1e-9 < q->min_score) continue;
        n = offer(s, out, n, cap, &h);
    }
    return n;
}

bool match_index_build(struct snapshot *s, struct rd_error *err)
{
    (void)err;
    s->match_index = NULL;
    return true;
}

void match_index_free(void *index)
{
    (void)index;
}
