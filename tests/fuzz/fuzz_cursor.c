/* libFuzzer target: any bytes as a page cursor (?cursor=). A cursor that decodes encodes
 * and decodes again to the same position; any payload sealed with a valid checksum (what a
 * forger who read the source could make) is refused or decoded, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/cursor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct cursor *c)
{
    char text[CURSOR_TEXT_MAX];
    cursor_encode(c, text, sizeof text);
    struct cursor d;
    struct rd_error err = {0};
    if (!cursor_decode(text, strlen(text), &d, &err)) {
        fprintf(stderr, "a cursor we made is refused: %s (%s)\n", text, err.message);
        abort();
    }
    if (d.revision != c->revision || d.filters != c->filters || d.ranked != c->ranked ||
        (c->ranked && memcmp(&d.rank, &c->rank, sizeof d.rank) != 0) || strcmp(d.id, c->id) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cursor c;
    struct rd_error err = {0};
    if (cursor_decode((const char *)data, size, &c, &err)) round_trip(&c);

    char payload[400], sealed[1024];
    size_t n = size < sizeof payload - 1 ? size : sizeof payload - 1;
    memcpy(payload, data, n);
    payload[n] = '\0';
    cursor_pack(payload, sealed, sizeof sealed);
    if (cursor_decode(sealed, strlen(sealed), &c, &err)) {
        if (strlen(c.id) > CURSOR_MAX_ID) abort();
        round_trip(&c);
    }
    return 0;
}
