#include "lib/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    unsigned index; /* 0 for the first block of the arena */
    _Alignas(16) unsigned char data[];
};

/* Blocks grow geometrically (64 KiB, 128 KiB ... 4 MiB): a small arena (one request)
 * stays small, and a snapshot's memory comes in blocks large enough for the allocator to
 * map them directly, so a replaced snapshot's memory goes back to the system. */
enum { ARENA_BLOCK = 64 * 1024, ARENA_MAX_SHIFT = 6 };
/* Every allocation starts on this boundary (enough for any type this program stores). */
enum { ARENA_ALIGN = 16 };

void *arena_alloc(struct arena *a, size_t size)
{
    /* A size computed from a count that overflowed is a failed allocation, not a tiny one. */
    if (size > SIZE_MAX / 2) return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        unsigned index = b ? b->index + 1 : 0;
        size_t grown = (size_t)ARENA_BLOCK << (index < ARENA_MAX_SHIFT ? index : ARENA_MAX_SHIFT);
        size_t cap = size > grown ? size : grown;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->used = 0;
        b->cap = cap;
        b->index = index;
        b->next = a->head;
        a->head = b;
    }
    RD_ASSERT(b->used <= b->cap && b->cap - b->used >= size);
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
