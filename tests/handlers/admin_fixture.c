/* The admin entities and operations for the handler tests (admin_fixture.h). */
#include "admin_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "unit/fixtures.h"

const struct admin_case admin_cases[ADMIN_N_CASES] = {
    {&ADMIN_SOURCES, "source", "/v1/admin/sources", "us-bis-icts-2021-002", "Not-A-Slug"},
    {&ADMIN_SUBJECTS, "subject", "/v1/admin/subjects", "kaspersky-labs-limited", "a b"},
    {&ADMIN_ALIASES, "alias", "/v1/admin/aliases", "17", "kaspersky"},
    {&ADMIN_RULINGS, "ruling", "/v1/admin/rulings", "us-icts-fd-kaspersky-new-agreements",
     "-starts-with-a-dash"},
};

static void (*const handlers[])(struct request *) = {
    [OP_CREATE] = handle_admin_create,
    [OP_GET] = handle_admin_get,
    [OP_REPLACE] = handle_admin_replace,
    [OP_REVOKE] = handle_admin_revoke,
};

const char *admin_path(const struct admin_case *c, const struct admin_call *call, char *buf,
                       size_t size)
{
    if (call->op == OP_CREATE)
        snprintf(buf, size, "%s", c->collection);
    else
        snprintf(buf, size, "%s/%s", c->collection, call->id ? call->id : c->id);
    return buf;
}

struct fake_reply *admin_run(const struct admin_case *c, const struct admin_call *call)
{
    char path[300], ct[200], im[200];
    struct fake_spec s = {
        .path = admin_path(c, call, path, sizeof path),
        .query = call->query,
        .body = call->body,
        .context = c->kind,
        .actor = "test-admin",
        .pool = NULL,
    };
    if (call->op != OP_CREATE) s.params[0] = call->id ? call->id : c->id;
    size_t h = 0;
    if (call->content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", call->content_type);
        s.headers[h++] = ct;
    }
    if (call->if_match) {
        snprintf(im, sizeof im, "If-Match: %s", call->if_match);
        s.headers[h++] = im;
    }
    return fake_call(handlers[call->op], &s);
}

char *admin_valid_body(const struct admin_case *c)
{
    static const char *const arrays[] = {"sources", "subjects", NULL, "rulings"};
    json_error_t e;
    json_t *seed = json_load_file(FX_SEED_PATH, 0, &e);
    cr_assert_not_null(seed, "%s: %s", FX_SEED_PATH, e.text);
    json_t *record;
    unsigned entity = (unsigned)c->kind->entity;
    if (entity == ENTITY_ALIAS) {
        record = json_pack("{s:s, s:s, s:s, s:s}", "subject", "kaspersky-labs-limited", "alias",
                           "Kaspersky Labs UK", "kind", "former", "lang", "en");
    } else {
        record = json_copy(json_array_get(json_object_get(seed, arrays[entity]), 0));
        json_object_del(record, "aliases"); /* a subject's aliases are records of their own */
    }
    cr_assert(json_is_object(record));
    char *text = json_dumps(record, JSON_COMPACT);
    cr_assert_not_null(text);
    json_decref(record);
    json_decref(seed);
    return text;
}
