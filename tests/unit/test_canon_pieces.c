/* rulings/canon_pieces.c and lib/jcs_outline.c: the digest of an answer with the snapshot's
 * canonical pieces spliced in and hashed piece by piece (receipt_digest_answer) is the
 * SHA-256 of jcs_text of the answer, for every seed answer — every alias asked as a name, at
 * several as_of, with and without a party asked (which sets each ruling's "applies_as") and
 * a jurisdiction (coverage rendered per question, not the snapshot's) — and for texts that
 * look like a known piece and are not. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "fixtures.h"
#include "lib/jcs.h"
#include "rulings/canon_pieces.h"
#include "rulings/check.h"
#include "rulings/receipt.h"

FX_SUITE_SNAPSHOT(fx_seed())

/* SHA-256 (hex) of jcs_text of `json`: what receipt_digest_text gives; false if refused. */
static bool plain_digest(const char *json, size_t len, char hex[RECEIPT_SHA256_HEX])
{
    struct rd_error err = {0};
    return receipt_digest_text(json, len, hex, &err);
}

/* Both digests agree (or both refuse), and the outline's bytes are jcs_text's; returns the
 * number of pieces spliced by reference. */
static size_t same_digest(const char *json, size_t len)
{
    char plain[RECEIPT_SHA256_HEX] = "", spliced[RECEIPT_SHA256_HEX] = "";
    struct rd_error err = {0};
    bool a = plain_digest(json, len, plain);
    bool b = receipt_digest_answer(snap, json, len, spliced, &err);
    cr_assert_eq(a, b, "jcs_text %d, spliced %d (%s) on %.*s", a, b, err.message, (int)len, json);
    if (a) cr_assert_str_eq(spliced, plain, "%.*s", (int)len, json);
    struct jcs_outline o = {0};
    struct strbuf whole = {0}, text = {0};
    size_t spliced_pieces = 0;
    if (a && jcs_text_outline(&o, json, len, canon_pieces_known, snap, &err)) {
        jcs_outline_join(&o, &whole);
        cr_assert(jcs_text(&text, json, len, &err), "%s", err.message);
        cr_assert(whole.len == text.len && !memcmp(whole.data, text.data, text.len),
                  "joined:\n%.*s\ntext:\n%.*s", (int)whole.len, whole.data, (int)text.len,
                  text.data);
        spliced_pieces = o.n;
    }
    jcs_outline_free(&o);
    sb_free(&whole);
    sb_free(&text);
    return spliced_pieces;
}

static size_t check_and_compare(struct check_request *q, size_t *restricted)
{
    struct strbuf answer = {0};
    struct jw w;
    jw_init(&w, &answer);
    if (check_answer(snap, q, &w, NULL) != CHECK_OK) return 0;
    size_t n = same_digest(answer.data, answer.len);
    if (strstr(answer.data, "\"rulings\":[{")) {
        ++*restricted;
        cr_assert_gt(n, 0, "an answer with rulings used no piece: %s", q->name);
    }
    sb_free(&answer);
    return 1;
}

Test(canon_pieces, every_seed_answer_digests_as_jcs_text, .init = setup, .fini = teardown)
{
    /* before the seed's rulings, within them, now-ish, far ahead (seconds since 1970) */
    static const int64_t as_of[] = {946684800, 1717200000, 1788000000, 4102444800};
    static const char *const binds[] = {NULL, "us-persons", "exporters"};
    size_t asked = 0, restricted = 0;
    for (size_t i = 0; i < snap->n_aliases; i++) {
        const char *name = snap->aliases[i].text;
        for (size_t a = 0; a < sizeof as_of / sizeof as_of[0]; a++) {
            struct check_request q = {.name = name,
                                      .name_len = strlen(name),
                                      .kind = -1,
                                      .as_of = as_of[a],
                                      .binds = binds[(i + a) % 3],
                                      .jurisdiction = a == 3 ? "US" : NULL,
                                      .min_score = i % 2 ? 0.85 : 0.5,
                                      .limit = 5};
            asked += check_and_compare(&q, &restricted);
        }
    }
    cr_assert_gt(asked, 400, "the seed's names answered: %zu", asked);
    cr_assert_gt(restricted, 50, "answers with rulings: %zu", restricted);
}

/* A ruling's text as an answer writes it, with what follows its pre-rendered parts. */
static void ruling_text(struct strbuf *sb, size_t i, const char *rest)
{
    const struct snap_ruling *r = &snap->rulings[i];
    sb_append(sb, r->head, r->head_len);
    sb_append(sb, snap->source_json[r->source], snap->source_json_len[r->source]);
    sb_append(sb, r->tail, r->tail_len);
    sb_puts(sb, rest);
}

Test(canon_pieces, look_alikes_are_canonicalised_from_their_text, .init = setup, .fini = teardown)
{
    static const char *const rests[] = {
        /* as render_applied writes it: spliced */
        ",\"applies_as\":\"bound\",\"conditional\":true,\"inherited_from\":null}",
        ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":{\"subject\":\"s\\u0041\","
        "\"name\":\"\\u00e9\",\"path\":[{\"subject\":\"x\",\"relation\":\"owned_by\"}]}}",
        /* otherwise: read as any object */
        ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":null,\"zz\":1}",
        ",\"applies_as\":null,\"conditional\":false}",
        ",\"conditional\":false,\"applies_as\":null,\"inherited_from\":null}",
        ",\"applies_as\" : null,\"conditional\":false,\"inherited_from\":null}",
        "}",
        /* refused alike: a duplicate member, a bad gap value, text cut short */
        ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":null,\"id\":\"x\"}",
        ",\"applies_as\":nul,\"conditional\":false,\"inherited_from\":null}",
        ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":",
    };
    for (size_t i = 0; i < snap->n_rulings; i++)
        for (size_t k = 0; k < sizeof rests / sizeof rests[0]; k++) {
            struct strbuf sb = {0};
            sb_puts(&sb, "{\"rulings\":[");
            ruling_text(&sb, i, rests[k]);
            sb_puts(&sb, "]}");
            size_t n = same_digest(sb.data, sb.len);
            /* the piece (its last segment, from "jurisdiction" on, is long enough to be
             * spliced by reference) only where the text is as render_applied writes it */
            if (k < 2)
                cr_assert_gt(n, 0, "ruling %zu, text %zu: not spliced", i, k);
            else
                cr_assert_eq(n, 0, "ruling %zu, text %zu: spliced", i, k);
            /* a byte changed inside the ruling's pre-rendered text: not its piece any more */
            sb.data[12 + snap->rulings[i].head_len / 2] ^= 0x01;
            cr_assert_eq(same_digest(sb.data, sb.len), 0, "ruling %zu changed: spliced", i);
            sb_free(&sb);
        }
}

/* A ruling nested deep in arrays: refused exactly where jcs_text refuses it (JCS_MAX_DEPTH),
 * spliced where it is not too deep. */
Test(canon_pieces, a_piece_too_deep_is_refused_as_jcs_text_refuses, .init = setup, .fini = teardown)
{
    size_t refused = 0, spliced = 0;
    for (unsigned wrap = JCS_MAX_DEPTH - 12; wrap < JCS_MAX_DEPTH; wrap++) {
        struct strbuf sb = {0};
        for (unsigned i = 0; i < wrap; i++)
            sb_putc(&sb, '[');
        ruling_text(&sb, 0, ",\"applies_as\":null,\"conditional\":false,\"inherited_from\":null}");
        for (unsigned i = 0; i < wrap; i++)
            sb_putc(&sb, ']');
        char hex[RECEIPT_SHA256_HEX];
        refused += !plain_digest(sb.data, sb.len, hex);
        spliced += same_digest(sb.data, sb.len) > 0;
        sb_free(&sb);
    }
    cr_assert_gt(refused, 0, "never too deep: the test asks nothing");
    cr_assert_gt(spliced, 0, "never spliced");
}
