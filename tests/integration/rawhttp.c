#define _GNU_SOURCE /* memmem */
#include "rawhttp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int raw_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Counts complete responses in buf (headers + Content-Length body) and fills the first. */
static int parse(const char *buf, size_t len, struct raw_reply *r)
{
    int count = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *start = buf + pos;
        const char *end = memmem(start, len - pos, "\r\n\r\n", 4);
        if (!end || strncmp(start, "HTTP/1.", 7) != 0) break;
        size_t head = (size_t)(end - start) + 4;
        long body = 0;
        int status = atoi(start + 9);
        for (const char *l = start; l < end;) {
            const char *nl = memmem(l, (size_t)(end - l), "\r\n", 2);
            if (!nl) nl = end;
            if (strncasecmp(l, "Content-Length:", 15) == 0) body = atol(l + 15);
            if (count == 0 && strncasecmp(l, "Content-Type:", 13) == 0) {
                const char *v = l + 13;
                while (*v == ' ')
                    v++;
                snprintf(r->content_type, sizeof r->content_type, "%.*s", (int)(nl - v), v);
            }
            l = nl + 2;
        }
        bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
        if (no_body) body = 0;
        if (pos + head + (size_t)body > len) break;
        if (count == 0) {
            r->status = status;
            snprintf(r->body, sizeof r->body, "%.*s", (int)body, start + head);
        }
        count++;
        pos += head + (size_t)body;
    }
    return count;
}

struct raw_reply raw_send(unsigned port, const char *data, size_t len, bool half_close, int expect,
                          int deadline_ms)
{
    struct raw_reply r = {0};
    int fd = raw_connect(port);
    if (fd < 0) {
        r.closed = true;
        return r;
    }
    long deadline = now_ms() + deadline_ms;
    size_t sent = 0;
    size_t cap = 1 << 16, got = 0;
    char *buf = malloc(cap);
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    while (now_ms() < deadline) {
        p.events = POLLIN | (sent < len ? POLLOUT : 0);
        int rc = poll(&p, 1, 50);
        if (rc < 0 && errno != EINTR) break;
        if ((p.revents & POLLOUT) && sent < len) {
            ssize_t n = send(fd, data + sent, len - sent, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                sent = len; /* the server stopped reading: see what it answered */
            } else {
                sent += (size_t)n;
            }
            if (sent == len && half_close) shutdown(fd, SHUT_WR);
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            if (got + 4096 > cap) buf = realloc(buf, cap *= 2);
            ssize_t n = recv(fd, buf + got, cap - got - 1, 0);
            if (n <= 0) {
                r.closed = true;
                break;
            }
            got += (size_t)n;
            if (parse(buf, got, &r) >= expect) break;
        }
    }
    r.responses = parse(buf, got, &r);
    r.timed_out = !r.closed && r.responses < expect;
    free(buf);
    close(fd);
    return r;
}
