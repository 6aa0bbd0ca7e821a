#ifndef RULINGS_CURSOR_H
#define RULINGS_CURSOR_H
/*
 * Opaque page cursors for the lists (subjects, rulings, sources). A list is ordered by
 * (rank descending, id ascending) -- rank is the match score of a search, 0 otherwise --
 * and a cursor holds the position of the last item sent, not an offset: the next page
 * starts strictly after it. So a cursor keeps working when the data changes between
 * pages (a new snapshot): every record present throughout a walk is sent exactly once,
 * and one added or removed meanwhile may or may not be. The cursor also holds a hash of
 * the filters it was made for, so that it is not reused with others, and the revision it
 * was made at (for diagnosis). Text form: base64url (no padding) of
 * "1|<revision>|<filters hash, hex>|<rank bits, hex, or ->|<id>|<checksum>", the
 * checksum (of what precedes it) catching a cursor altered or cut short.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

#define CURSOR_MAX_ID 100   /* ids are slugs of at most 100 bytes */
#define CURSOR_TEXT_MAX 256 /* encoded length, with the NUL */

struct cursor {
    int64_t revision;
    uint64_t filters;
    bool ranked;
    double rank;
    char id[CURSOR_MAX_ID + 1];
};

/* Writes the text form into out (at least CURSOR_TEXT_MAX bytes). */
void cursor_encode(const struct cursor *c, char *out, size_t size);

/* The text form of any payload ("1|...|<id>"): checksum appended, base64url. What
 * cursor_encode uses; tests use it to make cursors that are well sealed but wrong inside. */
void cursor_pack(const char *payload, char *out, size_t size);

/* Parses a cursor; false, with the reason in `err`, when `text` is not one this server
 * made. */
bool cursor_decode(const char *text, size_t len, struct cursor *out,
                   struct rd_error *err) RD_MUST_CHECK;

#endif
