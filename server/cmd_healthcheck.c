/* restrictd healthcheck [PATH]: asks the server this configuration describes (its
 * RESTRICTD_LISTEN, a wildcard address meaning this host) for PATH (default /readyz)
 * and exits 0 on 200, 1 otherwise. The container's HEALTHCHECK, so that the image
 * needs no HTTP client. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "server/commands.h"

enum { TIMEOUT_SECONDS = 3 };

/* Splits "host:port" / "[v6]:port" and maps wildcard hosts to loopback. */
static bool target(const char *listen, char *host, size_t hsize, char *port, size_t psize)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1] || (size_t)(colon - listen) >= hsize || strlen(colon + 1) >= psize)
        return false;
    snprintf(port, psize, "%s", colon + 1);
    size_t n = (size_t)(colon - listen);
    memcpy(host, listen, n);
    host[n] = '\0';
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        memmove(host, host + 1, n - 2);
        host[n - 2] = '\0';
    }
    if (!*host || strcmp(host, "0.0.0.0") == 0 || strcmp(host, "*") == 0)
        snprintf(host, hsize, "127.0.0.1");
    else if (strcmp(host, "::") == 0)
        snprintf(host, hsize, "::1");
    return true;
}

static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res) return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        struct timeval tv = {TIMEOUT_SECONDS, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* bounds connect() too */
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

int cmd_healthcheck(const struct config *cfg, const char *path)
{
    char host[256], port[16];
    if (!path) path = "/readyz";
    if (path[0] != '/' || strpbrk(path, " \r\n")) {
        fprintf(stderr, "restrictd healthcheck: PATH must be a path such as /readyz\n");
        return 2;
    }
    if (!target(cfg->listen, host, sizeof host, port, sizeof port)) {
        fprintf(stderr, "restrictd healthcheck: RESTRICTD_LISTEN=%s is not host:port\n",
                cfg->listen);
        return 2;
    }
    int fd = connect_to(host, port);
    if (fd < 0) {
        fprintf(stderr, "restrictd healthcheck: cannot connect to %s port %s\n", host, port);
        return 1;
    }
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
    char resp[64] = "";
    size_t got = 0;
    if (n > 0 && (size_t)n < sizeof req && send(fd, req, (size_t)n, MSG_NOSIGNAL) == n) {
        ssize_t r;
        while (got < sizeof resp - 1 && (r = recv(fd, resp + got, sizeof resp - 1 - got, 0)) > 0)
            got += (size_t)r;
    }
    close(fd);
    resp[got] = '\0';
    /* "HTTP/1.1 200 OK" */
    const char *sp = strchr(resp, ' ');
    if (strncmp(resp, "HTTP/1.", 7) == 0 && sp && strncmp(sp + 1, "200", 3) == 0) return 0;
    char *eol = strpbrk(resp, "\r\n");
    if (eol) *eol = '\0';
    fprintf(stderr, "restrictd healthcheck: %s%s: %s\n", host, path, got ? resp : "no answer");
    return 1;
}
