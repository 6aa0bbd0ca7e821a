#ifndef MATCH_MATCH_INDEX_H
#define MATCH_MATCH_INDEX_H
/*
 * The matcher's index, built once per corpus (match_index_build) and read by any
 * number of threads without locks. Internal to match/match*.c.
 *
 *   vocabulary   every distinct token of every name and alias, with its document
 *                frequency (how many subjects use it), class (match/match_words.h),
 *                weight and postings (the aliases that contain it, lightest first)
 *   skeletons    each token's transliteration skeleton (match/match_skeleton.h),
 *                with the tokens that share it
 *   keyed        each token's consonant key (match/match_consonants.h), with the
 *                tokens that share it: what a word written in an abjad is compared by; and
 *                its key as romanised Korean (match/korean.h), likewise
 *   deletions    the hashes of every skeleton's deletion neighbourhood
 *                (match/match_fuzzy.h), sorted, with a directory on the top bits
 *   aliases      per corpus name: its token ids, which are patronymics, and its
 *                total weight
 *   gaps         the names no word of which is distinctive, each word of four letters
 *                or more left open in turn (match/match_gap.h)
 *
 * Weights come from the corpus's own frequencies, smoothed as if the list sat in
 * a background of MX_BACKGROUND names where the token does not occur, so that on a
 * small list (the seed: every name says "Kaspersky") the shared word still counts:
 *     weight = ln((subjects + MX_BACKGROUND) / (df + 1))   for a name word,
 * a quarter of that for a generic word, MX_NOISE_WEIGHT for noise.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/strmap.h"
#include "match/match.h"

#define MX_BACKGROUND 10000.0
#define MX_GENERIC_FACTOR 0.25f
#define MX_GENERIC_UNKNOWN 0.5f /* a generic word the list does not use */
#define MX_NOISE_WEIGHT 0.2f
#define MX_PATRONYMIC_FACTOR 0.10f /* a person's patronymic may be left out */
#define MX_DISTINCTIVE_MIN 2.5f    /* a name word rarer than ~8 % of names */
#define MX_MAX_ALIAS_TOKENS 64
#define MX_SEEN_BITS 23 /* 1 MiB of bits */
#define MX_WORD_BITS 20 /* 128 KiB of bits: the vocabulary's words, by fnv1a64_step */

/* The kinds of key a token may be found by besides its text and skeleton. */
enum mx_key_kind { MX_KEY_CONSONANTS, MX_KEY_KOREAN, MX_KEY_KINDS };

struct mx_token {
    const char *text; /* NUL-terminated, in the index arena */
    uint32_t len;
    uint32_t skel;                        /* skeleton id, or UINT32_MAX for tokens too long */
    uint32_t next_same_skel;              /* next token with the same skeleton, or UINT32_MAX */
    uint32_t next_same_key[MX_KEY_KINDS]; /* next token of the same key, or UINT32_MAX */
    uint32_t post_off, post_len;          /* this token's aliases: postings[post_off..+post_len) */
    uint32_t df;                          /* subjects using it */
    float weight;
    bool distinctive;   /* can make a match: a name word of weight >= MX_DISTINCTIVE_MIN */
    bool dictionary;    /* an ordinary English name word (match/dictionary.h); false for the
                         * generic and noise words, whose misspellings may be other words
                         * ("fright" for "freight", "sipping" for "shipping") */
    uint8_t consonants; /* the length of its consonant key (match/match_consonants.h) */
    uint64_t letters;   /* fuzzy_letters of text: a bound that skips most edit distances */
};

struct mx_skel {
    const char *text;
    uint32_t len;
    uint32_t first_token;
    uint64_t letters; /* fuzzy_letters of text (skeletons only, not consonant keys) */
};

struct mx_alias {
    uint32_t tok_off; /* tokens: alias_tokens[tok_off..+ntok) */
    uint32_t ntok;
    uint64_t damped; /* bit i: token i is a patronymic of a person */
    float weight;    /* sum of the token weights (patronymics damped) */
    float initial;   /* the most one initial may spare: a person's heaviest given name (a
                      * hyphenated one whole), 0 for a name not a person's */
};

/* A kind of key: key -> its id, an index into keys, whose first_token chains the tokens
 * through their next_same_key[kind]. */
struct mx_key_map {
    struct strmap by_key;
    struct mx_skel *keys;
    size_t n;
};

/* One alias holding a token; each token's list is sorted by alias weight, so that a
 * query can stop where aliases get too heavy to reach its threshold. */
struct mx_posting {
    uint32_t alias;
    float weight; /* the alias's total weight */
};

struct mx_del {
    uint32_t hash, skel;
};

/* A name said but for one word (match/match_gap.h): chained under one key. */
struct mx_gap {
    uint32_t alias, next; /* next: the next gap of the same key, or UINT32_MAX */
};

struct match_index {
    uint64_t serial;            /* unique per index built in this process */
    struct match_corpus corpus; /* borrowed arrays */
    struct arena arena;
    struct strmap by_text; /* token text -> token id */
    struct strmap by_skel; /* skeleton -> skeleton id */
    struct strmap by_name; /* a whole normalised name -> its first name id */
    struct strmap by_gap;  /* an exact-only name, one word open -> its first gap */
    struct mx_gap *gaps;
    uint32_t *next_same_name; /* per name: the next name of the same text, or UINT32_MAX */
    struct mx_token *tokens;
    struct mx_skel *skels;
    struct mx_key_map keyed[MX_KEY_KINDS];
    struct mx_alias *aliases; /* parallel to corpus.names */
    uint32_t *alias_tokens;
    struct mx_posting *postings;
    struct mx_del *dels; /* sorted by hash; malloc'd (not in the arena) */
    uint32_t *del_dir;   /* dels with hash >> del_shift == b: [del_dir[b], del_dir[b + 1]) */
    uint64_t *word_seen; /* one bit per value of the top MX_WORD_BITS bits of the vocabulary's
                          * words' hashes (fnv1a64_step): a prefix of a question word that is
                          * not a word of the list mostly says so here, without a look-up */
    uint64_t *del_seen;  /* one bit per value of the top MX_SEEN_BITS bits of the hashes
                          * present: most query deletions are absent, and this small map
                          * says so without touching the large arrays */
    unsigned del_shift;
    size_t n_tokens, n_skels, n_aliases, n_dels, n_gaps;
    float unknown_weight; /* a name word the list does not use: the rarest there can be */
    float initial_weight; /* the most one initial may spare in any name: unknown_weight, or a
                           * hyphenated given name's words together ("Abd-al-Rahman") */
};

/* The bit of word_seen of a word whose FNV-1a hash (lib/hash.h) is h. */
static inline uint64_t mx_word_bit(uint64_t h)
{
    return (h * 0x9e3779b97f4a7c15ull) >> (64 - MX_WORD_BITS);
}

/* May the word whose hash is h be a word of the list? False: it is not. */
static inline bool mx_word_may_be(const struct match_index *ix, uint64_t h)
{
    uint64_t bit = mx_word_bit(h);
    return (ix->word_seen[bit >> 6] >> (bit & 63)) & 1u;
}

/* Weight of token `t` at position `pos` of alias `a`. */
static inline float mx_alias_weight(const struct match_index *ix, const struct mx_alias *a,
                                    unsigned pos)
{
    float w = ix->tokens[ix->alias_tokens[a->tok_off + pos]].weight;
    return (a->damped >> pos) & 1u ? w * MX_PATRONYMIC_FACTOR : w;
}

#endif
