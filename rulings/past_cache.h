#ifndef RULINGS_PAST_CACHE_H
#define RULINGS_PAST_CACHE_H
/*
 * Snapshots of past revisions (questions with known_at or revision), kept for reuse: at
 * most PAST_CACHE_SLOTS, the least recently used dropped first (a snapshot still in use by
 * a request lives on through its reference). Each remembers when its revision was
 * recorded and when the next one was, so that a known_at inside that span is answered
 * without asking PostgreSQL. One build per revision at a time: a second request for a
 * revision being built waits for it instead of building it again. Thread-safe. Builds run
 * on the caller's thread, which is never one of libmicrohttpd's (server/past.c).
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "rulings/snapshot.h"

#define PAST_CACHE_SLOTS 4

/* The span of transaction time a past revision held: from `at_us` (its change was recorded)
 * until `next_at_us` (the next change was; 0 = none yet, the span is open). Microseconds
 * since 1970: known_at T falls in it when at_us <= T < next_at_us. */
struct past_span {
    int64_t revision, at_us, next_at_us;
    bool published; /* the revision ends its write; else no known_at names it (a revision
                       inside an import's write is asked by revision only) */
};

/* The snapshot of `revision`, kept: a new reference (release it), and its span; NULL when
 * it is not kept. Counts a hit (a miss is counted by the past_cache_obtain that follows). */
struct snapshot *past_cache_get(int64_t revision, struct past_span *span);
/* The kept snapshot whose closed span holds `known_at`, likewise; an open span never
 * answers (a later change may yet be recorded before known_at), nor one of a revision inside
 * a write (an instant there saw the state before the write). */
struct snapshot *past_cache_get_known_at(int64_t known_at_us, struct past_span *span);

/* Builds a snapshot of span->revision: fills `out` (a new reference) or says why not. */
typedef bool past_build_fn(void *ctx, const struct past_span *span, struct snapshot **out,
                           struct rd_error *err);
/* The kept snapshot of span->revision, or one built by `build` (once, even when many
 * ask at the same time) and kept. A new reference, or NULL (err says why). */
struct snapshot *past_cache_obtain(const struct past_span *span, past_build_fn *build, void *ctx,
                                   struct rd_error *err) RD_MUST_CHECK;

/* New references to the kept snapshots, those of the revisions nearest `revision` first, up to
 * `cap` (at most PAST_CACHE_SLOTS are kept); returns how many. Release each. */
size_t past_cache_kept_near(int64_t revision, struct snapshot **out, size_t cap);

/* Marks `snap`, if kept, as just used: a kept revision another was patched from is as good as
 * asked (it stays kept while nearby revisions are asked in turn). */
void past_cache_used(const struct snapshot *snap);

struct past_cache_stats {
    uint64_t hits, misses, builds, build_failures;
    uint64_t build_ms_total; /* time spent building, all builds */
    size_t entries, bytes;   /* kept now, snapshot_memory of each */
};
struct past_cache_stats past_cache_stats(void);

/* Drops every kept snapshot (tests, shutdown). */
void past_cache_clear(void);

#endif
