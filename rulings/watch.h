#ifndef RULINGS_WATCH_H
#define RULINGS_WATCH_H
/*
 * Watching: a portfolio item's question asked of a snapshot "now", the answer as the
 * few fields kept and compared (verdict, since, rulings), and the instants at which
 * answers can change without any change of the data (a ruling beginning or ending, a
 * suspension window opening or closing). Pure: no SQL, no HTTP (issue 18).
 * The question is answered by check_answer, as /v1/check and /v1/screen answer it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "rulings/snapshot.h"

/* An item's question as stored: already checked when the item was written (NULL = not
 * said). `kind` is a subject kind's name; `identifier` is normalised. */
struct watch_question {
    const char *name;
    const char *kind, *jurisdiction, *binds, *purpose, *category, *identifier;
};

#define WATCH_RULINGS_MAX 2048 /* bytes of ruling ids one answer keeps */

/* What is kept of an answer: the verdict (enum verdict_kind), since when, and the ids of
 * the rulings in effect as a compact JSON array (["a","b"], as PostgreSQL's to_json writes
 * a text[]), oldest first (at most CHECK_SUMMARY_RULINGS of them). */
struct watch_answer {
    int verdict;
    bool has_since;
    int64_t since;
    char rulings[WATCH_RULINGS_MAX];
};

/* Answers `q` of `s` at `as_of`. False when the question cannot be asked (a name the
 * checker refuses; never for a question stored after checking). */
bool watch_answer(const struct snapshot *s, const struct watch_question *q, int64_t as_of,
                  struct watch_answer *out) RD_MUST_CHECK;

/* Do two answers differ in what is watched (verdict, since, rulings)? */
bool watch_answer_changed(const struct watch_answer *a, const struct watch_answer *b);

/* The first instant strictly after `t` at which some ruling of `s` begins, ends, or has a
 * suspension begin or end; INT64_MAX when none. */
int64_t watch_next_instant(const struct snapshot *s, int64_t t);

/* The first ruling (in the snapshot's order) with an instant in (after, upto]; its index
 * into s->rulings and the instant in *at. False when there is none. */
bool watch_instant_cause(const struct snapshot *s, int64_t after, int64_t upto, size_t *ruling,
                         int64_t *at);

#endif
