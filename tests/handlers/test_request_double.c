/* The request double itself: it reads a request as the server would, records replies, and
 * refuses a handler that breaks the contract of server/request.h. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "request_double.h"

/* ---- reading a request ---- */

static bool collect(void *ctx, const char *name, const char *value, size_t len)
{
    struct strbuf *sb = ctx;
    sb_printf(sb, "[%s=%s:%zu]", name, value, len);
    return strcmp(name, "stop") != 0;
}

static void reader(struct request *req)
{
    const char *v = NULL;
    size_t len = 99;
    cr_expect(req_query(req, "name", &v, &len));
    cr_expect_str_eq(v, "Kaspersky Lab");
    cr_expect_eq(len, 13);
    cr_expect(req_query(req, "flag", &v, &len), "present without '='");
    cr_expect_str_eq(v, "");
    cr_expect_eq(len, 0);
    cr_expect(req_query(req, "nul", &v, &len));
    cr_expect_eq(len, 3, "a %%00 is a byte of the value");
    cr_expect_eq(memcmp(v, "a\0b", 4), 0);
    cr_expect(req_query(req, "pct", &v, &len));
    cr_expect_str_eq(v, "100%zz 50%", "a bad escape stays as it is");
    cr_expect(!req_query(req, "Name", &v, &len), "argument names are case-sensitive");
    struct strbuf seen = {0};
    req_query_each(req, collect, &seen);
    cr_expect_str_eq(seen.data,
                     "[name=Kaspersky Lab:13][flag=:0][nul=a:3][pct=100%zz 50%:10]"
                     "[stop=:0]",
                     "in order, and stopped when asked");
    sb_free(&seen);

    cr_expect_str_eq(req_header(req, "content-type"), "application/json");
    cr_expect_str_eq(req_header(req, "X-Spaced"), "value", "spaces after the colon skipped");
    cr_expect_null(req_header(req, "Accept"));
    cr_expect_str_eq(req_path(req), "/v1/admin/rulings/r1");
    cr_expect_str_eq(req_path_param(req, 0), "r1");
    cr_expect_null(req_path_param(req, 1));
    cr_expect_null(req_path_param(req, 99));
    size_t n;
    cr_expect_str_eq(req_body(req, &n), "{\"a\":1}");
    cr_expect_eq(n, 7);
    cr_expect_str_eq(req_actor(req), "alice");
    cr_expect_str_eq(req_route_context(req), "context");
    cr_expect_null(req_pool(req));
    cr_expect_null(req_snapshot(req));
    cr_expect_eq(req_settings(req)->screen_max_rows, 100000, "the server's default");
    char *mem = req_alloc(req, 64);
    cr_expect_not_null(mem);
    for (int i = 0; i < 64; i++)
        cr_expect_eq(mem[i], 0, "req_alloc memory is zeroed");

    struct strbuf body = {0};
    sb_puts(&body, "{}");
    reply_json(req, 200, &body);
}

Test(request_double, reads_the_request_as_the_server_does)
{
    struct fake_spec s = {
        .path = "/v1/admin/rulings/r1",
        .query = "name=Kaspersky+Lab&flag&nul=a%00b&pct=100%zz%2050%&stop&after=never",
        .headers = {"Content-Type: application/json", "X-Spaced:   value"},
        .params = {"r1"},
        .body = "{\"a\":1}",
        .context = "context",
        .actor = "alice",
    };
    fake_reply_free(fake_call(reader, &s));
}

static void defaults(struct request *req)
{
    size_t n = 5;
    cr_expect_str_eq(req_path(req), "/");
    cr_expect_str_eq(req_actor(req), "");
    cr_expect_str_eq(req_body(req, &n), "");
    cr_expect_eq(n, 0);
    req_log_error(req, "first %d", 1);
    req_log_error(req, "second");
    struct strbuf m = {0};
    req_metrics(req, &m);
    cr_expect_eq(m.len, 0);
    sb_free(&m);
    reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
}

Test(request_double, defaults_and_the_error_log)
{
    struct fake_reply *r = fake_call(defaults, &(struct fake_spec){0});
    json_t *doc = fake_problem(r, PROBLEM_NOT_FOUND, "/");
    cr_expect_str_eq(r->log, "first 1\nsecond\n");
    json_decref(doc);
    fake_reply_free(r);
}

/* ---- replies ---- */

static void field_problem(struct request *req)
{
    reply_header(req, "X-One", "1");
    reply_header(req, "x-one", "2");
    reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "as_of", "invalid_date", "is bad", NULL);
}

Test(request_double, records_headers_and_renders_problems)
{
    struct fake_reply *r = fake_call(field_problem, &(struct fake_spec){.path = "/x"});
    json_t *doc = fake_problem(r, PROBLEM_INVALID_PARAMETER, "/x");
    cr_expect_str_eq(json_string_value(json_object_get(doc, "detail")), "as_of: is bad");
    fake_field_error(doc, "as_of", "invalid_date");
    cr_expect_eq(fake_header_count(r, "X-ONE"), 2);
    cr_expect_str_eq(fake_header(r, "X-One"), "2", "the last one");
    json_decref(doc);
    fake_reply_free(r);
}

static void conditional(struct request *req)
{
    if (reply_if_not_modified(req, "\"abc\"")) return;
    struct strbuf body = {0};
    sb_puts(&body, "[]");
    reply_header(req, "ETag", "\"abc\"");
    reply_json(req, 200, &body);
}

Test(request_double, if_none_match_compares_weakly_in_a_list)
{
    static const struct {
        const char *header;
        unsigned status;
    } cases[] = {
        {NULL, 200},
        {"If-None-Match: \"abc\"", 304},
        {"If-None-Match: W/\"abc\"", 304},
        {"If-None-Match: \"x\", \"abc\"", 304},
        {"If-None-Match: *", 304},
        {"If-None-Match: \"ab\"", 200},
        {"If-None-Match: \"abcd\"", 200},
        {"If-None-Match: abc", 200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fake_spec s = {.headers = {cases[i].header}};
        struct fake_reply *r = fake_call(conditional, &s);
        cr_expect_eq(r->status, cases[i].status, "%s", cases[i].header);
        cr_expect_eq(r->not_modified, cases[i].status == 304);
        cr_expect_str_eq(fake_header(r, "ETag"), "\"abc\"");
        fake_reply_free(r);
    }
}

struct counter {
    int n, *freed;
};

static bool count_to_five(void *ctx, struct strbuf *out)
{
    struct counter *c = ctx;
    sb_printf(out, "%d;", c->n);
    return ++c->n < 5;
}

static int freed;

static void free_counter(void *ctx)
{
    freed++;
    free(ctx);
}

static void streams(struct request *req)
{
    struct counter *c = calloc(1, sizeof *c);
    reply_stream(req, 200, "text/plain", count_to_five, c, free_counter);
}

Test(request_double, drives_a_stream_to_its_end)
{
    freed = 0;
    struct fake_reply *r = fake_call(streams, &(struct fake_spec){0});
    cr_expect(r->streamed);
    cr_expect_str_eq(r->body, "0;1;2;3;4;");
    cr_expect_eq(r->produce_calls, 5);
    cr_expect_eq(freed, 1, "the context is freed exactly once");
    fake_reply_free(r);
}

/* ---- broken contracts ---- */

static void twice(struct request *req)
{
    reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
    reply_problem(req, PROBLEM_INTERNAL, NULL, NULL);
}
static void silent(struct request *req)
{
    (void)req;
}
static void header_after(struct request *req)
{
    reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
    reply_header(req, "Retry-After", "2");
}
static void not_json(struct request *req)
{
    struct strbuf b = {0};
    sb_puts(&b, "{\"a\":");
    reply_json(req, 200, &b);
}
static void late_validator(struct request *req)
{
    reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
    (void)reply_if_not_modified(req, "\"abc\"");
}
static bool stall(void *ctx, struct strbuf *out)
{
    (void)ctx;
    (void)out;
    return true;
}
static void stalls(struct request *req)
{
    reply_stream(req, 200, "text/plain", stall, NULL, free);
}

static void broken(void (*handler)(struct request *))
{
    fake_abort_on_violation = true;
    struct fake_spec s = {.headers = {"If-None-Match: *"}};
    fake_reply_free(fake_call(handler, &s));
}

Test(request_double, a_second_reply_is_refused, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    broken(twice);
}
Test(request_double, no_reply_is_refused, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    broken(silent);
}
Test(request_double, a_header_after_the_reply_is_refused, .signal = SIGABRT,
     .init = cr_redirect_stderr)
{
    broken(header_after);
}
Test(request_double, reply_json_of_no_json_is_refused, .signal = SIGABRT,
     .init = cr_redirect_stderr)
{
    broken(not_json);
}
Test(request_double, a_validator_after_the_reply_is_refused, .signal = SIGABRT,
     .init = cr_redirect_stderr)
{
    broken(late_validator);
}
Test(request_double, a_stalled_stream_is_refused, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    broken(stalls);
}
