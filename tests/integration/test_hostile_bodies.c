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

static char *keep[64]; /* large bodies shared by several cases */
static size_t n_keep;

static char *kept(char *s)
{
    cr_assert(n_keep < sizeof keep / sizeof *keep);
    return keep[n_keep++] = s;
}

/* "[" * depth (+ "]" * depth when closed). */
static char *nested(const char *open, const char *close, size_t depth, bool closed)
{
    size_t o = strlen(open), c = strlen(close);
    char *s = malloc(depth * (o + c) + 1), *p = s;
    for (size_t i = 0; i < depth; i++, p += o)
        memcpy(p, open, o);
    for (size_t i = 0; closed && i < depth; i++, p += c)
        memcpy(p, close, c);
    *p = '\0';
    return kept(s);
}

/* A JSON array of `n` strings of `each` bytes: about n * (each + 3) bytes. */
static char *array_of_strings(size_t n, size_t each)
{
    char *s = malloc(n * (each + 3) + 3), *p = s;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i) *p++ = ',';
        *p++ = '"';
        memset(p, 'a' + (char)(i % 26), each);
        p += each;
        *p++ = '"';
    }
    *p++ = ']';
    *p = '\0';
    return kept(s);
}

/* One object with `n` distinct keys (and a name). */
static char *many_keys(size_t n, bool ndjson)
{
    char *s = malloc(n * 24 + 64), *p = s;
    p += sprintf(p, "%s{\"name\":\"Kaspersky Lab\"", ndjson ? "" : "[");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, ",\"k%zu\":%zu", i, i);
    p += sprintf(p, "}%s", ndjson ? "\n" : "]");
    return kept(s);
}

static char *csv_columns(size_t n, bool with_row)
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
    return kept(s);
}

/* CSV: a header, then one quoted field of `n` bytes (unterminated when `open`). */
static char *csv_big_field(size_t n, bool open)
{
    char *s = malloc(n + 64), *p = s;
    p += sprintf(p, "name,ref\n\"");
    memset(p, 'x', n);
    p += n;
    p += sprintf(p, "%s", open ? "" : "\",r1\n");
    return kept(s);
}

#define SCREEN(label, type, body, status)                                                          \
    bc_add(cs, label, "POST", "/v1/screen", NOBODY, type, body, sizeof body - 1, status)

static void screen_cases(struct body_cases *cs)
{
    const char *json = "application/json", *ndjson = "application/x-ndjson", *csv = "text/csv";
    char *s;
    /* Deep nesting: a JSON array is read row by row, so a nested row ends the body (400);
     * in NDJSON it is one bad row of a batch that goes on (200). */
    s = nested("[", "]", 10000, true);
    bc_add(cs, "JSON 10,000 nested arrays", "POST", "/v1/screen", NOBODY, json, s, strlen(s), 400);
    s = nested("[", "", 10000, false);
    bc_add(cs, "JSON 10,000 unclosed arrays", "POST", "/v1/screen", NOBODY, json, s, strlen(s),
           400);
    s = nested("{\"name\":", "}", 10000, true);
    char *wrapped = malloc(strlen(s) + 3);
    sprintf(wrapped, "[%s]", s);
    kept(wrapped);
    bc_add(cs, "JSON row nested 10,000 objects deep", "POST", "/v1/screen", NOBODY, json, wrapped,
           strlen(wrapped), 400);
    bc_add(cs, "NDJSON line nested 10,000 objects deep", "POST", "/v1/screen", NOBODY, ndjson, s,
           strlen(s), 200);
    /* Huge: 9 MiB of JSON strings (rows that are not objects: each a row error), and as
     * many short ones as exceed the row limit (413). */
    s = array_of_strings(9 * 1024, 1021);
    bc_add(cs, "JSON 9 MiB array of 9,216 strings", "POST", "/v1/screen", NOBODY, json, s,
           strlen(s), 200);
    s = array_of_strings(1200000, 5);
    bc_add(cs, "JSON 9 MiB array of 1.2 million strings", "POST", "/v1/screen", NOBODY, json, s,
           strlen(s), 413);
    s = many_keys(200000, false);
    bc_add(cs, "JSON row with 200,000 keys", "POST", "/v1/screen", NOBODY, json, s, strlen(s), 200);
    s = many_keys(200000, true);
    bc_add(cs, "NDJSON row with 200,000 keys", "POST", "/v1/screen", NOBODY, ndjson, s, strlen(s),
           200);
    s = bc_repeat("n", 9 * MiB);
    char *name = malloc(9 * MiB + 32);
    sprintf(name, "[{\"name\":\"%s\"}]", s);
    free(s);
    kept(name);
    bc_add(cs, "JSON name of 9 MiB", "POST", "/v1/screen", NOBODY, json, name, strlen(name), 200);
    s = kept(bc_repeat("x", 11 * MiB));
    bc_add(cs, "11 MiB body over the limit", "POST", "/v1/screen", NOBODY, csv, s, strlen(s), 413);
    /* CSV shapes. */
    /* The CSV reader takes at most 1024 fields a record (lib/csv.h): more is a 400. */
    s = csv_columns(10000, true);
    bc_add(cs, "CSV with 10,000 columns", "POST", "/v1/screen", NOBODY, csv, s, strlen(s), 400);
    s = csv_columns(10000, false);
    bc_add(cs, "CSV header of 10,000 columns, no rows", "POST", "/v1/screen", NOBODY, csv, s,
           strlen(s), 400);
    s = csv_columns(1024, true);
    bc_add(cs, "CSV with 1,024 columns", "POST", "/v1/screen", NOBODY, csv, s, strlen(s), 200);
    s = csv_big_field(5 * MiB, false);
    bc_add(cs, "CSV field of 5 MiB", "POST", "/v1/screen", NOBODY, csv, s, strlen(s), 200);
    s = csv_big_field(5 * MiB, true);
    bc_add(cs, "CSV quoted field of 5 MiB never closed", "POST", "/v1/screen", NOBODY, csv, s,
           strlen(s), 400);
    SCREEN("CSV row with more fields than the header", csv, "name\nKaspersky,Lab,x,y\n", 200);
    SCREEN("CSV header naming name twice", csv, "name,name\nx,y\n", 422);
    SCREEN("CSV header without a name column", csv, "ref,kind\n1,organization\n", 422);
    SCREEN("CSV quote inside a field", csv, "name\nKas\"per\"sky\n", 200);
    SCREEN("CSV only a BOM", csv, "\xef\xbb\xbf", 400);
    /* Wrong content types and charsets. */
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
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        char l[200];
        snprintf(l, sizeof l, "Content-Type [%s]", types[i].type ? types[i].type : "none");
        static const char body[] = "name\nKaspersky Lab\n";
        bc_add(cs, l, "POST", "/v1/screen", NOBODY, types[i].type, body, sizeof body - 1,
               types[i].status);
    }
    s = kept(bc_repeat("x", 1000));
    char *long_type = kept(malloc(1100));
    sprintf(long_type, "text/csv; %s=1", s);
    static const char small_csv[] = "name\nKaspersky Lab\n";
    bc_add(cs, "Content-Type with a 1,000-byte parameter", "POST", "/v1/screen", NOBODY, long_type,
           small_csv, sizeof small_csv - 1, 200);
    /* Encodings: UTF-16 and a BOM before JSON, invalid UTF-8 and NUL in each format. */
    static const char utf16[] = "\xff\xfe[\0{\0\"\0n\0a\0m\0e\0\"\0:\0\"\0x\0\"\0}\0]\0";
    bc_add(cs, "JSON in UTF-16", "POST", "/v1/screen", NOBODY, json, utf16, sizeof utf16 - 1, 400);
    SCREEN("JSON after a UTF-8 BOM (skipped)", json, "\xef\xbb\xbf[{\"name\":\"Kaspersky Lab\"}]",
           200);
    SCREEN("JSON invalid UTF-8 in a name", json, "[{\"name\":\"Kasp\xff\xfersky\"}]", 400);
    SCREEN("JSON overlong UTF-8", json, "[{\"name\":\"\xc0\xaf\"}]", 400);
    SCREEN("JSON UTF-8 surrogate", json, "[{\"name\":\"\xed\xa0\x80\"}]", 400);
    SCREEN("JSON escaped lone surrogate", json, "[{\"name\":\"\\ud800\"}]", 400);
    SCREEN("JSON escaped NUL", json, "[{\"name\":\"a\\u0000b\"}]", 400);
    SCREEN("JSON raw NUL", json, "[{\"name\":\"a\0b\"}]", 400);
    SCREEN("JSON NUL between rows", json, "[{\"name\":\"a\"},\0{\"name\":\"b\"}]", 400);
    SCREEN("NDJSON invalid UTF-8", ndjson, "{\"name\":\"\xff\"}\n{\"name\":\"Kaspersky Lab\"}\n",
           200);
    SCREEN("NDJSON escaped NUL", ndjson, "{\"name\":\"a\\u0000b\"}\n", 200);
    SCREEN("NDJSON raw NUL line", ndjson, "\0\0\0\n{\"name\":\"Kaspersky Lab\"}\n", 200);
    SCREEN("NDJSON UTF-16", ndjson, "\xff\xfe{\0}\0\n\0", 200);
    SCREEN("CSV invalid UTF-8", csv, "name\n\xff\xfe\xfd\nKaspersky Lab\n", 200);
    SCREEN("CSV NUL in a field", csv, "name\nKasp\0ersky\n", 200);
    SCREEN("CSV NUL in the header", csv, "na\0me\nx\n", 422);
    SCREEN("CSV only NULs", csv, "\0\0\0\0", 422);
    SCREEN("CSV with CR only line ends", csv, "name\rKaspersky Lab\r", 200);
    SCREEN("JSON rows of every type", json, "[1,\"x\",null,true,[],{}]", 200);
    SCREEN("JSON numbers where text belongs", json,
           "[{\"name\":1,\"as_of\":-1,\"kind\":0.5,\"ref\":9223372036854775807}]", 200);
    SCREEN("JSON integer past 64 bits", json, "[{\"name\":\"x\",\"ref\":123456789012345678901}]",
           400);
    SCREEN("JSON number overflowing a double", json, "[{\"name\":\"x\",\"ref\":1e999}]", 400);
    SCREEN("NDJSON number overflowing a double", ndjson, "{\"name\":\"x\",\"ref\":1e999}\n", 200);
    SCREEN("JSON duplicate keys", json, "[{\"name\":\"a\",\"name\":\"b\"}]", 400);
    SCREEN("JSON trailing comma", json, "[{\"name\":\"a\"},]", 400);
    SCREEN("JSON text after the array", json, "[{\"name\":\"a\"}] [", 400);
    SCREEN("JSON object instead of an array", json, "{\"name\":\"a\"}", 400);
    SCREEN("only white space", json, " \r\n\t ", 400);
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
    char *db = db_create("hostile_bodies");
    struct server s;
    cr_assert(server_start(&s, db, NULL, true));
    struct body_cases cs = {0};
    screen_cases(&cs);
    screen_injections(&cs);
    size_t passed = bc_run(&cs, &s, db);
    fprintf(stderr, "hostile bodies (screen): %zu sent, %zu answered as expected\n", cs.n, passed);
    cr_expect_geq(cs.n, 90);
    cr_expect_eq(server_stop(&s), 0);
    bc_free(&cs);
    for (size_t i = 0; i < n_keep; i++)
        free(keep[i]);
    n_keep = 0;
    free(db);
}

/* Body framing no client library would send, over a raw socket. */
Test(hostile_bodies, body_framing_over_a_raw_socket)
{
    char *db = db_create("hostile_framing");
    struct server s;
    const char *env[] = {"RESTRICTD_TIMEOUT=2", "RESTRICTD_MAX_BODY=1048576", NULL};
    cr_assert(server_start(&s, db, env, true));
    static const char nul_type[] = "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/\0csv"
                                   "\r\nContent-Length: 7\r\n\r\nname\nx\n";
    size_t big = 2 * MiB;
    char *req = malloc(big + 4096);
    /* A chunked body over the limit: it has no Content-Length to refuse it by. */
    int n = sprintf(req,
                    "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n%zx\r\nname\n",
                    big);
    memset(req + n, 'x', big - 5);
    n += (int)big - 5;
    n += sprintf(req + n, "\r\n0\r\n\r\n");
    struct {
        const char *label;
        const char *data;
        size_t len;
        bool half_close;
        int want; /* a status, or 0: a 4xx or a closed connection */
    } cases[] = {
        {"chunked body over the limit", req, (size_t)n, false, 413},
        {"Content-Length larger than the body, then half-closed",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n"
         "\r\nname\nx\n",
         0, true, 0},
        {"Content-Length larger than the body, left open",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n"
         "\r\nname\nx\n",
         0, false, 0},
        {"Expect: 100-continue over the limit",
         "POST /v1/admin/import HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Expect: 100-continue\r\nContent-Length: 50000000\r\n\r\n",
         0, false, 413},
        {"chunk size overflowing 64 bits",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
         "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nname\r\n0\r\n\r\n",
         0, false, 0},
        {"chunk extensions and trailers",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
         "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nname\n\r\n3\r\nab\n\r\n0\r\nX-T: 1\r\n\r\n",
         0, false, 200},
        {"empty body with Content-Length 0",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Content-Length: 0\r\n\r\n",
         0, false, 400},
        {"NUL in the Content-Type header", nul_type, sizeof nul_type - 1, false, 0},
        {"body on a GET",
         "GET /v1/check?name=x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello", 0, false,
         200},
        {"second request pipelined after a body",
         "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 7\r\n"
         "\r\nname\nx\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
         0, false, 200},
    };
    size_t ncases = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < ncases; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].data);
        struct raw_reply r = raw_send(s.port, cases[i].data, len, cases[i].half_close, 1, 5000);
        cr_expect(!r.timed_out, "%s: hung", cases[i].label);
        cr_expect_lt(r.status, 500, "%s: %d", cases[i].label, r.status);
        if (cases[i].want)
            cr_expect_eq(r.status, cases[i].want, "%s: %d %s", cases[i].label, r.status, r.body);
        else
            cr_expect(r.status == 0 ? r.closed : r.status >= 400 && r.status < 500,
                      "%s: status %d closed %d", cases[i].label, r.status, r.closed);
        struct http ok = http_get(check_url(s.base, "Kaspersky Lab", NULL));
        cr_assert_eq(ok.status, 200, "after %s", cases[i].label);
        http_free(&ok);
    }
    fprintf(stderr, "hostile bodies (framing): %zu sent over raw sockets\n", ncases);
    free(req);
    cr_expect_eq(server_stop(&s), 0);
    free(db);
}
