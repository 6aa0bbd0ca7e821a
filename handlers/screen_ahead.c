#include "handlers/screen_ahead.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum chunk_state { CHUNK_FREE, CHUNK_BUSY, CHUNK_DONE };

struct chunk {
    struct strbuf out;
    struct screen_totals t;
    size_t rows;
    size_t written_before_last; /* t.written before its last row: what the bound is read at */
    bool failed;
    enum chunk_state state;
};

struct screen_ahead {
    struct screen_body b;
    screen_row_fn *fn;
    void *ctx;
    struct screen_totals pattern;
    size_t chunks;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a chunk done, given out, or stopping */
    size_t next_claim, next_emit;
    bool stop;
    struct chunk slot[SCREEN_AHEAD_SLOTS];
};

static atomic_uint running;    /* second threads of all screenings */
static atomic_ulong started_n; /* second threads started since the process began */

unsigned long screen_ahead_started(void)
{
    return atomic_load(&started_n);
}

/* Moves `r` (at row *pos, 0-based) on to row `row`, reopening it when it is past that row. */
static bool reader_seek(const struct screen_body *b, struct screen_reader *r, size_t *pos,
                        size_t row)
{
    struct rd_error err = {0};
    if (*pos > row) {
        screen_reader_close(r);
        *pos = 0;
        if (screen_reader_open(r, b->format, b->body, b->len, &b->columns, &err) != SCREEN_ROW)
            return false;
    }
    for (; *pos < row; (*pos)++)
        if (screen_reader_skip(r, &err) != SCREEN_ROW) return false;
    return true;
}

/* Screens chunk k into c with the reader r (at row *pos). */
static void screen_chunk(const struct screen_ahead *a, struct chunk *c, size_t k,
                         struct screen_reader *r, size_t *pos)
{
    sb_reset(&c->out);
    c->t = a->pattern;
    c->t.continued = k > 0;
    c->rows = c->written_before_last = 0;
    c->failed = !reader_seek(&a->b, r, pos, k * SCREEN_CHUNK_ROWS);
    struct rd_error err = {0};
    const struct screen_raw *raw;
    while (!c->failed && c->rows < SCREEN_CHUNK_ROWS && *pos < a->b.rows) {
        c->failed = screen_reader_next(r, &raw, &err) != SCREEN_ROW;
        if (c->failed) break;
        (*pos)++;
        c->written_before_last = c->t.written;
        a->fn(a->ctx, raw, &c->out, &c->t);
        c->rows++;
        c->failed = c->out.failed;
    }
}

/* Takes the next chunk nobody has (the lock held): false when there is none to take now. */
static bool take(struct screen_ahead *a, size_t *k)
{
    if (a->stop || a->next_claim >= a->chunks || a->next_claim >= a->next_emit + SCREEN_AHEAD_SLOTS)
        return false;
    *k = a->next_claim++;
    a->slot[*k % SCREEN_AHEAD_SLOTS].state = CHUNK_BUSY;
    return true;
}

/* Screens chunk k (the lock held on entry and on return). */
static void screen_taken(struct screen_ahead *a, size_t k, struct screen_reader *r, size_t *pos)
{
    struct chunk *c = &a->slot[k % SCREEN_AHEAD_SLOTS];
    pthread_mutex_unlock(&a->lock);
    screen_chunk(a, c, k, r, pos);
    pthread_mutex_lock(&a->lock);
    c->state = CHUNK_DONE;
    pthread_cond_broadcast(&a->changed);
}

static void *second_thread(void *arg)
{
    struct screen_ahead *a = arg;
    struct screen_reader r;
    struct rd_error err = {0};
    size_t pos = 0, k;
    bool open =
        screen_reader_open(&r, a->b.format, a->b.body, a->b.len, &a->b.columns, &err) == SCREEN_ROW;
    pthread_mutex_lock(&a->lock);
    while (open && !a->stop && a->next_claim < a->chunks) {
        if (take(a, &k))
            screen_taken(a, k, &r, &pos);
        else
            pthread_cond_wait(&a->changed, &a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    screen_reader_close(&r);
    return NULL;
}

static unsigned cores_to_spare(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 1 ? (unsigned)cores - 1 : 0;
}

struct screen_ahead *screen_ahead_start(const struct screen_body *b, screen_row_fn *fn, void *ctx,
                                        const struct screen_totals *totals)
{
    /* an SBOM is read whole into a tree: a second reader would read it twice */
    bool document = b->columns.source == SOURCE_CYCLONEDX || b->columns.source == SOURCE_SPDX;
    if (document || b->rows < 4 * SCREEN_CHUNK_ROWS) return NULL;
    if (atomic_fetch_add(&running, 1) >= cores_to_spare()) {
        atomic_fetch_sub(&running, 1);
        return NULL;
    }
    struct screen_ahead *a = calloc(1, sizeof *a);
    if (a) {
        *a = (struct screen_ahead){.b = *b, .fn = fn, .ctx = ctx, .pattern = *totals};
        a->chunks = (b->rows + SCREEN_CHUNK_ROWS - 1) / SCREEN_CHUNK_ROWS;
        a->pattern.full_budget = SIZE_MAX; /* the stream reads the bound as it gives rows out */
        a->pattern.flagged = NULL;
        a->pattern.n_flagged = a->pattern.flagged_cap = 0;
        pthread_mutex_init(&a->lock, NULL);
        pthread_cond_init(&a->changed, NULL);
        if (pthread_create(&a->thread, NULL, second_thread, a) == 0) {
            atomic_fetch_add(&started_n, 1);
            return a;
        }
        pthread_cond_destroy(&a->changed);
        pthread_mutex_destroy(&a->lock);
        free(a);
    }
    atomic_fetch_sub(&running, 1);
    return NULL;
}

/* Adds a chunk's totals to the answer's, its flagged rows after those before it. */
static void merge(struct screen_totals *t, struct screen_totals *c)
{
    t->rows += c->rows;
    t->errors += c->errors;
    t->written += c->written;
    t->summarised += c->summarised;
    for (size_t v = 0; v < VERDICT_COUNT; v++)
        t->by_verdict[v] += c->by_verdict[v];
    t->flagged_dropped += c->flagged_dropped;
    for (size_t i = 0; i < c->n_flagged; i++) {
        struct screen_flagged *fl = screen_flagged_add(t); /* counts what it drops */
        if (fl) *fl = c->flagged[i];
    }
    free(c->flagged);
    c->flagged = NULL;
    c->n_flagged = c->flagged_cap = 0;
}

enum ahead_status screen_ahead_next(struct screen_ahead *a, struct screen_reader *reader,
                                    size_t *pos, struct strbuf *out, struct screen_totals *t)
{
    pthread_mutex_lock(&a->lock);
    size_t k = a->next_emit, taken;
    struct chunk *c = &a->slot[k % SCREEN_AHEAD_SLOTS];
    while (k < a->chunks && c->state != CHUNK_DONE) {
        if (take(a, &taken))
            screen_taken(a, taken, reader, pos);
        else
            pthread_cond_wait(&a->changed, &a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    if (k >= a->chunks) return AHEAD_END;
    if (!t->compact && c->rows && t->written + c->written_before_last >= t->full_budget) {
        /* the bound falls inside: this chunk and the rest are the stream's own */
        if (!reader_seek(&a->b, reader, pos, k * SCREEN_CHUNK_ROWS)) out->failed = true;
        return AHEAD_ALONE;
    }
    sb_append(out, c->out.data, c->out.len);
    if (c->failed) out->failed = true;
    merge(t, &c->t);
    pthread_mutex_lock(&a->lock);
    c->state = CHUNK_FREE;
    a->next_emit++;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    return AHEAD_ROWS;
}

void screen_ahead_stop(struct screen_ahead *a)
{
    if (!a) return;
    pthread_mutex_lock(&a->lock);
    a->stop = true;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    atomic_fetch_sub(&running, 1);
    for (size_t i = 0; i < SCREEN_AHEAD_SLOTS; i++) {
        sb_free(&a->slot[i].out);
        free(a->slot[i].t.flagged);
    }
    pthread_cond_destroy(&a->changed);
    pthread_mutex_destroy(&a->lock);
    free(a);
}
