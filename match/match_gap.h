#ifndef MATCH_MATCH_GAP_H
#define MATCH_MATCH_GAP_H
/*
 * Names said as listed but for one misspelt word. Internal to match/match*.c.
 *
 * A name none of whose words is distinctive ("IRAN INSURANCE COMPANY", "EXPORT DEVELOPMENT
 * BANK OF IRAN") is found only when asked as written: its words alone would bring every
 * other Iranian bank. Asked with one word misspelt ("IRAN IVSURANCE COMPANY", "EXPORT
 * DEELOPMENT BANK OF IRAN"), it was found by nothing. Here each such name is also kept
 * under its text with one word left open (words of four letters or more, not numbers),
 * and a question is looked up with each of its words left open in turn: the rest said
 * exactly as listed, in order, is the evidence a misspelling needs. The open word must be
 * one the list does not know and no English word ("melting" is no typo of "smelting"), the
 * listed word of four letters or more, within the edits its length allows of the listed word
 * (an option the query analysis made, match/match_query.c: a three-letter word for a
 * four-letter one, a letter left out).
 *
 * Only such names: where a name has a distinctive word, a short one misspelt stays a near
 * miss however many generic words are said with it ("HAYDER TRADING LLC" for HAYDAR TRADING
 * LLC, "Cisco" for ZISCO: match/match_score.h, MX_WEAK_CAP). Tried for every name: the
 * lists' typos in 4-6 letter words 0.813 -> 0.834, no new false pair among the published
 * ones, but against that rule.
 */
#include <stdbool.h>
#include <stdint.h>

#include "match/match_index.h"
#include "match/match_score.h"

/* Fills ix->by_gap and ix->gaps from the exact-only names (the others are gathered by their
 * distinctive words); after the index's weights. */
bool mx_gap_build(struct match_index *ix);

/* Whether alias `alias` is the analysed question said as listed but for one misspelt word
 * (the rules above). */
bool mx_said_but_one(const struct match_index *ix, const struct mx_query *q, uint32_t alias);

/* Calls `visit` for each name the question is, said but for one word (mx_said_but_one),
 * each once per open position. */
void mx_gap_each(const struct match_index *ix, const struct mx_query *q,
                 void (*visit)(uint32_t alias, void *arg), void *arg);

#endif
