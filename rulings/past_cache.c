#include "rulings/past_cache.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

struct slot {
    struct snapshot *snap; /* NULL: free */
    struct past_span span;
    uint64_t used; /* the tick of the last use: the smallest goes first */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t built; /* signalled when a build ends */
    struct slot slots[PAST_CACHE_SLOTS];
    int64_t building[PAST_CACHE_SLOTS * 4]; /* revisions being built (0: none) */
    uint64_t tick;
    struct past_cache_stats stats;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER, .built = PTHREAD_COND_INITIALIZER};

#define N_BUILDING (sizeof cache.building / sizeof *cache.building)

/* The slot of `revision`, or NULL; with the lock held. */
static struct slot *find(int64_t revision)
{
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++)
        if (cache.slots[i].snap && cache.slots[i].span.revision == revision) return &cache.slots[i];
    return NULL;
}

/* A new reference to a slot's snapshot, marked used; with the lock held. */
static struct snapshot *use(struct slot *s, struct past_span *span)
{
    s->used = ++cache.tick;
    if (span) *span = s->span;
    return snapshot_retain(s->snap);
}

struct snapshot *past_cache_get(int64_t revision, struct past_span *span)
{
    pthread_mutex_lock(&cache.lock);
    struct slot *s = find(revision);
    struct snapshot *snap = s ? use(s, span) : NULL;
    if (snap) cache.stats.hits++; /* a miss is counted by past_cache_obtain, which follows */
    pthread_mutex_unlock(&cache.lock);
    return snap;
}

struct snapshot *past_cache_get_known_at(int64_t known_at_us, struct past_span *span)
{
    pthread_mutex_lock(&cache.lock);
    struct snapshot *snap = NULL;
    for (size_t i = 0; i < PAST_CACHE_SLOTS && !snap; i++) {
        struct slot *s = &cache.slots[i];
        if (s->snap && s->span.published && s->span.next_at_us && s->span.at_us <= known_at_us &&
            known_at_us < s->span.next_at_us)
            snap = use(s, span);
    }
    if (snap) cache.stats.hits++; /* a miss is counted by past_cache_obtain, which follows */
    pthread_mutex_unlock(&cache.lock);
    return snap;
}

/* Keeps `snap` (taking a reference) in a free slot or the least recently used one; with
 * the lock held. The snapshot dropped is returned, to be released without the lock. */
static struct snapshot *keep(struct snapshot *snap, const struct past_span *span)
{
    struct slot *victim = &cache.slots[0];
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++) {
        struct slot *s = &cache.slots[i];
        if (!s->snap) {
            victim = s;
            break;
        }
        if (s->used < victim->used) victim = s;
    }
    struct snapshot *dropped = victim->snap;
    if (dropped) cache.stats.bytes -= snapshot_memory_held(dropped);
    if (!dropped) cache.stats.entries++;
    victim->snap = snapshot_retain(snap);
    victim->span = *span;
    victim->used = ++cache.tick;
    cache.stats.bytes += snapshot_memory_held(snap);
    return dropped;
}

/* Whether `revision` is being built; with the lock held. */
static int64_t *building_slot(int64_t revision)
{
    for (size_t i = 0; i < N_BUILDING; i++)
        if (cache.building[i] == revision) return &cache.building[i];
    return NULL;
}

static uint64_t ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int64_t ms = (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
    return ms > 0 ? (uint64_t)ms : 0;
}

/* Builds without the lock, then keeps what was built; with the lock held on entry and
 * return, `mark` the building slot taken. */
static struct snapshot *build_and_keep(const struct past_span *span, past_build_fn *build,
                                       void *ctx, int64_t *mark, struct rd_error *err)
{
    pthread_mutex_unlock(&cache.lock);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct snapshot *snap = NULL;
    bool ok = build(ctx, span, &snap, err);
    uint64_t ms = ms_since(&t0);
    pthread_mutex_lock(&cache.lock);
    *mark = 0;
    cache.stats.builds++;
    cache.stats.build_ms_total += ms;
    struct snapshot *dropped = NULL;
    if (ok)
        dropped = keep(snap, span);
    else
        cache.stats.build_failures++;
    pthread_cond_broadcast(&cache.built);
    pthread_mutex_unlock(&cache.lock);
    snapshot_release(dropped);
    pthread_mutex_lock(&cache.lock);
    return ok ? snap : NULL;
}

struct snapshot *past_cache_obtain(const struct past_span *span, past_build_fn *build, void *ctx,
                                   struct rd_error *err)
{
    pthread_mutex_lock(&cache.lock);
    struct snapshot *snap = NULL;
    for (;;) {
        struct slot *s = find(span->revision);
        if (s) {
            if (span->next_at_us) s->span.next_at_us = span->next_at_us; /* its span has closed */
            snap = use(s, NULL);
            cache.stats.hits++;
            break;
        }
        int64_t *mark = building_slot(span->revision);
        if (!mark) mark = building_slot(0);
        if (mark && *mark == 0) { /* nobody builds it: this thread does */
            *mark = span->revision;
            cache.stats.misses++;
            snap = build_and_keep(span, build, ctx, mark, err);
            break;
        }
        pthread_cond_wait(&cache.built, &cache.lock); /* being built, or every mark taken */
    }
    pthread_mutex_unlock(&cache.lock);
    return snap;
}

static uint64_t distance(int64_t a, int64_t b)
{
    return a > b ? (uint64_t)(a - b) : (uint64_t)(b - a);
}

size_t past_cache_kept_near(int64_t revision, struct snapshot **out, size_t cap)
{
    const struct slot *kept[PAST_CACHE_SLOTS];
    size_t n = 0;
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++)
        if (cache.slots[i].snap) kept[n++] = &cache.slots[i];
    for (size_t a = 1; a < n; a++) /* by distance, four at most */
        for (size_t b = a; b > 0 && distance(kept[b - 1]->span.revision, revision) >
                                        distance(kept[b]->span.revision, revision);
             b--) {
            const struct slot *t = kept[b];
            kept[b] = kept[b - 1];
            kept[b - 1] = t;
        }
    if (n > cap) n = cap;
    for (size_t i = 0; i < n; i++)
        out[i] = snapshot_retain(kept[i]->snap);
    pthread_mutex_unlock(&cache.lock);
    return n;
}

void past_cache_used(const struct snapshot *snap)
{
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++)
        if (cache.slots[i].snap == snap) cache.slots[i].used = ++cache.tick;
    pthread_mutex_unlock(&cache.lock);
}

struct past_cache_stats past_cache_stats(void)
{
    pthread_mutex_lock(&cache.lock);
    struct past_cache_stats st = cache.stats;
    pthread_mutex_unlock(&cache.lock);
    return st;
}

void past_cache_clear(void)
{
    struct snapshot *dropped[PAST_CACHE_SLOTS] = {0};
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++) {
        dropped[i] = cache.slots[i].snap;
        memset(&cache.slots[i], 0, sizeof cache.slots[i]);
    }
    cache.stats.entries = 0;
    cache.stats.bytes = 0;
    pthread_mutex_unlock(&cache.lock);
    for (size_t i = 0; i < PAST_CACHE_SLOTS; i++)
        snapshot_release(dropped[i]);
}
