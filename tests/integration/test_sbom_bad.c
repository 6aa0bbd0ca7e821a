/* POST /v1/screen with SBOMs that are hard to read (issue 19, "Bad input"), over HTTP: the
 * most components a screening holds answered in full; cyclic dependencies and a repeated
 * bom-ref answered once per component; a CPE or purl that does not parse is that
 * component's error (CycloneDX and SPDX); SPDX that is not well-formed is refused whole.
 * (Malformed CycloneDX, wrong versions, too deep and too many are in test_sbom.c.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct http post(const char *body, size_t len, const char *type, const char *accept)
{
    char url[512], ct[128], acc[128];
    snprintf(url, sizeof url, "%s/v1/screen", shared_url());
    snprintf(ct, sizeof ct, "Content-Type: %s", type);
    snprintf(acc, sizeof acc, "Accept: %s", accept);
    const char *h[] = {ct, acc, NULL};
    return http_do("POST", url, body, len, h);
}

static long long summary_count(const struct http *r, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(r->json, "summary"), key));
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; (s = strchr(s, '\n')) != NULL; s++)
        n++;
    return n;
}

Test(sbom_bad, the_most_components_a_screening_holds_are_all_answered, .timeout = 120)
{
    /* RESTRICTD_SCREEN_MAX_ROWS is 100000: one more is 413 (test_sbom.c); exactly that many is
     * answered, the Kaspersky component among them found */
    size_t cap = 4u << 20, len;
    char *b = malloc(cap);
    cr_assert_not_null(b);
    len =
        (size_t)sprintf(b, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
    for (int i = 0; i < 99999; i++)
        len += (size_t)sprintf(b + len, "{\"name\":\"c%d\",\"bom-ref\":\"r%d\"},", i, i);
    len += (size_t)sprintf(b + len, "{\"name\":\"Kaspersky Anti-Virus\",\"cpe\":"
                                    "\"cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*\"}]}");
    struct http r = post(b, len, "application/vnd.cyclonedx+json", "text/csv");
    free(b);
    cr_assert_eq(r.status, 200, "%.300s", r.body);
    cr_expect_str_eq(http_header(&r, "X-Screen-Rows"), "100000");
    cr_expect_eq(lines(r.body), 100001, "the header and one line per component");
    cr_expect(strstr(r.body, "\r\n100000,,Kaspersky Anti-Virus,"), "the last row is there");
    cr_expect(strstr(r.body, ",identifier,cpe,cpe:kaspersky:anti-virus,"));
    http_free(&r);
}

Test(sbom_bad, cyclic_dependencies_and_a_repeated_ref_are_answered_per_component)
{
    /* JSON nesting is a tree; the cycles an SBOM can hold are in `dependencies` (CycloneDX)
     * and `relationships` (SPDX), which are not walked: each component is answered once */
    const char *cdx =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":["
        "{\"bom-ref\":\"a\",\"name\":\"Kaspersky Anti-Virus\",\"publisher\":\"AO Kaspersky Lab\"},"
        "{\"bom-ref\":\"b\",\"name\":\"libfoo\"},{\"bom-ref\":\"a\",\"name\":\"libbar\"}],"
        "\"dependencies\":[{\"ref\":\"a\",\"dependsOn\":[\"b\"]},{\"ref\":\"b\",\"dependsOn\":"
        "[\"a\"]},{\"ref\":\"a\",\"dependsOn\":[\"a\"]}]}";
    struct http r = post(cdx, strlen(cdx), "application/vnd.cyclonedx+json", "application/json");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(summary_count(&r, "rows"), 3);
    cr_expect_eq(summary_count(&r, "restricted"), 1);
    cr_expect_eq(summary_count(&r, "errors"), 0);
    http_free(&r);
    const char *spdx =
        "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\"},"
        "{\"SPDXID\":\"SPDXRef-b\",\"name\":\"b\"}],\"relationships\":["
        "{\"spdxElementId\":\"SPDXRef-a\",\"relationshipType\":\"DEPENDS_ON\","
        "\"relatedSpdxElement\":\"SPDXRef-b\"},{\"spdxElementId\":\"SPDXRef-b\","
        "\"relationshipType\":\"DEPENDS_ON\",\"relatedSpdxElement\":\"SPDXRef-a\"}]}";
    r = post(spdx, strlen(spdx), "application/spdx+json", "application/json");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(summary_count(&r, "rows"), 2);
    http_free(&r);
}

Test(sbom_bad, a_cpe_or_purl_that_does_not_parse_is_the_components_error)
{
    const char *cdx =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":["
        "{\"bom-ref\":\"bad-cpe\",\"name\":\"x\",\"cpe\":\"cpe:2.3:a:kas persky:av:1:*:*:*:*:*:*:*\"},"
        "{\"bom-ref\":\"bad-purl\",\"name\":\"y\",\"purl\":\"pkg:npm/%4\"},"
        "{\"bom-ref\":\"not-a-cpe\",\"name\":\"z\",\"cpe\":\"kaspersky anti-virus\"},"
        "{\"bom-ref\":\"good\",\"name\":\"Kaspersky Anti-Virus\",\"cpe\":"
        "\"cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*\"}]}";
    struct http r = post(cdx, strlen(cdx), "application/vnd.cyclonedx+json", "application/json");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(summary_count(&r, "errors"), 3);
    cr_expect_eq(summary_count(&r, "restricted"), 1, "the rest is answered");
    const char *want[] = {"cpe", "purl", "cpe"};
    json_t *rows = json_object_get(r.json, "rows");
    for (size_t i = 0; i < 3; i++) {
        json_t *e = json_array_get(json_object_get(json_array_get(rows, i), "errors"), 0);
        cr_expect_str_eq(jstr(e, "field"), want[i], "row %zu", i + 1);
        cr_expect_str_eq(jstr(e, "code"), "invalid_identifier", "row %zu", i + 1);
    }
    http_free(&r);
}

Test(sbom_bad, spdx_that_is_not_well_formed_is_refused_whole)
{
    const char *bodies[] = {
        "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\",}]}",
        "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\"},{\"name\":\"a\"}]", /* cut */
        "{\"spdxVersion\":\"SPDX-2.3\",\"spdxVersion\":\"SPDX-2.3\",\"packages\":[]}", /* twice */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        struct http r =
            post(bodies[i], strlen(bodies[i]), "application/spdx+json", "application/json");
        cr_expect_eq(r.status, 400, "%s: %s", bodies[i], r.body);
        cr_expect_str_eq(jstr(r.json, "type"), "/problems/invalid-body");
        cr_expect(strstr(r.body, "not well-formed"), "%s", r.body);
        http_free(&r);
    }
}
