/* Qualifiers inside a name (match/qualifiers.h): which parts of a name are a branch, a flag,
 * an address or a "care of", how the normaliser marks their words, and that they cost little
 * when one name says them and the other does not. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "match/normalize.h"
#include "match/qualifiers.h"

static void expect_qualifier(const char *name, const char *want)
{
    struct qualifier q[QUALIFIERS_MAX];
    size_t n = name_qualifiers(name, strlen(name), q);
    if (!want) {
        cr_expect_eq(n, 0, "%s: %zu qualifiers, want none", name, n);
        return;
    }
    cr_assert_eq(n, 1, "%s: %zu qualifiers, want 1", name, n);
    cr_expect(q[0].len == strlen(want) && memcmp(name + q[0].off, want, q[0].len) == 0,
              "%s: [%.*s], want [%s]", name, (int)q[0].len, name + q[0].off, want);
}

Test(qualifiers, which_parts_of_a_name)
{
    expect_qualifier("Coastline Agro Supplies Ltd - Malindi Branch", "- Malindi Branch");
    expect_qualifier("Sindh Agro Chemicals Ltd, Sukkur Branch", ", Sukkur Branch");
    expect_qualifier("AL-HARAMAIN : KENYA BRANCH", ": KENYA BRANCH");
    expect_qualifier("Kisumu Motors Ltd (Kakamega Branch)", "(Kakamega Branch)");
    expect_qualifier("HALVERSTONE SPIRIT (Marshall Islands flag)", "(Marshall Islands flag)");
    expect_qualifier("Tidewell Inc, 12250 Brevard Ln, Pasadena TX",
                     ", 12250 Brevard Ln, Pasadena TX");
    expect_qualifier("Rancho Vercel SA de CV c/o Aduanas Pedraza", " c/o Aduanas Pedraza");
    expect_qualifier("Lundqvist Hydraulics (UK) Ltd.", NULL); /* a group, but not an office */
    expect_qualifier("Sindh Agro Chemicals (Pvt) Ltd", NULL);
    expect_qualifier("(Kenya Branch)", NULL);            /* nothing before it: it is the name */
    expect_qualifier("Special Operations Branch", NULL); /* no separator: part of the name */
    expect_qualifier("Mining-Branch", NULL);
    expect_qualifier("Acme 5, 6 Trading", NULL); /* a comma and a small number: no address */
}

Test(qualifiers, their_words_are_marked_and_legal_forms_end_before_them)
{
    struct norm_name n;
    const char *name = "Sindh Agro Chemicals (Pvt) Ltd, Sukkur Branch";
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK);
    cr_expect_str_eq(n.text, "sindh agro chemicals sukkur branch");
    cr_expect(n.legal != 0, "the legal form before the branch is a legal form");
    cr_expect_eq(n.qualifiers, 3ull << 3, "the branch's two words");
    name = "Rancho Vercel S.A. de C.V. c/o Aduanas Pedraza";
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK);
    cr_expect_str_eq(n.text, "rancho vercel aduanas pedraza",
                     "initials joined within the name, not across: %s", n.text);
}

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"coastline", SUBJECT_ORGANIZATION, "Coastline Agro Supplies Ltd", NULL, RELATION_NONE},
    {"kenya", SUBJECT_ORGANIZATION, "AL-HARAMAIN : KENYA BRANCH", NULL, RELATION_NONE},
    {"pakistan", SUBJECT_ORGANIZATION, "AL-HARAMAIN : PAKISTAN BRANCH", NULL, RELATION_NONE},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(qualified, .init = setup, .fini = teardown);

Test(qualified, a_branch_costs_little_and_still_tells_which)
{
    double score = 0;
    const char *id = fx_best_match(snap, "Coastline Agro Supplies Ltd - Malindi Branch", &score);
    cr_expect(id && strcmp(id, "coastline") == 0, "a branch of the listed company");
    cr_expect_geq(score, 0.9);
    id = fx_best_match(snap, "Coastline Agro Supplies Ltd Malindi", &score);
    cr_expect(id == NULL, "a word that is no qualifier still costs what an unknown word costs");
    id = fx_best_match(snap, "Al-Haramain Kenya Branch", &score);
    cr_expect(id && strcmp(id, "kenya") == 0, "the branch named is the one found first");
    cr_expect_float_eq(score, 1.0, 1e-9);
}
