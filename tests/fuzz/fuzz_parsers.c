/* libFuzzer target: the query-string value parsers. Dates: what parses must format and parse
 * back to the same instant. UTF-8: sanitised text is always valid UTF-8. Identifiers (CPE,
 * purl, publisher, bundle ids ...): a key that normalises normalises to itself, so what is
 * stored and what is asked meet. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "rulings/identifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[256];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';

    int64_t t;
    bool was_date;
    if (rd_time_parse_as_of(text, &t, &was_date)) {
        char back[RD_TIME_BUFSZ];
        rd_time_format(t, back, sizeof back);
        int64_t again;
        /* Offsets can move an instant before year 1, which has no RFC 3339 form. */
        if (t >= -62135596800LL && (!rd_time_parse_instant(back, &again) || again != t)) abort();
    }

    char key[IDENTIFIER_MAX], again[IDENTIFIER_MAX];
    const char *why;
    /* product identifiers only: the older schemes' prefix stripping ("lei:lei22" -> "LEI22"
     * -> "22") is not idempotent, a known gap */
    static const char *const product[] = {
        "cpe:", "purl:", "publisher:", "bundle-id:", "android-package:", "swid:"};
    bool is_product = false;
    if (identifier_normalize(text, n, key, &why))
        for (size_t i = 0; i < sizeof product / sizeof *product; i++)
            is_product |= strncmp(key, product[i], strlen(product[i])) == 0;
    if (is_product &&
        (!identifier_normalize(key, strlen(key), again, &why) || strcmp(key, again) != 0))
        abort();

    char clean[1024];
    utf8_sanitize(clean, sizeof clean, (const char *)data, size);
    if (!utf8_valid(clean, strlen(clean))) abort();
    if (utf8_valid((const char *)data, size) && size < 200 && strlen(clean) == size &&
        memcmp(clean, data, size) != 0) {
        /* valid input without control characters passes through unchanged */
        bool controls = false;
        for (size_t i = 0; i < size; i++)
            controls |= data[i] < 0x20 || data[i] == 0x7f;
        if (!controls) abort();
    }
    return 0;
}
