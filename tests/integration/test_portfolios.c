/* Portfolios (issue 18): the monitor token role, create/read/rename/delete, items replaced
 * from JSON, NDJSON and CSV with their answers computed at once, per-item errors naming
 * the row and field, the 100,000-item bound, and the audit trail in portfolio_changes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"
#include "monitor_util.h"

MONITOR_SUITE_SERVER("portfolios")

TestSuite(portfolios, .init = start, .fini = stop, .timeout = 60);

/* Who may: monitor and admin tokens manage portfolios; readers and nobody may not. */
Test(portfolios, roles)
{
    static const struct admin_step steps[] = {
        {"GET", "/v1/portfolios", NULL, NULL, NULL, 401, "/problems/unauthorized", NULL},
        {"GET", "/v1/portfolios", READER_SECRET, NULL, NULL, 403, "/problems/forbidden", NULL},
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "{\"id\":\"p1\",\"name\":\"One\"}", 201,
         NULL, NULL},
        {"GET", "/v1/portfolios/p1", ADMIN_SECRET, NULL, NULL, 200, NULL, NULL},
        /* a monitor token is no admin token */
        {"GET", "/v1/admin/audit", MONITOR_SECRET, NULL, NULL, 403, "/problems/forbidden", NULL},
    };
    ADMIN_STEPS(srv.base, steps);
}

/* The record's life, and what is refused, each naming the field. */
Test(portfolios, crud_and_bad_input)
{
    static const struct admin_step steps[] = {
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "{\"id\":\"vendors\",\"name\":\"V\"}", 201,
         NULL, NULL},
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "{\"id\":\"vendors\",\"name\":\"V\"}", 409,
         "/problems/conflict", NULL},
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "{\"id\":\"Bad Id\",\"nam\":1}", 422,
         "/problems/validation-failed", "id:invalid_value nam:unknown_field name:required"},
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "{\"id\":\"x\",\"name\":\"\"}", 422,
         "/problems/validation-failed", "name:invalid_value"},
        {"POST", "/v1/portfolios", MONITOR_SECRET, NULL, "[1", 400, "/problems/invalid-body",
         "body"},
        {"PUT", "/v1/portfolios/vendors", MONITOR_SECRET, NULL, "{\"name\":\"Vendors\"}", 200, NULL,
         NULL},
        {"PUT", "/v1/portfolios/vendors", MONITOR_SECRET, NULL, "{\"id\":\"other\",\"name\":\"V\"}",
         422, "/problems/validation-failed", "id:mismatch"},
        {"GET", "/v1/portfolios/nope", MONITOR_SECRET, NULL, NULL, 404, "/problems/not-found",
         NULL},
        {"GET", "/v1/portfolios/vendors?x=1", MONITOR_SECRET, NULL, NULL, 400,
         "/problems/invalid-parameter", "x"},
        {"GET", "/v1/portfolios/vendors/events?since=-1", MONITOR_SECRET, NULL, NULL, 400,
         "/problems/invalid-parameter", "since"},
        {"GET", "/v1/portfolios/vendors/items?cursor=zz", MONITOR_SECRET, NULL, NULL, 400,
         "/problems/invalid-parameter", "cursor"},
        {"DELETE", "/v1/portfolios/vendors", MONITOR_SECRET, NULL, NULL, 200, NULL, NULL},
        {"DELETE", "/v1/portfolios/vendors", MONITOR_SECRET, NULL, NULL, 404, "/problems/not-found",
         NULL},
    };
    ADMIN_STEPS(srv.base, steps);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_changes WHERE portfolio_id ="
                               " 'vendors' AND actor = 'watcher'"),
                 3, "create, update, delete audited with the token's name");
}

/* Items from each format; each answered at once, as /v1/check answers it. */
Test(portfolios, items_in_three_formats)
{
    monitor_create(srv.base, "p");
    static const struct {
        const char *type, *body;
    } cases[] = {
        {"application/json", "[{\"ref\":\"k\",\"name\":\"Kaspersky Lab\",\"binds\":\"us-persons\"},"
                             "{\"ref\":\"n\",\"name\":\"Nothing Known Widgets\"}]"},
        {"application/x-ndjson",
         "{\"ref\":\"k\",\"name\":\"Kaspersky Lab\",\"binds\":\"us-persons\"}\n"
         "{\"ref\":\"n\",\"name\":\"Nothing Known Widgets\"}\n"},
        {"text/csv", "ref,name,binds\nk,Kaspersky Lab,us-persons\nn,Nothing Known Widgets,\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct http r = monitor_put_items(srv.base, "p", cases[i].type, cases[i].body);
        cr_assert_eq(r.status, 200, "%s: %ld %s", cases[i].type, r.status, r.body);
        cr_expect_eq(json_integer_value(json_object_get(r.json, "items")), 2);
        http_free(&r);
        cr_expect_str_eq(monitor_item_verdict(srv.base, "p", "k"), "restricted", "%s",
                         cases[i].type);
        cr_expect_str_eq(monitor_item_verdict(srv.base, "p", "n"), "no_match");
    }
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_items WHERE portfolio_id = 'p'"), 2,
                 "replaced, not added to");
}

/* Bad rows: every one named as items[row].field, nothing written. */
Test(portfolios, per_item_errors)
{
    monitor_create(srv.base, "p");
    struct http r = monitor_put_items(
        srv.base, "p", "application/json",
        "[{\"ref\":\"a\",\"name\":\"x\",\"as_of\":\"2024-01-01\"},{\"ref\":\"a\",\"name\":\"\"},"
        "{\"name\":\"y\",\"binds\":\"nobody\"},{\"ref\":\"d\",\"name\":\"z\",\"colour\":1}]");
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(names_field(&r, "items[1].as_of", "not_allowed"));
    cr_expect(names_field(&r, "items[2].ref", "duplicate"));
    cr_expect(names_field(&r, "items[2].name", "required"));
    cr_expect(names_field(&r, "items[3].ref", "required"));
    cr_expect(names_field(&r, "items[3].binds", NULL));
    cr_expect(names_field(&r, "items[4].colour", NULL), "%s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_items"), 0);
    r = monitor_put_items(srv.base, "p", "application/json", "[{\"ref\":");
    cr_expect_eq(r.status, 400);
    http_free(&r);
    r = monitor_put_items(srv.base, "p", "application/xml", "<a/>");
    cr_expect_eq(r.status, 415);
    http_free(&r);
    r = monitor_put_items(srv.base, "nope", "application/json", "[]");
    cr_expect_eq(r.status, 404);
    http_free(&r);
}

/* 100,000 items are taken; one more is refused (413, naming "items"). */
Test(portfolios, item_bound)
{
    monitor_create(srv.base, "big");
    char *csv = monitor_csv(100001);
    struct http r = monitor_put_items(srv.base, "big", "text/csv", csv);
    cr_expect_eq(r.status, 413, "%ld", r.status);
    cr_expect(names_field(&r, "items", "too_many"));
    http_free(&r);
    free(csv);
    csv = monitor_csv(100000);
    r = monitor_put_items(srv.base, "big", "text/csv", csv);
    cr_expect_eq(r.status, 200, "%ld %.300s", r.status, r.body);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "items")), 100000);
    http_free(&r);
    free(csv);
    cr_expect_eq(sql_count(db, "SELECT rows FROM portfolio_changes WHERE entity = 'items'"
                               " AND action = 'add'"),
                 100000, "one audit line for the whole replace");
}
