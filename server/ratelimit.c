#include "server/ratelimit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

enum { SETS = 256, WAYS = 8, KEY_LEN = 16 };

struct slot {
    unsigned char key[KEY_LEN];
    bool used;
    double tokens; /* what the bucket held at `at` */
    int64_t at;    /* monotonic milliseconds of the last refill */
};

struct ratelimit {
    pthread_mutex_t lock;
    double capacity;
    double per_ms; /* tokens regained per millisecond */
    uint64_t seed;
    struct slot slots[SETS][WAYS];
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct ratelimit *ratelimit_new(unsigned per_minute)
{
    if (per_minute == 0) return NULL;
    struct ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl) return NULL;
    pthread_mutex_init(&rl->lock, NULL);
    rl->capacity = per_minute;
    rl->per_ms = per_minute / 60000.0;
    if (getrandom(&rl->seed, sizeof rl->seed, GRND_NONBLOCK) != (ssize_t)sizeof rl->seed)
        rl->seed = (uint64_t)now_ms() * 0x9e3779b97f4a7c15ull; /* any seed beats none */
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl) return;
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

/* The client's key: an IPv4 address as ::ffff:a.b.c.d, an IPv6 address's first 64 bits,
 * all zeros for anything else. */
static void key_of(const struct sockaddr *peer, unsigned char key[KEY_LEN])
{
    memset(key, 0, KEY_LEN);
    if (peer && peer->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)(const void *)peer;
        key[10] = key[11] = 0xff;
        memcpy(key + 12, &v4->sin_addr, 4);
    } else if (peer && peer->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)(const void *)peer;
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(v6->sin6_addr.s6_addr, mapped, sizeof mapped) == 0)
            memcpy(key, v6->sin6_addr.s6_addr, KEY_LEN); /* an IPv4 client on a v6 socket */
        else
            memcpy(key, v6->sin6_addr.s6_addr, 8);
    }
}

static unsigned set_of(const struct ratelimit *rl, const unsigned char key[KEY_LEN])
{
    uint64_t h = 1469598103934665603ull ^ rl->seed;
    for (size_t i = 0; i < KEY_LEN; i++) {
        h ^= key[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 29;
    return (unsigned)(h % SETS);
}

static double refilled(const struct ratelimit *rl, const struct slot *s, int64_t now)
{
    double tokens = s->tokens + (double)(now - s->at) * rl->per_ms;
    return tokens > rl->capacity ? rl->capacity : tokens;
}

/* Which slot of a set a newcomer takes: a free one, else one whose bucket is full again
 * (forgetting it loses nothing), else the one idle longest. */
static bool better_victim(const struct ratelimit *rl, const struct slot *cand,
                          const struct slot *victim, int64_t now)
{
    if (!victim->used) return false;
    if (!cand->used) return true;
    bool cand_rested = refilled(rl, cand, now) >= rl->capacity;
    bool victim_rested = refilled(rl, victim, now) >= rl->capacity;
    if (cand_rested != victim_rested) return cand_rested;
    return cand->at < victim->at;
}

/* The client's slot, refilled to now: its own, else a free one or one at rest (the
 * newcomer starts with a full bucket), else the one idle longest, whose bucket the
 * newcomer inherits. So a client cannot empty its bucket, move to other addresses until
 * its slot is taken over, and come back full: what a set owes stays owed, however many
 * addresses pass through it. Called with the lock held. */
static struct slot *find(struct ratelimit *rl, const struct sockaddr *peer, int64_t now)
{
    unsigned char key[KEY_LEN];
    key_of(peer, key);
    struct slot *set = rl->slots[set_of(rl, key)], *victim = &set[0];
    struct slot *s = NULL;
    for (int i = 0; i < WAYS && !s; i++) {
        if (set[i].used && memcmp(set[i].key, key, KEY_LEN) == 0)
            s = &set[i];
        else if (i > 0 && better_victim(rl, &set[i], victim, now))
            victim = &set[i];
    }
    if (!s) {
        s = victim;
        s->tokens = s->used ? refilled(rl, s, now) : rl->capacity;
        s->at = now;
        memcpy(s->key, key, KEY_LEN);
        s->used = true;
    }
    s->tokens = refilled(rl, s, now);
    s->at = now;
    return s;
}

static unsigned wait_s(const struct ratelimit *rl, const struct slot *s)
{
    double ms = (1.0 - s->tokens) / rl->per_ms;
    unsigned secs = (unsigned)((ms + 999.0) / 1000.0); /* rounded up */
    return secs ? secs : 1;
}

static bool take_or_peek(struct ratelimit *rl, const struct sockaddr *peer, unsigned *retry_after,
                         bool take)
{
    int64_t now = now_ms();
    pthread_mutex_lock(&rl->lock);
    struct slot *s = find(rl, peer, now);
    bool ok = s->tokens >= 1.0;
    if (ok && take) s->tokens -= 1.0;
    if (!ok) *retry_after = wait_s(rl, s);
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

bool ratelimit_take(struct ratelimit *rl, const struct sockaddr *peer, unsigned *retry_after)
{
    return take_or_peek(rl, peer, retry_after, true);
}

bool ratelimit_allows(struct ratelimit *rl, const struct sockaddr *peer, unsigned *retry_after)
{
    return take_or_peek(rl, peer, retry_after, false);
}
