#ifndef HANDLERS_SCREEN_AHEAD_H
#define HANDLERS_SCREEN_AHEAD_H
/*
 * A long screening on two cores: a second thread screens rows ahead of the stream, in
 * chunks of SCREEN_CHUNK_ROWS, while the stream's own thread screens the chunks nobody has
 * taken yet and gives every chunk out in order. Each thread reads the body with its own
 * reader (skipping the rows of the chunks it does not take: reading a row costs a small
 * part of screening it), so nothing read is shared but the snapshot, read-only.
 *
 * The answer is the very bytes the one-thread path writes: chunks are screened with every
 * row in full (or compact, when asked), and the stream checks, row by row, the bound on the
 * answer's size (screen_totals.full_budget) as it gives them out; the first row past the
 * bound ends the parallel part, and the rest is screened by the stream's thread alone, in
 * the summary form, as before.
 *
 * At most (cores - 1) such threads run in the process at once; a screening that finds
 * none free runs on its own thread, as a short one always does.
 */
#include <stdbool.h>
#include <stddef.h>

#include "handlers/screen.h"
#include "handlers/screen_input.h"
#include "lib/strbuf.h"

#define SCREEN_CHUNK_ROWS 32
#define SCREEN_AHEAD_SLOTS 4 /* chunks screened but not yet given out, at most */

/* Screens one row (raw) into `out`, adding to `t`: the job's own row function. */
typedef void screen_row_fn(void *ctx, const struct screen_raw *raw, struct strbuf *out,
                           struct screen_totals *t);

/* What the second thread needs to read the body: borrowed until screen_ahead_stop. */
struct screen_body {
    enum screen_format format;
    const char *body;
    size_t len;
    struct screen_columns columns;
    size_t rows; /* counted before answering */
};

struct screen_ahead;

/* Starts the second thread when the list is long enough and a core is free; NULL
 * otherwise (the caller screens alone). `totals` is the pattern of each chunk's totals
 * (compact, sign); `fn(ctx, ...)` must be safe to run on two threads at once. */
struct screen_ahead *screen_ahead_start(const struct screen_body *b, screen_row_fn *fn, void *ctx,
                                        const struct screen_totals *totals);

enum ahead_status {
    AHEAD_ROWS,  /* a chunk's rows were given out */
    AHEAD_END,   /* every row was given out */
    AHEAD_ALONE, /* the bound on the answer falls in the next chunk: the caller screens the
                  * rest alone with `reader`, now at the first row not given out */
};

/* Gives out the next chunk's rows into `out` and adds them to `t` (the answer's totals),
 * screening with `reader` (the stream's own, at row `*pos`, 0-based) the chunks nobody
 * has taken while it waits. */
enum ahead_status screen_ahead_next(struct screen_ahead *a, struct screen_reader *reader,
                                    size_t *pos, struct strbuf *out, struct screen_totals *t);

/* How many second threads were started since the process began (for the tests). */
unsigned long screen_ahead_started(void);

/* Stops the second thread (waiting for the chunk it is on) and frees everything. */
void screen_ahead_stop(struct screen_ahead *a);

#endif
