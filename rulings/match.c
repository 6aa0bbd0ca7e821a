/* match_find: analyse the query, gather candidate aliases through the index, score
 * them (rulings/match_score.c) and keep the best hit per subject. */
#include "rulings/match.h"

#include <string.h>

#include "rulings/legal_forms.h"
#include "rulings/match_fuzzy.h"
#include "rulings/match_index.h"
#include "rulings/match_score.h"
#include "rulings/match_skeleton.h"
#include "rulings/match_words.h"

static const char *const method_names[] = {"exact", "alias", "transliterated", "fuzzy"};
const struct enum_names MATCH_METHODS = {method_names, 4};

#define MAX_CANDIDATES 2048   /* aliases scored per query at most: the rarest tokens first */
#define CANDIDATE_SLOTS 4096  /* open-addressing set of candidates; a power of two */
#define MAX_FUZZY_PER_TOKEN 16

/* Per-thread working memory: no allocation on the query path. */
struct scratch {
    struct mx_option opt[MX_MAX_OPTIONS];
    uint32_t slots[CANDIDATE_SLOTS]; /* alias + 1; 0 = empty */
    uint32_t cand[MAX_CANDIDATES];
    uint32_t order[MX_MAX_OPTIONS], order_len[MX_MAX_OPTIONS];
};

static void add_option(struct scratch *sc, size_t *n, unsigned qpos, unsigned qlen, uint32_t t0,
                       uint32_t t1, enum mx_how how, float sim)
{
    for (size_t i = 0; i < *n; i++) {
        struct mx_option *o = &sc->opt[i];
        if (o->qpos == qpos && o->qlen == qlen && o->tok[0] == t0 && o->tok[1] == t1) {
            if (sim > o->sim) {
                o->sim = sim;
                o->how = (uint8_t)how;
            }
            return;
        }
    }
    if (*n == MX_MAX_OPTIONS) return;
    sc->opt[(*n)++] = (struct mx_option){(uint8_t)qpos, (uint8_t)qlen,
                                         (uint8_t)(t1 == UINT32_MAX ? 1 : 2), (uint8_t)how,
                                         {t0, t1}, sim};
}

/* Skeleton variants and fuzzy neighbours of one query token. */
static void variants(const struct match_index *ix, struct scratch *sc, size_t *n, unsigned qpos,
                     const char *w, size_t len)
{
    char sk[2 * SKELETON_MAX + 1];
    size_t sklen = skeleton(w, len, sk);
    if (!sklen) return;
    uint32_t id;
    if (strmap_get_n(&ix->by_skel, sk, sklen, &id))
        for (uint32_t t = ix->skels[id].first_token; t != UINT32_MAX;
             t = ix->tokens[t].next_same_skel) {
            bool same = ix->tokens[t].len == len && memcmp(ix->tokens[t].text, w, len) == 0;
            add_option(sc, n, qpos, 1, t, UINT32_MAX, same ? MX_SAME : MX_SKELETON,
                       same ? 1.0f : MX_SIM_SKELETON);
        }
    unsigned budget = fuzzy_budget(sklen);
    if (!budget || sklen > FUZZY_MAX_LEN || !ix->n_dels) return;
    uint32_t hashes[1 + FUZZY_MAX_LEN + FUZZY_MAX_LEN * (FUZZY_MAX_LEN - 1) / 2];
    size_t nh = fuzzy_deletes(sk, sklen, budget, hashes, sizeof hashes / sizeof *hashes);
    uint32_t seen[MAX_FUZZY_PER_TOKEN];
    size_t nseen = 0;
    for (size_t h = 0; h < nh && nseen < MAX_FUZZY_PER_TOKEN; h++) {
        uint32_t b = hashes[h] >> ix->del_shift;
        for (uint32_t i = ix->del_dir[b]; i < ix->del_dir[b + 1]; i++) {
            if (ix->dels[i].hash != hashes[h]) continue;
            uint32_t k = ix->dels[i].skel;
            bool dup = false;
            for (size_t j = 0; j < nseen && !dup; j++) dup = seen[j] == k;
            if (dup || nseen == MAX_FUZZY_PER_TOKEN) continue;
            const struct mx_skel *cand = &ix->skels[k];
            size_t shorter = cand->len < sklen ? cand->len : sklen;
            unsigned allowed = fuzzy_budget(shorter);
            unsigned d = fuzzy_distance(sk, sklen, cand->text, cand->len, allowed);
            if (d == 0 || d > allowed) continue;
            seen[nseen++] = k;
            size_t longer = cand->len > sklen ? cand->len : sklen;
            /* One edit costs half its share of the longer token, two edits all of it:
             * "Kaperksy" alone is a near miss of "Kaspersky", not a match. */
            float sim = 1.0f - (float)d * (d == 1 ? 0.5f : 1.0f) / (float)longer;
            if (sim > MX_SIM_FUZZY_MAX) sim = MX_SIM_FUZZY_MAX;
            for (uint32_t t = cand->first_token; t != UINT32_MAX; t = ix->tokens[t].next_same_skel)
                add_option(sc, n, qpos, 1, t, UINT32_MAX, MX_FUZZY, sim);
        }
    }
}

/* "kasperskylab" -> "kaspersky" + "lab", when both halves are tokens of the list. */
static void splits(const struct match_index *ix, struct scratch *sc, size_t *n, unsigned qpos,
                   const char *w, size_t len)
{
    for (size_t cut = 2; cut + 2 <= len; cut++) {
        uint32_t a, b;
        if (strmap_get_n(&ix->by_text, w, cut, &a) &&
            strmap_get_n(&ix->by_text, w + cut, len - cut, &b))
            add_option(sc, n, qpos, 1, a, b, MX_SPLIT, MX_SIM_COMPOUND);
    }
}

/* Analyses the query into options and per-token weights. Returns the option count. */
static size_t analyse(const struct match_index *ix, const struct norm_name *name,
                      struct scratch *sc, struct mx_query *q)
{
    size_t n = 0;
    q->name = name;
    q->ntok = name->ntokens;
    for (unsigned i = 0; i < name->ntokens; i++) {
        const char *w = name->text + name->tokens[i].off;
        size_t len = name->tokens[i].len;
        size_t before = n;
        uint32_t id;
        bool known = strmap_get_n(&ix->by_text, w, len, &id);
        if (known) add_option(sc, &n, i, 1, id, UINT32_MAX, MX_SAME, 1.0f);
        variants(ix, sc, &n, i, w, len);
        if (!known) splits(ix, sc, &n, i, w, len);
        if (i + 1 < name->ntokens) {
            char joined[2 * FUZZY_MAX_LEN + 1];
            size_t len2 = name->tokens[i + 1].len;
            if (len + len2 <= 2 * FUZZY_MAX_LEN) {
                memcpy(joined, w, len);
                memcpy(joined + len, name->text + name->tokens[i + 1].off, len2);
                if (strmap_get_n(&ix->by_text, joined, len + len2, &id))
                    add_option(sc, &n, i, 2, id, UINT32_MAX, MX_JOIN, MX_SIM_COMPOUND);
            }
        }
        /* Left unpaired, a token weighs what the list says it weighs; a word the list
         * does not know weighs by its class, a misspelt name word what the word it
         * stands for weighs, any other name word as the rarest there can be. */
        float wq = -1;
        enum word_class c = word_class(w, len);
        if (c == WORD_NAME && legal_form_word(w, len, NULL)) c = WORD_NOISE;
        if (known)
            wq = ix->tokens[id].weight;
        else if (c != WORD_NAME)
            wq = c == WORD_NOISE ? MX_NOISE_WEIGHT : MX_GENERIC_UNKNOWN;
        for (size_t k = before; k < n && wq < 0; k++) {
            const struct mx_option *o = &sc->opt[k];
            if (o->qpos == i && o->qlen == 1 && o->nat == 1) wq = ix->tokens[o->tok[0]].weight;
        }
        if (wq < 0) wq = len <= 2 ? ix->unknown_weight / 2 : ix->unknown_weight;
        q->qweight[i] = wq;
    }
    q->opt = sc->opt;
    q->nopt = n;
    return n;
}

/* The token whose postings bring an option's candidates: the rarer of a split. */
static const struct mx_token *seed_token(const struct match_index *ix, const struct mx_option *o)
{
    const struct mx_token *t = &ix->tokens[o->tok[0]];
    if (o->nat == 2) {
        const struct mx_token *u = &ix->tokens[o->tok[1]];
        if (!t->distinctive || (u->distinctive && u->post_len < t->post_len)) t = u;
    }
    return t->distinctive ? t : NULL;
}

/* Candidates: the aliases holding a distinctive token some option names, the rarest
 * tokens first, at most MAX_CANDIDATES. Returns how many. */
static size_t gather(const struct match_index *ix, struct scratch *sc, size_t nopt)
{
    size_t norder = 0;
    for (size_t i = 0; i < nopt; i++) {
        const struct mx_token *t = seed_token(ix, &sc->opt[i]);
        if (!t) continue;
        /* Insertion by posting length (stable: equal lengths keep option order). */
        size_t k = norder++;
        while (k > 0 && sc->order_len[k - 1] > t->post_len) {
            sc->order[k] = sc->order[k - 1];
            sc->order_len[k] = sc->order_len[k - 1];
            k--;
        }
        sc->order[k] = (uint32_t)i;
        sc->order_len[k] = t->post_len;
    }
    memset(sc->slots, 0, sizeof sc->slots);
    size_t n = 0;
    for (size_t i = 0; i < norder && n < MAX_CANDIDATES; i++) {
        const struct mx_token *t = seed_token(ix, &sc->opt[sc->order[i]]);
        const uint32_t *p = ix->postings + t->post_off;
        for (uint32_t j = 0; j < t->post_len && n < MAX_CANDIDATES; j++) {
            uint32_t slot = (p[j] * 2654435761u) & (CANDIDATE_SLOTS - 1);
            while (sc->slots[slot] && sc->slots[slot] != p[j] + 1)
                slot = (slot + 1) & (CANDIDATE_SLOTS - 1);
            if (sc->slots[slot]) continue;
            sc->slots[slot] = p[j] + 1;
            sc->cand[n++] = p[j];
        }
    }
    return n;
}

/* Best first: score, then how (exact before fuzzy), then the subject's own name before
 * its aliases, then subject id, then alias: the same data always gives the same order. */
static bool better(const struct snapshot *s, const struct match_hit *x, const struct match_hit *y)
{
    if (x->score != y->score) return x->score > y->score;
    if (x->method != y->method) return x->method < y->method;
    enum alias_kind kx = s->aliases[x->alias].kind, ky = s->aliases[y->alias].kind;
    if (kx != ky) return kx < ky;
    if (x->subject != y->subject)
        return strcmp(s->subjects[x->subject].rec->id, s->subjects[y->subject].rec->id) < 0;
    return x->alias < y->alias;
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
    const struct match_index *ix = s->match_index;
    if (!cap || !ix || q->name->ntokens == 0) return 0;
    static _Thread_local struct scratch sc;
    struct mx_query mq;
    size_t nopt = analyse(ix, q->name, &sc, &mq);
    size_t ncand = gather(ix, &sc, nopt);
    size_t n = 0;
    for (size_t i = 0; i < ncand; i++) {
        uint32_t alias = sc.cand[i];
        const struct snap_alias *a = &s->aliases[alias];
        if (q->kind >= 0 && (int)s->subjects[a->subject].rec->kind != q->kind) continue;
        struct mx_result r;
        if (!mx_score(s, ix, alias, &mq, &r)) continue;
        if (r.score + 1e-9 < q->min_score) continue;
        struct match_hit h = {a->subject, alias, r.score, r.method};
        n = offer(s, out, n, cap, &h);
    }
    return n;
}
