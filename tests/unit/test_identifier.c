/* Typed identifiers: normalised by scheme, refused when unknown, looked up exactly before any
 * name (rulings/identifier.c, rulings/check.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "lib/jsonw.h"
#include "rulings/check.h"
#include "rulings/identifier.h"

Test(identifier, normalised_by_scheme)
{
    static const struct {
        const char *in, *out; /* out NULL: refused */
    } cases[] = {
        {"imo:9187629", "imo:9187629"},
        {"imo:IMO 9187629", "imo:9187629"},
        {"lei:5493 001k-jtii gc8y1r12", "lei:5493001KJTIIGC8Y1R12"},
        {"swift-bic:bkchcnbj", "swift-bic:BKCHCNBJ"},
        {"website:https://www.Kaspersky.com/", "website:kaspersky.com"},
        {"email:Info@Example.COM", "email:info@example.com"},
        {"inn:INN 7713140469", "inn:7713140469"},
        {"imo:91876x9", NULL},
        {"isbn:123", NULL},
        {"9187629", NULL},
        {"imo:", NULL},
        /* product identifiers (rulings/product_id.c): keys normalise to themselves */
        {"cpe:2.3:a:kaspersky:anti-virus:2012:*:*:*:*:*:*:*", "cpe:kaspersky:anti-virus"},
        {"cpe:kaspersky:anti-virus", "cpe:kaspersky:anti-virus"},
        {"cpe:/o:huawei", "cpe:huawei:*"},
        {"cpe:huawei:*", "cpe:huawei:*"},
        {"cpe:2.3:a:at\\&t:x", "cpe:at\\&t:x"},
        {"cpe:at\\&t:x", "cpe:at\\&t:x"},
        {"cpe:2.3:a:*:anti-virus", NULL},
        {"cpe:2.3:a:kasp*:anti-virus", NULL},
        {"pkg:npm/%40angular/core@16.0.0", "purl:npm/%40angular/core"},
        {"purl:npm/%40angular/core", "purl:npm/%40angular/core"},
        {"purl:pkg:maven/com.example/*", "purl:maven/com.example/*"},
        {"publisher:AO Kaspersky Lab", "publisher:kaspersky lab"},
        {"publisher:Kaspersky Lab ZAO", "publisher:kaspersky lab"},
        {"publisher:CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU", "publisher:kaspersky lab"},
        {"publisher:kaspersky lab", "publisher:kaspersky lab"},
        {"publisher:LLC", NULL},
        {"bundle-id:com.Kaspersky.KAV", "bundle-id:com.kaspersky.kav"},
        {"android-package:com.kms.free", "android-package:com.kms.free"},
        {"bundle-id:kaspersky", NULL},
        {"bundle-id:com..kaspersky", NULL},
        {"swid:regid.1997-01.com.Example", "swid:regid.1997-01.com.example"},
        {"cpe:2.3:*", "cpe:2.3:*"}, /* the key of vendor "2.3", not a formatted string */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[IDENTIFIER_MAX];
        const char *why = NULL;
        bool ok = identifier_normalize(cases[i].in, strlen(cases[i].in), out, &why);
        if (!cases[i].out) {
            cr_expect(!ok && why && *why, "%s should be refused", cases[i].in);
            continue;
        }
        cr_expect(ok, "%s refused: %s", cases[i].in, why ? why : "");
        if (ok) cr_expect_str_eq(out, cases[i].out, "%s", cases[i].in);
    }
}

static struct snapshot *with_identifiers(void)
{
    return fx_build_json(
        "{\"format\":\"restrictd-rulings/2\",\"sources\":[{\"id\":\"src\",\"authority\":\"A\","
        "\"jurisdiction\":\"US\",\"kind\":\"sanctions\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":[{\"id\":\"ship\",\"kind\":\"vessel\",\"name\":\"Horse\","
        "\"identifiers\":[\"imo:IMO 9187629\",\"call-sign:9BQD\"]},"
        "{\"id\":\"bank-a\",\"kind\":\"organization\",\"name\":\"Alpha Bank\","
        "\"identifiers\":[\"lei:5493001KJTIIGC8Y1R12\"]},"
        "{\"id\":\"bank-b\",\"kind\":\"organization\",\"name\":\"Bank Alpha OJSC\","
        "\"identifiers\":[\"lei:5493 001K JTII GC8Y 1R12\"]}],"
        "\"rulings\":[{\"id\":\"r-ship\",\"subject\":\"ship\",\"source\":\"src\","
        "\"status\":\"prohibited\",\"measure\":{\"code\":\"blocking\",\"text\":\"Blocked.\"},"
        "\"binds\":[\"us-persons\"],\"effective_from\":\"2020-01-01T00:00:00Z\","
        "\"note\":\"no quote: a list entry\"}]}");
}

FX_SUITE_SNAPSHOT(with_identifiers())
TestSuite(by_identifier, .init = setup, .fini = teardown);

/* The answer to an identifier question (name empty). */
static json_t *ask(const char *identifier)
{
    char norm[IDENTIFIER_MAX];
    const char *why;
    cr_assert(identifier_normalize(identifier, strlen(identifier), norm, &why), "%s", why);
    struct check_request q = {.name = "",
                              .kind = -1,
                              .as_of = fx_t("2024-01-01T00:00:00Z"),
                              .identifier = norm,
                              .min_score = 0.85};
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    cr_assert_eq(check_answer(snap, &q, &w, NULL), CHECK_OK);
    json_t *r = json_loadb(sb.data, sb.len, 0, NULL);
    sb_free(&sb);
    cr_assert_not_null(r);
    return r;
}

Test(by_identifier, an_identifier_finds_its_subject_however_written)
{
    json_t *r = ask("imo:9187629");
    json_t *m = json_object_get(r, "match");
    cr_expect_str_eq(json_string_value(json_object_get(m, "id")), "ship");
    cr_expect_str_eq(json_string_value(json_object_get(m, "method")), "identifier");
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "restricted");
    json_decref(r);
    r = ask("call-sign:9b-qd");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(r, "match"), "id")), "ship");
    json_decref(r);
}

Test(by_identifier, one_identifier_on_two_subjects_makes_them_tied)
{
    json_t *r = ask("lei:5493001kjtiigc8y1r12");
    cr_expect(json_is_object(json_object_get(r, "match")));
    cr_expect_eq(json_array_size(json_object_get(r, "tied")), 1);
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "clear");
    json_decref(r);
}

Test(by_identifier, an_unknown_identifier_matches_nothing)
{
    json_t *r = ask("imo:1234567");
    cr_expect(json_is_null(json_object_get(r, "match")));
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "no_match");
    json_decref(r);
}
