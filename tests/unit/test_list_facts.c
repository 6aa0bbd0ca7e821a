/* What the lists say besides names, as fields: EDTF dates checked, and OFAC's Remarks and the
 * CSL's columns read into identifiers, dates of birth, nationalities and addresses
 * (rulings/subject_facts.c, rulings/list_facts.c). The Remarks are real ones, copied from
 * tests/data/lists/sdn.csv. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "rulings/list_facts.h"
#include "rulings/subject_facts.h"

Test(subject_facts, edtf_subset)
{
    static const char *const good[] = {"1960",        "1960-04",   "1960-04-10", "1960~",
                                       "1960-04-10~", "1955/1958", "2000-02-29"};
    static const char *const bad[] = {
        "196",        "1960-13", "1960-04-31", "1960-4-10", "1958/1955", "1960/1960-01",
        "circa 1960", "1960~~",  "2001-02-29", "",          "1960 "};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        cr_expect(edtf_date_valid(good[i]), "%s should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect(!edtf_date_valid(bad[i]), "\"%s\" should be refused", bad[i]);
}

/* The JSON array `key` of o as one string, "a|b|c" ("" when absent). */
static const char *joined(const json_t *o, const char *key)
{
    static char out[1024];
    out[0] = '\0';
    const json_t *a = json_object_get(o, key);
    for (size_t i = 0; i < json_array_size(a); i++) {
        if (i) strcat(out, "|");
        strcat(out, json_string_value(json_array_get(a, i)));
    }
    return out;
}

Test(list_facts, ofac_remarks)
{
    static const struct {
        const char *remarks, *identifiers, *born, *nationalities;
    } cases[] = {
        {"DOB 10 Apr 1960; POB Bloomington, Indiana USA; citizen United States; Passport 27082171 "
         "(United States) issued 21 Jun 1992; alt. Passport M0887925 (Iraq); SSN 156-92-9858 "
         "(United States); U.S.A. Passport issued 21 Jun 1992 in Amman, Jordan.",
         "passport:27082171|passport:M0887925", "1960-04-10", "US"},
        {"Former Vessel Flag Malta; Additional Sanctions Information - Subject to Secondary "
         "Sanctions; Vessel Registration Identification IMO 9187629; MMSI 572469210; f.k.a. "
         "'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY.",
         "imo:9187629|mmsi:572469210", "", ""},
        {"DOB 1938; alt. DOB 1936; POB Najf Al Ashraf (Najaf), Iraq; Additional Sanctions "
         "Information - Subject to Secondary Sanctions Pursuant to the Hizballah Financial "
         "Sanctions Regulations; Leading Ideological Figure of HIZBALLAH.",
         "", "1938|1936", ""},
        {"DOB circa 1960; alt. DOB 1955 to 1958; nationality Iran; alt. nationality Korea, North",
         "", "1960~|1955/1958", "IR|KP"},
        {"Website www.example-bank.ir; SWIFT/BIC BKMTIRTH; Email Address info@example-bank.ir; "
         "Tax ID No. 4010044010 (Iran)",
         "website:example-bank.ir|swift-bic:BKMTIRTH|email:info@example-bank.ir|tax-id:4010044010",
         "", ""},
        {"DOB 31 Feb 1960; Passport (none); nationality Atlantis", "", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *o = json_object();
        list_facts_from_remarks(o, cases[i].remarks);
        cr_expect_str_eq(joined(o, "identifiers"), cases[i].identifiers, "case %zu", i);
        cr_expect_str_eq(joined(o, "born"), cases[i].born, "case %zu", i);
        cr_expect_str_eq(joined(o, "nationalities"), cases[i].nationalities, "case %zu", i);
        json_decref(o);
    }
}

Test(list_facts, csl_columns_and_limits)
{
    json_t *o = json_object();
    list_facts_identifier(o, "Tax ID No.", "80-0890696");
    list_facts_identifier(o, "Vessel Registration Identification", "IMO 8898831");
    list_facts_identifier(o, "Matricula Mercantil No", "1978075"); /* no scheme: dropped */
    list_facts_identifier(o, "Tax ID No.", "80-0890696");          /* a repeat */
    cr_expect_str_eq(joined(o, "identifiers"), "tax-id:800890696|imo:8898831");
    cr_expect(list_facts_born(o, "1965"));
    cr_expect(!list_facts_born(o, "sometime in the sixties"));
    list_facts_nationality(o, "SY");
    list_facts_nationality(o, "Syria");
    cr_expect_str_eq(joined(o, "nationalities"), "SY");
    for (int i = 0; i < 40; i++)
        list_facts_address(o, "a street", NULL, "IQ");
    cr_expect_eq(json_array_size(json_object_get(o, "addresses")), SUBJECT_MAX_ADDRESSES);
    json_decref(o);
}
