/* Requests framed so that a server could read them two ways (issue 15, item 6), sent over
 * raw sockets: each is answered with its own status on the first read and the connection
 * is closed, so that nothing sent after it is taken as another request; the server goes
 * on serving. Before: two Content-Lengths were accepted and the bytes after the first were
 * served as a second request; an unknown Transfer-Encoding and 300 parameters were never
 * answered (15 s timeout); "Expect: 200-ok" got 200. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rawhttp.h"

#define SMUGGLED "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
#define POST_CSV "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"

struct framing_case {
    const char *label;
    const char *data;
    int want;
    const char *field; /* the field the problem names, or NULL */
};

static const struct framing_case cases[] = {
    {"two different Content-Lengths, a request behind",
     POST_CSV "Content-Length: 7\r\nContent-Length: 41\r\n\r\nname\nx\n" SMUGGLED, 400,
     "Content-Length"},
    {"the same Content-Length twice",
     POST_CSV "Content-Length: 7\r\nContent-Length: 7\r\n\r\nname\nx\n", 400, "Content-Length"},
    {"Content-Length beside Transfer-Encoding",
     POST_CSV "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nname\nx\n\r\n0\r\n\r\n",
     400, "Content-Length"},
    {"Transfer-Encoding: gzip", POST_CSV "Transfer-Encoding: gzip\r\n\r\nname\nx\n" SMUGGLED, 501,
     NULL},
    {"Transfer-Encoding: gzip, chunked",
     POST_CSV "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" SMUGGLED, 501, NULL},
    {"Expect: 200-ok", "GET /healthz HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n\r\n", 417, NULL},
    {"an encoded NUL in a parameter name",
     "GET /v1/check?na%00me=Kaspersky HTTP/1.1\r\nHost: t\r\n\r\n", 400, "query"},
    {"an encoded NUL in a parameter value",
     "GET /v1/check?name=Kas%00persky HTTP/1.1\r\nHost: t\r\n\r\n", 400, "name"},
};

/* 300 parameters: libmicrohttpd ran out of the connection's memory splitting them. */
static char many_params[8192];

static void expect_refused(const struct server *s, const char *label, const char *data, int want,
                           const char *field)
{
    struct raw_reply r = raw_send(s->port, data, strlen(data), false, 2, 5000);
    cr_expect(!r.timed_out, "%s: no answer", label);
    cr_expect_eq(r.status, want, "%s: %d %s", label, r.status, r.body);
    cr_expect_eq(r.responses, 1, "%s: %d answers (a second request was read)", label, r.responses);
    cr_expect(r.closed, "%s: the connection stayed open", label);
    if (field) {
        char named[96];
        snprintf(named, sizeof named, "\"field\":\"%s\"", field);
        cr_expect(strstr(r.body, named), "%s: the problem does not name %s: %s", label, field,
                  r.body);
    }
    cr_expect(strstr(r.body, "\"status\":") != NULL, "%s: no problem details: %s", label, r.body);
    cr_assert(normal_check_ok(s), "not serving after %s", label);
}

Test(framing, ambiguous_framing_is_refused_and_closed, .timeout = 60)
{
    struct server s;
    const char *env[] = {"RESTRICTD_TIMEOUT=15", NULL};
    char *db = db_create("framing");
    cr_assert(server_start(&s, db, env, true));
    size_t n = (size_t)snprintf(many_params, sizeof many_params, "GET /v1/check?name=x");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(many_params + n, sizeof many_params - n, "&p%d=1", i);
    snprintf(many_params + n, sizeof many_params - n, " HTTP/1.1\r\nHost: t\r\n\r\n");
    expect_refused(&s, "300 query parameters", many_params, 400, "query");
    size_t ncases = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < ncases; i++)
        expect_refused(&s, cases[i].label, cases[i].data, cases[i].want, cases[i].field);
    printf("framing: %zu ambiguous or unreadable framings refused at once and closed\n",
           ncases + 1);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}
