/* libFuzzer target: any bytes as JSON text to canonicalise (RFC 8785, lib/jcs.h). The
 * canonicaliser of text (the digest of every receipted answer) and the one of jansson trees
 * (verification) must agree: both refuse, or both give the same bytes; and a canonical form
 * is its own canonical form. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jcs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct strbuf from_text = {0}, from_tree = {0}, again = {0};
    struct rd_error err = {0};
    bool text_ok = jcs_text(&from_text, text, size, &err);
    json_error_t je;
    json_t *v = json_loadb(text, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    bool tree_ok = v && jcs_write(&from_tree, v, &err);
    json_decref(v);
    /* jansson refuses some text jcs_text takes (a NUL escape is refused by both; jansson
     * reads a number it cannot hold as an error), so only agreement on success is asked */
    if (text_ok && tree_ok &&
        (from_text.len != from_tree.len || memcmp(from_text.data, from_tree.data, from_text.len))) {
        fprintf(stderr, "text and tree differ:\n%s\n%s\n", from_text.data, from_tree.data);
        abort();
    }
    if (text_ok && !from_text.failed) {
        if (!jcs_text(&again, from_text.data, from_text.len, &err) || again.len != from_text.len ||
            memcmp(again.data, from_text.data, again.len) != 0) {
            fprintf(stderr, "not idempotent: %s\n", from_text.data);
            abort();
        }
    }
    sb_free(&from_text);
    sb_free(&from_tree);
    sb_free(&again);
    return 0;
}
