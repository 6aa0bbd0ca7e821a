/* Names said as listed but for one misspelt word (match/match_gap.h). */
#include "match/match_gap.h"

#include <string.h>

#include "lib/arena.h"
#include "lib/strmap.h"
#include "match/dictionary.h"
#include "match/normalize.h"

#define GAP_MARK '\x01' /* the open word in a key: no normalised text has it */
/* The listed word four letters or more ("RUSSIAN NATIONAL COMMERCIAL BAN" for BANK), the
 * question's one letter fewer at least; neither an English word (match/dictionary.h holds those
 * of four letters or more: "EXPORT DEVELOPMENT BANE OF IRAN" is another name) */
#define GAP_MIN_LEN 4

/* Whether listed word `t` may be the open one: long enough (GAP_MIN_LEN), and no number (a
 * different number is a different ship or fund, never a typo). */
static bool may_be_open(const struct mx_token *t)
{
    if (t->len < GAP_MIN_LEN) return false;
    for (uint32_t i = 0; i < t->len; i++)
        if (t->text[i] >= '0' && t->text[i] <= '9') return false;
    return true;
}

/* Whether name `i` is kept with a word open: two words or more, none distinctive; not a name
 * the list itself says is found only as written (OFAC's weak aliases, match.h exact_only). */
static bool gapped_name(const struct match_index *ix, size_t i)
{
    return ix->aliases[i].ntok >= 2 && !ix->corpus.names[i].exact_only &&
           match_name_exact_only(ix, i);
}

/* `text` (`len` bytes, words joined by single spaces) with the word at [off, off + wlen)
 * written GAP_MARK, into out (room for NORM_MAX_TEXT); its length, or 0 when it does not fit. */
static size_t gap_key(const char *text, size_t len, size_t off, size_t wlen, char *out)
{
    size_t k = len - wlen + 1;
    if (k >= NORM_MAX_TEXT) return 0;
    memcpy(out, text, off);
    out[off] = GAP_MARK;
    memcpy(out + off + 1, text + off + wlen, len - off - wlen);
    out[k] = '\0';
    return k;
}

/* The key of name `i` with its word `open` left open (its normal form is its tokens' text). */
static size_t alias_key(const struct match_index *ix, size_t i, unsigned open, char *out)
{
    const char *text = ix->corpus.names[i].norm, *w = text;
    for (unsigned j = 0; j < open; j++)
        w = strchr(w, ' ') + 1;
    const struct mx_token *t = &ix->tokens[ix->alias_tokens[ix->aliases[i].tok_off + open]];
    return gap_key(text, strlen(text), (size_t)(w - text), t->len, out);
}

/* Chains alias `alias` under `key`, newest first (the build goes backwards: each chain in
 * name order). */
static bool add_key(struct match_index *ix, const char *key, size_t len, uint32_t alias)
{
    uint32_t first = UINT32_MAX;
    const char *stored = key;
    if (!strmap_get_n(&ix->by_gap, key, len, &first)) {
        stored = arena_strndup(&ix->arena, key, len);
        if (!stored) return false;
    }
    ix->gaps[ix->n_gaps] = (struct mx_gap){alias, first};
    (void)strmap_put(&ix->by_gap, stored, (uint32_t)ix->n_gaps++, NULL);
    return true;
}

bool mx_gap_build(struct match_index *ix)
{
    size_t keys = 0;
    for (size_t i = 0; i < ix->n_aliases; i++) {
        const struct mx_alias *a = &ix->aliases[i];
        if (!gapped_name(ix, i)) continue;
        for (unsigned j = 0; j < a->ntok; j++)
            keys += may_be_open(&ix->tokens[ix->alias_tokens[a->tok_off + j]]);
    }
    ix->gaps = arena_alloc(&ix->arena, (keys + 1) * sizeof *ix->gaps);
    if (!ix->gaps || !strmap_init(&ix->by_gap, keys)) return false;
    char key[NORM_MAX_TEXT];
    for (size_t i = ix->n_aliases; i-- > 0;) {
        const struct mx_alias *a = &ix->aliases[i];
        if (!gapped_name(ix, i)) continue;
        for (unsigned j = 0; j < a->ntok; j++) {
            if (!may_be_open(&ix->tokens[ix->alias_tokens[a->tok_off + j]])) continue;
            size_t len = alias_key(ix, i, j, key);
            if (len && !add_key(ix, key, len, (uint32_t)i)) return false;
        }
    }
    return true;
}

/* The one word of the question that differs from alias `a`'s, where every other is said as
 * listed and in order; q->ntok when none or more than one differ. */
static unsigned open_word(const struct match_index *ix, const struct mx_query *q,
                          const struct mx_alias *a)
{
    unsigned open = q->ntok;
    if (a->ntok != q->ntok || q->ntok < 2) return q->ntok;
    for (unsigned i = 0; i < q->ntok; i++) {
        if (q->known[i] == ix->alias_tokens[a->tok_off + i]) continue;
        if (open < q->ntok) return q->ntok;
        open = i;
    }
    return open;
}

/* Whether question word `i` may be the misspelling of alias token `tok`: a word the list does
 * not know, no English word and no name ("Oran Insurance Company" is not IRAN INSURANCE), of
 * which the analysis made that token a typo. */
static bool misspelt(const struct mx_query *q, unsigned i, uint32_t tok)
{
    const char *w = q->name->text + q->name->tokens[i].off;
    size_t len = q->name->tokens[i].len;
    if (len + 1 < GAP_MIN_LEN || q->known[i] != UINT32_MAX || dictionary_word(w, len) ||
        dictionary_name(w, len))
        return false;
    for (size_t k = 0; k < q->nopt; k++) {
        const struct mx_option *o = &q->opt[k];
        if (o->qpos == i && o->qlen == 1 && o->nat == 1 && o->tok[0] == tok &&
            (o->how == MX_FUZZY || o->how == MX_FUZZY4))
            return true;
    }
    return false;
}

bool mx_said_but_one(const struct match_index *ix, const struct mx_query *q, uint32_t alias)
{
    const struct mx_alias *a = &ix->aliases[alias];
    unsigned open = open_word(ix, q, a);
    if (open >= q->ntok) return false;
    const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + open]];
    return may_be_open(t) && gapped_name(ix, alias) &&
           misspelt(q, open, ix->alias_tokens[a->tok_off + open]);
}

void mx_gap_each(const struct match_index *ix, const struct mx_query *q,
                 void (*visit)(uint32_t alias, void *arg), void *arg)
{
    if (q->ntok < 2 || !ix->n_gaps) return;
    char key[NORM_MAX_TEXT];
    for (unsigned open = 0; open < q->ntok; open++) {
        uint32_t id;
        const struct norm_token *t = &q->name->tokens[open];
        size_t klen = gap_key(q->name->text, q->name->len, t->off, t->len, key);
        if (!klen || !strmap_get_n(&ix->by_gap, key, klen, &id)) continue;
        for (; id != UINT32_MAX; id = ix->gaps[id].next)
            if (mx_said_but_one(ix, q, ix->gaps[id].alias)) visit(ix->gaps[id].alias, arg);
    }
}
