/* server/ratelimit.c: per-client token buckets in a fixed table. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
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

static struct sockaddr_storage v4(uint32_t host_order)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(host_order);
    return ss;
}

Test(ratelimit, rotating_addresses_does_not_refill_buckets)
{
    /* The review's attack: 4,080 addresses, 12 wrong tokens each, against 10 a minute and
     * a table of 2,048 slots. When evicting forgot a client's debt, every address came
     * back with a full bucket: 40,800 of 48,960 allowed. Now a newcomer that evicts a
     * client in debt inherits its bucket. */
    struct ratelimit *rl = ratelimit_new(10);
    unsigned wait = 0, allowed = 0, tries = 0;
    for (uint32_t i = 0; i < 4080; i++) {
        struct sockaddr_storage ss = v4(0x7f000001u + i);
        for (int k = 0; k < 12; k++, tries++)
            allowed += ratelimit_take(rl, SA(ss), &wait);
    }
    /* at most a full bucket per slot of the table (256 sets of 8), a few refills aside */
    cr_expect_leq(allowed, 256u * 8u * 10u + 100u, "%u of %u allowed", allowed, tries);
    struct sockaddr_storage fresh = v4(0x0a000001u);
    cr_expect(!ratelimit_take(rl, SA(fresh), &wait), "a new address in a set in debt");
    cr_expect_geq(wait, 1u);
    printf("ratelimit: %u addresses x 12 wrong tokens at 10/min: %u of %u allowed (%.0f%%)\n",
           4080u, allowed, tries, 100.0 * allowed / tries);
    ratelimit_free(rl);
}

Test(ratelimit, clients_at_rest_are_forgotten_first)
{
    /* 100,000 clients that took nothing fill the table with full buckets: forgetting them
     * loses nothing, so a newcomer still starts with a full bucket. */
    struct ratelimit *rl = ratelimit_new(10);
    unsigned wait = 0;
    for (uint32_t i = 0; i < 100000; i++) {
        struct sockaddr_storage ss = v4(0x0a000000u + i);
        cr_assert(ratelimit_allows(rl, SA(ss), &wait), "peeking takes nothing");
    }
    struct sockaddr_storage one = v4(0x0b000001u);
    cr_expect_eq(burst(rl, SA(one), 20, &wait), 10u, "a newcomer among clients at rest");
    ratelimit_free(rl);
}
