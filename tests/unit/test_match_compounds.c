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

static const char *best(const char *name)
{
    struct norm_name n;
    struct match_hit hits[2];
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    struct match_query q = {&n, -1, MATCH_DEFAULT_MIN_SCORE};
    if (!match_find(snap->match_index, &q, hits, 2)) return NULL;
    return snap->subjects[hits[0].subject].rec->id;
}

static void expect_found(const char *name, const char *id)
{
    const char *got = best(name);
    cr_expect(got && strcmp(got, id) == 0, "%s: found %s, want %s", name, got ? got : "nothing",
              id);
}

Test(compounds, words_run_together_or_split)
{
    expect_found("EtsKoffietFreres", "koffi");          /* four listed words in one */
    expect_found("GroupeDiarraImportExport", "diarra"); /* four, two of them generic */
    expect_found("Ets Sanogo et Traore", "sanogo");     /* four words for one listed */
    expect_found("ZentrixHydraulicsGmbH", "zentrix");   /* a legal form glued on */
    cr_expect_null(best("Arvinas, Inc."), "a two-letter legal form is not cut off a word");
    cr_expect_null(best("KoffietFreres Zentrix"), "pieces found still have to explain it");
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
    expect_found("Zentrix HydraulicsAG", "zentrix");
}
