#ifndef RULINGS_CANON_PIECES_H
#define RULINGS_CANON_PIECES_H
/*
 * The RFC 8785 canonical forms of the pieces a snapshot renders once — each ruling (head,
 * source, tail: rulings/render.h, render_ruling_open) and the coverage (coverage_json) —
 * made the first time an answer with them gets a receipt, kept with the snapshot, and
 * spliced into the canonical form of the answer (lib/jcs.h, jcs_text_outline) instead of
 * canonicalising their text again (docs/performance.md, "Signed receipts").
 *
 * A piece is used only where the answer's text is, byte for byte, the text it was made from
 * (checked each time), so the canonical form is the same as jcs_text's whatever the text;
 * the members a ruling has per question ("applies_as", "conditional", "inherited_from",
 * rulings/render.h, render_applied) are canonicalised from the text each time.
 */
#include <stdbool.h>
#include <stddef.h>

#include "lib/jcs.h"

struct snapshot;
struct canon_pieces;

/* Room for the pieces of snapshot `s` (its rulings indexed by id already), none made yet, and
 * an index of its rulings by id for the hook; NULL: no memory. */
struct canon_pieces *canon_pieces_new(const struct snapshot *s);
void canon_pieces_free(struct canon_pieces *c, size_t n_rulings);

/* The jcs_known_fn of answers from snapshot `ctx` (a const struct snapshot *). */
bool canon_pieces_known(void *ctx, const char *p, const char *end, struct jcs_known *k);

#endif
