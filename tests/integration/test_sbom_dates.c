/* POST /v1/screen, version evidence over HTTP (docs/decisions/0010): the dates a component
 * reports (SPDX releaseDate/builtDate, CycloneDX releaseNotes.timestamp and
 * metadata.timestamp, osquery programs.install_date) weighed against the rulings of its
 * answer; the verdict stays what the rulings say; a date that cannot be read is that
 * component's error; CSV answers carry identified_by and the evidence too. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "schema_check.h"

#define DATA RESTRICTD_SOURCE_DIR "/tests/data/sbom/"
#define PHASE2 "us-icts-fd-kaspersky-updates-resale"

static struct http post(const char *body, const char *type, const char *accept, const char *query)
{
    char url[512], ct[128], acc[128];
    snprintf(url, sizeof url, "%s/v1/screen%s", shared_url(), query ? query : "");
    snprintf(ct, sizeof ct, "Content-Type: %s", type);
    snprintf(acc, sizeof acc, "Accept: %s", accept);
    const char *h[] = {ct, acc, NULL};
    return http_do("POST", url, body, strlen(body), h);
}

/* A real document from tests/data/sbom with `edit` applied, as text (caller frees). */
static char *edited(const char *file, void (*edit)(json_t *doc))
{
    char *body = slurp(file, true);
    json_t *doc = json_loads(body, 0, NULL);
    free(body);
    cr_assert_not_null(doc, "%s", file);
    edit(doc);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    return text;
}

/* The evidence of `row` read from `field`, or NULL. */
static json_t *evidence(json_t *row, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(row, "version_evidence"), i, e)
    {
        if (strcmp(jstr(e, "field"), field) == 0) return e;
    }
    return NULL;
}

/* Where the evidence `e` puts its date against ruling `id`. */
static const char *relation_to(json_t *e, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(e, "rulings"), i, r)
    {
        if (strcmp(jstr(r, "id"), id) == 0) return jstr(r, "relation");
    }
    return "(not weighed)";
}

static void expect_in(const char *text, const char *part)
{
    cr_expect(text && strstr(text, part), "\"%s\" not in \"%s\"", part, text ? text : "(null)");
}

/* The Kaspersky package of the derived SPDX document released after phase 2, a copy of it
 * released between the phases, and one whose releaseDate cannot be read. */
static void spdx_dates(json_t *doc)
{
    json_t *packages = json_object_get(doc, "packages"), *kav = NULL, *p;
    size_t i;
    json_array_foreach(packages, i, p)
    {
        if (strcmp(jstr(p, "SPDXID"), "SPDXRef-inserted-kav") == 0) kav = p;
    }
    cr_assert_not_null(kav);
    json_t *early = json_deep_copy(kav), *bad = json_deep_copy(kav);
    json_object_set_new(kav, "releaseDate", json_string("2024-11-02T00:00:00Z"));
    json_object_set_new(kav, "builtDate", json_string("2024-10-30T12:00:00Z"));
    json_object_set_new(early, "SPDXID", json_string("SPDXRef-inserted-kav-early"));
    json_object_set_new(early, "releaseDate", json_string("2024-08-15T00:00:00Z"));
    json_object_set_new(bad, "SPDXID", json_string("SPDXRef-inserted-kav-bad-date"));
    json_object_set_new(bad, "releaseDate", json_string("2024-13-40"));
    json_array_append_new(packages, early);
    json_array_append_new(packages, bad);
}

Test(sbom_dates, spdx_release_dates_before_and_after_the_cut_off)
{
    char *doc = edited(DATA "examplemaven-with-restricted.spdx-2.3.json", spdx_dates);
    struct http r = post(doc, "application/spdx+json", "application/json", "?jurisdiction=US");
    free(doc);
    cr_assert_eq(r.status, 200, "%s", r.body);
    expect_documented("/v1/screen", "post", "200", "application/json", r.json, "SPDX with dates");
    json_t *late = screen_row_of(&r, "SPDXRef-inserted-kav");
    json_t *early = screen_row_of(&r, "SPDXRef-inserted-kav-early");
    /* the verdict is the rulings' either way */
    cr_expect_str_eq(jstr(json_object_get(late, "result"), "verdict"), "restricted");
    cr_expect_str_eq(jstr(json_object_get(early, "result"), "verdict"), "restricted");
    cr_expect_str_eq(jstr(json_object_get(late, "result"), "since"),
                     jstr(json_object_get(early, "result"), "since"));

    json_t *e = evidence(late, "releaseDate");
    cr_assert_not_null(e, "%s", r.body);
    cr_expect_str_eq(jstr(e, "kind"), "released");
    cr_expect_str_eq(jstr(e, "date"), "2024-11-02T00:00:00Z");
    cr_expect_str_eq(relation_to(e, PHASE2), "after");
    expect_in(jstr(e, "conclusion"), "released after all");
    expect_in(jstr(e, "conclusion"), "the latest " PHASE2 " (2024-09-29)");
    cr_expect_str_eq(jstr(evidence(late, "builtDate"), "kind"), "built");
    /* the document's own date: when the SBOM was made (2022-10-23), before the phases */
    json_t *made = evidence(late, "creationInfo.created");
    cr_assert_not_null(made);
    cr_expect_str_eq(relation_to(made, PHASE2), "before");
    cr_expect_str_eq(relation_to(made, "us-ndaa-1634-kaspersky"), "after");

    e = evidence(early, "releaseDate");
    cr_assert_not_null(e);
    cr_expect_str_eq(relation_to(e, PHASE2), "before");
    cr_expect_str_eq(relation_to(e, "us-icts-fd-kaspersky-new-agreements"), "after");
    expect_in(jstr(e, "conclusion"), "the latest us-icts-fd-kaspersky-new-agreements (2024-07-20)");
    /* advice binds nobody and is not weighed */
    cr_expect_str_eq(relation_to(e, "us-icts-fd-kaspersky-existing-users"), "(not weighed)");

    json_t *bad = json_array_get(
        json_object_get(screen_row_of(&r, "SPDXRef-inserted-kav-bad-date"), "errors"), 0);
    cr_expect_str_eq(jstr(bad, "field"), "releaseDate");
    cr_expect_str_eq(jstr(bad, "code"), "invalid_date");
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(r.json, "summary"), "errors")),
                 2, "the bad date and the unreadable purl; the rest answered");
    /* a row with no date of its own has the document's; a row matching nothing has none */
    json_t *tiktok =
        json_object_get(screen_row_of(&r, "SPDXRef-inserted-tiktok"), "version_evidence");
    cr_expect_eq(json_array_size(tiktok), 1);
    cr_expect_str_eq(jstr(json_array_get(tiktok, 0), "field"), "creationInfo.created");
    cr_expect_null(json_object_get(screen_row_of(&r, "SPDXRef-junit"), "version_evidence"));
    http_free(&r);
}

static void cyclonedx_dates(json_t *doc)
{
    json_object_set_new(json_object_get(doc, "metadata"), "timestamp",
                        json_string("2024-09-28T12:00:00-04:00"));
    json_t *kes = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "bom-ref", "inserted-kes", "name",
                            "Kaspersky Endpoint Security for Windows", "version", "12.7.0.533",
                            "publisher", "AO Kaspersky Lab", "releaseNotes", "type", "minor",
                            "timestamp", "2024-10-15T08:00:00Z");
    json_array_append_new(json_object_get(doc, "components"), kes);
}

Test(sbom_dates, cyclonedx_release_notes_and_the_document_timestamp)
{
    char *doc = edited(DATA "laravel-7.12.0.cdx-1.4.json", cyclonedx_dates);
    struct http r =
        post(doc, "application/vnd.cyclonedx+json", "application/json", "?view=compact");
    free(doc);
    cr_assert_eq(r.status, 200, "%s", r.body);
    expect_documented("/v1/screen", "post", "200", "application/json", r.json, "CycloneDX dates");
    json_t *kes = screen_row_of(&r, "inserted-kes");
    json_t *e = evidence(kes, "releaseNotes.timestamp");
    cr_assert_not_null(e, "%s", r.body);
    cr_expect_str_eq(relation_to(e, PHASE2), "after");
    /* 2024-09-28T12:00-04:00 is 16:00Z, before phase 2's 04:00Z on the 29th */
    json_t *made = evidence(kes, "metadata.timestamp");
    cr_assert_not_null(made);
    cr_expect_str_eq(jstr(made, "kind"), "documented");
    cr_expect_str_eq(jstr(made, "date"), "2024-09-28T16:00:00Z");
    cr_expect_str_eq(relation_to(made, PHASE2), "before");
    http_free(&r);

    const char *bad = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"metadata\":"
                      "{\"timestamp\":\"28/09/2024\"},\"components\":[]}";
    r = post(bad, "application/vnd.cyclonedx+json", "application/json", NULL);
    cr_expect_eq(r.status, 400, "%s", r.body);
    expect_in(jstr(r.json, "detail"), "metadata.timestamp");
    http_free(&r);
}

Test(sbom_dates, osquery_install_date_and_csv_columns)
{
    char *body = slurp(DATA "programs.csv", true);
    struct http r = post(body, "text/csv", "application/json", "?format=inventory&view=compact");
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *kes = json_array_get(json_object_get(r.json, "rows"), 0);
    json_t *e = evidence(kes, "install_date");
    cr_assert_not_null(e, "%s", r.body);
    cr_expect_str_eq(jstr(e, "kind"), "installed");
    cr_expect_str_eq(jstr(e, "date"), "2024-10-02");
    cr_expect_str_eq(relation_to(e, PHASE2), "after");
    cr_expect_str_eq(relation_to(e, "au-pspf-002-2025-kaspersky"), "before");
    http_free(&r);

    /* the same inventory answered as CSV: identified_by and the evidence as columns */
    r = post(body, "text/csv", "text/csv", "?format=inventory");
    free(body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    expect_in(r.body,
              "rulings,error,identified_by,identified_field,identifier,version_evidence\r\n");
    expect_in(r.body, ",name,name,publisher:kaspersky lab,\"install_date 2024-10-02: installed "
                      "after ");
    expect_in(r.body, "\r\n2,,7-Zip 24.07 (x64),");
    expect_in(r.body, ",no_match,false,,,,,,,none,,,\r\n");
    http_free(&r);

    /* a plain list keeps its CSV header */
    r = post("name\r\nKaspersky Lab\r\n", "text/csv", "text/csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.body,
                      "row,ref,name,as_of,verdict,restricted,since,match_id,match_name,"
                      "score,rulings,error\r\n",
                      80) == 0,
              "%s", r.body);
    cr_expect_null(strstr(r.body, "identified_by"));
    http_free(&r);
}
