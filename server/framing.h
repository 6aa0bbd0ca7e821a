#ifndef SERVER_FRAMING_H
#define SERVER_FRAMING_H
/*
 * What is wrong with how a request is framed, found before any route sees it, and
 * answered on the request's first callback (so its connection closes after the answer:
 * nothing sent after a badly framed request is read as another request):
 *   - an encoded NUL (%00) in the path: 400 (it would cut the path short);
 *   - more than FRAMING_MAX_PARAMS query parameters: 400;
 *   - HTTP/1.1 without Host: 400 (RFC 9112, 3.2);
 *   - Content-Length given more than once, or with Transfer-Encoding: 400 (RFC 9112,
 *     6.3: a request smuggling vector);
 *   - a Transfer-Encoding other than chunked: 501;
 *   - a NUL in a header name or value or in a parameter name or value: 400;
 *   - an Expect other than 100-continue: 417 (RFC 9110, 10.1.1).
 */
#include <stdbool.h>

#include "server/http_internal.h"

/* Far more than any route takes (a dozen at most). */
#define FRAMING_MAX_PARAMS 64

/* Looks at the raw request target (libmicrohttpd's URI callback): NULL when it is fine,
 * else a mark for *con_cls that framing_refuse recognises. A target with too many
 * parameters has its separators blunted here, so that libmicrohttpd does not exhaust the
 * connection's memory splitting them (it then never answers). */
void *framing_request_line(const char *uri);

/* Whether `con_cls` is a mark of framing_request_line rather than a request. */
bool framing_is_mark(const void *con_cls);

/* Answers the request (not yet queued) when its framing is wrong; `mark` is what
 * framing_request_line returned (NULL: none). True when answered. */
bool framing_refuse(struct request *req, const void *mark, const char *version);

#endif
