#ifndef MATCH_MATCH_SCORE_H
#define MATCH_MATCH_SCORE_H
/*
 * Scoring one alias against an analysed query. Internal to match/match*.c.
 *
 * A query is analysed once (match/match.c) into options: ways a query token, or
 * two adjacent ones, can stand for a vocabulary token, or two adjacent ones:
 *
 *   MX_SAME      the same token                                   similarity 1
 *   MX_SKELETON  the same transliteration skeleton ("kasperskiy") 0.97
 *   MX_FUZZY     skeletons within the edits the length allows     1 - d / (2 * longer),
 *                                                                two edits 1 - 2 / longer
 *   MX_SPLIT     one query token is two to four alias tokens ("kasperskylab",
 *                "etskoffietfreres"), a legal form glued to its end left out ("acmegmbh") 0.98
 *   MX_JOIN      two to four query tokens are one alias token ("anti virus")   0.98
 *   MX_CONSONANTS a word written in an abjad with the consonant key of the alias token
 *                ("mhmd" for "mohamed", match/match_consonants.h)         0.92
 *   MX_FUZZY4    one edit where the shorter word has 4 letters ("yoog" for "yong") 1 - 1 / (2 *
 *                longer): paired only in a person's name, never brings candidates, never
 *                evidence on its own (other names of the person must be said)
 *
 * An alias is scored by pairing its tokens with options (greedily, the heaviest pair
 * first, each token used once) and weighing what was paired:
 *
 *   M        sum of similarity x alias-token weight over the pairs
 *   cover    M / (weight of all the alias's tokens)      how much of the name was said
 *   focus    M / (M + weight of unpaired query tokens)   how much of the query it explains
 *   score    cover x focus x legal-form factor
 *
 * and it is no match at all unless a distinctive alias token was paired.
 */
#include <stdbool.h>
#include <stdint.h>

#include "match/match.h"
#include "match/match_index.h"

enum mx_how { MX_SAME, MX_SKELETON, MX_FUZZY, MX_SPLIT, MX_JOIN, MX_CONSONANTS, MX_FUZZY4 };

#define MX_SIM_SKELETON 0.97f
#define MX_SIM_COMPOUND 0.98f
#define MX_SIM_FUZZY_MAX 0.96f
#define MX_SIM_CONSONANTS 0.92f
#define MX_SIM_KOREAN 0.95f      /* the same key as romanised Korean (match/korean.h) */
#define MX_SIM_KOREAN_FOLD 0.90f /* a skeleton fold Korean romanisations do not share */
#define MX_SIM_INITIAL 0.95f     /* "N." for a given name "Nicolas" */

#define MX_MAX_NAT 4  /* alias tokens one option stands for ("etskoffietfreres") */
#define MX_MAX_QLEN 4 /* query tokens one option stands for ("ets sanogo et traore") */

struct mx_option {
    uint8_t qpos, qlen;       /* query tokens [qpos, qpos + qlen) */
    uint8_t nat;              /* 1 to MX_MAX_NAT alias tokens */
    uint8_t how;              /* enum mx_how */
    uint32_t tok[MX_MAX_NAT]; /* UINT32_MAX past nat */
    float sim;
};

#define MX_MAX_OPTIONS 512
/* A name whose numbers differ from the question's scores at most this: below any useful
 * threshold, yet still listed as a candidate a reviewer can see. */
#define MX_NUMBER_CAP 0.7
#define MX_MAX_NUMBERS 8

/* The numbers a name states, in order: digits, roman numerals after the first word, ordinal
 * words ("third" is 3); each points into the name's text. */
struct mx_numbers {
    const char *t[MX_MAX_NUMBERS];
    uint8_t len[MX_MAX_NUMBERS];
    unsigned n;
};
/* A name whose only distinctive evidence is a one-edit likeness of a short word (at most
 * MX_SHORT_WORD letters) scores at most MX_WEAK_CAP: a candidate, never a match alone; a
 * person's name is not held so when another of its name words was said as listed. */
#define MX_SHORT_WORD 6
#define MX_WEAK_CAP 0.8
/* A company's four-letter word misspelt makes a match when two other distinctive words of the
 * name of this many letters or more, no English words, were said as listed: a short one is a
 * syllable as often ("Tak Shing" is not Tak Hing, "Yu Hsin" not Yu Hsing), an English one a
 * business word the list seldom uses ("Tai Fung Hotel" is not TAI LUNG HOTEL). */
#define MX_WITNESS_LEN 4

struct mx_query {
    const struct norm_name *name;
    unsigned ntok;
    float qweight[NORM_MAX_TOKENS];  /* what each query token weighs when left unpaired */
    uint32_t known[NORM_MAX_TOKENS]; /* each query token's id in the vocabulary, or UINT32_MAX */
    const struct mx_option *opt;
    size_t nopt;
    uint64_t initials; /* bit i: word i may be a person's initials: a single letter, or two or
                        * three joined ("vv") that stand for no word of the list */
    struct mx_numbers numbers; /* the question's (mx_numbers_of), for every alias scored */
    uint32_t legal_forms;      /* the last word, unknown, may be one of these legal forms misspelt
                                * (legal_form_abbreviation_misspelt): noise beside them; 0: not */
    uint64_t real_words;       /* bit i: word i, of 3 to 5 letters, is an English word or a name
                                * (match/dictionary.h): no four-letter word's typo in a company's */
    bool korean;               /* the name reads as a Korean name (match/korean.h) */
    uint8_t surname;           /* if so, which word is its surname */
};

/* What question word i costs left unpaired against a name of the legal forms `legal`: a
 * misspelt legal form (the last word, legal_forms) beside the form it is near, what noise
 * costs. */
static inline float mx_unpaired_cost(const struct mx_query *q, uint32_t legal, unsigned i)
{
    bool noise = (legal & q->legal_forms) && i + 1 == q->ntok && q->qweight[i] > MX_NOISE_WEIGHT;
    return noise ? MX_NOISE_WEIGHT : q->qweight[i];
}

struct mx_result {
    double score;
    enum match_method method;
};

/* The bits of `len` consecutive positions from `pos`. */
static inline uint64_t mx_span(unsigned pos, unsigned len)
{
    return (len >= 64 ? ~0ull : ((1ull << len) - 1)) << pos;
}

/* Scores corpus name `alias` against `q`. False when it cannot match at all (no
 * distinctive token paired, unless `same_text`: the question is the name as listed, or as
 * listed but for one misspelt word, match/match_gap.h); else fills `r`. Thread-safe; no allocation.
 * When `ev` is not NULL, what each pair and each word left over contributed is written there too
 * (at most `ev->cap` entries), for an answer's explanation. */
/* The numbers name states (struct mx_numbers), for mx_query.numbers. */
void mx_numbers_of(const struct norm_name *name, struct mx_numbers *out);

bool mx_score(const struct match_index *ix, uint32_t alias, bool same_text,
              const struct mx_query *q, struct mx_result *r, struct match_explanation *ev);

/* The legal-form factor: equal sets (or none on either side) 1, a form on one side only
 * 0.99, different sets that share a form 0.98, different forms 0.96. */
static inline double mx_legal_factor(uint32_t query, uint32_t alias)
{
    if (query == alias) return 1.0;
    if (!query || !alias) return 0.99;
    return (query & alias) ? 0.98 : 0.96;
}

#endif
