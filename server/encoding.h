#ifndef SERVER_ENCODING_H
#define SERVER_ENCODING_H
/*
 * Content coding of answers (RFC 9110, 8.4): gzip when the client's Accept-Encoding allows
 * it and the answer is of a compressible type and large enough (server/gzip.h); streamed
 * answers are compressed as they are produced. The gzip variant is another representation,
 * so it has its own strong validator: the identity ETag with "-gzip" inside the quotes;
 * If-None-Match is compared with the validator of the variant being sent. Every answer of a
 * compressible type says Vary: Accept-Encoding.
 */
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#include "server/http_internal.h"

/* Decides the coding of req's answer (req->gzip, req->vary_encoding). */
void encoding_choose(struct request *req);

/* The validator of the representation sent: `etag` (quoted), as the variant's when gzip. */
void encoding_etag(const struct request *req, const char *etag, char *out, size_t size);

/* A whole answer with req->gzip: its body compressed in place (on failure it goes out as
 * it is, and req->gzip is cleared). */
void encoding_apply(struct request *req);

/* Content-Encoding, and one Vary (Accept-Encoding; Origin when CORS origins are set). */
void encoding_headers(const struct request *req, struct MHD_Response *resp, unsigned status);

#endif
