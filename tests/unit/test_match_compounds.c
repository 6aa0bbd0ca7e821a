/* Names written run together or split apart (issue 14, the missing-space pairs): one word of
 * the question for up to four listed words, up to four words of the question for one listed
 * word, a legal form glued to the end, and one glued in capitals ("SiemensAG"). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "match/normalize.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"koffi", SUBJECT_ORGANIZATION, "Ets Koffi et Freres", NULL, RELATION_NONE},
    {"diarra", SUBJECT_ORGANIZATION, "Groupe Diarra Import Export", NULL, RELATION_NONE},
    {"sanogo", SUBJECT_ORGANIZATION, "EtsSanogoetTraore", NULL, RELATION_NONE},
    {"arvin", SUBJECT_ORGANIZATION, "ARVIN", NULL, RELATION_NONE},
    {"zentrix", SUBJECT_ORGANIZATION, "Zentrix Hydraulics GmbH", NULL, RELATION_NONE},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(compounds, .init = setup, .fini = teardown);

Test(compounds, words_run_together_or_split)
{
    fx_expect_best(snap, "EtsKoffietFreres", "koffi");          /* four listed words in one */
    fx_expect_best(snap, "GroupeDiarraImportExport", "diarra"); /* four, two of them generic */
    fx_expect_best(snap, "Ets Sanogo et Traore", "sanogo");     /* four words for one listed */
    fx_expect_best(snap, "ZentrixHydraulicsGmbH", "zentrix");   /* a legal form glued on */
    cr_expect_null(fx_best_match(snap, "Arvinas, Inc.", NULL),
                   "a two-letter legal form is not cut off a word");
    cr_expect_null(fx_best_match(snap, "KoffietFreres Zentrix", NULL),
                   "pieces found still have to explain it");
}

static const char *text_of(const char *name)
{
    static struct norm_name n;
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    return n.text;
}

Test(compounds, a_legal_form_glued_in_capitals)
{
    cr_expect_str_eq(text_of("NordaviaAG"), "nordavia", "the AG is a legal form");
    cr_expect_str_eq(text_of("Zentrix HydraulicsSA"), "zentrix hydraulics");
    cr_expect_str_eq(text_of("Arvinas"), "arvinas", "no capitals: no cut");
    cr_expect_str_eq(text_of("ARVINAS"), "arvinas", "all capitals: no cut");
    cr_expect_str_eq(text_of("Zavod MiAG"), "zavod miag", "two letters before: no cut");
    cr_expect_str_eq(text_of("NordaviaAGX"), "nordaviaagx", "capitals that are no form");
    cr_expect_str_eq(text_of("NordaviaAGs"), "nordaviaags", "the capitals must end the word");
    fx_expect_best(snap, "Zentrix HydraulicsAG", "zentrix");
}
