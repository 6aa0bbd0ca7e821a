/* CSV answers never carry a live spreadsheet formula: before, cells echoed from the input
 * were escaped but the stored match_name and match_id were written raw, so a subject named
 * =HYPERLINK(...) (through the admin API or an imported list) became a formula in every
 * screening result that matched it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"
#include "harness.h"

ADMIN_SUITE_SERVER("csv_cells")
TestSuite(csv_cells, .init = start, .fini = stop, .timeout = 60);

Test(csv_cells, stored_names_are_escaped_like_echoed_ones)
{
    struct http r = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL,
                             "{\"id\":\"test-formula\",\"kind\":\"organization\",\"name\":"
                             "\"=HYPERLINK(\\\"http://evil.example\\\",\\\"Click Here\\\")\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    http_free(&r);
    char url[160];
    snprintf(url, sizeof url, "%s/v1/subjects/test-formula", srv.base);
    bool loaded = false;
    for (int i = 0; i < 100 && !loaded; i++) {
        struct http g = http_get(url);
        loaded = g.status == 200;
        http_free(&g);
        if (!loaded) usleep(50 * 1000);
    }
    cr_assert(loaded, "the new subject never reached the snapshot");
    static const char body[] = "name\r\nHYPERLINK http evil example Click Here\r\n"
                               "@SUM(1+1)\r\n";
    const char *headers[] = {"Content-Type: text/csv", "Accept: text/csv", NULL};
    snprintf(url, sizeof url, "%s/v1/screen", srv.base);
    r = http_do("POST", url, body, sizeof body - 1, headers);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strstr(r.body, "'=HYPERLINK("), "the stored name is not escaped: %s", r.body);
    cr_expect(strstr(r.body, "'@SUM(1+1)"), "the echoed name is not escaped: %s", r.body);
    /* no cell, quoted or not, starts with a formula character */
    static const char *const starts[] = {",=", ",\"=", ",@", ",\"@", ",+", ",\"+", NULL};
    for (const char *const *s = starts; *s; s++)
        cr_expect(!strstr(r.body, *s), "a cell starts with %s: %s", *s + 1, r.body);
    http_free(&r);
}
