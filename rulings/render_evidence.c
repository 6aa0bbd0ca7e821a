/* The "evidence" of a match: which words of the question met which words of the listed name,
 * and how (docs/api.md, "How the name was matched"). */
#include "rulings/render.h"

#include <string.h>

#include "match/match.h"

/* Words [pos, pos + n) of a text of words joined by single spaces. */
static void write_words(struct jw *w, const char *text, unsigned pos, unsigned n)
{
    const char *p = text;
    for (unsigned i = 0; i < pos && p; i++) {
        p = strchr(p, ' ');
        if (p) p++;
    }
    if (!p || !n) {
        jw_null(w);
        return;
    }
    const char *end = p;
    for (unsigned i = 0; i < n && end; i++) {
        end = strchr(end + (i > 0), ' ');
        if (!end) break;
    }
    jw_string_n(w, p, end ? (size_t)(end - p) : strlen(p));
}

static void write_question_words(struct jw *w, const struct norm_name *q, unsigned pos, unsigned n)
{
    if (!n || pos + n > q->ntokens) {
        jw_null(w);
        return;
    }
    const struct norm_token *first = &q->tokens[pos], *last = &q->tokens[pos + n - 1];
    jw_string_n(w, q->text + first->off, (size_t)(last->off + last->len - first->off));
}

void render_evidence(struct jw *w, const struct snapshot *s, const struct norm_name *q,
                     uint32_t alias)
{
    static _Thread_local struct match_explanation ex;
    if (!q || !match_explain(s->match_index, q, alias, &ex)) return;
    JW_KEY(w, "evidence");
    jw_array_begin(w);
    for (size_t i = 0; i < ex.n; i++) {
        const struct match_evidence *e = &ex.e[i];
        jw_object_begin(w);
        JW_KEY(w, "query");
        write_question_words(w, q, e->qpos, e->qlen);
        JW_KEY(w, "listed");
        write_words(w, s->names[alias].norm, e->apos, e->alen);
        JW_MEMBER_STRING(w, "how", enum_name(&MATCH_EVIDENCE_HOWS, e->how));
        JW_KEY(w, "similarity");
        jw_score(w, e->similarity);
        JW_KEY(w, "weight");
        jw_double(w, e->weight);
        jw_object_end(w);
    }
    jw_array_end(w);
    JW_KEY(w, "capped");
    if (ex.numbers_differ)
        jw_string(w, "numbers_differ");
    else if (ex.weak)
        jw_string(w, "weak_evidence");
    else
        jw_null(w);
}
