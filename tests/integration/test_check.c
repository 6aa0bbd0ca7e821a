/* GET /v1/check against the seed data: verdicts across dates, inheritance, exemptions,
 * filters and matching, from the shared server. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

/* The ids of the rulings listed under `key` ("rulings" or "upcoming"), comma-joined. */
static void ids_of(json_t *doc, const char *key, char *out, size_t size)
{
    out[0] = '\0';
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, key), i, r)
    {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", used ? "," : "",
                 json_string_value(json_object_get(r, "id")));
    }
}

static bool lists(json_t *doc, const char *key, const char *id)
{
    char ids[4096];
    ids_of(doc, key, ids, sizeof ids);
    char needle[256];
    snprintf(needle, sizeof needle, ",%s,", id);
    char hay[4200];
    snprintf(hay, sizeof hay, ",%s,", ids);
    return strstr(hay, needle) != NULL;
}

struct date_case {
    const char *name, *extra;
    const char *verdict, *since;               /* since NULL = must be null */
    const char *in_effect, *upcoming, *absent; /* ruling ids that must / must not be listed */
};

static const struct date_case date_cases[] = {
    {"Kaspersky Lab", "as_of=2016-06-01", "clear", NULL, NULL, "us-dhs-bod-17-01-kaspersky",
     "us-dhs-bod-17-01-kaspersky"},
    {"Kaspersky Lab", "as_of=2018-01-01&jurisdiction=US", "restricted", "2017-09-13T04:00:00Z",
     "us-dhs-bod-17-01-kaspersky", "us-ndaa-1634-kaspersky", "us-ndaa-1634-kaspersky"},
    {"Kaspersky Lab", "as_of=2023-01-01&jurisdiction=DE", "advisory", "2022-03-14T23:00:00Z",
     "de-bsi-warning-kaspersky-antivirus", NULL, "us-dhs-bod-17-01-kaspersky"},
    {"Kaspersky Lab", "as_of=2023-01-01&jurisdiction=US", "restricted", "2017-09-13T04:00:00Z",
     "us-fcc-covered-list-kaspersky", "us-icts-fd-kaspersky-new-agreements",
     "de-bsi-warning-kaspersky-antivirus"},
    {"Kaspersky Lab", "as_of=2024-07-19&binds=us-persons", "advisory", "2024-06-24T04:00:00Z",
     "us-icts-fd-kaspersky-existing-users", "us-icts-fd-kaspersky-new-agreements",
     "us-icts-fd-kaspersky-new-agreements"},
    {"Kaspersky Lab", "as_of=2024-07-20T03:59:59Z&binds=us-persons", "advisory",
     "2024-06-24T04:00:00Z", NULL, "us-icts-fd-kaspersky-new-agreements",
     "us-icts-fd-kaspersky-new-agreements"},
    {"Kaspersky Lab", "as_of=2024-07-20T04:00:00Z&binds=us-persons", "restricted",
     "2024-07-20T04:00:00Z", "us-icts-fd-kaspersky-new-agreements",
     "us-icts-fd-kaspersky-updates-resale", "us-icts-fd-kaspersky-updates-resale"},
    {"Kaspersky Lab", "as_of=2024-07-20&binds=us-persons", "restricted", "2024-07-20T04:00:00Z",
     "us-icts-fd-kaspersky-new-agreements", "us-icts-fd-kaspersky-updates-resale", NULL},
    {"Kaspersky Lab", "as_of=2024-09-29&binds=us-persons", "restricted", "2024-07-20T04:00:00Z",
     "us-icts-fd-kaspersky-updates-resale", NULL, NULL},
    {"Kaspersky Lab", "jurisdiction=US", "restricted", "2017-09-13T04:00:00Z",
     "us-icts-fd-kaspersky-updates-resale", NULL, "gb-ncsc-russia-based-antivirus"},
    {"Kaspersky Lab", "as_of=2018-06-01&jurisdiction=GB", "advisory", "2017-12-01T00:00:00Z",
     "gb-ncsc-russia-based-antivirus", NULL, NULL},
    {"OOO Kaspersky Group", "as_of=2024-07-01&binds=exporters", "restricted",
     "2024-06-24T04:00:00Z", "us-entity-list-ooo-kaspersky-group", NULL,
     "us-entity-list-ao-kaspersky-lab"},
    {"Andrei Gennadyevich Tikhonov", "as_of=2024-06-20", "clear", NULL, NULL,
     "us-ofac-andrei-gennadyevich-tikhonov", NULL},
    {"Andrei Gennadyevich Tikhonov", "as_of=2024-06-21", "restricted", "2024-06-21T04:00:00Z",
     "us-ofac-andrei-gennadyevich-tikhonov", NULL, NULL},
    {"Eugene Kaspersky", "as_of=2024-10-01", "clear", NULL, NULL, NULL,
     "us-ofac-andrei-gennadyevich-tikhonov"},
    {"UltraAV", "as_of=2024-10-01&jurisdiction=US", "clear", NULL, NULL, NULL,
     "us-icts-fd-kaspersky-new-agreements"},
    {"Kaspersky Threat Intelligence", "as_of=2024-10-01&binds=us-persons", "clear", NULL,
     "us-icts-fd-not-covered-threat-intelligence", NULL, "us-icts-fd-kaspersky-updates-resale"},
    {"Kaspersky Total Security", "as_of=2024-10-01&binds=us-persons", "restricted",
     "2024-07-20T04:00:00Z", "us-icts-fd-kaspersky-updates-resale", NULL, NULL},
};

Test(check, verdicts_across_dates)
{
    for (size_t i = 0; i < sizeof date_cases / sizeof *date_cases; i++) {
        const struct date_case *c = &date_cases[i];
        struct http r = check_200(shared_url(), c->name, c->extra);
        cr_expect_str_eq(jstr(r.json, "verdict"), c->verdict, "%s %s", c->name, c->extra);
        cr_expect_eq(json_is_true(json_object_get(r.json, "restricted")),
                     strcmp(c->verdict, "restricted") == 0, "%s %s", c->name, c->extra);
        if (c->since)
            cr_expect_str_eq(jstr(r.json, "since"), c->since, "%s %s", c->name, c->extra);
        else
            cr_expect(json_is_null(json_object_get(r.json, "since")), "%s %s", c->name, c->extra);
        if (c->in_effect)
            cr_expect(lists(r.json, "rulings", c->in_effect), "%s %s: %s not in effect", c->name,
                      c->extra, c->in_effect);
        if (c->upcoming)
            cr_expect(lists(r.json, "upcoming", c->upcoming), "%s %s: %s not upcoming", c->name,
                      c->extra, c->upcoming);
        if (c->absent)
            cr_expect(!lists(r.json, "rulings", c->absent), "%s %s: %s wrongly in effect", c->name,
                      c->extra, c->absent);
        http_free(&r);
    }
}

/* The issue's own check: both phases in effect on 2024-10-01, with their instants. */
Test(check, final_determination_phases)
{
    struct http r = check_200(shared_url(), "Kaspersky Lab", "as_of=2024-10-01&jurisdiction=US");
    cr_assert_str_eq(jstr(r.json, "verdict"), "restricted");
    bool phase1 = false, phase2 = false;
    size_t i;
    json_t *ruling;
    json_array_foreach(json_object_get(r.json, "rulings"), i, ruling)
    {
        const char *from = jstr(ruling, "effective_from");
        phase1 |= strcmp(from, "2024-07-20T04:00:00Z") == 0;
        phase2 |= strcmp(from, "2024-09-29T04:00:00Z") == 0;
        json_t *src = json_object_get(ruling, "source");
        cr_expect(jstr(src, "citation") && *jstr(src, "citation"), "ruling without citation");
        /* the source's words, or the note that says why they are missing */
        cr_expect((jstr(ruling, "quote") && *jstr(ruling, "quote")) ||
                      (json_is_null(json_object_get(ruling, "quote")) && jstr(ruling, "note")),
                  "%s: neither a quote nor a note", jstr(ruling, "id"));
        cr_expect_str_eq(jstr(ruling, "jurisdiction"), "US");
    }
    cr_expect(phase1 && phase2, "both phases in effect");
    json_t *q = json_object_get(r.json, "query");
    cr_expect_str_eq(jstr(q, "as_of"), "2024-10-01T23:59:59Z", "bare date = end of day UTC");
    cr_expect(json_integer_value(json_object_get(r.json, "revision")) > 0);
    http_free(&r);
}

Test(check, product_inherits_through_vendor_and_affiliate)
{
    struct http r = check_200(shared_url(), "Kaspersky Endpoint Security for Windows",
                              "as_of=2024-10-01&binds=us-persons");
    json_t *m = json_object_get(r.json, "match");
    cr_expect_str_eq(jstr(m, "id"), "kaspersky-endpoint-security");
    cr_expect_str_eq(jstr(m, "matched_alias"), "Kaspersky Endpoint Security for Windows");
    json_t *first = json_array_get(json_object_get(r.json, "rulings"), 0);
    json_t *via = json_object_get(first, "inherited_from");
    cr_assert(json_is_object(via), "product rulings are inherited");
    cr_expect_str_eq(jstr(via, "subject"), "kaspersky-lab-inc");
    json_t *path = json_object_get(via, "path");
    cr_expect_str_eq(jstr(json_array_get(path, 0), "relation"), "product_of");
    cr_expect_str_eq(jstr(json_array_get(path, 0), "subject"), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(json_array_get(path, 1), "relation"), "affiliate");
    http_free(&r);
}

Test(check, own_ruling_is_not_inherited)
{
    struct http r =
        check_200(shared_url(), "Kaspersky Lab, Inc.", "as_of=2024-10-01&binds=us-persons");
    cr_expect_str_eq(jstr(json_object_get(r.json, "match"), "id"), "kaspersky-lab-inc");
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    json_t *first = json_array_get(json_object_get(r.json, "rulings"), 0);
    cr_expect(json_is_null(json_object_get(first, "inherited_from")));
    http_free(&r);
}

Test(check, exempt_product_keeps_other_sources)
{
    /* Threat Intelligence is outside the Final Determination, not outside the NDAA. */
    struct http r = check_200(shared_url(), "Kaspersky Threat Intelligence",
                              "as_of=2024-10-01&binds=us-federal-agencies");
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    cr_expect(lists(r.json, "rulings", "us-ndaa-1634-kaspersky"));
    http_free(&r);
}

Test(check, cyrillic_name_matches_transliterated)
{
    struct http r = check_200(shared_url(), "АО «Лаборатория Касперского»", "as_of=2024-10-01");
    json_t *m = json_object_get(r.json, "match");
    cr_expect_str_eq(jstr(m, "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(jstr(m, "method"), "transliterated");
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    http_free(&r);
}

Test(check, spelling_variants_of_exact_names)
{
    static const char *const variants[] = {
        "KASPERSKY LAB",      "kaspersky lab",          "Kaspersky  Lab.",
        "AO Kaspersky Lab",   "JSC Kaspersky Lab",      "Kaspersky Lab ZAO",
        "Kaspersky Labs Ltd", "Kaspersky Labs Limited", NULL};
    expect_verdicts(variants, "as_of=2024-10-01", "restricted");
}

Test(check, unknown_names_are_no_match)
{
    static const char *const names[] = {"Acme Widgets Corp",    "Lab", "Inc.",
                                        "Total Security Group", "...", NULL};
    expect_verdicts(names, "as_of=2024-10-01", "no_match");
}

Test(check, kind_filter)
{
    struct http r = check_200(shared_url(), "Kaspersky Lab", "kind=person");
    cr_expect_str_eq(jstr(r.json, "verdict"), "no_match");
    http_free(&r);
    r = http_get(check_url(shared_url(), "Kaspersky Lab", "kind=organization"));
    cr_expect_str_eq(jstr(r.json, "verdict"), "restricted");
    http_free(&r);
}

Test(check, query_is_echoed)
{
    struct http r = check_200(shared_url(), "Kaspersky Lab",
                              "as_of=2024-07-19T12:00:00%2B02:00&jurisdiction=us"
                              "&binds=us-persons&kind=organization");
    json_t *q = json_object_get(r.json, "query");
    cr_expect_str_eq(jstr(q, "name"), "Kaspersky Lab");
    cr_expect_str_eq(jstr(q, "as_of"), "2024-07-19T10:00:00Z");
    cr_expect_str_eq(jstr(q, "jurisdiction"), "US");
    cr_expect_str_eq(jstr(q, "binds"), "us-persons");
    cr_expect_str_eq(jstr(q, "kind"), "organization");
    http_free(&r);
}
