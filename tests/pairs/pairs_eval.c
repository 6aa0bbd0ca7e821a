/*
 * The matcher on published labelled name pairs that other projects wrote (tests/data/pairs;
 * where each file comes from and under which licence: PROVENANCE.md there).
 *
 *   build/test/tests/pairs_eval [-v]      # -v prints every failing pair, not the first 10
 *
 * For each file and kind of entity (organisations, vessels, persons) the distinct listed
 * names (the `name2` column) become the subjects of one snapshot, built as the service builds
 * its own; each question (`name1`) is asked as /v1/check asks it (match_find, and again with
 * the former name it gives), and the pair's score is the score its listed name's subject
 * gets (0 when it is not among the hits). At the default threshold (MATCH_DEFAULT_MIN_SCORE)
 * a pair is flagged when that score reaches it. Prints precision and recall with their
 * counts per file and kind and per script, the best-F1 threshold for information, and the
 * failing pairs with their scores; fails when a measured number falls below its floor
 * (pairs_report.c). Exit status: 0 when every floor holds, 1 when one does not, 2 when the
 * data cannot be read or indexed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/normalize.h"
#include "pairs_report.h"
#include "rulings/dataset.h"
#include "rulings/snapshot.h"

#define PAIRS_DIR RESTRICTD_SOURCE_DIR "/tests/data/pairs/"
#define HITS 64 /* a group's corpus is a few hundred names: the listed name is among these */

const struct pair_source PAIR_SOURCES[PAIR_SOURCE_COUNT] = {
    {"nomenklatura-name-bench.csv", "nomenklatura name_bench"},
    {"watchman-cascade-name-pairs.csv", "Cascade pairs (Watchman)"},
    {"derived-single-entity-names.csv", "names of one person"},
};

static const enum subject_kind SUBJECT_OF_KIND[KIND_COUNT] = {
    [KIND_ORGANISATION] = SUBJECT_ORGANIZATION,
    [KIND_VESSEL] = SUBJECT_VESSEL,
    [KIND_PERSON] = SUBJECT_PERSON,
};

/* The score subject `subject` gets when `name` is asked (0 when it is not among the hits):
 * the question as written, then the former name it gives, each subject keeping its better
 * hit, as rulings/check.c asks. */
static double ask(const struct snapshot *s, const char *name, uint32_t subject)
{
    static struct norm_name norm, former;
    static struct match_hit hits[HITS], more[HITS];
    if (normalize_name(name, strlen(name), &norm) != NORM_OK || !norm.ntokens) return 0;
    struct match_query q = {&norm, -1, PAIRS_ASK_FLOOR};
    size_t n = match_find(s->match_index, &q, hits, HITS);
    if (norm.former_len &&
        normalize_name(name + norm.former_off, norm.former_len, &former) == NORM_OK &&
        former.ntokens) {
        struct match_query fq = {&former, -1, PAIRS_ASK_FLOOR};
        size_t m = match_find(s->match_index, &fq, more, HITS);
        n = match_merge(s->match_index, hits, n, HITS, more, m);
    }
    for (size_t i = 0; i < n; i++)
        if (hits[i].subject == subject) return hits[i].score;
    return 0;
}

/* The data set of the distinct listed names of one group; subject_of[i] is pair i's subject
 * (for the pairs of the group). False when out of memory. */
static bool listed_names(const struct pair_set *set, unsigned src, enum pair_kind kind,
                         struct dataset *ds, uint32_t *subject_of)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        n += set->pairs[i].source == src && set->pairs[i].kind == kind;
    if (!dataset_reserve(ds, 0, n, 0, 0)) return false;
    for (size_t i = 0; i < set->n; i++) {
        const struct pair *p = &set->pairs[i];
        if (p->source != src || p->kind != kind) continue;
        size_t k = 0;
        while (k < ds->n_subjects && strcmp(ds->subjects[k].name, p->name2) != 0)
            k++;
        subject_of[i] = (uint32_t)k;
        if (k < ds->n_subjects) continue;
        char id[32];
        snprintf(id, sizeof id, "pair-%zu", k);
        struct rd_subject *sub = &ds->subjects[ds->n_subjects++];
        sub->id = arena_strdup(&ds->arena, id);
        sub->name = arena_strdup(&ds->arena, p->name2);
        sub->kind = SUBJECT_OF_KIND[kind];
        if (!sub->id || !sub->name) return false;
    }
    return true;
}

/* Scores the pairs of one file and kind; false (said why) when the snapshot cannot be built. */
static bool score_group(struct pair_set *set, unsigned src, enum pair_kind kind,
                        uint32_t *subject_of)
{
    struct dataset ds = {0};
    struct rd_error err = {0};
    if (!listed_names(set, src, kind, &ds, subject_of)) {
        dataset_free(&ds);
        fprintf(stderr, "pairs: out of memory\n");
        return false;
    }
    if (!ds.n_subjects) {
        dataset_free(&ds);
        return true;
    }
    struct snapshot *s = snapshot_build(&ds, 1, &err); /* takes ds */
    if (!s) {
        fprintf(stderr, "pairs: %s, %s: %s\n", PAIR_SOURCES[src].label, PAIR_KIND_NAMES[kind],
                err.message);
        return false;
    }
    for (size_t i = 0; i < set->n; i++) {
        struct pair *p = &set->pairs[i];
        if (p->source == src && p->kind == kind) p->score = ask(s, p->name1, subject_of[i]);
    }
    snapshot_release(s);
    return true;
}

static bool load_and_score(struct pair_set *set)
{
    for (unsigned i = 0; i < PAIR_SOURCE_COUNT; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", PAIRS_DIR, PAIR_SOURCES[i].file);
        if (!pairs_load(set, path, i)) return false;
    }
    uint32_t *subject_of = calloc(set->n + 1, sizeof *subject_of);
    bool ok = subject_of != NULL;
    for (unsigned src = 0; ok && src < PAIR_SOURCE_COUNT; src++)
        for (int k = 0; ok && k < KIND_COUNT; k++)
            ok = score_group(set, src, (enum pair_kind)k, subject_of);
    free(subject_of);
    return ok;
}

int main(int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    if (argc > 2 || (argc == 2 && !verbose)) {
        fprintf(stderr, "usage: pairs_eval [-v]\n");
        return 2;
    }
    struct pair_set set = {0};
    int rc = 2;
    if (load_and_score(&set)) rc = pairs_report(&set, verbose) ? 0 : 1;
    pairs_free(&set);
    return rc;
}
