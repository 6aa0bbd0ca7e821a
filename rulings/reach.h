#ifndef RULINGS_REACH_H
#define RULINGS_REACH_H
/*
 * The rulings that reach a subject (rulings/evaluate.h says along which relations), each
 * with the nearest path the ruling's reach admits. Collected into a growing set, one
 * starting subject after another; used by evaluate().
 */
#include "rulings/evaluate.h"

#define REACH_MAX_VISITED (EVAL_MAX_HOPS + 1)

struct reach_set {
    const struct snapshot *s;
    struct applied *items; /* malloc'd; the caller frees */
    size_t n, cap;
    bool failed;   /* out of memory: the set is incomplete */
    uint32_t from; /* the starting subject being collected */
    uint32_t visited[REACH_MAX_VISITED];
    size_t nvisited;
};

/* Adds the rulings reaching `subject` to `c` (c->s set, the rest zero at first). */
void reach_collect(struct reach_set *c, uint32_t subject);

#endif
