#ifndef MATCH_MATCH_H
#define MATCH_MATCH_H
/*
 * Finding the entity a name means (docs/matching.md). The caller describes the names it
 * knows as a corpus (struct match_corpus: every name normalised, grouped by the entity it
 * names); match_index_build indexes it (match/match_index.c) and the index borrows the
 * corpus for its life. A query is
 * normalised once (match/normalize.h), analysed into the vocabulary tokens each of
 * its words may stand for (same, transliteration variant, misspelt, run together or
 * split), candidates come from the postings of the distinctive ones, and each
 * candidate alias is scored (match/match_score.c). One hit per subject, best first.
 *
 * Thread-safe: the index is read-only and the working memory is per thread; no
 * allocation on the query path.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/enum_names.h"
#include "lib/error.h"
#include "match/normalize.h"

/* How the best alias was matched: the subject's own name or an alias word for word,
 * through a transliteration (a Cyrillic name, an alias of kind `transliteration`, a
 * romanisation variant), or inexactly (misspelt, run together, words missing or added). */
/* MATCH_IDENTIFIER is never the matcher's: a caller that found a subject by an identifier
 * instead of a name reports it so. */
enum match_method { MATCH_EXACT, MATCH_ALIAS, MATCH_TRANSLITERATED, MATCH_FUZZY, MATCH_IDENTIFIER };

extern const struct enum_names MATCH_METHODS;

#define MATCH_DEFAULT_MIN_SCORE 0.85
#define MATCH_NEAR_MISS_SCORE 0.6 /* candidates shown down to this score (or min_score) */
/* A score within this of min_score reaches it: one printed (3 decimals) and sent back as
 * min_score must not fall short by a rounding. */
#define MATCH_SCORE_SLACK 1e-9

/* What a name is to the entity it names. */
enum match_role {
    MATCH_ROLE_OWN,             /* the entity's own name: a word-for-word hit is exact */
    MATCH_ROLE_ALIAS,           /* another name: a word-for-word hit is an alias hit */
    MATCH_ROLE_TRANSLITERATION, /* a romanisation: a hit is transliterated */
};

/* One name the matcher can find. */
struct match_name {
    const char *norm;     /* normalised text (match/normalize.h) */
    uint32_t legal;       /* legal-form symbols */
    uint32_t legal_inner; /* forms of legal-form words left inside the text */
    uint32_t entity;      /* index into match_corpus.entities */
    uint8_t rank;         /* tie-break between equal hits of one entity: lower first */
    uint8_t role;         /* enum match_role */
    bool transliterated;  /* written in another script */
    bool exact_only;      /* found only when asked as written (after normalisation) */
    uint64_t qualifiers;  /* bit i: word i is a qualifier's, which weighs little (norm_name) */
    uint64_t hyphened;    /* bit i: word i was joined to word i - 1 by a hyphen (norm_name) */
    uint8_t surnames;     /* a person's name written "SURNAMES, Given names" (the lists' way):
                           * how many of its words come before the comma; 0 when not so */
};

/* The hyphens (bit i: word i joined to word i - 1) that join words of a person's given names:
 * only a name written "SURNAMES, Given names" says which words those are ("SA'AD
 * AL-SHAMMARI": the hyphen may join a surname's article to it). */
static inline uint64_t match_given_hyphens(const struct match_name *n)
{
    return n->surnames && n->surnames < 64 ? n->hyphened >> n->surnames << n->surnames : 0;
}

/* One entity the names name. */
struct match_entity {
    const char *id;        /* the last tie-break: the same data always gives the same order */
    int kind;              /* compared with match_query.kind */
    bool person;           /* a person's patronymic middle names may be left out of a query */
    const uint32_t *names; /* into match_corpus.names; [0] the own name */
    uint32_t n_names;
};

struct match_corpus {
    const struct match_name *names;
    size_t n_names;
    const struct match_entity *entities;
    size_t n_entities;
};

struct match_index;

struct match_hit {
    uint32_t subject, alias; /* indexes into the corpus: entities and names */
    double score;            /* in [0,1], six decimals */
    enum match_method method;
    bool by_former; /* found through the former name the question gave (norm_name.former_*) */
};

struct match_query {
    const struct norm_name *name;
    int kind;         /* enum subject_kind, or -1 for any */
    double min_score; /* hits below are not returned */
};

/* How words of the question met words of a listed name, for an answer's explanation: the
 * same word, the same number, a transliteration variant, a misspelling, one word for two
 * (split) or two for one (joined), an initial for a given name; a question word that explains
 * nothing (unpaired) and a listed word not said (unsaid). */
enum match_evidence_how {
    EV_SAME,
    EV_NUMBER,
    EV_TRANSLITERATED,
    EV_TYPO,
    EV_SPLIT,
    EV_JOINED,
    EV_INITIAL,
    EV_UNPAIRED,
    EV_UNSAID,
};

extern const struct enum_names MATCH_EVIDENCE_HOWS;

struct match_evidence {
    uint8_t qpos, qlen; /* the question's tokens (norm_name.tokens); qlen 0: none */
    uint8_t apos, alen; /* the words of the listed name's normalised text; alen 0: none */
    uint8_t how;        /* enum match_evidence_how */
    float similarity;   /* of a pair; NaN for a word left over */
    float weight;       /* the listed words' weight; for an unpaired word, what it costs */
};

#define MATCH_MAX_EVIDENCE (2 * NORM_MAX_TOKENS)

struct match_explanation {
    size_t n;
    struct match_evidence e[MATCH_MAX_EVIDENCE];
    bool numbers_differ; /* the score was capped: the names state different numbers */
    bool weak;           /* capped: only a likeness of a short word was distinctive */
};

/* Explains how corpus name `alias` scores against the question `name`: the pairs the score
 * was made of, best first, then the words left over. False when the alias cannot match it
 * at all. Thread-safe; no allocation. */
bool match_explain(const struct match_index *ix, const struct norm_name *name, uint32_t alias,
                   struct match_explanation *out);

/* Fills up to `cap` hits, best first, and returns how many. Order: score, then method
 * (exact first), then the subject's own name before aliases, then subject id: the same
 * data and query always give the same order. Borrows everything for the call. */
size_t match_find(const struct match_index *ix, const struct match_query *q, struct match_hit *out,
                  size_t cap);

/* Merges `more` (hits of another question about the same thing, e.g. the former name a
 * question gave) into `out` (n hits, room for cap): one hit per subject, best first, as
 * match_find keeps them. Returns how many `out` holds. */
size_t match_merge(const struct match_index *ix, struct match_hit *out, size_t n, size_t cap,
                   const struct match_hit *more, size_t n_more);

/* Builds the index of `c`'s names. The corpus struct is copied, its arrays are borrowed
 * and must outlive the index. Caller frees the index with match_index_free(); NULL on
 * failure, with `err` set. */
struct match_index *match_index_build(const struct match_corpus *c,
                                      struct rd_error *err) RD_MUST_CHECK;
/* Frees an index made by match_index_build; NULL is ignored. */
void match_index_free(struct match_index *ix);
/* Whether corpus name `name` can only ever be found by asking it exactly (after
 * normalisation): it is marked exact_only, or none of its words is distinctive (it is made
 * of generic words, country names, small numbers and legal forms), so no partial or
 * misspelt question reaches it. */
bool match_name_exact_only(const struct match_index *ix, size_t name);
/* Bytes the index holds (0 for NULL), for reporting beside the caller's own memory. */
size_t match_index_memory(const struct match_index *ix);

#endif
