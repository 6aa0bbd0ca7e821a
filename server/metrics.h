#ifndef SERVER_METRICS_H
#define SERVER_METRICS_H
/*
 * Process metrics in the Prometheus text format (GET /metrics).
 *
 * Two kinds of numbers:
 *  - request counters, updated on the request path: by route (the index in the
 *    route table of server/routes.c, or METRICS_UNMATCHED) and status, plus a
 *    latency histogram per route and the requests in flight. They live in
 *    per-thread shards of relaxed atomics, so a request never takes a lock or
 *    shares a cache line with another worker; a scrape sums the shards.
 *  - gauges and counters owned by other parts (the snapshot, the listener, a
 *    connection pool), read only when scraped, through collectors: a function
 *    registered with metrics_add_collector() that writes its families with
 *    metrics_family() and metrics_sample(). db/ knows nothing of metrics: the
 *    server registers a collector that reads db's stats structs (see
 *    server/metrics_sources.c for the listener; a pool adds one the same way).
 *
 * Everything is process-wide. metrics_init() before the first request,
 * metrics_shutdown() after the last; before init the request calls do nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/strbuf.h"

#define METRICS_UNMATCHED (-1) /* a request that fit no route (404, 405, OPTIONS) */

/* Sizes the counters for the route table. False when out of memory (then the request
 * counters stay off and the collectors still work). */
bool metrics_init(void) RD_MUST_CHECK;
/* Frees the counters and forgets the collectors. No request may be running. */
void metrics_shutdown(void);

/* The request path: call begin when a request arrives and end when it is done (answered,
 * or abandoned with status 0). Lock-free, no allocation. */
void metrics_request_begin(void);
/* A connection was closed to make room for a new client. */
void metrics_connection_evicted(void);
void metrics_request_end(int route, unsigned status, uint64_t duration_ns);

/* ---- collectors ---- */

struct metrics_out;
typedef void metrics_collect_fn(struct metrics_out *out, void *ctx);

/* Registers `fn(out, ctx)` to run on every scrape, in registration order; `ctx` is
 * borrowed until metrics_remove_collector(). False when the table is full. */
bool metrics_add_collector(metrics_collect_fn *fn, void *ctx) RD_MUST_CHECK;
void metrics_remove_collector(metrics_collect_fn *fn, void *ctx);

/* Starts a family: `type` is "counter", "gauge" or "histogram"; `help` one line. */
void metrics_family(struct metrics_out *out, const char *name, const char *type, const char *help);
/* One sample of the current family. `labels` is NULL or the text between the braces,
 * already escaped: `state="idle"`. Non-finite values print as NaN / +Inf / -Inf. */
void metrics_sample(struct metrics_out *out, const char *name, const char *labels, double value);
/* Appends `value` to `out` escaped for a label value (backslash, quote, newline). */
void metrics_escape_label(struct strbuf *sb, const char *value);

/* Renders every family (request counters, process, then the collectors) into `sb`. */
void metrics_render(struct strbuf *sb);

/* The histogram's upper bounds in seconds (for tests and documentation). */
size_t metrics_buckets(const double **bounds);

#endif
