#ifndef LIB_URL_TARGET_H
#define LIB_URL_TARGET_H
/*
 * Where an outbound HTTP request may go (webhook targets). A URL is http or https with a
 * host and no user information; its host is resolved, and every address it resolves to
 * must be public: loopback, link-local, private (RFC 1918, fc00::/7), shared (100.64/10),
 * unspecified, multicast and reserved addresses are refused unless the allow list names
 * them. The allow list is comma-separated addresses or CIDR blocks ("127.0.0.1",
 * "10.0.0.0/8", "::1"). The address checked is the one to connect to (pin it: a second
 * lookup could answer differently).
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

#define URL_HOST_MAX 256

struct url_target {
    bool https;
    char host[URL_HOST_MAX]; /* as written, without brackets */
    unsigned port;
    char address[64]; /* the address checked, numeric */
};

/* Parses `url`; false (err says why, in words for a client) when it is not one we send to. */
bool url_target_parse(const char *url, struct url_target *t, struct rd_error *err) RD_MUST_CHECK;

/* Resolves t->host and checks every address against the refused ranges and `allow` (may be
 * NULL); fills t->address with the first. False (err says why) when the host does not
 * resolve or an address is refused. */
bool url_target_resolve(struct url_target *t, const char *allow,
                        struct rd_error *err) RD_MUST_CHECK;

/* Is `allow` a well-formed allow list? */
bool url_allow_valid(const char *allow);

#endif
