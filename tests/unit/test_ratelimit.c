/* server/ratelimit.c: per-client token buckets in a fixed table. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>

#include "server/ratelimit.h"

/* An IPv4 or IPv6 address (by whether it has a ':'). */
static struct sockaddr_storage addr(const char *ip)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    bool six = strchr(ip, ':') != NULL;
    ss.ss_family = six ? AF_INET6 : AF_INET;
    void *to = six ? (void *)&a6->sin6_addr : (void *)&a4->sin_addr;
    cr_assert_eq(inet_pton(ss.ss_family, ip, to), 1, "%s", ip);
    return ss;
}

#define SA(x) ((const struct sockaddr *)&(x))

/* How many takes in a row succeed (up to `max`). */
static unsigned burst(struct ratelimit *rl, const struct sockaddr *peer, unsigned max,
                      unsigned *retry_after)
{
    unsigned n = 0;
    while (n < max && ratelimit_take(rl, peer, retry_after))
        n++;
    return n;
}

Test(ratelimit, zero_means_no_limiter)
{
    cr_expect_null(ratelimit_new(0));
}

Test(ratelimit, a_burst_of_the_budget_then_retry_after)
{
    struct ratelimit *rl = ratelimit_new(30);
    struct sockaddr_storage a = addr("192.0.2.1");
    unsigned wait = 0;
    cr_expect_eq(burst(rl, SA(a), 100, &wait), 30);
    cr_expect_eq(wait, 2, "30 per minute: a token every 2 s, wait %u", wait);
    cr_expect(!ratelimit_allows(rl, SA(a), &wait), "peeking agrees");
    ratelimit_free(rl);
}

Test(ratelimit, clients_are_apart_and_peeking_takes_nothing)
{
    struct ratelimit *rl = ratelimit_new(3);
    struct sockaddr_storage a = addr("192.0.2.1"), b = addr("192.0.2.2");
    unsigned wait = 0;
    for (int i = 0; i < 10; i++)
        cr_expect(ratelimit_allows(rl, SA(a), &wait));
    cr_expect_eq(burst(rl, SA(a), 10, &wait), 3);
    cr_expect_eq(wait, 20, "3 per minute: the next token in 20 s: %u", wait);
    cr_expect_eq(burst(rl, SA(b), 10, &wait), 3, "another address has its own budget");
    cr_expect_eq(burst(rl, NULL, 10, &wait), 3, "unknown peers share one");
    ratelimit_free(rl);
}

Test(ratelimit, ipv6_by_64_prefix_and_mapped_ipv4_as_ipv4)
{
    struct ratelimit *rl = ratelimit_new(4);
    struct sockaddr_storage a = addr("2001:db8:1:2::1"), b = addr("2001:db8:1:2:ffff::9"),
                            c = addr("2001:db8:1:3::1");
    unsigned wait = 0;
    cr_expect_eq(burst(rl, SA(a), 2, &wait), 2);
    cr_expect_eq(burst(rl, SA(b), 10, &wait), 2, "the same /64 shares the budget");
    cr_expect_eq(burst(rl, SA(c), 10, &wait), 4, "another /64 does not");
    struct sockaddr_storage m = addr("::ffff:192.0.2.7"), p = addr("192.0.2.7");
    cr_expect_eq(burst(rl, SA(m), 10, &wait), 4);
    cr_expect_eq(burst(rl, SA(p), 10, &wait), 0, "an IPv4 client on a v6 socket is that client");
    ratelimit_free(rl);
}

Test(ratelimit, many_clients_fit_in_the_fixed_table)
{
    struct ratelimit *rl = ratelimit_new(1);
    unsigned wait = 0;
    /* 100,000 addresses through a table of a few thousand slots: no growth, no failure;
     * the most recent clients are still remembered. */
    for (unsigned i = 0; i < 100000; i++) {
        struct sockaddr_storage ss;
        memset(&ss, 0, sizeof ss);
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(0x0a000000u + i);
        cr_assert(ratelimit_take(rl, SA(ss), &wait), "a new client starts with a full bucket");
    }
    struct sockaddr_storage last;
    memset(&last, 0, sizeof last);
    struct sockaddr_in *a = (struct sockaddr_in *)&last;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(0x0a000000u + 99999);
    cr_expect(!ratelimit_take(rl, SA(last), &wait), "the last client's bucket is still empty");
    ratelimit_free(rl);
}
