/* Outbound targets: parsing, resolving and refusing non-public addresses (lib/url_target.h). */
#include "lib/url_target.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

bool url_target_parse(const char *url, struct url_target *t, struct rd_error *err)
{
    memset(t, 0, sizeof *t);
    const char *p;
    if (strncasecmp(url, "https://", 8) == 0) {
        t->https = true;
        p = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        p = url + 7;
    } else {
        rd_error_set(err, "must be an http:// or https:// URL");
        return false;
    }
    size_t auth = strcspn(p, "/?#");
    if (memchr(p, '@', auth)) {
        rd_error_set(err, "must not carry a user name or password");
        return false;
    }
    for (const char *c = url; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7f) {
            rd_error_set(err, "must not contain spaces or control characters");
            return false;
        }
    const char *host = p, *end = p + auth, *colon;
    if (*host == '[') {
        const char *close = memchr(host, ']', auth);
        if (!close) {
            rd_error_set(err, "has an unterminated [IPv6 address]");
            return false;
        }
        colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
        host++;
        end = close;
    } else {
        colon = memchr(host, ':', auth);
        if (colon) end = colon;
    }
    size_t hlen = (size_t)(end - host);
    if (hlen == 0 || hlen >= sizeof t->host) {
        rd_error_set(err, "has no host, or too long a one");
        return false;
    }
    memcpy(t->host, host, hlen);
    t->port = t->https ? 443 : 80;
    if (colon) {
        char *stop;
        long port = strtol(colon + 1, &stop, 10);
        if (stop != p + auth || port < 1 || port > 65535) {
            rd_error_set(err, "has a port that is not 1 to 65535");
            return false;
        }
        t->port = (unsigned)port;
    }
    return true;
}

/* The address as 16 bytes (IPv4 mapped into ::ffff:0:0/96) for prefix tests. */
static void as_v6(const struct sockaddr *sa, unsigned char out[16])
{
    memset(out, 0, 16);
    if (sa->sa_family == AF_INET) {
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else {
        memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
}

static bool in_prefix(const unsigned char a[16], const unsigned char net[16], unsigned bits)
{
    for (unsigned i = 0; i < bits; i++) {
        unsigned byte = i / 8, mask = 0x80u >> (i % 8);
        if ((a[byte] & mask) != (net[byte] & mask)) return false;
    }
    return true;
}

/* "1.2.3.4", "1.2.3.0/24", "fe80::/10" into 16 bytes and a prefix length (of 128). */
static bool parse_block(const char *s, size_t n, unsigned char net[16], unsigned *bits)
{
    char buf[80];
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *slash = strchr(buf, '/');
    if (slash) *slash = '\0';
    struct in_addr v4;
    struct in6_addr v6;
    unsigned max;
    memset(net, 0, 16);
    if (inet_pton(AF_INET, buf, &v4) == 1) {
        net[10] = net[11] = 0xff;
        memcpy(net + 12, &v4, 4);
        max = 32;
    } else if (inet_pton(AF_INET6, buf, &v6) == 1) {
        memcpy(net, &v6, 16);
        max = 128;
    } else {
        return false;
    }
    long b = max;
    if (slash) {
        char *stop;
        b = strtol(slash + 1, &stop, 10);
        if (*stop || b < 0 || b > (long)max) return false;
    }
    *bits = (unsigned)b + (max == 32 ? 96 : 0);
    return true;
}

/* Calls fn on each block of a comma-separated list; false when one is malformed. */
static bool in_list(const char *list, const unsigned char a[16], bool *hit)
{
    *hit = false;
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        while (n && (*p == ' '))
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        unsigned char net[16];
        unsigned bits;
        if (!parse_block(p, n, net, &bits)) return false;
        if (in_prefix(a, net, bits)) *hit = true;
        p += strcspn(p, ",");
        if (*p == ',') p++;
    }
    return true;
}

/* Ranges no webhook goes to unless allowed. */
static const char REFUSED[] =
    "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,"
    "192.0.0.0/24,192.168.0.0/16,198.18.0.0/15,224.0.0.0/4,240.0.0.0/4,"
    "::/128,::1/128,fc00::/7,fe80::/10,ff00::/8,64:ff9b::/96";

bool url_allow_valid(const char *allow)
{
    unsigned char a[16] = {0};
    bool hit;
    return !allow || in_list(allow, a, &hit);
}

bool url_target_resolve(struct url_target *t, const char *allow, struct rd_error *err)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(t->host, NULL, &hints, &res);
    if (rc != 0 || !res) {
        rd_error_set(err, "the host %s does not resolve", t->host);
        return false;
    }
    bool ok = true;
    t->address[0] = '\0';
    for (struct addrinfo *ai = res; ai && ok; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
        unsigned char a[16];
        as_v6(ai->ai_addr, a);
        char text[64];
        const void *raw =
            ai->ai_family == AF_INET
                ? (const void *)&((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr
                : (const void *)&((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr;
        inet_ntop(ai->ai_family, raw, text, sizeof text);
        bool refused = false, allowed = false;
        (void)in_list(REFUSED, a, &refused);
        if (allow && !in_list(allow, a, &allowed)) allowed = false;
        if (refused && !allowed) {
            rd_error_set(
                err,
                "the host %s resolves to %s, an address of a loopback, link-local, private "
                "or reserved range (refused unless RESTRICTD_WEBHOOK_ALLOW names it)",
                t->host, text);
            ok = false;
        } else if (!t->address[0]) {
            snprintf(t->address, sizeof t->address, "%s", text);
        }
    }
    freeaddrinfo(res);
    if (ok && !t->address[0]) {
        rd_error_set(err, "the host %s has no IPv4 or IPv6 address", t->host);
        ok = false;
    }
    return ok;
}
