#ifndef SERVER_RATELIMIT_H
#define SERVER_RATELIMIT_H
/*
 * Per-client rate limits: a token bucket per client address, N per minute with bursts of
 * up to N, in a fixed-size table (set-associative: a client's address picks one set of a
 * few slots, with a per-process random seed so that nobody can aim at another client's
 * set). When a set is full, a slot whose bucket has refilled is reused, else the one idle
 * longest, and the newcomer inherits that bucket: memory never grows whatever the number
 * of clients, and rotating through addresses does not refill anyone's bucket (the
 * addresses that share a set then share its debt). IPv4 addresses are keyed whole, IPv6 ones
 * by their /64 prefix (one host commonly holds a whole /64).
 *
 * Used for the admin routes and for failed authentication (server/auth.c); the public
 * read routes never touch it. Thread-safe (one mutex per limiter).
 */
#include <stdbool.h>
#include <sys/socket.h>

struct ratelimit;

/* A limiter of `per_minute` per client (1 and up); NULL when out of memory. Free with
 * ratelimit_free(). */
struct ratelimit *ratelimit_new(unsigned per_minute);
void ratelimit_free(struct ratelimit *rl);

/* Takes one token for the client at `peer` (NULL: all unknown peers share one bucket).
 * True when allowed; false when its bucket is empty, with the whole seconds until a
 * token is back in *retry_after (at least 1). */
bool ratelimit_take(struct ratelimit *rl, const struct sockaddr *peer, unsigned *retry_after);

/* Would ratelimit_take allow it now? Takes nothing. */
bool ratelimit_allows(struct ratelimit *rl, const struct sockaddr *peer, unsigned *retry_after);

#endif
