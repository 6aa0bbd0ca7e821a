#ifndef SERVER_ACCEPTOR_H
#define SERVER_ACCEPTOR_H
/*
 * The listening socket, ours rather than libmicrohttpd's: a thread accepts connections and
 * hands each to the daemon (MHD_add_connection), so that a stop can take what the kernel
 * has queued and close the socket at once, without MHD_quiesce_daemon. (With epoll and a
 * thread pool, libmicrohttpd 0.9.75 removes its listening socket from each worker's epoll
 * set in two threads at once, unguarded, and aborts the process when one loses the race:
 * "Failed to remove listen FD from epoll set", an open defect of the library. A daemon
 * without a listening socket never takes that path.)
 */
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "lib/error.h"

struct acceptor;

/* Binds and listens on `addr` (SO_REUSEADDR, so that a restart need not wait for the last
 * run's connections in TIME_WAIT; not SO_REUSEPORT, with which a second instance started on
 * the port by mistake would silently take a share of its connections; an IPv6 address takes
 * IPv6 only). NULL with the reason in `err` ("Address already in use"). */
struct acceptor *acceptor_open(const struct sockaddr_storage *addr, socklen_t len,
                               struct rd_error *err);

/* The port bound (the one asked for, or the kernel's choice for port 0). */
unsigned acceptor_port(const struct acceptor *l);

/* Starts the thread that accepts connections and hands them to `daemon`, each counted in
 * `*adopting` until the daemon registers it (http.c's on_connection takes it off). A
 * connection for which admit(ctx) says false is closed at once instead (the server is full). */
bool acceptor_start(struct acceptor *l, struct MHD_Daemon *daemon, atomic_long *adopting,
                    bool (*admit)(void *ctx), void *ctx);

/* At a stop: the accepting thread ends; the kernel is told to drop new SYNs; what it has
 * queued already is accepted and handed to the daemon; then the socket is closed, so that
 * later clients are refused at connect. */
void acceptor_stop(struct acceptor *l);

/* Closes the socket if still open and frees `l` (after the daemon has stopped). */
void acceptor_free(struct acceptor *l);

#endif
