/* POST /v1/screen with software over HTTP: real CycloneDX and SPDX documents (tests/data/sbom,
 * PROVENANCE there), restricted components inserted, osquery inventories; how each component
 * was identified; the flagged list; and the refusals (malformed, wrong version, too deep, too
 * many, bad cpe/purl per component). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DATA RESTRICTD_SOURCE_DIR "/tests/data/sbom/"

static struct http post(const char *body, size_t len, const char *type, const char *query)
{
    char url[512], ct[128];
    snprintf(url, sizeof url, "%s/v1/screen%s", shared_url(), query ? query : "");
    snprintf(ct, sizeof ct, "Content-Type: %s", type);
    const char *h[] = {ct, "Accept: application/json", NULL};
    return http_do("POST", url, body, len, h);
}

static struct http post_file(const char *file, const char *type, const char *query)
{
    char *body = slurp(file, true);
    struct http r = post(body, strlen(body), type, query);
    free(body);
    return r;
}

static const char *verdict_of(json_t *row)
{
    return jstr(json_object_get(row, "result"), "verdict");
}

static const char *match_of(json_t *row)
{
    return jstr(json_object_get(json_object_get(row, "result"), "match"), "id");
}

static json_t *summary(const struct http *r)
{
    return json_object_get(r->json, "summary");
}

static long long count(const struct http *r, const char *key)
{
    return json_integer_value(json_object_get(summary(r), key));
}

Test(sbom, a_real_cyclonedx_document_with_no_restricted_component_is_all_no_match)
{
    struct http r = post_file(DATA "laravel-7.12.0.cdx-1.4.json", "application/vnd.cyclonedx+json",
                              "?view=compact");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "rows"), 63, "62 components and the metadata component");
    cr_expect_eq(count(&r, "no_match"), 63);
    cr_expect_eq(count(&r, "errors"), 0);
    json_t *row = screen_row_of(&r, "brick/math-0.9.3.0");
    cr_assert_not_null(row);
    cr_expect_str_eq(jstr(json_object_get(row, "identified_by"), "method"), "none");
    cr_expect_eq(json_array_size(json_object_get(summary(&r), "flagged_components")), 0);
    http_free(&r);
}

/* The laravel document with a Kaspersky component (publisher only) nested with a CPE-named
 * part inserted at the end: components nested in components are screened too. */
Test(sbom, inserted_kaspersky_components_are_found_by_publisher_and_cpe)
{
    char *body = slurp(DATA "laravel-7.12.0.cdx-1.4.json", true);
    json_t *doc = json_loads(body, 0, NULL);
    free(body);
    cr_assert_not_null(doc);
    json_t *kes = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}", "bom-ref", "inserted-kes",
                            "name", "Kaspersky Endpoint Security for Windows", "version",
                            "12.5.0.539", "publisher", "AO Kaspersky Lab", "components", "bom-ref",
                            "inserted-ksc", "name", "Administration Agent", "cpe",
                            "cpe:2.3:a:kaspersky:security_center:14.2:*:*:*:*:*:*:*");
    json_array_append_new(json_object_get(doc, "components"), kes);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    struct http r = post(text, strlen(text), "application/vnd.cyclonedx+json",
                         "?view=compact&as_of=2024-10-01");
    free(text);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "rows"), 65);
    cr_expect_eq(count(&r, "restricted"), 2);
    json_t *a = screen_row_of(&r, "inserted-kes"), *b = screen_row_of(&r, "inserted-ksc");
    cr_assert(a && b);
    cr_expect_str_eq(verdict_of(a), "restricted");
    /* found at its vendor by the publisher, answered for the vendor's product its name names */
    cr_expect_str_eq(match_of(a), "kaspersky-endpoint-security");
    json_t *how = json_object_get(a, "identified_by");
    cr_expect_str_eq(jstr(how, "method"), "name");
    cr_expect_str_eq(jstr(how, "identifier"), "publisher:kaspersky lab");
    cr_expect_str_eq(match_of(b), "kaspersky-security-center");
    how = json_object_get(b, "identified_by");
    cr_expect_str_eq(jstr(how, "method"), "identifier");
    cr_expect_str_eq(jstr(how, "field"), "cpe");
    cr_expect_str_eq(jstr(how, "identifier"), "cpe:kaspersky:security_center");
    json_t *flagged = json_object_get(summary(&r), "flagged_components");
    cr_assert_eq(json_array_size(flagged), 2);
    cr_expect_str_eq(jstr(json_array_get(flagged, 0), "ref"), "inserted-kes");
    http_free(&r);
}

Test(sbom, a_real_spdx_document_with_inserted_packages_gets_per_package_answers)
{
    struct http r = post_file(DATA "examplemaven-with-restricted.spdx-2.3.json",
                              "application/spdx+json", "?view=compact&as_of=2024-10-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "rows"), 9);
    cr_expect_eq(count(&r, "restricted"), 2);
    cr_expect_eq(count(&r, "errors"), 1, "the unreadable purl, the rest answered");
    cr_expect_str_eq(match_of(screen_row_of(&r, "SPDXRef-inserted-kav")), "kaspersky-anti-virus");
    cr_expect_str_eq(match_of(screen_row_of(&r, "SPDXRef-inserted-tiktok")), "tiktok");
    cr_expect_str_eq(verdict_of(screen_row_of(&r, "SPDXRef-junit")), "no_match");
    json_t *bad = json_array_get(
        json_object_get(screen_row_of(&r, "SPDXRef-inserted-bad-purl"), "errors"), 0);
    cr_expect_str_eq(jstr(bad, "field"), "purl");
    cr_expect_str_eq(jstr(bad, "code"), "invalid_identifier");
    http_free(&r);
    /* the real document as published: six packages, nothing restricted; format= says SPDX */
    r = post_file(DATA "examplemaven-0.0.1.spdx-2.3.json", "application/json", "?format=spdx");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "rows"), 6);
    cr_expect_eq(count(&r, "no_match"), 6);
    http_free(&r);
    /* suppliers ("Organization: SPDX (email)") and purls read, nothing restricted */
    r = post_file(DATA "sbom-with-security.spdx-2.3.json", "application/spdx+json", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "errors"), 0);
    cr_expect_eq(count(&r, "rows"), count(&r, "no_match"));
    http_free(&r);
}

Test(sbom, osquery_inventories_are_read_by_their_column_names)
{
    struct http r = post_file(DATA "programs.csv", "text/csv", "?format=inventory&view=compact");
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *kes = json_array_get(json_object_get(r.json, "rows"), 0);
    cr_expect_str_eq(match_of(kes), "kaspersky-endpoint-security");
    cr_expect_str_eq(jstr(json_object_get(kes, "identified_by"), "method"), "name");
    cr_expect_eq(count(&r, "no_match"), 3);
    http_free(&r);
    r = post_file(DATA "apps.ndjson", "application/x-ndjson", "?format=inventory&view=compact");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(count(&r, "errors"), 0, "apps' own columns (category ...) are ignored");
    json_t *rows = json_object_get(r.json, "rows");
    cr_expect_str_eq(match_of(json_array_get(rows, 0)), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(json_object_get(json_array_get(rows, 0), "identified_by"), "identifier"),
                     "bundle-id:com.kaspersky.kav");
    cr_expect_str_eq(match_of(json_array_get(rows, 2)), "tiktok");
    cr_expect_str_eq(verdict_of(json_array_get(rows, 1)), "no_match");
    http_free(&r);
    const char *files[] = {DATA "deb_packages.csv", DATA "rpm_packages.ndjson"};
    const char *types[] = {"text/csv", "application/x-ndjson"};
    for (int i = 0; i < 2; i++) {
        r = post_file(files[i], types[i], "?format=inventory&view=compact");
        cr_assert_eq(r.status, 200, "%s", r.body);
        cr_expect_eq(count(&r, "rows"), 2);
        cr_expect_eq(count(&r, "no_match"), 2, "%s", files[i]);
        http_free(&r);
    }
}

/* 400 with the reason, never a partial answer. */
static void expect_refused(const char *body, const char *type, const char *words)
{
    struct http r = post(body, strlen(body), type, NULL);
    cr_expect_eq(r.status, 400, "%s: %s", body, r.body);
    cr_expect_str_eq(jstr(r.json, "type"), "/problems/invalid-body");
    const char *detail = jstr(r.json, "detail");
    cr_expect(detail && strstr(detail, words), "%s", detail ? detail : "(none)");
    http_free(&r);
}

Test(sbom, documents_that_cannot_be_read_are_refused_whole)
{
    const char *cdx = "application/vnd.cyclonedx+json";
    expect_refused("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[", cdx,
                   "not well-formed");
    expect_refused("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.2\",\"components\":[]}", cdx,
                   "specVersion 1.2");
    expect_refused("{\"spdxVersion\":\"SPDX-2.2\",\"packages\":[]}", "application/spdx+json",
                   "SPDX-2.3");
    expect_refused("[1,2]", cdx, "JSON object");
    /* components nested 20 deep */
    char deep[2048] = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[";
    for (int i = 0; i < 20; i++)
        strcat(deep, "{\"name\":\"n\",\"components\":[");
    for (int i = 0; i < 20; i++)
        strcat(deep, "]}");
    strcat(deep, "]}");
    expect_refused(deep, cdx, "nested more than");
}

Test(sbom, more_components_than_a_screening_may_hold_is_413)
{
    /* RESTRICTD_SCREEN_MAX_ROWS is 100000 by default */
    struct strbuf_like {
        char *p;
        size_t len, cap;
    } b = {malloc(4u << 20), 0, 4u << 20};
    cr_assert_not_null(b.p);
    b.len = (size_t)sprintf(
        b.p, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
    for (int i = 0; i <= 100000; i++)
        b.len += (size_t)sprintf(b.p + b.len, "%s{\"name\":\"c%d\"}", i ? "," : "", i);
    b.len += (size_t)sprintf(b.p + b.len, "]}");
    struct http r = post(b.p, b.len, "application/vnd.cyclonedx+json", NULL);
    free(b.p);
    cr_expect(r.status == 413, "%ld", r.status);
    http_free(&r);
}

Test(sbom, the_identifier_kinds_answer_on_v1_check_too)
{
    struct http r = check_200(
        shared_url(), "", "identifier=cpe:2.3:a:kaspersky:endpoint_security:11.0&as_of=2024-10-01");
    cr_expect_str_eq(jstr(json_object_get(r.json, "match"), "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    http_free(&r);
}

/* The publisher alone finds the vendor; a name that is no product of it stays with the vendor,
 * and a product name of another vendor is not taken. */
Test(sbom, a_publisher_finds_the_vendor_and_a_product_name_refines_it)
{
    const char *body = "name,publisher,ref\n"
                       "Kaspersky Threat Intelligence,AO Kaspersky Lab,kti\n"
                       "Some Helper Tool,AO Kaspersky Lab,helper\n"
                       "TikTok,AO Kaspersky Lab,other\n";
    struct http r = post(body, strlen(body), "text/csv", "?view=compact&as_of=2024-10-01");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(match_of(screen_row_of(&r, "kti")), "kaspersky-threat-intelligence");
    cr_expect_str_eq(match_of(screen_row_of(&r, "helper")), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(json_object_get(screen_row_of(&r, "helper"), "identified_by"), "method"),
                     "publisher");
    cr_expect_str_eq(match_of(screen_row_of(&r, "other")), "ao-kaspersky-lab");
    http_free(&r);
}
