#ifndef SERVER_SPOOL_H
#define SERVER_SPOOL_H
/*
 * A request body kept on disk instead of in memory (routes flagged ROUTE_SPOOLED_BODY: the
 * imports of whole lists, up to RESTRICTD_MAX_IMPORT_BODY): a private directory made with
 * mkdtemp under $TMPDIR (default /tmp), holding the body as `body` and whatever a handler
 * derives from it (the parts of a multipart form). Everything in it is removed with it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/error.h"

struct spool {
    char dir[256]; /* "" until the first write */
    FILE *body;
    size_t len;
};

/* Appends to the body, making the directory on the first call. False (err says why: no
 * space, no temporary directory) when the bytes could not be written. */
bool spool_write(struct spool *s, const char *data, size_t n, struct rd_error *err) RD_MUST_CHECK;
/* Flushes the body; its path into out (empty when nothing was written). */
bool spool_finish(struct spool *s, char *out, size_t size, struct rd_error *err) RD_MUST_CHECK;
/* The directory, made if need be ("" when it cannot be). */
const char *spool_dir(struct spool *s, struct rd_error *err);
/* Removes every file of the directory and the directory. */
void spool_free(struct spool *s);

#endif
