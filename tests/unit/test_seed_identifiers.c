/* The seed's product identifiers (deploy/rulings.json, sourced in docs/data-model.md) found by
 * what machines report: CPEs with versions, publishers as Windows writes them, bundle ids. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "rulings/identifier_lookup.h"

FX_SUITE_SNAPSHOT(fx_seed())
TestSuite(seed_identifiers, .init = setup, .fini = teardown);

/* The id of the one subject `identifier` finds in the seed, or "" when none. */
static const char *found(const char *identifier)
{
    char norm[IDENTIFIER_MAX];
    const char *why = NULL;
    cr_assert(identifier_normalize(identifier, strlen(identifier), norm, &why), "%s: %s",
              identifier, why);
    uint32_t subs[4];
    size_t n = identifier_lookup(snap, norm, subs, 4, NULL);
    cr_assert(n <= 1, "%s found %zu subjects", identifier, n);
    return n ? snap->subjects[subs[0]].rec->id : "";
}

Test(seed_identifiers, machine_reports_find_the_seeded_subjects)
{
    static const struct {
        const char *reported, *subject;
    } cases[] = {
        {"cpe:2.3:a:kaspersky:anti-virus:2019:*:*:*:*:*:*:*", "kaspersky-anti-virus"},
        {"cpe:2.3:a:kaspersky:total_security:21.3", "kaspersky-total-security"},
        {"cpe:/a:kaspersky:security_center:14", "kaspersky-security-center"},
        {"cpe:2.3:a:kaspersky:endpoint_security:11.0", "ao-kaspersky-lab"}, /* the vendor */
        {"publisher:AO Kaspersky Lab", "ao-kaspersky-lab"},
        {"publisher:Kaspersky Lab ZAO", "ao-kaspersky-lab"},
        {"bundle-id:com.kaspersky.kav.core", "ao-kaspersky-lab"},
        {"android-package:com.kms.free", "ao-kaspersky-lab"},
        {"website:https://support.kaspersky.com/x", "ao-kaspersky-lab"},
        {"cpe:2.3:o:huawei:hg532_firmware:-", "huawei-technologies-co-ltd"},
        {"cpe:2.3:h:hikvision:ds-2cd2026g2-iu\\/sl:-",
         "hangzhou-hikvision-digital-technology-company"},
        {"cpe:2.3:o:dahuasecurity:sd22_firmware:*", "dahua-technology-company"},
        {"cpe:2.3:h:zte:f660:-", "zte-corporation"},
        {"cpe:2.3:a:acronis:cyber_infrastructure:5.0", "acronis-ag"},
        {"android-package:com.zhiliaoapp.musically", "tiktok"},
        {"cpe:2.3:a:tiktok:tiktok:23.7.3:*:*:*:*:android:*:*", "tiktok"},
        {"cpe:2.3:a:kasperskyx:anti-virus", ""},
        {"bundle-id:com.kasperskyx.kav", ""},
        {"publisher:Microsoft Corporation", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_expect_str_eq(found(cases[i].reported), cases[i].subject, "%s", cases[i].reported);
}
