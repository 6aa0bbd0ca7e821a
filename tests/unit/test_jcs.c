/* lib/jcs.c: RFC 8785 canonical JSON, against the examples of RFC 8785 itself (section
 * 3.2.2's whole document, 3.2.3's member order, appendix B's numbers), and what it refuses. */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/base64url.h"
#include "lib/jcs.h"

static char *canon(const char *json)
{
    json_error_t je;
    json_t *v = json_loads(json, JSON_DECODE_ANY, &je);
    cr_assert(v, "%s: %s", json, je.text);
    struct strbuf sb = {0};
    struct rd_error err = {0};
    bool ok = jcs_write(&sb, v, &err);
    json_decref(v);
    cr_assert(ok, "%s refused: %s", json, err.message);
    /* the canonicaliser of text gives the same bytes as the one of trees */
    struct strbuf text = {0};
    cr_assert(jcs_text(&text, json, strlen(json), &err), "%s refused as text: %s", json,
              err.message);
    cr_assert_str_eq(text.data, sb.data, "from text and from the tree");
    sb_free(&text);
    return sb_take(&sb, NULL);
}

Test(jcs, rfc8785_section_3_2_2_example)
{
    /* the input of RFC 8785 3.2.2 (with the number the spec shows, less the one jansson
     * cannot read as JSON: 333333333.33333329 reads fine) and its canonical form */
    char *got =
        canon("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
              "0.000000000000000000000000001],\n"
              "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
              "  \"literals\": [null, true, false]\n}");
    cr_assert_str_eq(
        got, "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,"
             "4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    free(got);
}

Test(jcs, rfc8785_section_3_2_3_sorting_by_utf16_code_units)
{
    char *got = canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
                      "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
                      "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                      "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
    /* \r, 1, U+0080, U+00F6, U+20AC, U+1F600 (as D83D DE00), U+FB33: the emoji sorts before
     * U+FB33 by UTF-16 code units although its code point is higher */
    const char *order[] = {
        "\\r", "\"1\"", "\xc2\x80", "\xc3\xb6", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xac\xb3"};
    const char *at = got;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(at, order[i]);
        cr_assert(p, "member %zu (%s) out of order in %s", i, order[i], got);
        at = p;
    }
    free(got);
}

Test(jcs, compare_names_by_utf16)
{
    cr_assert_lt(jcs_compare_names("a", "b"), 0);
    cr_assert_lt(jcs_compare_names("a", "ab"), 0);
    cr_assert_gt(jcs_compare_names("ab", "a"), 0);
    cr_assert_eq(jcs_compare_names("\xc3\xb6", "\xc3\xb6"), 0);
    cr_assert_lt(jcs_compare_names("\xf0\x9f\x98\x80", "\xef\xac\xb3"), 0); /* D83D < FB33 */
    cr_assert_gt(jcs_compare_names("\xef\xac\xb3", "\xf0\x9f\x98\x80"), 0);
}

/* RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript form */
static const struct {
    uint64_t bits;
    const char *want;
} numbers[] = {
    {0x0000000000000000ull, "0"},
    {0x8000000000000000ull, "0"},
    {0x0000000000000001ull, "5e-324"},
    {0x8000000000000001ull, "-5e-324"},
    {0x7fefffffffffffffull, "1.7976931348623157e+308"},
    {0xffefffffffffffffull, "-1.7976931348623157e+308"},
    {0x4340000000000000ull, "9007199254740992"},
    {0xc340000000000000ull, "-9007199254740992"},
    {0x4430000000000000ull, "295147905179352830000"},
    {0x44b52d02c7e14af5ull, "9.999999999999997e+22"},
    {0x44b52d02c7e14af6ull, "1e+23"},
    {0x44b52d02c7e14af7ull, "1.0000000000000001e+23"},
    {0x444b1ae4d6e2ef4eull, "999999999999999700000"},
    {0x444b1ae4d6e2ef4full, "999999999999999900000"},
    {0x444b1ae4d6e2ef50ull, "1e+21"},
    {0x3eb0c6f7a0b5ed8cull, "9.999999999999997e-7"},
    {0x3eb0c6f7a0b5ed8dull, "0.000001"},
    {0x41b3de4355555553ull, "333333333.3333332"},
    {0x41b3de4355555554ull, "333333333.33333325"},
    {0x41b3de4355555555ull, "333333333.3333333"},
    {0x41b3de4355555556ull, "333333333.3333334"},
    {0x41b3de4355555557ull, "333333333.33333343"},
    {0xbecbf647612f3696ull, "-0.0000033333333333333333"},
    {0x43143ff3c1cb0959ull, "1424953923781206.2"},
};

Test(jcs, rfc8785_appendix_b_numbers)
{
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        double d;
        memcpy(&d, &numbers[i].bits, sizeof d);
        char buf[JCS_NUMBER_BUFSZ];
        cr_assert(jcs_number(d, buf), "case %zu", i);
        cr_assert_str_eq(buf, numbers[i].want, "case %zu (%016llx)", i,
                         (unsigned long long)numbers[i].bits);
    }
}

Test(jcs, our_numbers_scores_and_integers)
{
    char *got = canon("[0.925, 1.000, 0.85, 0.123456, 0, 262, -7, 9007199254740992, 1.5e-7, "
                      "9007199254740994, 2.2e16]");
    /* beyond 2^53 an integer written as JCS writes its double is taken: the canonical form
     * of a large double is one (tests/fuzz/fuzz_jcs.c found 2.2e16 and 1E20, which must
     * canonicalise twice alike) */
    cr_assert_str_eq(got, "[0.925,1,0.85,0.123456,0,262,-7,9007199254740992,1.5e-7,"
                          "9007199254740994,22000000000000000]");
    free(got);
}

Test(jcs, refuses_what_a_double_cannot_hold)
{
    char buf[JCS_NUMBER_BUFSZ];
    cr_assert_not(jcs_number(0.0 / 0.0, buf));
    cr_assert_not(jcs_number(1.0 / 0.0, buf));
    json_t *v = json_loads("{\"n\": 9007199254740993}", 0, NULL);
    cr_assert(v);
    struct strbuf sb = {0};
    struct rd_error err = {0};
    cr_assert_not(jcs_write(&sb, v, &err));
    cr_assert(strstr(err.message, "2^53") && strstr(err.message, "n"), "%s", err.message);
    sb_free(&sb);
    json_decref(v);
}

Test(jcs, strings_escape_as_ecmascript)
{
    char *got = canon("[\"tab\\there\", \"\\u0001\\u001f\", \"\\u007f\", \"\\u00e9/\\\"\"]");
    /* control characters as \uXXXX lower-case, \t by name; DEL, / and non-ASCII as they are */
    cr_assert_str_eq(got, "[\"tab\\there\",\"\\u0001\\u001f\",\"\x7f\",\"\xc3\xa9/\\\"\"]");
    free(got);
}

Test(jcs, base64url_decode_is_strict)
{
    unsigned char out[8];
    cr_assert_eq(b64url_decode("AQID", 4, out, sizeof out), 3u);
    cr_assert_eq(out[0], 1);
    cr_assert_eq(out[2], 3);
    cr_assert_eq(b64url_decode("AQI", 3, out, sizeof out), 2u);
    cr_assert_eq(b64url_decode("AQJ", 3, out, sizeof out), (size_t)-1, "unused bits set");
    cr_assert_eq(b64url_decode("AQ=D", 4, out, sizeof out), (size_t)-1, "padding");
    cr_assert_eq(b64url_decode("A", 1, out, sizeof out), (size_t)-1, "no such length");
    cr_assert_eq(b64url_decode("AAAAAAAAAAAA", 12, out, sizeof out), (size_t)-1, "too long");
}

Test(jcs, text_refuses_what_is_not_one_json_value)
{
    static const char *const bad[] = {
        "{\"a\":1,\"a\":2}",
        "[1] [2]",
        "[\"\\ud800\"]",
        "{\"a\":[1}",
        "[01]",
        "[1,]",
        "{\"a\" 1}",
        "[\"unterminated]",
        "[9007199254740993]",
        "[1e999]",
        "",
        "tru",
        "[\"\\u0000\"]",
        "[\"\xff\"]",
        "[66000000000000008]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct strbuf sb = {0};
        struct rd_error err = {0};
        cr_assert_not(jcs_text(&sb, bad[i], strlen(bad[i]), &err), "case %zu: %s", i, bad[i]);
        cr_assert(err.message[0], "case %zu says why", i);
        sb_free(&sb);
    }
}

Test(jcs, text_and_tree_agree_on_nested_whitespace_and_escapes)
{
    free(canon(" { \"z\" : [ {\"b\":1, \"a\":[true,false,null,\"x\\u00e9\\n\"]} ],\n"
               "\"a\":{\"\\ud83d\\ude00\":-0.5,\"\\ufb33\":1E2} } "));
}
