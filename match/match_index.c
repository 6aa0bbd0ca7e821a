/* Building the matcher's index (match/match_index.h) from a corpus of names. */
#include "match/match_index.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"
#include "match/korean.h"
#include "match/legal_forms.h"
#include "match/match.h"
#include "match/match_consonants.h"
#include "match/match_deletions.h"
#include "match/match_fuzzy.h"
#include "match/match_gap.h"
#include "match/match_skeleton.h"
#include "match/dictionary.h"
#include "match/match_words.h"

/* Moves the vocabulary into the arena at its final size and rebuilds its map to fit. */
static bool shrink_vocabulary(struct match_index *ix)
{
    struct mx_token *big = ix->tokens;
    ix->tokens = arena_alloc(&ix->arena, (ix->n_tokens + 1) * sizeof *ix->tokens);
    if (ix->tokens) memcpy(ix->tokens, big, ix->n_tokens * sizeof *big);
    free(big);
    struct strmap fit;
    if (!ix->tokens || !strmap_init(&fit, ix->n_tokens)) return false;
    for (size_t i = 0; i < ix->n_tokens; i++)
        (void)strmap_put(&fit, ix->tokens[i].text, (uint32_t)i, NULL);
    strmap_free(&ix->by_text);
    ix->by_text = fit;
    return true;
}

/* The id of `text` (len bytes) in `map`. One not there yet gets the next id (*count) and
 * a copy in the arena, returned in *fresh for the caller to fill its entry; a known one
 * leaves *fresh NULL. False when out of memory. */
static bool intern(struct match_index *ix, struct strmap *map, const char *text, size_t len,
                   size_t *count, uint32_t *id, const char **fresh)
{
    *fresh = NULL;
    if (strmap_get_n(map, text, len, id)) return true;
    char *copy = arena_strndup(&ix->arena, text, len);
    if (!copy) return false;
    *id = (uint32_t)(*count)++;
    (void)strmap_put(map, copy, *id, NULL);
    *fresh = copy;
    return true;
}

static void see_word(struct match_index *ix, const char *w, size_t len)
{
    uint64_t bit = mx_word_bit(fnv1a64(w, len));
    ix->word_seen[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

/* Splits a normalised name (tokens joined by single spaces) and gives each token an id,
 * adding new ones to the vocabulary. Fills ix->aliases and ix->alias_tokens. */
static bool collect_tokens(struct match_index *ix)
{
    const struct match_corpus *s = &ix->corpus;
    size_t total = 0;
    for (size_t i = 0; i < s->n_names; i++) {
        const char *p = s->names[i].norm;
        if (*p) total++;
        for (; *p; p++)
            total += *p == ' ';
    }
    ix->n_aliases = s->n_names;
    ix->aliases = arena_alloc(&ix->arena, (s->n_names + 1) * sizeof *ix->aliases);
    ix->alias_tokens = arena_alloc(&ix->arena, (total + 1) * sizeof *ix->alias_tokens);
    /* Sized for every occurrence while collecting; kept at the vocabulary's size after
     * (on a large list the vocabulary is a tenth of the occurrences). */
    ix->tokens = calloc(total + 1, sizeof *ix->tokens);
    ix->word_seen = arena_alloc(&ix->arena, ((size_t)1 << MX_WORD_BITS) / 8);
    if (!ix->aliases || !ix->alias_tokens || !ix->tokens || !ix->word_seen ||
        !strmap_init(&ix->by_text, total)) {
        free(ix->tokens);
        ix->tokens = NULL;
        return false;
    }
    size_t used = 0;
    for (size_t i = 0; i < s->n_names; i++) {
        struct mx_alias *a = &ix->aliases[i];
        a->tok_off = (uint32_t)used;
        const char *p = s->names[i].norm;
        while (*p) {
            const char *end = strchr(p, ' ');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            uint32_t id;
            const char *fresh;
            if (!intern(ix, &ix->by_text, p, len, &ix->n_tokens, &id, &fresh)) return false;
            if (fresh) { /* a new word of the vocabulary */
                ix->tokens[id] = (struct mx_token){.text = fresh,
                                                   .len = (uint32_t)len,
                                                   .skel = UINT32_MAX,
                                                   .next_same_skel = UINT32_MAX,
                                                   .next_same_key = {UINT32_MAX, UINT32_MAX},
                                                   .letters = fuzzy_letters(fresh, len)};
                see_word(ix, fresh, len);
            }
            if (a->ntok < MX_MAX_ALIAS_TOKENS) {
                ix->alias_tokens[used++] = id;
                a->ntok++;
            }
            p += len;
            if (*p == ' ') p++;
        }
    }
    return shrink_vocabulary(ix);
}

/* Document frequency: how many entities use each token (in any of their names). */
static bool count_df(struct match_index *ix)
{
    const struct match_corpus *s = &ix->corpus;
    uint32_t *last = malloc((ix->n_tokens + 1) * sizeof *last);
    if (!last) return false;
    for (size_t t = 0; t < ix->n_tokens; t++)
        last[t] = UINT32_MAX;
    for (size_t sub = 0; sub < s->n_entities; sub++) {
        const struct match_entity *ss = &s->entities[sub];
        for (uint32_t k = 0; k < ss->n_names; k++) {
            const struct mx_alias *a = &ix->aliases[ss->names[k]];
            for (uint32_t j = 0; j < a->ntok; j++) {
                uint32_t id = ix->alias_tokens[a->tok_off + j];
                if (last[id] != sub) ix->tokens[id].df++;
                last[id] = (uint32_t)sub;
            }
        }
    }
    free(last);
    return true;
}

struct by_weight {
    float weight;
    uint32_t alias;
};

static int compare_weight(const void *x, const void *y)
{
    const struct by_weight *a = x, *b = y;
    if (a->weight != b->weight) return a->weight < b->weight ? -1 : 1;
    return a->alias < b->alias ? -1 : a->alias > b->alias;
}

/* Postings: each alias once per token it holds. Filled in order of alias weight, so
 * that every list comes out sorted lightest first. */
static bool post(struct match_index *ix)
{
    uint32_t *last = malloc((ix->n_tokens + 1) * sizeof *last);
    struct by_weight *order = malloc((ix->n_aliases + 1) * sizeof *order);
    bool ok = false;
    if (!last || !order) goto out;
    for (size_t t = 0; t < ix->n_tokens; t++)
        last[t] = UINT32_MAX;
    size_t total = 0;
    for (size_t i = 0; i < ix->n_aliases; i++) {
        const struct mx_alias *a = &ix->aliases[i];
        order[i] = (struct by_weight){a->weight, (uint32_t)i};
        /* an exact-only name is reached through by_name alone, never through its words */
        for (uint32_t j = 0; !ix->corpus.names[i].exact_only && j < a->ntok; j++) {
            uint32_t id = ix->alias_tokens[a->tok_off + j];
            if (last[id] == i) continue;
            last[id] = (uint32_t)i;
            ix->tokens[id].post_len++;
            total++;
        }
    }
    ix->postings = arena_alloc(&ix->arena, (total + 1) * sizeof *ix->postings);
    if (!ix->postings) goto out;
    uint32_t off = 0;
    for (size_t t = 0; t < ix->n_tokens; t++) {
        ix->tokens[t].post_off = off;
        off += ix->tokens[t].post_len;
        ix->tokens[t].post_len = 0;
        last[t] = UINT32_MAX;
    }
    qsort(order, ix->n_aliases, sizeof *order, compare_weight);
    for (size_t k = 0; k < ix->n_aliases; k++) {
        uint32_t i = order[k].alias;
        const struct mx_alias *a = &ix->aliases[i];
        for (uint32_t j = 0; !ix->corpus.names[i].exact_only && j < a->ntok; j++) {
            uint32_t id = ix->alias_tokens[a->tok_off + j];
            if (last[id] == i) continue;
            last[id] = i;
            struct mx_token *t = &ix->tokens[id];
            ix->postings[t->post_off + t->post_len++] = (struct mx_posting){i, a->weight};
        }
    }
    ok = true;
out:
    free(last);
    free(order);
    return ok;
}

/* The words of a person's name (of 3 or more) that people often leave out, so that missing
 * them costs little: middle names that end like patronymics; and, in a name written
 * "SURNAMES, Given names", the surnames after the first ("MADURO MOROS, Nicolas": "Nicolas
 * Maduro"; "SIEIRO DE NORIEGA, Felicidad": "Felicidad Sieiro") -- a leading particle is said
 * with the word after it ("AL RAHMAN") -- and the given names after the first ("AL-ASSAD,
 * Bashar Hafez": "Bashar al-Assad"). The first given name is all its words a hyphen joins:
 * "KIM, Young-Chol" has one given name, and "Young Kim" says half of it. */
static bool may_be_left_out(const struct match_index *ix, const struct mx_alias *a,
                            const struct match_name *n, uint32_t j)
{
    const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + j]];
    if (j > 0 && j + 1 < a->ntok && word_patronymic(t->text, t->len)) return true;
    if (!n->surnames || n->surnames >= a->ntok) return false;
    const struct mx_token *first = &ix->tokens[ix->alias_tokens[a->tok_off]];
    uint32_t said = n->surnames > 1 && word_particle(first->text, first->len) ? 2 : 1;
    uint32_t given_end = n->surnames + 1; /* past the first given name */
    while (given_end < a->ntok && given_end < 64 && (match_given_hyphens(n) >> given_end) & 1u)
        given_end++;
    return (j >= said && j < n->surnames) || j >= given_end;
}

/* The weight of the heaviest given name of person name `n` (from the first word after the
 * surnames, or any word), the words a hyphen joins weighed together where the name is written
 * "SURNAMES, Given names": what one initial may spare at most (match/match_score.c,
 * pair_initials). */
static float heaviest_given_name(const struct match_index *ix, const struct mx_alias *a,
                                 const struct match_name *n)
{
    float most = 0, run = 0;
    uint64_t hyphens = match_given_hyphens(n);
    for (uint32_t j = n->surnames; j < a->ntok && j < 64; j++) {
        float w = mx_alias_weight(ix, a, j);
        run = (hyphens >> j) & 1u ? run + w : w;
        if (run > most) most = run;
    }
    return most;
}

static void weigh(struct match_index *ix)
{
    const struct match_corpus *s = &ix->corpus;
    double n = (double)s->n_entities + MX_BACKGROUND;
    ix->unknown_weight = (float)log(n);
    ix->initial_weight = ix->unknown_weight;
    for (size_t i = 0; i < ix->n_tokens; i++) {
        struct mx_token *t = &ix->tokens[i];
        float idf = (float)log(n / ((double)t->df + 1.0));
        enum word_class c = word_class(t->text, t->len);
        t->weight = c == WORD_NAME      ? idf
                    : c == WORD_GENERIC ? idf * MX_GENERIC_FACTOR
                                        : MX_NOISE_WEIGHT;
        t->distinctive = c == WORD_NAME && idf >= MX_DISTINCTIVE_MIN;
        t->dictionary = c == WORD_NAME && dictionary_word(t->text, t->len);
    }
    for (size_t i = 0; i < ix->n_aliases; i++) {
        struct mx_alias *a = &ix->aliases[i];
        bool person = s->entities[s->names[i].entity].person;
        for (uint32_t j = 0; j < a->ntok; j++) {
            if ((person && a->ntok >= 3 && may_be_left_out(ix, a, &s->names[i], j)) ||
                ((s->names[i].qualifiers >> j) & 1u && j < 64))
                a->damped |= (uint64_t)1 << j;
            a->weight += mx_alias_weight(ix, a, j);
        }
        a->initial = person ? heaviest_given_name(ix, a, &s->names[i]) : 0;
        if (a->initial > ix->initial_weight) ix->initial_weight = a->initial;
    }
}

static bool build_skeletons(struct match_index *ix)
{
    ix->skels = arena_alloc(&ix->arena, (ix->n_tokens + 1) * sizeof *ix->skels);
    if (!ix->skels || !strmap_init(&ix->by_skel, ix->n_tokens)) return false;
    char buf[2 * SKELETON_MAX + 1];
    for (size_t i = 0; i < ix->n_tokens; i++) {
        struct mx_token *t = &ix->tokens[i];
        size_t len = skeleton(t->text, t->len, buf);
        if (!len) continue;
        uint32_t id;
        const char *fresh;
        if (!intern(ix, &ix->by_skel, buf, len, &ix->n_skels, &id, &fresh)) return false;
        if (fresh)
            ix->skels[id] = (struct mx_skel){.text = fresh,
                                             .len = (uint32_t)len,
                                             .first_token = UINT32_MAX,
                                             .letters = fuzzy_letters(fresh, len)};
        t->skel = id;
        t->next_same_skel = ix->skels[id].first_token;
        ix->skels[id].first_token = (uint32_t)i;
    }
    return true;
}

typedef size_t (*mx_key_fn)(const char *w, size_t len, char *out);

/* Puts token `tok` into the chain of its key, the most used words first, then in the order
 * the corpus met them (as the vocabulary's ids, which the loader's order of records makes the
 * same for the same data): a question's word is looked up in the first few of a key's words,
 * and the spellings most names use must be among them ("hsn" is Hassan and Hasan far more
 * often than Hesn). Byte order among words as used was tried: 2 fewer of the UN list's names
 * and 2 fewer Hebrew pairs found. */
static void chain_by_use(struct match_index *ix, enum mx_key_kind kind, uint32_t *first,
                         uint32_t tok)
{
    uint32_t df = ix->tokens[tok].df, *at = first;
    while (*at != UINT32_MAX && ix->tokens[*at].df >= df)
        at = &ix->tokens[*at].next_same_key[kind];
    ix->tokens[tok].next_same_key[kind] = *at;
    *at = tok;
}

/* Every token's key of one kind: consonants, for the words of questions written in an abjad;
 * romanised Korean, for the words of Korean names. */
static bool build_keys(struct match_index *ix, enum mx_key_kind kind, mx_key_fn key_of,
                       size_t expected)
{
    struct mx_key_map *m = &ix->keyed[kind];
    m->keys = arena_alloc(&ix->arena, (ix->n_tokens + 1) * sizeof *m->keys);
    if (!m->keys || !strmap_init(&m->by_key, expected)) return false;
    char buf[CONSONANT_KEY_MAX + KOREAN_KEY_MAX + 1];
    for (size_t i = 0; i < ix->n_tokens; i++) {
        struct mx_token *t = &ix->tokens[i];
        size_t len = key_of(t->text, t->len, buf);
        if (kind == MX_KEY_CONSONANTS) t->consonants = (uint8_t)len; /* at most 64 */
        if (!len) continue;
        uint32_t id;
        const char *fresh;
        if (!intern(ix, &m->by_key, buf, len, &m->n, &id, &fresh)) return false;
        if (fresh)
            m->keys[id] =
                (struct mx_skel){.text = fresh, .len = (uint32_t)len, .first_token = UINT32_MAX};
        chain_by_use(ix, kind, &m->keys[id].first_token, (uint32_t)i);
    }
    return true;
}

/* Every whole name by its text, so that a name asked exactly as listed is always found. */
static bool index_names(struct match_index *ix)
{
    const struct match_corpus *c = &ix->corpus;
    ix->next_same_name = arena_alloc(&ix->arena, (c->n_names + 1) * sizeof *ix->next_same_name);
    if (!ix->next_same_name || !strmap_init(&ix->by_name, c->n_names)) return false;
    for (size_t i = c->n_names; i-- > 0;) { /* backwards: each chain in name order */
        uint32_t first = UINT32_MAX;
        (void)strmap_get(&ix->by_name, c->names[i].norm, &first);
        ix->next_same_name[i] = first;
        (void)strmap_put(&ix->by_name, c->names[i].norm, (uint32_t)i, NULL);
    }
    return true;
}

#ifndef NDEBUG
/* Every name belongs to an entity of the corpus (a full scan: debug builds only). */
static bool names_name_entities(const struct match_corpus *c)
{
    for (size_t i = 0; i < c->n_names; i++)
        if (c->names[i].entity >= c->n_entities) return false;
    return true;
}
#endif

struct match_index *match_index_build(const struct match_corpus *c, struct rd_error *err)
{
    /* Hits and postings hold 32-bit indexes into the corpus. */
    RD_ASSERT(c->n_names < UINT32_MAX && c->n_entities < UINT32_MAX);
    assert(names_name_entities(c));
    struct match_index *ix = calloc(1, sizeof *ix);
    static _Atomic uint64_t serials;
    if (ix) ix->serial = ++serials;
    if (!ix) goto oom;
    ix->corpus = *c;
    if (!collect_tokens(ix) || !count_df(ix)) goto oom;
    weigh(ix);
    if (!post(ix) || !build_skeletons(ix) ||
        !build_keys(ix, MX_KEY_CONSONANTS, consonant_key, ix->n_tokens) ||
        /* a third of the lists' words read as Korean syllables, 4,900 keys of 19,600 words */
        !build_keys(ix, MX_KEY_KOREAN, korean_word_key, ix->n_tokens / 4) ||
        !mx_build_deletions(ix) || !index_names(ix) || !mx_gap_build(ix))
        goto oom;
    return ix;
oom:
    match_index_free(ix);
    rd_error_set(err, "out of memory building the match index");
    return NULL;
}

void match_index_free(struct match_index *ix)
{
    if (!ix) return;
    strmap_free(&ix->by_text);
    strmap_free(&ix->by_skel);
    for (int k = 0; k < MX_KEY_KINDS; k++)
        strmap_free(&ix->keyed[k].by_key);
    strmap_free(&ix->by_name);
    strmap_free(&ix->by_gap);
    free(ix->dels);
    arena_free(&ix->arena);
    free(ix);
}

size_t match_index_memory(const struct match_index *ix)
{
    if (!ix) return 0;
    return ix->arena.total + ix->n_dels * sizeof *ix->dels +
           (ix->by_text.cap + ix->by_skel.cap + ix->keyed[MX_KEY_CONSONANTS].by_key.cap +
            ix->keyed[MX_KEY_KOREAN].by_key.cap + ix->by_name.cap + ix->by_gap.cap) *
               (sizeof(char *) + sizeof(uint32_t));
}

bool match_name_exact_only(const struct match_index *ix, size_t name)
{
    if (ix->corpus.names[name].exact_only) return true;
    const struct mx_alias *a = &ix->aliases[name];
    for (uint32_t i = 0; i < a->ntok; i++)
        if (ix->tokens[ix->alias_tokens[a->tok_off + i]].distinctive) return false;
    return true;
}
