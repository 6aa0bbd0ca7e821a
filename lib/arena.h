#ifndef LIB_ARENA_H
#define LIB_ARENA_H
/*
 * A bump allocator: many small allocations, one free. Used for everything a
 * snapshot or a parsed data set owns, so that dropping either is one call.
 * Allocation failure returns NULL (callers check).
 */
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t total; /* bytes handed out, for memory reporting */
};

void *arena_alloc(struct arena *a, size_t size);    /* 16-byte aligned, zeroed */
char *arena_strdup(struct arena *a, const char *s); /* NULL in, NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a); /* frees every block; reusable */

#endif
