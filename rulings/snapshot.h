#ifndef RULINGS_SNAPSHOT_H
#define RULINGS_SNAPSHOT_H
/*
 * The immutable in-memory snapshot every read is answered from: the data set,
 * each name normalised, indexes by id and by normalised name, the relations as
 * a tree, and every ruling pre-rendered as JSON fragments. Built on the side,
 * published by rulings/current.c, shared read-only by all threads, freed when
 * the last reference is dropped.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "rulings/dataset.h"
#include "lib/error.h"
#include "lib/strmap.h"
#include "match/match.h"

#define SNAP_NONE UINT32_MAX

/* A name of a subject (its own or an alias); what the matcher reads of it is the
 * match_name of the same index in snapshot.names. */
struct snap_alias {
    const char *text;           /* as written */
    const struct rd_alias *rec; /* NULL for a subject's own name */
    uint32_t subject;
    uint8_t kind; /* enum alias_kind (a byte: there are many aliases) */
};

struct snap_subject {
    const struct rd_subject *rec;
    uint32_t parent;                    /* SNAP_NONE when it has none */
    uint32_t first_child, next_sibling; /* every subject whose parent this is */
    uint32_t *rulings;                  /* direct rulings, by effective_from */
    uint32_t n_rulings;
    uint32_t *aliases; /* into snapshot.aliases; [0] is the own name */
    uint32_t n_aliases;
};

struct snap_ruling {
    const struct rd_ruling *rec;
    uint32_t subject, source;
    /* pre-rendered around the source object (rulings/render.h, render_ruling_open) */
    const char *head, *tail;
    size_t head_len, tail_len;
};

struct snapshot {
    atomic_long refs;
    int64_t revision; /* highest change revision the data includes */
    int64_t built_at; /* unix seconds */
    /* When `revision` was committed (changes.at), microseconds since 1970; 0 when unknown
     * (no change yet, or not loaded from PostgreSQL). What a receipt states as known_at. */
    int64_t revision_at_us;
    /* This process's count of snapshots built: two snapshots of one revision (a reload
     * after a change made with the triggers off) differ by it; caches of rendered answers
     * key on it, not on the revision alone. */
    uint64_t generation;
    struct dataset ds;  /* owns the records */
    struct arena arena; /* owns everything derived */
    const struct rd_source *sources;
    const char **source_json; /* each source's JSON object, shared by its rulings */
    size_t *source_json_len;
    struct snap_subject *subjects;
    struct snap_alias *aliases;
    struct match_name *names;      /* parallel to aliases: the matcher's corpus */
    struct match_entity *entities; /* parallel to subjects */
    struct snap_ruling *rulings;
    size_t n_sources, n_subjects, n_aliases, n_rulings;
    struct strmap source_by_id, subject_by_id, ruling_by_id;
    unsigned lent_maps; /* those of the lender's maps this one took (rulings/snapshot_share.h) */
    struct match_index *match_index; /* built from names and entities; owned unless shared */
    /* aliases' texts, names, entities and match_index are the lender's (rulings/
     * snapshot_share.h): it read the same subjects and aliases */
    bool corpus_shared;
    uint32_t *categories; /* the subjects of kind category, applied when a question states one */
    size_t n_categories;
    struct strmap by_identifier; /* "scheme:value" -> first of its chain in identifier_next */
    uint32_t *identifier_subject, *identifier_next; /* per identifier occurrence */
    const char *coverage_json; /* rulings/coverage.h, for no jurisdiction and no category */
    size_t coverage_json_len;
    /* canonical forms of the rulings and the coverage, made when first needed for a
     * receipt's digest (rulings/canon_pieces.h); owned */
    struct canon_pieces *canon;
    /* The snapshot whose records `ds` shares (a past data set patched from the current one,
     * db/past_patch.h) or whose index and rendered rulings this one took (rulings/
     * snapshot_share.h), kept while this one lives; NULL when it needs none. */
    struct snapshot *lender;
    /* The snapshot whose corpus and index this one took when it is not the lender (a kept past
     * revision's: snapshot_build_among), kept while this one lives; else NULL. */
    struct snapshot *corpus_lender;
};

/* Builds a snapshot from `ds`, taking ownership of it (ds is left empty, also on failure).
 * Records whose references do not resolve are left out (PostgreSQL enforces them; a
 * revoked subject takes its rulings with it). The snapshot starts with one reference;
 * drop it with snapshot_release(). */
struct snapshot *snapshot_build(struct dataset *ds, int64_t revision,
                                struct rd_error *err) RD_MUST_CHECK;

/* The same, borrowing from `donor` (a snapshot built before; NULL: none) what it already
 * computed from records `ds` has too: the names' normal forms (by text), the matcher's
 * index when no name differs, the rulings rendered from the same records
 * (rulings/snapshot_share.h). The same snapshot, built in less time when the two share
 * most records (a past revision near the current one); it keeps `donor` alive (lender)
 * when it shares more than normal forms. */
struct snapshot *snapshot_build_like(struct dataset *ds, int64_t revision, struct snapshot *donor,
                                     struct rd_error *err) RD_MUST_CHECK;

/* The same, and when the donor's names differ from `ds`'s, the corpus and index of the first of
 * `others` (n of them; past revisions kept) whose names are the same: a revision before the
 * same list import as one asked before builds no index of its own. */
struct snapshot *snapshot_build_among(struct dataset *ds, int64_t revision, struct snapshot *donor,
                                      struct snapshot *const *others, size_t n,
                                      struct rd_error *err) RD_MUST_CHECK;

/* Adds a reference (any thread). */
struct snapshot *snapshot_retain(struct snapshot *s);
/* Drops a reference; frees the snapshot with the last one. NULL is ignored. */
void snapshot_release(struct snapshot *s);

/* Look-ups by id; NULL when absent. */
const struct snap_subject *snapshot_subject(const struct snapshot *s, const char *id);
const struct snap_ruling *snapshot_ruling(const struct snapshot *s, const char *id);
const struct rd_source *snapshot_source(const struct snapshot *s, const char *id);

/* The subjects that carry identifier `key` ("scheme:value", normalised), up to `cap`, into
 * `out`; returns how many. */
size_t snapshot_by_identifier(const struct snapshot *s, const char *key, uint32_t *out, size_t cap);

/* Bytes held by the snapshot (records and derived data), for reporting. */
size_t snapshot_memory(const struct snapshot *s);
/* What a snapshot keeps alive: its own memory and, when it shares a lender's records, the
 * whole lender's and the lender's own lender's (counted again for each snapshot sharing them,
 * even while current), and its corpus lender's likewise. */
size_t snapshot_memory_held(const struct snapshot *s);

#endif
