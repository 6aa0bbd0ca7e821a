/* Product identifiers: CPE (both bindings, quoting), purl (percent-encoding, type case rules),
 * publishers and dotted names read into keys (rulings/product_id.c, rulings/identifier.c), and
 * the look-up that widens them (rulings/identifier_lookup.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "rulings/identifier.h"
#include "rulings/identifier_lookup.h"
#include "rulings/product_id.h"

Test(product_id, cpe_bindings_read_into_vendor_product_version)
{
    static const struct {
        const char *in, *vendor, *product, *version; /* vendor NULL: refused */
    } cases[] = {
        {"cpe:2.3:a:kaspersky:anti-virus:2012:*:*:*:*:*:*:*", "kaspersky", "anti-virus", "2012"},
        {"cpe:2.3:a:Kaspersky:Endpoint_Security", "kaspersky", "endpoint_security", "*"},
        {"cpe:2.3:a:at\\&t:connect\\:mobile:1.0\\+x", "at&t", "connect:mobile", "1.0+x"},
        {"cpe:2.3:h:huawei:*:*", "huawei", "*", "*"},
        {"cpe:/a:kaspersky:anti-virus:2012", "kaspersky", "anti-virus", "2012"},
        {"cpe:/a:at%26t:connect", "at&t", "connect", "*"},
        {"cpe:/a:kaspersky", "kaspersky", "*", "*"},
        {"cpe:2.3:x:kaspersky:av", NULL, NULL, NULL},              /* part */
        {"cpe:2.3:a:kaspersky:av\\", NULL, NULL, NULL},            /* dangling backslash */
        {"cpe:2.3:a:kas persky:av", NULL, NULL, NULL},             /* space */
        {"cpe:2.3:a:kaspersky::1", NULL, NULL, NULL},              /* empty attribute */
        {"cpe:2.3:a:k:p:1:*:*:*:*:*:*:*:extra", NULL, NULL, NULL}, /* 12 attributes */
        {"cpe:/a:at%2:connect", NULL, NULL, NULL},                 /* bad percent */
        {"cpe:kaspersky:av", NULL, NULL, NULL},                    /* neither binding */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct cpe_name c;
        const char *why = NULL;
        bool ok = cpe_parse(cases[i].in, strlen(cases[i].in), &c, &why);
        if (!cases[i].vendor) {
            cr_expect(!ok && why, "%s should be refused", cases[i].in);
            continue;
        }
        cr_expect(ok, "%s: %s", cases[i].in, why ? why : "");
        cr_expect_str_eq(c.vendor, cases[i].vendor, "%s", cases[i].in);
        cr_expect_str_eq(c.product, cases[i].product, "%s", cases[i].in);
        cr_expect_str_eq(c.version, cases[i].version, "%s", cases[i].in);
    }
}

Test(product_id, purls_read_into_type_namespace_name_version)
{
    static const struct {
        const char *in, *type, *ns, *name, *version; /* type NULL: refused */
    } cases[] = {
        {"pkg:npm/%40angular/core@16.0.0", "npm", "@angular", "core", "16.0.0"},
        {"pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources", "maven",
         "org.apache.xmlgraphics", "batik-anim", "1.9.1"},
        {"pkg:PyPI/Django_Rest@1.0#sub/path", "pypi", "", "django-rest", "1.0"},
        {"pkg:GitHub/Package-URL/purl-spec@244fd47e", "github", "package-url", "purl-spec",
         "244fd47e"},
        {"pkg:deb/debian/CURL@7.50.3-1?arch=i386", "deb", "debian", "curl", "7.50.3-1"},
        {"pkg://golang/google.golang.org/genproto#googleapis/api", "golang", "google.golang.org",
         "genproto", ""},
        {"pkg:generic/openssl", "generic", "", "openssl", ""},
        {"pkg:npm", NULL, NULL, NULL, NULL},
        {"pkg:1npm/x", NULL, NULL, NULL, NULL},
        {"pkg:npm/%4", NULL, NULL, NULL, NULL},
        {"pkg:npm/@1.0", NULL, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct purl_name p;
        const char *why = NULL;
        bool ok = purl_parse(cases[i].in, strlen(cases[i].in), &p, &why);
        if (!cases[i].type) {
            cr_expect(!ok && why, "%s should be refused", cases[i].in);
            continue;
        }
        cr_expect(ok, "%s: %s", cases[i].in, why ? why : "");
        cr_expect_str_eq(p.type, cases[i].type, "%s", cases[i].in);
        cr_expect_str_eq(p.namespace_, cases[i].ns, "%s", cases[i].in);
        cr_expect_str_eq(p.name, cases[i].name, "%s", cases[i].in);
        cr_expect_str_eq(p.version, cases[i].version, "%s", cases[i].in);
    }
}

static struct snapshot *with_product_ids(void)
{
    return fx_build_json(
        "{\"format\":\"restrictd-rulings/2\",\"sources\":[{\"id\":\"src\",\"authority\":\"A\","
        "\"jurisdiction\":\"US\",\"kind\":\"sanctions\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":[{\"id\":\"vendor\",\"kind\":\"organization\",\"name\":\"Vendor\","
        "\"identifiers\":[\"cpe:vendor:*\",\"bundle-id:com.vendor\",\"website:vendor.example\","
        "\"purl:maven/com.vendor/*\"]},"
        "{\"id\":\"av\",\"kind\":\"product\",\"name\":\"Vendor AV\",\"parent\":\"vendor\","
        "\"relation\":\"product_of\",\"identifiers\":[\"cpe:vendor:av\","
        "\"bundle-id:com.vendor.av\"]}],"
        "\"rulings\":[]}");
}

FX_SUITE_SNAPSHOT(with_product_ids())
/* Publisher keys are kept per thread (an inventory repeats its publishers): a key read
 * from the cache is the key computed, for every publisher, however they collide in it. */
Test(product_id, publisher_keys_are_the_same_cached_or_not)
{
    enum { N = 200 };
    static char first[N][200];
    char text[64], key[200];
    const char *why = NULL;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < N; i++) {
            int k = round == 1 ? N - 1 - i : i; /* another order: other slots meet */
            snprintf(text, sizeof text, "Vendor %d Software Co., Ltd.", k * 7919);
            cr_assert(publisher_key(text, strlen(text), key, sizeof key, &why), "%s", text);
            if (round == 0)
                memcpy(first[k], key, sizeof key);
            else
                cr_expect_str_eq(key, first[k], "%s (round %d)", text, round);
        }
    cr_assert(publisher_key("AO Kaspersky Lab", 16, key, sizeof key, &why));
    char again[200];
    cr_assert(publisher_key("AO Kaspersky Lab", 16, again, sizeof again, &why));
    cr_expect_str_eq(key, again);
    cr_expect(!publisher_key("AO Kaspersky Lab", 16, again, 4, &why) || strlen(again) < 4,
              "a key that does not fit the caller's buffer is not copied whole");
}

TestSuite(product_lookup, .init = setup, .fini = teardown);

/* The subject id and matched key an identifier finds, or "" when none. */
static void expect_found(const char *identifier, const char *id, const char *key)
{
    char norm[IDENTIFIER_MAX], matched[IDENTIFIER_MAX] = "";
    const char *why = NULL;
    cr_assert(identifier_normalize(identifier, strlen(identifier), norm, &why), "%s", why);
    uint32_t subs[4];
    size_t n = identifier_lookup(snap, norm, subs, 4, matched);
    if (!id) {
        cr_expect_eq(n, 0, "%s should find nothing", identifier);
        return;
    }
    cr_assert_eq(n, 1, "%s found %zu", identifier, n);
    cr_expect_str_eq(snap->subjects[subs[0]].rec->id, id, "%s", identifier);
    cr_expect_str_eq(matched, key, "%s", identifier);
}

Test(product_lookup, the_most_specific_key_wins_and_wider_keys_catch_the_rest)
{
    expect_found("cpe:2.3:a:vendor:av:1.0:*:*:*:*:*:*:*", "av", "cpe:vendor:av");
    expect_found("cpe:2.3:a:vendor:vpn:1.0", "vendor", "cpe:vendor:*");
    expect_found("cpe:2.3:a:vendorx:av", NULL, NULL);
    expect_found("bundle-id:com.vendor.av.helper", "av", "bundle-id:com.vendor.av");
    expect_found("bundle-id:com.vendor.mail", "vendor", "bundle-id:com.vendor");
    expect_found("bundle-id:com.vendorx.av", NULL, NULL);
    expect_found("website:https://updates.eu.vendor.example/x", "vendor", "website:vendor.example");
    expect_found("website:notvendor.example", NULL, NULL);
    expect_found("pkg:maven/com.vendor/sdk@2.0", "vendor", "purl:maven/com.vendor/*");
    expect_found("pkg:maven/com.vendorx/sdk@2.0", NULL, NULL);
}
