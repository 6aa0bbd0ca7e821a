#include "server/gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* windowBits 15 + 16: a gzip header and trailer around the deflate data */
enum { GZIP_WINDOW = 15 + 16, GZIP_MEMLEVEL = 8, GZIP_CHUNK = 16 * 1024 };

bool gzip_worth(const char *content_type)
{
    if (!content_type) return false;
    size_t n = strcspn(content_type, ";");
    static const char *const types[] = {"application/json", "application/problem+json",
                                        "application/x-ndjson", "image/svg+xml", NULL};
    for (const char *const *t = types; *t; t++)
        if (n == strlen(*t) && strncasecmp(content_type, *t, n) == 0) return true;
    return n > 5 && strncasecmp(content_type, "text/", 5) == 0;
}

struct gzip_stream {
    z_stream z;
};

struct gzip_stream *gzip_stream_new(void)
{
    struct gzip_stream *gz = calloc(1, sizeof *gz);
    if (gz && deflateInit2(&gz->z, Z_BEST_SPEED, Z_DEFLATED, GZIP_WINDOW, GZIP_MEMLEVEL,
                           Z_DEFAULT_STRATEGY) != Z_OK) {
        free(gz);
        return NULL;
    }
    return gz;
}

bool gzip_stream_put(struct gzip_stream *gz, const char *in, size_t n, bool finish,
                     struct strbuf *out)
{
    gz->z.next_in = (Bytef *)(uintptr_t)in;
    gz->z.avail_in = (uInt)n;
    int flush = finish ? Z_FINISH : Z_NO_FLUSH;
    for (;;) {
        sb_grow(out, GZIP_CHUNK);
        if (out->failed) return false;
        /* the strbuf keeps one byte for its NUL */
        size_t room = out->cap - out->len - 1;
        gz->z.next_out = (Bytef *)out->data + out->len;
        gz->z.avail_out = (uInt)room;
        int rc = deflate(&gz->z, flush);
        out->len += room - gz->z.avail_out;
        out->data[out->len] = '\0';
        if (rc == Z_STREAM_ERROR) return false;
        if (finish ? rc == Z_STREAM_END : gz->z.avail_in == 0 && gz->z.avail_out > 0) break;
    }
    return true;
}

void gzip_stream_free(struct gzip_stream *gz)
{
    if (!gz) return;
    deflateEnd(&gz->z);
    free(gz);
}

char *gzip_buffer(const char *data, size_t len, size_t *out_len)
{
    struct gzip_stream *gz = gzip_stream_new();
    struct strbuf out = {0};
    bool ok = gz && gzip_stream_put(gz, data, len, true, &out);
    gzip_stream_free(gz);
    if (!ok) {
        sb_free(&out);
        return NULL;
    }
    return sb_take(&out, out_len);
}
