#ifndef SERVER_GZIP_H
#define SERVER_GZIP_H
/*
 * gzip content coding (zlib) for answers whose client sends Accept-Encoding: gzip: whole
 * answers at once, streamed ones (POST /v1/screen) as they are produced. The fastest level:
 * JSON compresses ~10x even so, and a check must stay cheap.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"

/* Answers smaller than this go out as they are: a few hundred bytes gain nothing. */
#define GZIP_MIN_BYTES 1024

/* Is a Content-Type worth compressing (JSON, NDJSON, CSV, text, SVG)? */
bool gzip_worth(const char *content_type);

/* [data, len) gzip-compressed, malloc'd (its length in *out_len); NULL when out of memory. */
char *gzip_buffer(const char *data, size_t len, size_t *out_len);

/* A stream: gzip_stream_put compresses `n` bytes of `in` onto `out` (all of them), and with
 * `finish` ends the gzip member. False when zlib or memory failed. */
struct gzip_stream;
struct gzip_stream *gzip_stream_new(void); /* NULL when out of memory */
bool gzip_stream_put(struct gzip_stream *gz, const char *in, size_t n, bool finish,
                     struct strbuf *out);
void gzip_stream_free(struct gzip_stream *gz);

#endif
