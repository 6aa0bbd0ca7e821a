#ifndef RULINGS_CHECK_H
#define RULINGS_CHECK_H
/*
 * Answering one check, start to finish and all in memory: normalise the name,
 * find the subject, evaluate its rulings at as_of, render the verdict object
 * (DESIGN.md "Answering a check"). Shared by /v1/check and /v1/screen.
 */
#include <stdbool.h>
#include <stdint.h>

#include "rulings/jsonw.h"
#include "rulings/normalize.h"
#include "rulings/snapshot.h"

#define CHECK_MAX_CANDIDATES 20
#define CHECK_DEFAULT_CANDIDATES 5

/* A validated question; strings are borrowed for the call. */
struct check_request {
    const char *name;
    size_t name_len;
    int kind;                 /* enum subject_kind or -1 */
    int64_t as_of;
    const char *jurisdiction; /* NULL = any */
    const char *binds;        /* NULL = any */
    double min_score;
    unsigned limit;           /* how many candidates besides the match */
};

enum check_status { CHECK_OK, CHECK_INVALID_NAME, CHECK_NAME_TOO_LONG, CHECK_NO_MEMORY };

/* The verdict as the few fields a table row needs (screening, summaries). */
struct check_summary {
    int verdict; /* enum verdict_kind */
    bool has_since;
    int64_t since;
};

/* Writes the verdict object as one JSON value through `w` and fills `summary` (may be
 * NULL). The snapshot is borrowed. On CHECK_INVALID_NAME / CHECK_NAME_TOO_LONG nothing
 * is written. */
enum check_status check_answer(const struct snapshot *s, const struct check_request *q,
                               struct jw *w, struct check_summary *summary);

#endif
