/* Hostile bodies for POST /v1/screen (no token needed), sent with curl, and hostile body
 * framing over a raw socket: deeply nested and huge JSON, wrong content types and
 * charsets, invalid UTF-8 and NUL bytes in JSON, NDJSON and CSV, CSV with 10,000 columns
 * or a 5 MiB field, bodies over the limit, SQL injection strings in every field of a row.
 * Never a 5xx, never a hang, nothing written, and a normal check answered after each. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body_cases.h"
#include "rawhttp.h"

#define MiB (1024 * 1024)
#define JSON "application/json"
#define NDJSON "application/x-ndjson"
#define CSV "text/csv"

static void screen(struct body_cases *cs, const char *label, const char *type, const char *body,
                   size_t len, int status)
{
    bc_add(cs, label, "POST", "/v1/screen", NOBODY, type, body, len, status);
}

/* One object with `n` distinct keys (and a name), in an array or as an NDJSON line. */
static char *many_keys(struct body_cases *cs, size_t n, bool ndjson)
{
    char *s = malloc(n * 24 + 64), *p = s;
    p += sprintf(p, "%s{\"name\":\"Kaspersky Lab\"", ndjson ? "" : "[");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, ",\"k%zu\":%zu", i, i);
    p += sprintf(p, "}%s", ndjson ? "\n" : "]");
    return bc_keep(cs, s);
}

static char *csv_columns(struct body_cases *cs, size_t n, bool with_row)
{
    char *s = malloc(n * 16 + 64), *p = s;
    p += sprintf(p, "name");
    for (size_t i = 1; i < n; i++)
        p += sprintf(p, ",c%zu", i);
    if (with_row) {
        p += sprintf(p, "\nKaspersky Lab");
        for (size_t i = 1; i < n; i++)
            p += sprintf(p, ",v");
    }
    p += sprintf(p, "\n");
    return bc_keep(cs, s);
}

/* CSV: a header, then one quoted field of `n` bytes (unterminated when `open`). */
static char *csv_big_field(struct body_cases *cs, size_t n, bool open)
{
    char *s = malloc(n + 64), *p = s;
    p += sprintf(p, "name,ref\n\"");
    memset(p, 'x', n);
    p += n;
    p += sprintf(p, "%s", open ? "" : "\",r1\n");
    return bc_keep(cs, s);
}

/* Deep nesting: a JSON array is read row by row, so a nested row ends the body (400); in
 * NDJSON it is one bad row of a batch that goes on (200). */
static void deep_bodies(struct body_cases *cs)
{
    char *s = bc_nested(cs, "[", "]", 10000, true);
    screen(cs, "JSON 10,000 nested arrays", JSON, s, strlen(s), 400);
    s = bc_nested(cs, "[", "", 10000, false);
    screen(cs, "JSON 10,000 unclosed arrays", JSON, s, strlen(s), 400);
    s = bc_nested(cs, "{\"name\":", "}", 10000, true);
    char *wrapped = bc_keep(cs, malloc(strlen(s) + 3));
    sprintf(wrapped, "[%s]", s);
    screen(cs, "JSON row nested 10,000 objects deep", JSON, wrapped, strlen(wrapped), 400);
    screen(cs, "NDJSON line nested 10,000 objects deep", NDJSON, s, strlen(s), 200);
}

/* Huge: 9 MiB of JSON strings (rows that are not objects: each a row error), as many short
 * ones as exceed the row limit (413), wide rows, and CSV shapes. The CSV reader takes at
 * most 1024 fields a record (lib/csv.h): more is a 400. */
static void big_bodies(struct body_cases *cs)
{
    static const struct {
        const char *label;
        size_t n, each;
        int status;
    } arrays[] = {{"JSON 9 MiB array of 9,216 strings", 9 * 1024, 1021, 200},
                  {"JSON 9 MiB array of 1.2 million strings", 1200000, 5, 413}};
    for (size_t i = 0; i < 2; i++) {
        char *s = bc_strings_array(cs, arrays[i].n, arrays[i].each);
        screen(cs, arrays[i].label, JSON, s, strlen(s), arrays[i].status);
    }
    char *s = many_keys(cs, 200000, false);
    screen(cs, "JSON row with 200,000 keys", JSON, s, strlen(s), 200);
    s = many_keys(cs, 200000, true);
    screen(cs, "NDJSON row with 200,000 keys", NDJSON, s, strlen(s), 200);
    s = bc_repeat("n", 9 * MiB);
    char *name = bc_keep(cs, malloc(9 * MiB + 32));
    sprintf(name, "[{\"name\":\"%s\"}]", s);
    free(s);
    screen(cs, "JSON name of 9 MiB", JSON, name, strlen(name), 200);
    s = bc_keep(cs, bc_repeat("x", 11 * MiB));
    screen(cs, "11 MiB body over the limit", CSV, s, strlen(s), 413);
    s = csv_columns(cs, 10000, true);
    screen(cs, "CSV with 10,000 columns", CSV, s, strlen(s), 400);
    s = csv_columns(cs, 10000, false);
    screen(cs, "CSV header of 10,000 columns, no rows", CSV, s, strlen(s), 400);
    s = csv_columns(cs, 1024, true);
    screen(cs, "CSV with 1,024 columns", CSV, s, strlen(s), 200);
    s = csv_big_field(cs, 5 * MiB, false);
    screen(cs, "CSV field of 5 MiB", CSV, s, strlen(s), 200);
    s = csv_big_field(cs, 5 * MiB, true);
    screen(cs, "CSV quoted field of 5 MiB never closed", CSV, s, strlen(s), 400);
}

/* Wrong content types and charsets, for a small CSV body. */
static void content_types(struct body_cases *cs)
{
    static const struct {
        const char *type;
        int status;
    } types[] = {
        {"text/plain", 415},
        {"application/xml", 415},
        {"application/x-www-form-urlencoded", 415},
        {"multipart/form-data; boundary=x", 415},
        {"application/jsonx", 415},
        {"application/json, text/csv", 415},
        {"text/csv; charset=iso-8859-1", 415},
        {"application/json; charset=utf-16", 415},
        {"text/csv; charset=\"UTF-8\"", 200},
        {"TEXT/CSV", 200},
        {"text/csv;charset=utf8;header=present", 200},
        {"text/csv ; charset = utf-8", 200},
        {"text/html", 415},
        {"image/png", 415},
        {"*/*", 415},
        {"", 415},
        {NULL, 415},
    };
    static const char body[] = "name\nKaspersky Lab\n";
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        char l[200];
        snprintf(l, sizeof l, "Content-Type [%s]", types[i].type ? types[i].type : "none");
        screen(cs, l, types[i].type, body, sizeof body - 1, types[i].status);
    }
    char *x = bc_keep(cs, bc_repeat("x", 1000));
    char *long_type = bc_keep(cs, malloc(1100));
    sprintf(long_type, "text/csv; %s=1", x);
    screen(cs, "Content-Type with a 1,000-byte parameter", long_type, body, sizeof body - 1, 200);
}

/* Small bodies, written out: CSV shapes; encodings (UTF-16 and a BOM before JSON, invalid
 * UTF-8 and NUL in each format); JSON that is not a list of rows. */
struct small_body {
    const char *label, *type, *body;
    size_t len;
    int status;
};
#define SMALL(label, type, body, status)                                                           \
    {                                                                                              \
        label, type, body, sizeof body - 1, status                                                 \
    }

static const struct small_body small_bodies[] = {
    SMALL("CSV row with more fields than the header", CSV, "name\nKaspersky,Lab,x,y\n", 200),
    SMALL("CSV header naming name twice", CSV, "name,name\nx,y\n", 422),
    SMALL("CSV header without a name column", CSV, "ref,kind\n1,organization\n", 422),
    SMALL("CSV quote inside a field", CSV, "name\nKas\"per\"sky\n", 200),
    SMALL("CSV only a BOM", CSV, "\xef\xbb\xbf", 400),
    SMALL("JSON in UTF-16", JSON, "\xff\xfe[\0{\0\"\0n\0a\0m\0e\0\"\0:\0\"\0x\0\"\0}\0]\0", 400),
    SMALL("JSON after a UTF-8 BOM (skipped)", JSON, "\xef\xbb\xbf[{\"name\":\"Kaspersky Lab\"}]",
          200),
    SMALL("JSON invalid UTF-8 in a name", JSON, "[{\"name\":\"Kasp\xff\xfersky\"}]", 400),
    SMALL("JSON overlong UTF-8", JSON, "[{\"name\":\"\xc0\xaf\"}]", 400),
    SMALL("JSON UTF-8 surrogate", JSON, "[{\"name\":\"\xed\xa0\x80\"}]", 400),
    SMALL("JSON escaped lone surrogate", JSON, "[{\"name\":\"\\ud800\"}]", 400),
    SMALL("JSON escaped NUL", JSON, "[{\"name\":\"a\\u0000b\"}]", 400),
    SMALL("JSON raw NUL", JSON, "[{\"name\":\"a\0b\"}]", 400),
    SMALL("JSON NUL between rows", JSON, "[{\"name\":\"a\"},\0{\"name\":\"b\"}]", 400),
    SMALL("NDJSON invalid UTF-8", NDJSON, "{\"name\":\"\xff\"}\n{\"name\":\"Kaspersky Lab\"}\n",
          200),
    SMALL("NDJSON escaped NUL", NDJSON, "{\"name\":\"a\\u0000b\"}\n", 200),
    SMALL("NDJSON raw NUL line", NDJSON, "\0\0\0\n{\"name\":\"Kaspersky Lab\"}\n", 200),
    SMALL("NDJSON UTF-16", NDJSON, "\xff\xfe{\0}\0\n\0", 200),
    SMALL("CSV invalid UTF-8", CSV, "name\n\xff\xfe\xfd\nKaspersky Lab\n", 200),
    SMALL("CSV NUL in a field", CSV, "name\nKasp\0ersky\n", 200),
    SMALL("CSV NUL in the header", CSV, "na\0me\nx\n", 422),
    SMALL("CSV only NULs", CSV, "\0\0\0\0", 422),
    SMALL("CSV with CR only line ends", CSV, "name\rKaspersky Lab\r", 200),
    SMALL("JSON rows of every type", JSON, "[1,\"x\",null,true,[],{}]", 200),
    SMALL("JSON numbers where text belongs", JSON,
          "[{\"name\":1,\"as_of\":-1,\"kind\":0.5,\"ref\":9223372036854775807}]", 200),
    SMALL("JSON integer past 64 bits", JSON, "[{\"name\":\"x\",\"ref\":123456789012345678901}]",
          400),
    SMALL("JSON number overflowing a double", JSON, "[{\"name\":\"x\",\"ref\":1e999}]", 400),
    SMALL("NDJSON number overflowing a double", NDJSON, "{\"name\":\"x\",\"ref\":1e999}\n", 200),
    SMALL("JSON duplicate keys", JSON, "[{\"name\":\"a\",\"name\":\"b\"}]", 400),
    SMALL("JSON trailing comma", JSON, "[{\"name\":\"a\"},]", 400),
    SMALL("JSON text after the array", JSON, "[{\"name\":\"a\"}] [", 400),
    SMALL("JSON object instead of an array", JSON, "{\"name\":\"a\"}", 400),
    SMALL("only white space", JSON, " \r\n\t ", 400),
};

static void screen_cases(struct body_cases *cs)
{
    deep_bodies(cs);
    big_bodies(cs);
    content_types(cs);
    for (size_t i = 0; i < sizeof small_bodies / sizeof *small_bodies; i++) {
        const struct small_body *b = &small_bodies[i];
        screen(cs, b->label, b->type, b->body, b->len, b->status);
    }
}

/* Every SQL injection string in every field of a row, in each format: the rows are
 * answered (a name is just a name; a bad code is that row's error), nothing is run. */
static void screen_injections(struct body_cases *cs)
{
    static char bodies[3][16][2048];
    static const char *const fields[] = {"name", "ref", "kind", "as_of", "jurisdiction", "binds"};
    for (size_t i = 0; i < N_SQL_INJECTIONS; i++) {
        const char *x = SQL_INJECTIONS[i];
        json_t *row = json_object();
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
            json_object_set_new(row, fields[f], json_string(x));
        char *one = json_dumps(row, JSON_COMPACT);
        json_decref(row);
        snprintf(bodies[0][i], sizeof bodies[0][i], "[%s]", one);
        snprintf(bodies[1][i], sizeof bodies[1][i], "%s\n", one);
        free(one);
        /* CSV: the string quoted, its quotes doubled. */
        char q[256], *p = q;
        *p++ = '"';
        for (const char *c = x; *c; c++) {
            if (*c == '"') *p++ = '"';
            *p++ = *c;
        }
        *p++ = '"';
        *p = '\0';
        snprintf(bodies[2][i], sizeof bodies[2][i],
                 "name,ref,kind,as_of,jurisdiction,binds\n%s,%s,%s,%s,%s,%s\n", q, q, q, q, q, q);
        static const char *const types[] = {"application/json", "application/x-ndjson", "text/csv"};
        for (int t = 0; t < 3; t++) {
            char l[200];
            snprintf(l, sizeof l, "screen %s row of [%s]", types[t], x);
            bc_add(cs, l, "POST", "/v1/screen", NOBODY, types[t], bodies[t][i],
                   strlen(bodies[t][i]), 200);
        }
    }
}

TestSuite(hostile_bodies, .timeout = 300);

Test(hostile_bodies, screen_bodies_never_5xx_never_hang)
{
    struct testbed tb;
    testbed_start(&tb, db_create("hostile_bodies"), NULL);
    struct body_cases cs = {0};
    screen_cases(&cs);
    screen_injections(&cs);
    size_t passed = bc_run(&cs, &tb.s, tb.db);
    fprintf(stderr, "hostile bodies (screen): %zu sent, %zu answered as expected\n", cs.n, passed);
    cr_expect_geq(cs.n, 90);
    testbed_stop(&tb);
    bc_free(&cs);
}

/* Body framing no client library would send, over a raw socket. */
struct raw_case {
    const char *label;
    const char *data;
    size_t len; /* 0: strlen(data) */
    bool half_close;
    int want; /* a status, or 0: a 4xx or a closed connection */
};

#define POST_CSV "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
static const char nul_type[] = "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/\0csv"
                               "\r\nContent-Length: 7\r\n\r\nname\nx\n";

static const struct raw_case raw_cases[] = {
    {"Content-Length larger than the body, then half-closed",
     POST_CSV "Content-Length: 100\r\n\r\nname\nx\n", 0, true, 0},
    {"Content-Length larger than the body, left open",
     POST_CSV "Content-Length: 100\r\n\r\nname\nx\n", 0, false, 0},
    {"Expect: 100-continue over the limit",
     "POST /v1/admin/rulings HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
     "Expect: 100-continue\r\nContent-Length: 50000000\r\n\r\n",
     0, false, 413},
    /* An import takes up to 256 MiB, but not from someone without a token: refused before
     * the body is sent. */
    {"an import's body announced without a token",
     "POST /v1/admin/import?format=csl HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
     "Expect: 100-continue\r\nContent-Length: 200000000\r\n\r\n",
     0, false, 401},
    /* RFC 9110, 8.4: a content coding we do not take is 415, not a malformed body */
    {"gzip-encoded body", POST_CSV "Content-Encoding: gzip\r\nContent-Length: 7\r\n\r\nname\nx\n",
     0, false, 415},
    {"chunk size overflowing 64 bits",
     POST_CSV "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nname\r\n0\r\n\r\n", 0,
     false, 0},
    {"chunk extensions and trailers",
     POST_CSV
     "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nname\n\r\n3\r\nab\n\r\n0\r\nX-T: 1\r\n\r\n",
     0, false, 200},
    {"empty body with Content-Length 0",
     "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
     "Content-Length: 0\r\n\r\n",
     0, false, 400},
    {"NUL in the Content-Type header", nul_type, sizeof nul_type - 1, false, 0},
    {"body on a GET", "GET /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
     0, false, 200},
    {"second request pipelined after a body",
     POST_CSV "Content-Length: 7\r\n\r\nname\nx\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", 0,
     false, 200},
};

/* Sends one case: never a hang or a 5xx, the status it wants, and the server still answers. */
static void send_raw(const struct server *s, const struct raw_case *c)
{
    size_t len = c->len ? c->len : strlen(c->data);
    struct raw_reply r = raw_send(s->port, c->data, len, c->half_close, 1, 5000);
    cr_expect(!r.timed_out, "%s: hung", c->label);
    cr_expect_lt(r.status, 500, "%s: %d", c->label, r.status);
    if (c->want)
        cr_expect_eq(r.status, c->want, "%s: %d %s", c->label, r.status, r.body);
    else
        cr_expect(r.status == 0 ? r.closed : r.status >= 400 && r.status < 500,
                  "%s: status %d closed %d", c->label, r.status, r.closed);
    struct http ok = http_get(check_url(s->base, "Kaspersky Lab", NULL));
    cr_assert_eq(ok.status, 200, "after %s", c->label);
    http_free(&ok);
}

Test(hostile_bodies, body_framing_over_a_raw_socket)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_TIMEOUT=2", "RESTRICTD_MAX_BODY=1048576", NULL};
    testbed_start(&tb, db_create("hostile_framing"), env);
    /* A chunked body over the limit: it has no Content-Length to refuse it by. */
    size_t big = 2 * MiB;
    char *req = malloc(big + 4096);
    int n = sprintf(req, POST_CSV "Transfer-Encoding: chunked\r\n\r\n%zx\r\nname\n", big);
    memset(req + n, 'x', big - 5);
    n += (int)big - 5;
    n += sprintf(req + n, "\r\n0\r\n\r\n");
    const struct raw_case chunked = {"chunked body over the limit", req, (size_t)n, false, 413};
    send_raw(&tb.s, &chunked);
    size_t ncases = sizeof raw_cases / sizeof *raw_cases;
    for (size_t i = 0; i < ncases; i++)
        send_raw(&tb.s, &raw_cases[i]);
    fprintf(stderr, "hostile bodies (framing): %zu sent over raw sockets\n", ncases + 1);
    free(req);
    testbed_stop(&tb);
}
