/* GET /v1/parties (also /v1/binds): the closed vocabularies a ruling and a question use —
 * party codes (binds, affects), purposes and product categories — each code with its
 * meaning; GET /v1/coverage: the rule sets an answer consults. */
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/jsonw.h"
#include "rulings/coverage.h"
#include "rulings/identifier.h"
#include "rulings/parties.h"

static void vocab_list(struct jw *w, const char *key, const struct vocab *v)
{
    jw_key(w, key);
    jw_array_begin(w);
    for (size_t i = 0; i < v->count; i++) {
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "code", v->entries[i].code);
        JW_MEMBER_STRING(w, "meaning", v->entries[i].meaning);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void handle_parties(struct request *req)
{
    if (!params_none(req)) return;
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    vocab_list(&w, "parties", &PARTIES);
    vocab_list(&w, "purposes", &PURPOSES);
    vocab_list(&w, "categories", &CATEGORIES);
    jw_key(&w, "identifier_schemes");
    jw_array_begin(&w);
    for (size_t i = 0; i < identifier_scheme_count(); i++) {
        jw_object_begin(&w);
        JW_MEMBER_STRING(&w, "code", identifier_scheme_at(i)->code);
        JW_MEMBER_STRING(&w, "meaning", identifier_scheme_at(i)->meaning);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
    reply_json(req, 200, &sb);
}

void handle_coverage(struct request *req)
{
    if (!params_none(req)) return;
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    render_coverage_list(&w, req_snapshot(req));
    reply_json(req, 200, &sb);
}
