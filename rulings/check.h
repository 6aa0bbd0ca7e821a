#ifndef RULINGS_CHECK_H
#define RULINGS_CHECK_H
/*
 * Answering one check, start to finish and all in memory: normalise the name,
 * find the subject, add the category rule sets the question states, evaluate their
 * rulings at as_of, render the verdict object with its coverage (docs/api.md, "Checking
 * a name"). Shared by /v1/check and /v1/screen. An empty name with a category asks about
 * the category alone.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/jsonw.h"
#include "match/normalize.h"
#include "rulings/snapshot.h"

#define CHECK_MAX_CANDIDATES 20
#define CHECK_DEFAULT_CANDIDATES 5
#define CHECK_MAX_CATEGORIES 16 /* category rule sets applied to one question at most */
#define CHECK_MAX_TIED 8        /* subjects tied with the match that contribute, at most */

/* A validated question; strings are borrowed for the call. */
struct check_request {
    const char *name;
    size_t name_len;
    int kind; /* enum subject_kind or -1 */
    int64_t as_of;
    const char *jurisdiction; /* NULL = any */
    const char *binds;        /* NULL = any; else a party the rulings bind or affect */
    const char *purpose;      /* NULL = not stated (conditions with purposes stay open) */
    const char *category;     /* NULL = none; else the category rule sets of it apply */
    const char *identifier;   /* NULL = none; else "scheme:value", normalised: the subjects
                                 carrying it are the match, before any name is matched */
    double min_score;
    unsigned limit;    /* how many candidates besides the match */
    bool no_coverage;  /* leave "coverage" out (screening rows: the summary has it) */
    bool has_known_at; /* a question about the past: "query" states known_at */
    int64_t known_at_us;
};

enum check_status { CHECK_OK, CHECK_INVALID_NAME, CHECK_NAME_TOO_LONG, CHECK_NO_MEMORY };

#define CHECK_SUMMARY_RULINGS 64
#define CHECK_SUMMARY_UNCERTAIN 8

/* The verdict as the few fields a table row needs (screening, summaries). */
struct check_summary {
    int verdict; /* enum verdict_kind */
    bool has_since;
    int64_t since;
    /* The best match (indexes into the snapshot), when `matched`. */
    bool matched;
    uint32_t subject, alias;
    double score;
    /* The rulings in effect (indexes into s->rulings), oldest first: the first
     * CHECK_SUMMARY_RULINGS of them; n_rulings counts them all. */
    uint32_t rulings[CHECK_SUMMARY_RULINGS];
    size_t n_rulings;
    /* The rulings whose being in force the facts leave open (certainty unknown): the
     * first CHECK_SUMMARY_UNCERTAIN; a "clear" beside one is not the whole story. */
    uint32_t uncertain[CHECK_SUMMARY_UNCERTAIN];
    size_t n_uncertain;
    bool has_known_at; /* the question's, for the compact view to state */
    int64_t known_at_us;
};

/* The compact view of an answer (`view=compact`, and screening rows past the bound of the
 * answer): {"view":"compact","verdict","restricted","since","match":{id,name,score}|null,
 * "rulings":[ids],"rulings_count","revision"}, then "known_at" for a question about the past. */
void check_compact_write(struct jw *w, const struct snapshot *s, const struct check_summary *cs);

/* Whether check_answer would take this name: CHECK_OK, or why not (CHECK_INVALID_NAME,
 * CHECK_NAME_TOO_LONG). For callers that must know before they answer anything else. */
enum check_status check_name_status(const char *name, size_t len);

/* Writes the verdict object as one JSON value through `w` and fills `summary` (may be
 * NULL). `w` may be NULL when only the summary is wanted (a CSV row). The snapshot is
 * borrowed. On CHECK_INVALID_NAME / CHECK_NAME_TOO_LONG nothing is written. */
enum check_status check_answer(const struct snapshot *s, const struct check_request *q,
                               struct jw *w, struct check_summary *summary);

#endif
