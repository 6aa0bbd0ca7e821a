/* Canonical pieces known beforehand (lib/jcs.h, jcs_text_outline): an object the hook knows
 * is one tape entry, written as its pieces with its gap values between them; with an outline
 * the pieces are not copied but listed, for a digest to read them where they are. */
#include <stdlib.h>
#include <string.h>

#include "lib/jcs.h"
#include "lib/jcs_text_parts.h"

/* Below this a piece is copied: a splice costs a digest update call of its own. */
#define JCS_SPLICE_MIN 64

static void put_piece(struct jcs_tape *t, const char *p, size_t n, struct strbuf *out)
{
    struct jcs_outline *o = t->outline;
    if (!o || n < JCS_SPLICE_MIN) {
        jcs_put(out, p, n);
        return;
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        struct jcs_splice *grown = realloc(o->splices, cap * sizeof *grown);
        if (!grown) {
            o->failed = true;
            return;
        }
        o->splices = grown, o->cap = cap;
    }
    o->splices[o->n++] = (struct jcs_splice){out->len, p, n};
}

bool jcs_emit_known(struct jcs_tape *t, uint32_t i, struct strbuf *out)
{
    const struct jcs_known *k = &t->known[t->n[i].len];
    uint32_t v = i + 1;
    put_piece(t, k->seg[0], k->seg_len[0], out);
    for (unsigned g = 0; g < k->gaps; g++) {
        if (!jcs_emit(t, v, out)) return false;
        v = t->n[v].next;
        put_piece(t, k->seg[g + 1], k->seg_len[g + 1], out);
    }
    return true;
}

bool jcs_text_outline(struct jcs_outline *o, const char *json, size_t len, jcs_known_fn hook,
                      void *ctx, struct rd_error *err)
{
    struct jcs_tape t = {.text = json,
                         .p = json,
                         .end = json + len,
                         .err = err,
                         .hook = hook,
                         .hook_ctx = ctx,
                         .outline = o};
    bool ok = jcs_run(&t, len, &o->text);
    jcs_tape_free(&t);
    if (ok && (o->failed || o->text.failed)) {
        rd_error_set(err, "out of memory");
        ok = false;
    }
    return ok;
}

void jcs_outline_join(const struct jcs_outline *o, struct strbuf *out)
{
    const char *d = o->text.data ? o->text.data : "";
    size_t from = 0;
    for (size_t i = 0; i < o->n; i++) {
        sb_append(out, d + from, o->splices[i].at - from);
        sb_append(out, o->splices[i].p, o->splices[i].n);
        from = o->splices[i].at;
    }
    sb_append(out, d + from, o->text.len - from);
}

void jcs_outline_free(struct jcs_outline *o)
{
    sb_free(&o->text);
    free(o->splices);
    memset(o, 0, sizeof *o);
}
