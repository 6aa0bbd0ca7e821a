/* How many connections the server takes at once (issue 15): the acceptor asks before it
 * hands a connection to libmicrohttpd. */
#include "server/http_internal.h"

#include <stdatomic.h>

#include "server/config.h"
#include "server/conns.h"

/* Connections admitted beyond RESTRICTD_MAX_CONNECTIONS, per worker thread: room for a
 * newcomer while conns_make_room closes the connection idle longest (http.c, on_connection). */
#define CONNECTION_HEADROOM 8u

/* The connections open or being handed over at most: max_connections, and a few more
 * (CONNECTION_HEADROOM a thread) so that a newcomer is served while the connection idle
 * longest makes room for it (on_connection). */
size_t http_connection_cap(const struct config *cfg)
{
    return cfg->max_connections + CONNECTION_HEADROOM * cfg->threads;
}

/* The cap is kept here, before the daemon sees the connection, never by libmicrohttpd's
 * own limit: a daemon whose worker finds itself at that limit when it takes a connection
 * handed over ("Failed to start serving new connection") leaves that worker blocked on a
 * mutex for good in 0.9.75 (seen under a burst of 150 idle connections: every later
 * connection refused, and the stop hung; gdb showed both workers in pthread_mutex_lock). */
bool http_admit(void *arg)
{
    struct http_server *srv = arg;
    if (!srv->conns) return true; /* not tracked (out of memory): the daemon's limit only */
    size_t open = conns_count(srv->conns);
    long adopting = atomic_load(&srv->adopting);
    return open + (size_t)(adopting > 0 ? adopting : 0) < http_connection_cap(srv->cfg);
}
