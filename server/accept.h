#ifndef SERVER_ACCEPT_H
#define SERVER_ACCEPT_H
/*
 * Content negotiation by Accept (RFC 9110, 12.5.1), in one place for every route: an
 * answer whose media type the client's Accept does not allow becomes 406 with the type it
 * would have been. Routes that can answer in several types (POST /v1/screen) choose
 * among them themselves, before answering; this is the rule for all others.
 */
#include <stdbool.h>

#include "server/http_internal.h"

/* Does an Accept header value (NULL: none, which allows anything) allow `media` (a
 * Content-Type, its parameters ignored)? Ranges with q=0 allow nothing. */
bool accept_allows(const char *accept, const char *media);

/* Does an Accept-Encoding value allow the content coding `coding` (such as "gzip"), by name
 * or by "*", with q above 0? NULL (no header) allows none: identity only. */
bool accept_coding_allows(const char *accept_encoding, const char *coding);

/* A successful answer (not streamed) that Accept does not allow: replaced by 406 naming
 * the type. True when replaced. */
bool accept_enforce(struct request *req);

#endif
