#ifndef TESTS_BENCH_GEN_WORDS_H
#define TESTS_BENCH_GEN_WORDS_H
/*
 * Synthetic organisation names for the matching benchmark: a seeded generator shared
 * by match_gen (the list) and match_bench (unrelated query names drawn from the same
 * distributions). See match_gen.c for the distribution.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEN_MAX 256
#define GEN_WORDS 8
#define GEN_ALIAS_KINDS 4

struct gen {
    uint64_t state;
    char (*pool)[16]; /* name words */
    double *pool_cdf; /* Zipf */
    size_t npool;
    double generic_cdf[128];
};

struct gen_name {
    const char *words[GEN_WORDS]; /* name and generic words, lower case, in order */
    bool distinctive[GEN_WORDS];
    unsigned nwords;
    const char *form; /* legal form or NULL */
    bool form_first;
};

/* Allocates the word pool: free it with gen_free(). False on allocation failure. */
bool gen_init(struct gen *g, uint64_t seed);
void gen_free(struct gen *g);
double gen_uniform(struct gen *g); /* [0, 1) */
uint64_t gen_next(struct gen *g);
void gen_org(struct gen *g, struct gen_name *out);
/* "Petrotrans Shipping Group LLC": title case, the form in its place. */
void gen_render(const struct gen_name *n, char *out, size_t size);
/* Alias number k (0..GEN_ALIAS_KINDS-1) of a name, if this one gets it: writes it and
 * returns its kind ("former", "brand", "legal"), else NULL. */
const char *gen_alias(struct gen *g, const struct gen_name *n, int k, char *out, size_t size);

#endif
