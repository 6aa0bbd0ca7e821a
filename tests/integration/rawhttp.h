#ifndef TESTS_RAWHTTP_H
#define TESTS_RAWHTTP_H
/* Raw HTTP/1.1 over a socket, for requests no well-behaved client would send. */
#include <stdbool.h>
#include <stddef.h>

struct raw_reply {
    int status;     /* first status code seen; 0 if the connection closed without one */
    int responses;  /* complete responses read */
    bool timed_out; /* nothing conclusive before the deadline */
    bool closed;    /* the server closed the connection */
    char content_type[128];
    char body[4096]; /* start of the first body */
};

/* Connects to 127.0.0.1:port, sends `len` bytes, half-closes the write side when
 * `half_close`, and reads until `expect` complete responses arrived, the connection closed,
 * or `deadline_ms` passed. */
struct raw_reply raw_send(unsigned port, const char *data, size_t len, bool half_close, int expect,
                          int deadline_ms);

/* Opens a connection and returns its socket (or -1). */
int raw_connect(unsigned port);

#endif
