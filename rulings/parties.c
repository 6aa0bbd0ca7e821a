#include "rulings/parties.h"

#include <string.h>

/* Only the codes the data set needs: a code is added with the first ruling that uses it.
 * A party that is part of a wider one (the DoD, the intelligence community, both federal
 * agencies) has its own code only because some instrument binds it alone. */
static const struct vocab_entry party_entries[] = {
    {"us-persons",
     "U.S. persons: U.S. citizens and permanent residents, entities organised under U.S. law, "
     "and anyone in the United States."},
    {"named-parties",
     "The companies or persons an instrument itself names as bound, with the affiliates, "
     "successors and assigns it names (Kaspersky under the ICTS Final Determination)."},
    {"exporters",
     "Exporters, re-exporters and in-country transferors, anywhere, of items subject to the "
     "U.S. Export Administration Regulations (EAR)."},
    {"us-federal-agencies",
     "U.S. federal executive departments and agencies, and for statutes that say so every "
     "department, agency or organisation of the U.S. Government."},
    {"us-federal-contractors",
     "Offerors, contractors and subcontractors of U.S. federal agencies, bound through the "
     "FAR clauses in their solicitations and contracts."},
    {"us-federal-grant-recipients",
     "Recipients and subrecipients of U.S. federal grants and loans, as to what they buy with "
     "those funds (2 CFR 200.216)."},
    {"us-dod",
     "The U.S. Department of Defense, where an instrument binds it alone (a DoD buyer is also "
     "bound by what binds us-federal-agencies)."},
    {"us-intelligence-community",
     "U.S. intelligence-community executive agencies, and the owners of information systems "
     "of the intelligence community and of SCI systems."},
    {"us-fcc-usf-recipients",
     "Recipients of FCC-administered subsidies (the Universal Service Fund and reimbursement "
     "programs), who may not use them for Covered List equipment or services and must remove "
     "and replace such items."},
    {"us-fcc-equipment-authorization",
     "Applicants for FCC equipment authorization (certification or Supplier's Declaration of "
     "Conformity), importers and marketers of radio-frequency devices, and the Telecommunication "
     "Certification Bodies that grant authorizations."},
    {"us-connected-vehicle-manufacturers",
     "Manufacturers that import or sell completed connected vehicles in the United States "
     "(15 CFR part 791 subpart D)."},
    {"us-vcs-hardware-importers",
     "Importers of vehicle connectivity system (VCS) hardware into the United States "
     "(15 CFR part 791 subpart D)."},
    {"de-users",
     "Users of IT products in Germany (consumers, companies and public bodies) to whom the BSI "
     "addresses its warnings."},
    {"gb-government", "UK central government departments and their systems."},
    {"lt-state-institutions",
     "Lithuanian state institutions and the managers of state information resources."},
    {"lt-critical-infrastructure-operators",
     "Managers of Lithuanian critical information infrastructure (such as energy, finance and "
     "transport), whether state-owned or not."},
    {"nl-central-government", "The central government of the Netherlands (the Rijksoverheid)."},
    {"nl-vital-sectors",
     "Organisations in the Dutch vital sectors (vital infrastructure), outside central "
     "government."},
    {"ca-federal-government",
     "Departments of the Government of Canada and the users of government-issued devices."},
    {"au-commonwealth-entities",
     "Australian non-corporate Commonwealth entities under the Public Governance, Performance "
     "and Accountability Act 2013."},
    {"it-public-administrations", "Italian public administrations."},
};

/* The purposes for which section 889 and the Covered List cover Hytera, Hikvision and
 * Dahua equipment, plus one for "none of them", so that a client can say so. */
static const struct vocab_entry purpose_entries[] = {
    {"public-safety", "Used for the purpose of public safety."},
    {"government-facility-security", "Used for the security of government facilities."},
    {"critical-infrastructure-surveillance",
     "Used for physical security surveillance of critical infrastructure."},
    {"national-security", "Used for other national security purposes."},
    {"general-use",
     "Used for none of the other purposes in this table (ordinary business, office or home "
     "use)."},
};

static const struct vocab_entry category_entries[] = {
    /* Products. */
    {"anti-virus",
     "Anti-virus and anti-malware software, including consumer security suites and endpoint "
     "protection built around an anti-virus engine."},
    {"endpoint-detection-response",
     "Endpoint detection and response (EDR) and extended detection and response (XDR) "
     "software."},
    {"managed-detection-response",
     "Managed detection and response: security monitoring run as a service by the vendor."},
    {"security-management", "Consoles that manage a vendor's security products."},
    {"vpn", "Virtual private network (VPN) software and services."},
    {"password-manager", "Password managers."},
    {"parental-control", "Parental-control software."},
    {"threat-intelligence", "Threat intelligence products and services (feeds, reports, portals)."},
    {"security-training", "Security training and awareness products and services."},
    {"security-consulting", "Security consulting and advisory services."},
    {"industrial-control-security",
     "Security software for industrial control systems and operational technology."},
    {"targeted-attack-protection",
     "Platforms that detect targeted attacks in network traffic and on endpoints."},
    {"mail-security", "Security software for mail servers and gateways."},
    {"virtualization-security", "Security software for virtual machines and virtual desktops."},
    {"embedded-systems-security",
     "Security software for embedded systems such as ATMs and point-of-sale terminals."},
    {"social-networking-service", "Social networking applications and services."},
    {"telecommunications-equipment", "Telecommunications equipment and the services it carries."},
    {"video-surveillance-equipment", "Video surveillance equipment and the services it carries."},
    {"uas", "Uncrewed aircraft systems (drones)."},
    {"uas-critical-component",
     "Critical components of uncrewed aircraft systems: data links, communications, flight "
     "controllers, navigation, sensors, cameras, batteries and battery management, motors, and "
     "their software."},
    {"blue-uas-cleared",
     "Uncrewed aircraft systems and critical components on the Defense Contract Management "
     "Agency's Blue UAS Cleared List."},
    {"uas-domestic-end-product",
     "Uncrewed aircraft systems and critical components that are domestic end products under "
     "the Buy American standard."},
    {"covered-device-software-update",
     "Software and firmware updates to previously authorized Covered List drones, drone "
     "components and routers."},
    {"consumer-router",
     "Consumer-grade routers: devices primarily for residential or small-office use that a "
     "customer can install."},
    {"connected-vehicle",
     "Completed connected vehicles of at most 10,000 lb gross vehicle weight rating sold or "
     "imported in the United States."},
    {"vcs-hardware", "Vehicle connectivity system (VCS) hardware for connected vehicles."},
    /* Classes of organisations a name alone cannot decide. */
    {"dod-1260h-entity",
     "An entity on the DoD list of Chinese military companies operating in the United States "
     "(section 1260H), or an entity subject to the control of one."},
    {"entity-list-affiliate",
     "A non-U.S. entity at least 50 percent owned, directly or indirectly, by parties on the "
     "Entity List or the Military End-User List or by certain SDNs."},
};

const struct vocab PARTIES = {party_entries, sizeof party_entries / sizeof *party_entries};
const struct vocab PURPOSES = {purpose_entries, sizeof purpose_entries / sizeof *purpose_entries};
const struct vocab CATEGORIES = {category_entries,
                                 sizeof category_entries / sizeof *category_entries};

/* A linear scan: the tables hold a few dozen rows and are read once per data-set record. */
const struct vocab_entry *vocab_find(const struct vocab *v, const char *code)
{
    if (!code) return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->entries[i].code, code) == 0) return &v->entries[i];
    return NULL;
}

const struct vocab_entry *party_find(const char *code)
{
    return vocab_find(&PARTIES, code);
}

const struct vocab_entry *purpose_find(const char *code)
{
    return vocab_find(&PURPOSES, code);
}

const struct vocab_entry *category_find(const char *code)
{
    return vocab_find(&CATEGORIES, code);
}
