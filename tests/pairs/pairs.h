#ifndef TESTS_PAIRS_PAIRS_H
#define TESTS_PAIRS_PAIRS_H
/*
 * Published labelled name pairs (tests/data/pairs, PROVENANCE.md there): two names and
 * whether they name the same entity, written by projects other than this one. Read by
 * pairs_data.c, scored and reported by pairs_eval.c.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"
#include "lib/error.h"

/* What the pair names, from the files' `schema` column (FollowTheMoney schema names). */
enum pair_kind { KIND_ORGANISATION, KIND_VESSEL, KIND_PERSON, KIND_COUNT };

/* The script of a name, from its letters' code points; a pair's script is the first
 * script other than Latin that either name is written in, else Latin. */
enum pair_script {
    SCRIPT_LATIN,
    SCRIPT_CYRILLIC,
    SCRIPT_ARABIC,
    SCRIPT_CJK,
    SCRIPT_OTHER,
    SCRIPT_COUNT
};

extern const char *const PAIR_KIND_NAMES[KIND_COUNT];
extern const char *const PAIR_SCRIPT_NAMES[SCRIPT_COUNT];

struct pair {
    const char *name1;    /* the question */
    const char *name2;    /* the listed name */
    const char *group;    /* the file's own case group (its `case_group` column) */
    const char *category; /* the file's own label of the variation ("" when none) */
    unsigned source;      /* index into the table of files (pairs_eval.c) */
    enum pair_kind kind;
    enum pair_script script;
    bool cross;    /* the two names are written in different scripts */
    bool is_match; /* the label: the same entity */
    bool weak;     /* the file says the label is borderline (quality WEAK) */
    double score;  /* the matcher's score of name1 against name2's entity; 0 when not found */
};

struct pair_set {
    struct arena arena; /* every string */
    struct pair *pairs;
    size_t n, cap;
    size_t skipped; /* rows of a schema the evaluation does not cover (LegalEntity is kept) */
};

/* Appends the rows of one CSV file (columns case_group, schema, name1, name2, is_match,
 * quality, category, ...) as pairs of source `source`. False, said why on stderr, when the
 * file cannot be read or a row is malformed. */
bool pairs_load(struct pair_set *set, const char *path, unsigned source) RD_MUST_CHECK;

/* Frees everything the set holds. */
void pairs_free(struct pair_set *set);

/* The script a name is written in (see enum pair_script): the first letter outside Latin
 * decides; a name with none is Latin. */
enum pair_script pairs_script_of(const char *name);

#endif
