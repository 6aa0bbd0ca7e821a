/* Analysing a query (match/match_query.h): what each of its words may stand for. */
#include "match/match_query.h"

#include <string.h>

#include "match/dictionary.h"
#include "match/korean.h"
#include "match/legal_forms.h"
#include "match/match_abjad.h"
#include "match/match_readings.h"
#include "match/match_fuzzy.h"
#include "match/match_skeleton.h"
#include "match/match_words.h"
#include "match/neighbour_cache.h"

#define MAX_FUZZY_PER_TOKEN 16

void mx_add_option_n(struct mx_option *opt, size_t *n, unsigned qpos, unsigned qlen,
                     const uint32_t *toks, unsigned nat, enum mx_how how, float sim)
{
    uint32_t t[MX_MAX_NAT] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
    memcpy(t, toks, nat * sizeof *toks);
    for (size_t i = 0; i < *n; i++) {
        struct mx_option *o = &opt[i];
        if (o->qpos != qpos || o->tok[0] != t[0]) continue; /* most differ here */
        if (o->qlen == qlen && o->tok[1] == t[1] && o->tok[2] == t[2] && o->tok[3] == t[3]) {
            if (sim > o->sim) {
                o->sim = sim;
                o->how = (uint8_t)how;
            }
            return;
        }
    }
    if (*n == MX_MAX_OPTIONS) return;
    struct mx_option *o = &opt[(*n)++];
    *o = (struct mx_option){(uint8_t)qpos, (uint8_t)qlen, (uint8_t)nat, (uint8_t)how, {0}, sim};
    memcpy(o->tok, t, sizeof t);
}

void mx_add_option(struct mx_option *opt, size_t *n, unsigned qpos, unsigned qlen, uint32_t t0,
                   uint32_t t1, enum mx_how how, float sim)
{
    uint32_t t[2] = {t0, t1};
    mx_add_option_n(opt, n, qpos, qlen, t, t1 == UINT32_MAX ? 1 : 2, how, sim);
}

#define MAX_CHECKED 128 /* skeletons compared per query word */

/* A query word as the fuzzy look-up sees it: its letters, its skeleton, whether it is an
 * ordinary English word. */
struct fuzzy_word {
    const char *w, *sk;
    size_t len, sklen;
    unsigned budget; /* the edits its own length allows */
    bool dictionary;
    bool known;                      /* a word of the list */
    bool clipped;                    /* clipped_word: paired only as a letter left out */
    const struct fuzzy_pattern *raw; /* of w, set by neighbours */
    struct nb_entry *rec;            /* where neighbours records what it finds, or NULL */
};

/* An unknown word of CLIPPED_LEN letters (match/match_query.h) is looked up one edit around,
 * and paired only so. A held-out set's persons so written got no candidate at all: the unknown
 * word weighed the most any word can. */

static bool clipped_word(const struct fuzzy_word *q)
{
    if (q->known || q->len != CLIPPED_LEN) return false;
    for (size_t i = 0; i < q->len; i++)
        if (q->w[i] < 'a' || q->w[i] > 'z') return false; /* no number is a typo */
    return true;
}

/* Whether vocabulary token `t` may be a misspelling of the query word, and with how many
 * edits: the fewer of its letters' and its skeletons' distances ("fernnndez" is one letter
 * from "fernandez", two skeleton edits; "rabinovich" is two skeleton edits from
 * "rabinowitz", three letters), within what the shorter word's length allows. Two ordinary
 * English words are not misspellings of each other ("honest", "honesty") when the listed one
 * is a name word (a generic word never makes a match, and its misspelling may be a word:
 * "fright" for "freight"), nor are a word and its plural ("cacaueiro", "cacaueiros").
 * Returns the edits, or 0 when it may not. */
static unsigned edits_to(const struct mx_token *t, const struct fuzzy_word *q, unsigned skel_d)
{
    size_t shorter = t->len < q->len ? t->len : q->len;
    unsigned allowed = fuzzy_budget(shorter);
    if (!allowed || (t->dictionary && q->dictionary) || plural_pair(q->w, q->len, t->text, t->len))
        return 0;
    if (shorter <= FUZZY_SHORT_LEN && q->known) return 0; /* "yang" is not a typo of "yong" */
    /* a four-letter word's typo is one letter: a fold may hide a second ("awea", "qvea") */
    if (shorter <= FUZZY_SHORT_LEN && t->len <= FUZZY_MAX_LEN &&
        fuzzy_pattern_distance(q->raw, t->text, t->len, t->letters, 1) > 1)
        return 0;
    unsigned d = skel_d;
    if (d > 1 && t->len <= FUZZY_MAX_LEN && q->len <= FUZZY_MAX_LEN) {
        unsigned raw = fuzzy_pattern_distance(q->raw, t->text, t->len, t->letters, d - 1);
        if (raw < d) d = raw;
    }
    return d <= allowed ? d : 0;
}

/* A typo's kind: MX_FUZZY4 where the shorter of the two words has at most FUZZY_SHORT_LEN
 * letters (weighed apart by the scoring), else MX_FUZZY. */
static enum mx_how fuzzy_kind(const struct mx_token *tok, size_t qlen)
{
    return (tok->len < qlen ? tok->len : qlen) <= FUZZY_SHORT_LEN ? MX_FUZZY4 : MX_FUZZY;
}

/* Vocabulary tokens whose skeletons are within the edits allowed of the query word's (up
 * to `depth` deletions looked up on the query side), as MX_FUZZY options. */
static void neighbours(const struct match_index *ix, struct mx_option *opt, size_t *n,
                       unsigned qpos, struct fuzzy_word *q, unsigned depth)
{
    /* the query word against each candidate; per thread, each cleared after its word */
    static _Thread_local struct fuzzy_pattern sk, raw;
    fuzzy_pattern_set(&sk, q->sk, q->sklen);
    fuzzy_pattern_set(&raw, q->w, q->len);
    q->raw = &raw;
    uint32_t hashes[1 + FUZZY_MAX_LEN + FUZZY_MAX_LEN * (FUZZY_MAX_LEN - 1) / 2];
    size_t nh = fuzzy_deletes(q->sk, q->sklen, depth, hashes, sizeof hashes / sizeof *hashes);
    uint32_t checked[MAX_CHECKED];
    size_t nchecked = 0, found = 0;
    for (size_t h = 0; h < nh && found < MAX_FUZZY_PER_TOKEN; h++) {
        uint32_t bit = hashes[h] >> (32 - MX_SEEN_BITS);
        if (!(ix->del_seen[bit >> 6] & ((uint64_t)1 << (bit & 63)))) continue; /* absent */
        uint32_t b = hashes[h] >> ix->del_shift;
        for (uint32_t i = ix->del_dir[b]; i < ix->del_dir[b + 1]; i++) {
            if (ix->dels[i].hash < hashes[h]) continue;
            if (ix->dels[i].hash > hashes[h]) break; /* sorted by hash */
            uint32_t k = ix->dels[i].skel;
            const struct mx_skel *cand = &ix->skels[k];
            bool dup = false;
            for (size_t j = 0; j < nchecked && !dup; j++)
                dup = checked[j] == k;
            if (dup || nchecked == MAX_CHECKED) continue;
            checked[nchecked++] = k;
            /* no token can be allowed more edits than the question word's length allows */
            unsigned skel_d =
                fuzzy_pattern_distance(&sk, cand->text, cand->len, cand->letters, q->budget);
            if (skel_d == 0) continue; /* the same skeleton: a variant, not a typo */
            bool added = false;
            for (uint32_t t = cand->first_token; t != UINT32_MAX;
                 t = ix->tokens[t].next_same_skel) {
                const struct mx_token *tok = &ix->tokens[t];
                unsigned d = edits_to(tok, q, skel_d);
                if (!d) continue;
                added = true;
                /* One edit costs half its share of the longer token, two edits all of it:
                 * "Kaperksy" alone is a near miss of "Kaspersky", not a match. */
                size_t longer = tok->len > q->len ? tok->len : q->len;
                float sim = 1.0f - (float)d * (d == 1 ? 0.5f : 1.0f) / (float)longer;
                if (sim > MX_SIM_FUZZY_MAX) sim = MX_SIM_FUZZY_MAX;
                mx_add_option(opt, n, qpos, 1, t, UINT32_MAX, fuzzy_kind(tok, q->len), sim);
                if (q->rec) nb_record(q->rec, t, sim);
            }
            found += added;
        }
    }
    fuzzy_pattern_clear(&sk);
    fuzzy_pattern_clear(&raw);
}

/* The four-letter words of the list that a clipped word (clipped_word) is one letter short
 * of, each looked up as itself: its letters with one more at each place. Through the
 * skeletons' deletions a fold hid some ("yri" is a deletion of "yuri", whose skeleton is
 * "yury"; "haa" of "hala", but folds to "ha"). */
static void clipped_neighbours(const struct match_index *ix, struct mx_option *opt, size_t *n,
                               unsigned qpos, struct fuzzy_word *q)
{
    char w[CLIPPED_LEN + 1];
    const float sim = 1.0f - 0.5f / (CLIPPED_LEN + 1); /* one edit: neighbours' measure */
    for (size_t at = 0; at <= CLIPPED_LEN; at++)
        for (char c = 'a'; c <= 'z'; c++) {
            if (at < CLIPPED_LEN && q->w[at] == c) continue; /* the same word, one place on */
            memcpy(w, q->w, at);
            w[at] = c;
            memcpy(w + at + 1, q->w + at, CLIPPED_LEN - at);
            uint32_t t;
            if (!mx_word_may_be(ix, fnv1a64(w, sizeof w)) ||
                !strmap_get_n(&ix->by_text, w, sizeof w, &t))
                continue;
            uint32_t sk = ix->tokens[t].skel; /* the same skeleton: a variant, not a typo */
            if (sk != UINT32_MAX && ix->skels[sk].len == q->sklen &&
                memcmp(ix->skels[sk].text, q->sk, q->sklen) == 0)
                continue;
            /* rule 5: two words ("oil", SOIL), nor a word and its plural ("toy", TOYS) */
            if ((q->dictionary && dictionary_word(w, sizeof w)) ||
                plural_pair(q->w, q->len, w, sizeof w))
                continue;
            mx_add_option(opt, n, qpos, 1, t, UINT32_MAX, MX_FUZZY4, sim);
            if (q->rec) nb_record(q->rec, t, sim);
        }
}

/* neighbours, or what it found for the same word before (match/neighbour_cache.h): what it
 * finds depends on the index and the word alone (whether the list knows the word, and so
 * `q->known`, is the index's too), and the same add_option calls in the same
 * order leave the same options. */
static void cached_neighbours(const struct match_index *ix, struct mx_option *opt, size_t *n,
                              unsigned qpos, struct fuzzy_word *q, unsigned depth)
{
    bool hit;
    struct nb_entry *e = nb_lookup(ix->serial, q->w, q->len, depth, &hit);
    if (hit) {
        for (unsigned k = 0; k < e->n; k++)
            mx_add_option(opt, n, qpos, 1, e->found[k].tok, UINT32_MAX,
                          fuzzy_kind(&ix->tokens[e->found[k].tok], q->len), e->found[k].sim);
        return;
    }
    q->rec = e;
    q->dictionary = dictionary_word(q->w, q->len); /* needed by the look-up only */
    if (q->clipped)
        clipped_neighbours(ix, opt, n, qpos, q);
    else
        neighbours(ix, opt, n, qpos, q, depth);
    nb_done(e, ix->serial);
}

/* Skeleton variants and fuzzy neighbours of one query token; `known` is the list's token
 * for the word, or NULL. A word the list knows is looked up one edit around only: two
 * edits around every exact word would cost much and find mostly other names. */
static void variants(const struct match_index *ix, struct mx_option *opt, size_t *n, unsigned qpos,
                     const char *w, size_t len, const uint32_t *known, bool edits)
{
    char buf[2 * SKELETON_MAX + 1];
    const char *sk = buf;
    size_t sklen;
    uint32_t id = UINT32_MAX;
    if (known) { /* the index made its skeleton already, with the same function */
        id = ix->tokens[*known].skel;
        if (id == UINT32_MAX) return;
        sk = ix->skels[id].text;
        sklen = ix->skels[id].len;
    } else {
        sklen = skeleton(w, len, buf);
        if (!sklen) return;
        if (!strmap_get_n(&ix->by_skel, sk, sklen, &id)) id = UINT32_MAX;
    }
    if (id != UINT32_MAX)
        for (uint32_t t = ix->skels[id].first_token; t != UINT32_MAX;
             t = ix->tokens[t].next_same_skel) {
            bool same = known && t == *known; /* a word the list lacks equals none of its */
            mx_add_option(opt, n, qpos, 1, t, UINT32_MAX, same ? MX_SAME : MX_SKELETON,
                          same ? 1.0f : MX_SIM_SKELETON);
        }
    /* Edits are allowed by the word's own length (its skeleton may be shorter: "fernnndez"
     * folds to "ferndez") and looked for among skeletons. */
    unsigned depth = fuzzy_budget(len);
    if (known && depth > 1) depth = 1;
    if (known && len <= FUZZY_SHORT_LEN) depth = 0;
    /* A fold changes the skeleton's length ("majfed" -> "mayfed" against "majeed" -> "maed",
     * "marxan" -> "marksan" against "marwan" -> "marvan"), the question's or the listed
     * word's ("kahlifa" against "khalifa" -> "halifa"): one letter is then two skeleton edits,
     * so an unknown word of one edit is looked up two around; edits_to counts letters (the
     * lists' 7+ letter typos 0.994 -> 0.997 over only the question's own folds). */
    if (!known && depth == 1) depth = 2;
    struct fuzzy_word q = {w,     sk,   len, sklen, fuzzy_budget(len), false, known != NULL,
                           false, NULL, NULL};
    /* a letter left out: the word itself is one of the listed word's deletions */
    q.clipped = clipped_word(&q);
    if (q.clipped) depth = 0; /* looked up by clipped_neighbours, which inserts a letter */
    if (edits && sklen <= FUZZY_MAX_LEN && (q.clipped || (depth && ix->n_dels)))
        cached_neighbours(ix, opt, n, qpos, &q, depth);
}

#define SPLIT_LOOKUPS 256 /* prefixes looked up per word cut into pieces */

struct cutting {
    const struct match_index *ix;
    struct mx_option *opt;
    size_t *n;
    unsigned qpos, lookups;
    uint32_t toks[MX_MAX_NAT];
};

/* The ways the rest w[0..len) of a word, `depth` pieces cut off already, is more tokens of the
 * list; a legal form of three letters or more glued to the end ("acmegmbh") is left out (not
 * of two: "arvinas" is no "ARVIN AS", "tobacco" no "TOBAC CO"). */
static void cut_pieces(struct cutting *c, const char *w, size_t len, unsigned depth)
{
    if (depth && len >= 3 && legal_form_word(w, len, NULL)) {
        mx_add_option_n(c->opt, c->n, c->qpos, 1, c->toks, depth, MX_SPLIT, MX_SIM_COMPOUND);
        return;
    }
    /* the whole word is looked up only as a last piece: alone it is not a token (splits) */
    uint64_t h = fnv1a64_step(FNV1A64_SEED, w[0]);
    for (size_t cut = 2; cut + (depth ? 0 : 2) <= len && c->lookups < SPLIT_LOOKUPS; cut++) {
        uint32_t id;
        c->lookups++;
        h = fnv1a64_step(h, w[cut - 1]);
        if (!mx_word_may_be(c->ix, h) || !strmap_get_n(&c->ix->by_text, w, cut, &id)) continue;
        c->toks[depth] = id;
        if (cut == len && depth > 0)
            mx_add_option_n(c->opt, c->n, c->qpos, 1, c->toks, depth + 1, MX_SPLIT,
                            MX_SIM_COMPOUND);
        else if (cut + 2 <= len && depth + 1 < MX_MAX_NAT)
            cut_pieces(c, w + cut, len - cut, depth + 1);
    }
}

/* "kasperskylab" -> "kaspersky" + "lab", "etskoffietfreres" -> "ets" + "koffi" + "et" +
 * "freres", when every piece (two letters or more) is a token of the list. Words longer than
 * two fuzzy-length words are not cut (each cut hashes the rest of the word). */
static void splits(const struct match_index *ix, struct mx_option *opt, size_t *n, unsigned qpos,
                   const char *w, size_t len)
{
    if (len > 2 * FUZZY_MAX_LEN) return;
    struct cutting c = {ix, opt, n, qpos, 0, {0}};
    cut_pieces(&c, w, len, 0);
}

/* Two to four words of the question from word i that make one token of the list ("anti
 * virus", "ets sanogo et traore"). */
static void joins(const struct match_index *ix, struct mx_option *opt, size_t *n,
                  const struct norm_name *name, unsigned i)
{
    char joined[2 * FUZZY_MAX_LEN + 1];
    size_t len = 0;
    for (unsigned k = 0; k < MX_MAX_QLEN && i + k < name->ntokens; k++) {
        const struct norm_token *t = &name->tokens[i + k];
        if (len + t->len > 2 * FUZZY_MAX_LEN) return;
        memcpy(joined + len, name->text + t->off, t->len);
        len += t->len;
        uint32_t id;
        if (k > 0 && strmap_get_n(&ix->by_text, joined, len, &id))
            mx_add_option(opt, n, i, k + 1, id, UINT32_MAX, MX_JOIN, MX_SIM_COMPOUND);
    }
}

/* The first position of the word at position i (i itself when it is new). */
static unsigned repeated(const struct norm_name *name, unsigned i)
{
    const struct norm_token *t = &name->tokens[i];
    for (unsigned j = 0; j < i; j++) {
        const struct norm_token *u = &name->tokens[j];
        if (u->len == t->len && memcmp(name->text + u->off, name->text + t->off, t->len) == 0)
            return j;
    }
    return i;
}

/* Whether a word may be a person's initials: one letter, or two or three letters that were
 * written apart ("V. V. Putin" is "vv putin": `joined`) or that stand for no word of the list
 * (a word written "vv" might be one). Written apart, they are initials even where the list
 * has such a word ("Y. C. Kim" for "KIM, Yong Chol", though "yc" is listed): whether they
 * pair as initials or as that word is for each listed name's score to say. */
static bool initials_word(const char *w, size_t len, bool paired, bool joined)
{
    if (len > 3 || (len > 1 && paired && !joined)) return false;
    for (size_t i = 0; i < len; i++)
        if (w[i] < 'a' || w[i] > 'z') return false;
    return true;
}

/* The words that may be a person's initials (initials_word), as bits. */
static uint64_t initials_words(const struct norm_name *name, const struct mx_option *opt, size_t n)
{
    uint64_t paired = 0, initials = 0;
    for (size_t k = 0; k < n; k++)
        paired |= mx_span(opt[k].qpos, opt[k].qlen);
    for (unsigned i = 0; i < name->ntokens; i++)
        if (initials_word(name->text + name->tokens[i].off, name->tokens[i].len, (paired >> i) & 1u,
                          (name->initials >> i) & 1u))
            initials |= 1ull << i;
    return initials;
}

/* What a word met for the first time may stand for; `known` is the list's token for it, or
 * NULL; `korean`: the name reads as a Korean name. */
static void word_options(const struct match_index *ix, struct mx_option *opt, size_t *n,
                         const struct norm_name *name, unsigned i, const uint32_t *known,
                         bool korean)
{
    const char *w = name->text + name->tokens[i].off;
    size_t len = name->tokens[i].len, from = *n;
    if (known) mx_add_option(opt, n, i, 1, *known, UINT32_MAX, MX_SAME, 1.0f);
    /* A word read from an abjad is a letter-for-letter transliteration, not typed: a letter
     * away from a short listed word is another name ("basin", عباسين, is not Yasin); it is
     * compared by its consonants (match/match_abjad.h), and only a long one by its edits too
     * ("kushimizu", Koshimizu) */
    variants(ix, opt, n, i, w, len, known, name->reading[i] != NORM_READ_ABJAD || len >= 7);
    /* A word the list knows whole may still be two of its words run together ("abdelhalim"
     * for "Abdel-Halim", "alrawi" for "AL-RAWI", where other names say ABDELHALIM, ALRAWI):
     * the SDN's hyphenated names asked without their hyphens, 0.892 found when only unknown
     * words were cut, 0.970 now (tests/lists/joined.c) */
    splits(ix, opt, n, i, w, len);
    mx_reading_options(ix, opt, n, name, i, korean, from);
}

/* What word i of `name` costs left unpaired, its options being opt[before, n). */
static float unpaired_weight(const struct match_index *ix, const struct norm_name *name, unsigned i,
                             const uint32_t *known, const struct mx_option *opt, size_t before,
                             size_t n, bool korean)
{
    const char *w = name->text + name->tokens[i].off;
    size_t len = name->tokens[i].len;
    /* Left unpaired, a token weighs what the list says it weighs; a word the list
     * does not know weighs by its class, a misspelt name word what the word it
     * stands for weighs (a four-letter one's too, though it pairs only in a person's
     * name: "PARTHIA CAGO LLC" cost its unknown word the most a word can cost, and
     * fell from CARGO's candidates), any other name word as the rarest there can be. */
    float wq = -1;
    /* a word written in an abjad is a name however short: "mr" of عمر is Omar, not Mr. (but
     * a letter alone, و "and", is noise) */
    bool abjad = name->reading[i] == NORM_READ_ABJAD && len >= 2;
    if (known && !abjad) {
        wq = ix->tokens[*known].weight;
    } else if (abjad && !mx_abjad_readable(w, len)) {
        wq = ix->unknown_weight;
    } else if (!abjad) {
        enum word_class c = word_class(w, len);
        if (c != WORD_NAME) wq = c == WORD_NOISE ? MX_NOISE_WEIGHT : MX_GENERIC_UNKNOWN;
    }
    for (size_t k = before; k < n && wq < 0; k++) {
        const struct mx_option *o = &opt[k];
        /* a three-letter word a letter short pairs, but may as well be another word, a
         * romanised syllable ("ran" is not "rang"): it weighs as an unknown word */
        if (o->how == MX_FUZZY4 && len == CLIPPED_LEN) continue;
        if (o->qpos == i && o->qlen == 1 && o->nat == 1 && (!abjad || o->how == MX_CONSONANTS))
            wq = ix->tokens[o->tok[0]].weight;
    }
    /* a Korean name's syllable is a name, however short ("se" of Park Se-jong), as is a
     * word written in an abjad ("li" of علي) */
    bool name_word = korean || abjad;
    if (wq < 0) wq = len <= 2 && !name_word ? ix->unknown_weight / 2 : ix->unknown_weight;
    /* a qualifier's word ("Malindi Branch") left unpaired costs what noise costs */
    if ((name->qualifiers >> i) & 1u && wq > MX_NOISE_WEIGHT) wq = MX_NOISE_WEIGHT;
    return wq;
}

void mx_analyse(const struct match_index *ix, const struct norm_name *name, struct mx_option *opt,
                struct mx_query *q)
{
    size_t n = 0;
    q->name = name;
    q->ntok = name->ntokens;
    unsigned surname = 0;
    bool korean = q->korean = korean_name(name, &surname);
    q->surname = (uint8_t)surname;
    mx_numbers_of(name, &q->numbers);
    for (unsigned i = 0; i < name->ntokens; i++) {
        const char *w = name->text + name->tokens[i].off;
        size_t len = name->tokens[i].len;
        size_t before = n;
        uint32_t id;
        bool known = strmap_get_n(&ix->by_text, w, len, &id);
        q->known[i] = known ? id : UINT32_MAX;
        unsigned same = repeated(name, i);
        if (same < i) { /* a word said twice is analysed once */
            for (size_t k = 0; k < before; k++)
                if (opt[k].qpos == same && opt[k].qlen == 1)
                    mx_add_option_n(opt, &n, i, 1, opt[k].tok, opt[k].nat, (enum mx_how)opt[k].how,
                                    opt[k].sim);
        } else {
            word_options(ix, opt, &n, name, i, known ? &id : NULL, korean);
        }
        joins(ix, opt, &n, name, i);
        q->qweight[i] = unpaired_weight(ix, name, i, known ? &id : NULL, opt, before, n, korean);
    }
    q->opt = opt;
    q->nopt = n;
    unsigned last = name->ntokens - 1;
    q->legal_forms = name->ntokens >= 2 && q->known[last] == UINT32_MAX
                         ? legal_form_abbreviation_misspelt(name->text + name->tokens[last].off,
                                                            name->tokens[last].len)
                         : 0;
    q->real_words = 0; /* looked up once here, not for every alias scored */
    for (unsigned i = 0; i < name->ntokens; i++) {
        const char *w = name->text + name->tokens[i].off;
        size_t len = name->tokens[i].len;
        if (len >= 3 && len <= 5 && (dictionary_word(w, len) || dictionary_name(w, len)))
            q->real_words |= (uint64_t)1 << i;
    }
    /* a Korean name's "I", "U", "Yi" are syllables, not initials ("Lee Yi-jae" is not RI, Jae Il)
     */
    q->initials = korean ? 0 : initials_words(name, opt, n);
}
