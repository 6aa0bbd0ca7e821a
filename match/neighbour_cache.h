#ifndef MATCH_NEIGHBOUR_CACHE_H
#define MATCH_NEIGHBOUR_CACHE_H
/*
 * The fuzzy neighbours of recent query words (match/match_query.c), per thread: what the
 * look-up found for a word (the list's tokens and their similarities, in the order it found
 * them), so that the same word asked again, in this question or a later one, is answered by
 * replaying that list instead of looking it up two edits around again. Keyed by the index's
 * serial, the word and the look-up's depth: a new index never sees another's entries.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NB_MAX_WORD 32  /* longer words are not kept */
#define NB_MAX_FOUND 24 /* a word that found more is not kept (looked up each time) */

struct nb_found {
    uint32_t tok;
    float sim;
};

struct nb_entry {
    uint64_t serial; /* 0: empty */
    uint8_t depth, len, n;
    bool full; /* found more than NB_MAX_FOUND while recording */
    char word[NB_MAX_WORD];
    struct nb_found found[NB_MAX_FOUND];
};

/* This thread's entry for the word: *hit says whether it holds the word's neighbours;
 * otherwise it is emptied for nb_record, and kept once nb_done says the look-up ended.
 * NULL when the word is too long to keep. */
struct nb_entry *nb_lookup(uint64_t serial, const char *w, size_t len, unsigned depth, bool *hit);

static inline void nb_record(struct nb_entry *e, uint32_t tok, float sim)
{
    if (e->n < NB_MAX_FOUND)
        e->found[e->n++] = (struct nb_found){tok, sim};
    else
        e->full = true;
}

void nb_done(struct nb_entry *e, uint64_t serial);

#endif
