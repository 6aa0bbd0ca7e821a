/* match_find: analyse the query (match/match_query.c), gather candidate aliases
 * through the index with an upper bound of each one's score, score the promising ones
 * best bound first (match/match_score.c) and keep the best hit per subject. */
#include "match/match.h"

#include <math.h>
#include <string.h>

#include "match/match_gap.h"
#include "match/match_index.h"
#include "match/match_query.h"
#include "match/match_score.h"

static const char *const method_names[] = {"exact", "alias", "transliterated", "fuzzy",
                                           "identifier"};
const struct enum_names MATCH_METHODS = ENUM_NAMES(method_names);

static const char *const evidence_names[] = {
    "same", "number", "transliterated", "typo", "split", "joined", "initial", "unpaired", "unsaid"};
const struct enum_names MATCH_EVIDENCE_HOWS = ENUM_NAMES(evidence_names);

#define MAX_CANDIDATES 2048  /* aliases gathered per query at most: the rarest tokens first */
#define CANDIDATE_SLOTS 8192 /* open addressing; a power of two, four times MAX_CANDIDATES */
#define BUCKETS 64           /* candidates are scored by bound, in this many steps */
#define BOUND_SLACK 1e-6     /* sums of floats: no rounding puts a bound below its score */
/* Spreads alias numbers over the slots (Knuth's multiplicative hash: 2^32 / phi). */
#define SLOT_HASH 2654435761u

/* A gathered alias: what its distinctive tokens could bring at most. */
struct cand {
    uint32_t alias, stamp; /* the slot is in use when stamp is the query's */
    float acc;             /* sum of the gains of the distinctive options it holds */
    float weight;          /* the alias's weight */
    uint64_t touched;      /* query words whose distinctive options it holds */
};

/* Per-thread working memory: no allocation on the query path. */
struct scratch {
    struct cand slots[CANDIDATE_SLOTS];
    uint32_t stamp;
    uint16_t list[MAX_CANDIDATES]; /* slots in use, in the order gathered */
    uint16_t sorted[MAX_CANDIDATES];
    float bound[MAX_CANDIDATES];
    uint32_t order[MX_MAX_OPTIONS], order_len[MX_MAX_OPTIONS];
    double live_max[MX_MAX_OPTIONS]; /* per option in read order: live_limits */
};

/* The token whose postings bring an option's candidates: the rarest of a split; a four-letter
 * typo's too (held by strong_hit), not a three-letter word's read as four ("Acm": no ACME). */
static const struct mx_token *seed_token(const struct match_index *ix, const struct mx_query *q,
                                         const struct mx_option *o)
{
    if (o->how == MX_FUZZY4 && q->name->tokens[o->qpos].len == CLIPPED_LEN) return NULL;
    const struct mx_token *t = &ix->tokens[o->tok[0]];
    for (unsigned k = 1; k < o->nat; k++) {
        const struct mx_token *u = &ix->tokens[o->tok[k]];
        if (!t->distinctive || (u->distinctive && u->post_len < t->post_len)) t = u;
    }
    return t->distinctive ? t : NULL;
}

static float option_gain(const struct match_index *ix, const struct mx_option *o)
{
    float w = 0;
    for (unsigned k = 0; k < o->nat; k++)
        w += ix->tokens[o->tok[k]].weight;
    return o->sim * w;
}

static uint64_t option_words(const struct mx_option *o)
{
    return mx_span(o->qpos, o->qlen);
}

/* What query word i could bring as a person's initials at most (match/match_score.c), in a
 * name whose given names weigh `spare` at most: each letter may be one initial, which spares
 * one given name, hyphenated ones whole ("J." for "Jean-Marie"). */
static float initial_gain(const struct mx_query *q, unsigned i, float spare)
{
    if (!((q->initials >> i) & 1u)) return 0.0f;
    return MX_SIM_INITIAL * spare * (float)q->name->tokens[i].len;
}

/* What the options that bring no candidates could add to an alias at most (per query word, the
 * best of them, or what the word could spare as initials): `all` for any alias (an initial
 * sparing ix->initial_weight), and the parts from which others_for makes it for one alias. */
struct others {
    double all;   /* for any alias */
    double fixed; /* the words that may not be initials */
    unsigned n;   /* the words that may be: their best other option, their letters */
    float opt[NORM_MAX_TOKENS];
    uint8_t word[NORM_MAX_TOKENS];
};

/* Fills `o`, and which words have such an option at all (`maybe`). */
static void other_gains(const struct match_index *ix, const struct mx_query *q, struct others *o,
                        uint64_t *maybe)
{
    float best[NORM_MAX_TOKENS] = {0};
    *maybe = 0;
    for (size_t k = 0; k < q->nopt; k++) {
        const struct mx_option *op = &q->opt[k];
        if (seed_token(ix, q, op)) continue;
        float g = option_gain(ix, op);
        if (g > best[op->qpos]) best[op->qpos] = g;
        *maybe |= option_words(op);
    }
    o->all = o->fixed = 0;
    o->n = 0;
    for (unsigned i = 0; i < q->ntok; i++) {
        float g = initial_gain(q, i, ix->initial_weight);
        if (g > 0) {
            *maybe |= 1ull << i;
            o->opt[o->n] = best[i];
            o->word[o->n++] = (uint8_t)i;
        } else {
            o->fixed += best[i];
        }
        o->all += g > best[i] ? g : best[i];
    }
}

/* What the options that bring no candidates could add to alias `a` at most: its initials spare
 * no more than its heaviest given name (0 for a company: initials pair with persons only). */
static double others_for(const struct match_index *ix, const struct mx_query *q,
                         const struct others *o, uint32_t a)
{
    if (!o->n) return o->all;
    double sum = o->fixed;
    for (unsigned k = 0; k < o->n; k++) {
        float g = initial_gain(q, o->word[k], ix->aliases[a].initial);
        sum += g > o->opt[k] ? g : o->opt[k];
    }
    return sum < o->all ? sum : o->all;
}

/* The distinctive options in the order their postings are read, rarest token first
 * (insertion by posting length; stable); returns how many. */
static size_t read_order(const struct match_index *ix, struct scratch *sc, const struct mx_query *q)
{
    size_t norder = 0;
    for (size_t i = 0; i < q->nopt; i++) {
        const struct mx_token *t = seed_token(ix, q, &q->opt[i]);
        if (!t) continue;
        size_t k = norder++;
        while (k > 0 && sc->order_len[k - 1] > t->post_len) {
            sc->order[k] = sc->order[k - 1];
            sc->order_len[k] = sc->order_len[k - 1];
            k--;
        }
        sc->order[k] = (uint32_t)i;
        sc->order_len[k] = t->post_len;
    }
    return norder;
}

/* Per option in read order, the heaviest alias first met there that can still reach the
 * floor. Such an alias is held by no earlier list, so it can gain at most the options from
 * there on: cover <= (their gains + others) / its weight, and bound_and_sort drops it when
 * that is under the floor. The float sums of gains are within 512 x 2^-24 of the exact ones
 * (at most MX_MAX_OPTIONS terms), hence the margins. */
static void live_limits(const struct match_index *ix, struct scratch *sc, const struct mx_query *q,
                        size_t norder, double others, double floor)
{
    double rest = 0;
    for (size_t i = norder; i-- > 0;) {
        rest += option_gain(ix, &q->opt[sc->order[i]]);
        sc->live_max[i] = floor > BOUND_SLACK
                              ? (rest * (1 + 1e-3) + others) / (floor - BOUND_SLACK) * (1 + 1e-6)
                              : HUGE_VAL;
    }
}

/* How many of the postings p[0..len), sorted by weight, weigh `heaviest` or less: the
 * first that weighs more, found by bisection rather than compared at every posting. */
static uint32_t lighter_than(const struct mx_posting *p, uint32_t len, double heaviest)
{
    uint32_t lo = 0, hi = len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p[mid].weight > heaviest)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Candidates: the aliases holding a token of a distinctive option, read from the
 * rarest tokens' postings first, at most MAX_CANDIDATES. An alias weighing more than
 * `heaviest` cannot reach the threshold and posting lists are sorted by weight, so each
 * is read only up to there. An alias first met above its list's live_max counts towards
 * MAX_CANDIDATES but is not listed (bound_and_sort would drop it). Returns how many are
 * listed. */
static size_t gather(const struct match_index *ix, struct scratch *sc, const struct mx_query *q,
                     double heaviest, double others, double floor)
{
    size_t norder = read_order(ix, sc, q);
    live_limits(ix, sc, q, norder, others, floor);
    if (++sc->stamp == 0) { /* wrapped: forget every slot once */
        memset(sc->slots, 0, sizeof sc->slots);
        sc->stamp = 1;
    }
    size_t n = 0, held = 0;
    /* With the cap reached, the lists that remain are still read for the candidates
     * held, so that their bounds stay bounds; the aliases only those lists would bring
     * are not considered (the rarest tokens came first). */
    for (size_t i = 0; i < norder; i++) {
        const struct mx_option *o = &q->opt[sc->order[i]];
        const struct mx_token *t = seed_token(ix, q, o);
        float gain = option_gain(ix, o);
        uint64_t words = option_words(o);
        double live_max = sc->live_max[i];
        const struct mx_posting *p = ix->postings + t->post_off;
        uint32_t end = lighter_than(p, t->post_len, heaviest);
        for (uint32_t j = 0; j < end; j++) {
            uint32_t a = p[j].alias;
            uint32_t slot = (a * SLOT_HASH) & (CANDIDATE_SLOTS - 1);
            while (sc->slots[slot].stamp == sc->stamp && sc->slots[slot].alias != a)
                slot = (slot + 1) & (CANDIDATE_SLOTS - 1);
            struct cand *c = &sc->slots[slot];
            if (c->stamp != sc->stamp) {
                if (held == MAX_CANDIDATES) continue; /* no new ones; those held still add up */
                held++;
                *c = (struct cand){a, sc->stamp, 0, p[j].weight, 0};
                if (p[j].weight <= live_max) sc->list[n++] = (uint16_t)slot;
            }
            c->acc += gain;
            c->touched |= words;
        }
    }
    return n;
}

/* Best first: score, then how (exact before fuzzy), then the subject's own name before
 * its aliases, then subject id, then alias: the same data always gives the same order. */
static bool better(const struct match_corpus *s, const struct match_hit *x,
                   const struct match_hit *y)
{
    if (x->score != y->score) return x->score > y->score;
    if (x->method != y->method) return x->method < y->method;
    unsigned kx = s->names[x->alias].rank, ky = s->names[y->alias].rank;
    if (kx != ky) return kx < ky;
    if (x->subject != y->subject)
        return strcmp(s->entities[x->subject].id, s->entities[y->subject].id) < 0;
    return x->alias < y->alias;
}

/* Keeps `out` sorted best first with one hit per subject. */
static size_t offer(const struct match_corpus *s, struct match_hit *out, size_t n, size_t cap,
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
    while (pos > 0 && better(s, h, &out[pos - 1]))
        pos--;
    if (pos >= cap) return n;
    size_t move = (n < cap ? n : cap - 1) - pos;
    memmove(&out[pos + 1], &out[pos], move * sizeof *out);
    out[pos] = *h;
    return n < cap ? n + 1 : n;
}

/* The words nothing could pair in a candidate, `rest`, weighed in word order. Many candidates
 * share their set of words, so the sums are kept by set in a small table (the same additions
 * in the same order: the same sums). */
struct unpaired_memo {
    uint64_t rest[16];
    double sum[16];
    uint16_t used;
};

static double unpaired_weight(const struct mx_query *q, uint64_t rest, struct unpaired_memo *memo)
{
    unsigned k = (unsigned)((rest * 0x9E3779B97F4A7C15ull) >> 60);
    if (((unsigned)memo->used >> k) & 1u && memo->rest[k] == rest) return memo->sum[k];
    double extra = 0;
    for (uint64_t r = rest; r; r &= r - 1) /* the least: as if beside a listed legal form */
        extra += mx_unpaired_cost(q, ~0u, (unsigned)__builtin_ctzll(r));
    memo->rest[k] = rest;
    memo->sum[k] = extra;
    memo->used |= (uint16_t)(1u << k);
    return extra;
}

/* Upper bounds of the candidates' scores (score = cover x focus x legal <= cover x
 * focus, with M at most what the options could bring and the unpaired weight at least
 * that of the words nothing could pair), and the candidates above `floor` put in
 * descending buckets of bound. Returns how many were kept. */
static size_t bound_and_sort(const struct match_index *ix, struct scratch *sc,
                             const struct mx_query *q, size_t n, const struct others *others,
                             uint64_t maybe, double floor)
{
    unsigned count[BUCKETS + 1] = {0};
    uint8_t bucket[MAX_CANDIDATES];
    size_t kept = 0;
    const uint64_t words = q->ntok >= 64 ? ~0ull : (1ull << q->ntok) - 1;
    struct unpaired_memo memo = {.used = 0};
    for (size_t i = 0; i < n; i++) {
        const struct cand *c = &sc->slots[sc->list[i]];
        double m = c->acc + others_for(ix, q, others, c->alias);
        double cover = c->weight > 0 ? m / c->weight : 0;
        /* b below is at most this (its second factor is at most 1, and rounding keeps
         * that): a candidate dropped by it is dropped by b, whose sum is then not needed
         * (a dropped candidate's bound is never read) */
        double most = m > 0 ? (cover < 1 ? cover : 1) : 0;
        if (most + BOUND_SLACK < floor) {
            bucket[i] = BUCKETS;
            continue;
        }
        double extra = unpaired_weight(q, ~(c->touched | maybe) & words, &memo);
        double b = (cover < 1 ? cover : 1) * (m > 0 ? m / (m + extra) : 0);
        sc->bound[i] = (float)b;
        if (b + BOUND_SLACK < floor) {
            bucket[i] = BUCKETS; /* dropped */
            continue;
        }
        unsigned k = (unsigned)((1.0 - (b < 1 ? b : 1)) * (BUCKETS - 1) + 0.5);
        bucket[i] = (uint8_t)(k < BUCKETS ? k : BUCKETS - 1);
        count[bucket[i]]++;
        kept++;
    }
    unsigned start[BUCKETS + 1], pos = 0;
    for (unsigned k = 0; k <= BUCKETS; k++) {
        start[k] = pos;
        pos += count[k];
    }
    for (size_t i = 0; i < n; i++)
        if (bucket[i] < BUCKETS) sc->sorted[start[bucket[i]]++] = (uint16_t)i;
    return kept;
}

/* Offers name `alias`, which the question says as listed (or but one misspelt word), scored so
 * (mx_score's same_text): found even when all its words are generic. */
static size_t offer_said(const struct match_index *ix, const struct match_query *q,
                         const struct mx_query *mq, uint32_t alias, struct match_hit *out, size_t n,
                         size_t cap)
{
    const struct match_name *a = &ix->corpus.names[alias];
    if (q->kind >= 0 && ix->corpus.entities[a->entity].kind != q->kind) return n;
    struct mx_result r;
    if (!mx_score(ix, alias, true, mq, &r, NULL) || r.score + MATCH_SCORE_SLACK < q->min_score)
        return n;
    struct match_hit h = {a->entity, alias, r.score, r.method, false};
    return offer(&ix->corpus, out, n, cap, &h);
}

/* The names whose whole text is the query's (no candidate gathering would reach a name of
 * generic words). */
static size_t offer_same_text(const struct match_index *ix, const struct match_query *q,
                              const struct mx_query *mq, struct match_hit *out, size_t n,
                              size_t cap)
{
    uint32_t id;
    if (!strmap_get_n(&ix->by_name, q->name->text, q->name->len, &id)) return n;
    for (; id != UINT32_MAX; id = ix->next_same_name[id])
        n = offer_said(ix, q, mq, id, out, n, cap);
    return n;
}

struct gap_offer {
    const struct match_index *ix;
    const struct match_query *q;
    const struct mx_query *mq;
    struct match_hit *out;
    size_t n, cap;
};

static void offer_gap(uint32_t alias, void *arg)
{
    struct gap_offer *g = arg;
    g->n = offer_said(g->ix, g->q, g->mq, alias, g->out, g->n, g->cap);
}

/* The names no word of which is distinctive, said but for one misspelt word (match/match_gap.h):
 * scored as a name said as listed is, its typo weighed as any typo is. */
static size_t offer_said_but_one(const struct match_index *ix, const struct match_query *q,
                                 const struct mx_query *mq, struct match_hit *out, size_t n,
                                 size_t cap)
{
    struct gap_offer g = {ix, q, mq, out, n, cap};
    mx_gap_each(ix, mq, offer_gap, &g);
    return g.n;
}

/* Do two normalised names read the same to mx_analyse? */
static bool same_name(const struct norm_name *a, const struct norm_name *b)
{
    return a->len == b->len && a->ntokens == b->ntokens && a->legal == b->legal &&
           a->legal_inner == b->legal_inner && a->transliterated == b->transliterated &&
           a->former_off == b->former_off && a->former_len == b->former_len &&
           a->qualifiers == b->qualifiers && a->hyphened == b->hyphened &&
           a->initials == b->initials && memcmp(a->text, b->text, a->len) == 0 &&
           memcmp(a->tokens, b->tokens, a->ntokens * sizeof *a->tokens) == 0 &&
           memcmp(a->reading, b->reading, a->ntokens) == 0;
}

/* The analysis of a question, kept for the next call on this thread: an answer finds its
 * hits and then explains its match, ties and candidates, all for one question (analysing it
 * again was a tenth of a check's instructions). Keyed by the index's serial (not its address:
 * a freed index's may recur) and the whole name, which is copied: mq.name points at the copy
 * (the text alone is not enough: "김정은" and "kim jeong eun" read differently). */
static const struct mx_query *analysed(const struct match_index *ix, const struct norm_name *name)
{
    static _Thread_local struct {
        uint64_t serial;
        struct norm_name name;
        struct mx_query mq;
        struct mx_option opt[MX_MAX_OPTIONS];
    } last;
    if (last.serial != ix->serial || !same_name(&last.name, name)) {
        last.name = *name;
        mx_analyse(ix, &last.name, last.opt, &last.mq);
        last.serial = ix->serial;
    }
    return &last.mq;
}

size_t match_find(const struct match_index *ix, const struct match_query *q, struct match_hit *out,
                  size_t cap)
{
    if (!cap || !ix || q->name->ntokens == 0) return 0;
    static _Thread_local struct scratch sc;
    const struct mx_query mq = *analysed(ix, q->name);

    /* score <= cover = M / alias weight: an alias heavier than the most M can be over
     * min_score cannot reach min_score. */
    uint64_t maybe;
    struct others others;
    other_gains(ix, &mq, &others, &maybe);
    float best[NORM_MAX_TOKENS] = {0};
    for (size_t k = 0; k < mq.nopt; k++) {
        float g = option_gain(ix, &mq.opt[k]);
        if (g > best[mq.opt[k].qpos]) best[mq.opt[k].qpos] = g;
    }
    for (unsigned i = 0; i < mq.ntok; i++) {
        float g = initial_gain(&mq, i, ix->initial_weight);
        if (g > best[i]) best[i] = g;
    }
    double most = 0; /* each query word is paired once at most */
    for (unsigned i = 0; i < mq.ntok; i++)
        most += best[i];
    double floor = q->min_score > 0 ? q->min_score : 0;
    double heaviest = floor > 0 ? most / floor * (1 + BOUND_SLACK) : HUGE_VAL;
    size_t ncand = gather(ix, &sc, &mq, heaviest, others.all, floor);
    size_t kept = bound_and_sort(ix, &sc, &mq, ncand, &others, maybe, floor);

    /* Best bound first; once `cap` hits are held, nothing bounded below the weakest of
     * them can enter. */
    size_t n = 0;
    for (size_t i = 0; i < kept; i++) {
        size_t ci = sc.sorted[i];
        double need = n == cap ? out[cap - 1].score : floor;
        if (sc.bound[ci] + BOUND_SLACK < need) {
            /* buckets are ordered, the order inside one is not: stop one bucket later */
            if (sc.bound[ci] + 2.0 / BUCKETS < need) break;
            continue;
        }
        uint32_t alias = sc.slots[sc.list[ci]].alias;
        const struct match_name *a = &ix->corpus.names[alias];
        if (q->kind >= 0 && ix->corpus.entities[a->entity].kind != q->kind) continue;
        struct mx_result r;
        if (!mx_score(ix, alias, false, &mq, &r, NULL)) continue;
        if (r.score + MATCH_SCORE_SLACK < q->min_score) continue;
        struct match_hit h = {a->entity, alias, r.score, r.method, false};
        n = offer(&ix->corpus, out, n, cap, &h);
    }
    n = offer_same_text(ix, q, &mq, out, n, cap);
    return offer_said_but_one(ix, q, &mq, out, n, cap);
}

bool match_explain(const struct match_index *ix, const struct norm_name *name, uint32_t alias,
                   struct match_explanation *out)
{
    out->n = 0;
    out->numbers_differ = out->weak = false;
    if (!ix || alias >= ix->corpus.n_names || name->ntokens == 0) return false;
    const struct mx_query mq = *analysed(ix, name);
    const struct match_name *a = &ix->corpus.names[alias];
    bool same_text =
        (strlen(a->norm) == name->len && memcmp(a->norm, name->text, name->len) == 0) ||
        mx_said_but_one(ix, &mq, alias);
    struct mx_result r;
    return mx_score(ix, alias, same_text, &mq, &r, out);
}

size_t match_merge(const struct match_index *ix, struct match_hit *out, size_t n, size_t cap,
                   const struct match_hit *more, size_t n_more)
{
    for (size_t i = 0; i < n_more; i++)
        n = offer(&ix->corpus, out, n, cap, &more[i]);
    return n;
}
