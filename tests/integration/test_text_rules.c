/* One rule for byte order marks and control characters everywhere (issue 15, item 6):
 * before, an admin JSON body with a leading BOM was refused while screening took one, and
 * admin text took DEL while query parameters refused it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "admin_util.h"
#include "harness.h"

ADMIN_SUITE_SERVER("text_rules")
TestSuite(text_rules, .init = start, .fini = stop, .timeout = 60);

Test(text_rules, a_leading_bom_is_skipped_in_admin_bodies)
{
    struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL,
                             "\xEF\xBB\xBF{\"id\":\"test-bom\",\"kind\":\"organization\","
                             "\"name\":\"Bom Test Ltd\"}");
    cr_expect_eq(r.status, 201, "%ld %s", r.status, r.body);
    http_free(&r);
}

Test(text_rules, del_and_c1_are_refused_in_admin_text_as_in_parameters)
{
    static const char *const names[] = {"Bom\x7fTest", "Bom\xC2\x85Test"};
    for (size_t i = 0; i < 2; i++) {
        char body[160];
        snprintf(body, sizeof body,
                 "{\"id\":\"test-ctl-%zu\",\"kind\":\"organization\",\"name\":\"%s\"}", i,
                 names[i]);
        struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL, body);
        cr_expect_eq(r.status, 422, "%ld %s", r.status, r.body);
        cr_expect(r.body && strstr(r.body, "\"field\":\"name\"") &&
                      strstr(r.body, "invalid_character"),
                  "%s", r.body);
        http_free(&r);
    }
    expect_status(srv.base, "/v1/check?name=Bom%7FTest", 400);
    expect_status(srv.base, "/v1/check?name=Bom%C2%85Test", 400);
}
