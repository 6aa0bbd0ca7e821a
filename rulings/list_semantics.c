/* The lists of the Consolidated Screening List and what a listing on each means. */
#include "rulings/list_semantics.h"

#include <string.h>

#define BIS "U.S. Department of Commerce, Bureau of Industry and Security"
#define OFAC "U.S. Department of the Treasury, Office of Foreign Assets Control"
#define ISN "U.S. Department of State, Bureau of International Security and Nonproliferation"
#define DDTC "U.S. Department of State, Directorate of Defense Trade Controls"
#define CSL_URL "https://www.trade.gov/consolidated-screening-list"

static const struct list_semantics LISTS[] = {
    {"(SDN)", "us-csl-sdn", "sanctions", OFAC,
     "Specially Designated Nationals and Blocked Persons List",
     "OFAC Specially Designated Nationals and Blocked Persons List", CSL_URL, "prohibited",
     "blocking",
     "Property and interests in property of the listed party that are in the United States or in "
     "the possession or control of U.S. persons are blocked, and U.S. persons are generally "
     "prohibited from dealing with it.",
     "us-persons", NULL},
    {"(SSI)", "us-csl-ssi", "sanctions", OFAC, "Sectoral Sanctions Identifications List",
     "OFAC Sectoral Sanctions Identifications List", CSL_URL, "restricted", "sectoral-sanctions",
     "The listing does not block the party's property; U.S. persons are prohibited from the "
     "dealings the directive named in the entry's programs covers (new debt or equity, or "
     "deep-water, Arctic offshore and shale oil projects).",
     "us-persons", NULL},
    {"(PLC)", "us-csl-plc", "sanctions", OFAC, "Palestinian Legislative Council List",
     "OFAC Non-SDN Palestinian Legislative Council List", CSL_URL, "restricted",
     "non-sdn-sanctions",
     "The listing does not block the party's property; U.S. persons may not engage in financial "
     "transactions with the listed member of the Palestinian Legislative Council unless OFAC "
     "authorises them (see the program named in the entry).",
     "us-persons", NULL},
    {"(CAP)", "us-csl-cap", "sanctions", OFAC,
     "List of Foreign Financial Institutions Subject to Correspondent Account or Payable-Through "
     "Account Sanctions (CAPTA List)",
     "OFAC CAPTA List", CSL_URL, "restricted", "correspondent-accounts",
     "U.S. financial institutions may not open or maintain correspondent or payable-through "
     "accounts for the listed foreign financial institution, or only under the conditions the "
     "entry states.",
     "us-persons", NULL},
    {"(FSE)", "us-csl-fse", "sanctions", OFAC, "Foreign Sanctions Evaders List",
     "OFAC Foreign Sanctions Evaders List", CSL_URL, "prohibited", "transactions-prohibited",
     "U.S. persons are prohibited from transactions involving the listed foreign person in the "
     "United States or by U.S. persons, unless authorised; its property is not blocked.",
     "us-persons", NULL},
    {"(NS-MBS", "us-csl-mbs", "sanctions", OFAC, "Non-SDN Menu-Based Sanctions List",
     "OFAC Non-SDN Menu-Based Sanctions List", CSL_URL, "restricted", "menu-based-sanctions",
     "The sanctions chosen for the listed party from the menu of its program apply; its "
     "property is not blocked.",
     "us-persons", NULL},
    {"(CMIC)", "us-csl-cmic", "sanctions", OFAC,
     "Non-SDN Chinese Military-Industrial Complex Companies List",
     "OFAC Non-SDN Chinese Military-Industrial Complex Companies List", CSL_URL, "restricted",
     "securities-purchase-prohibited",
     "U.S. persons are prohibited from purchasing or selling publicly traded securities of the "
     "listed company, or securities derived from them.",
     "us-persons", NULL},
    {"(EL)", "us-csl-el", "entity_list", BIS, "Entity List", "15 CFR part 744, supplement no. 4",
     CSL_URL, "restricted", "licence-requirement",
     "A licence from BIS is required to export, re-export or transfer (in-country) to the listed "
     "party the items subject to the EAR that the entry names, reviewed under the entry's "
     "licence review policy.",
     "exporters", NULL},
    {"(MEU)", "us-csl-meu", "entity_list", BIS, "Military End-User List",
     "15 CFR part 744, supplement no. 7", CSL_URL, "restricted", "licence-requirement",
     "A licence from BIS is required to export, re-export or transfer (in-country) to the listed "
     "military end user the items subject to the EAR named in supplement no. 2 to part 744.",
     "exporters", NULL},
    {"(DPL)", "us-csl-dpl", "entity_list", BIS, "Denied Persons List",
     "BIS denial orders (15 CFR part 764)", CSL_URL, "prohibited", "export-privileges-denied",
     "The listed party's export privileges are denied by a BIS order: no one may take part with "
     "it in a transaction involving items subject to the EAR while the order is in force.",
     "exporters", NULL},
    {"(UVL)", "us-csl-uvl", "advisory", BIS, "Unverified List", "15 CFR part 744, supplement no. 6",
     CSL_URL, "advisory", "unverified-end-user",
     "BIS could not verify the listed party's bona fides: a red flag; exports to it need a UVL "
     "statement from it and licence exceptions are not available.",
     NULL, "exporters"},
    {"(ISN)", "us-csl-isn", "sanctions", ISN, "Nonproliferation Sanctions",
     "State Department nonproliferation sanctions (Federal Register notices)", CSL_URL,
     "restricted", "nonproliferation-sanctions",
     "The measures of the statute named in the entry's programs apply, typically: no U.S. "
     "government procurement from or assistance to the party, and no new export licences for "
     "it.",
     "us-federal-agencies", "exporters"},
    {"(DTC)", "us-csl-dtc", "sanctions", DDTC, "ITAR Debarred List",
     "ITAR 22 CFR 127.7 statutory and administrative debarments", CSL_URL, "prohibited",
     "itar-debarment",
     "The listed party is debarred from taking part, directly or indirectly, in the export or "
     "temporary import of defense articles and defense services.",
     "exporters", NULL},
};

const struct list_semantics *list_semantics_find(const char *source)
{
    for (size_t i = 0; source && i < sizeof LISTS / sizeof LISTS[0]; i++)
        if (strstr(source, LISTS[i].tag)) return &LISTS[i];
    return NULL;
}

json_t *list_semantics_source_json(const struct list_semantics *s)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", s->id, "authority", s->authority,
                     "jurisdiction", "US", "kind", s->kind, "title", s->title, "citation",
                     s->citation, "url", s->url);
}
