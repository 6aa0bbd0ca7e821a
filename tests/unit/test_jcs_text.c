/* lib/jcs_text.c against lib/jcs.c: the canonicaliser of text (the digest of every receipted
 * answer) gives the bytes of the one of jansson trees (verification) for every seed answer
 * and for generated documents full of what is easy to get wrong: names ordered by UTF-16
 * units (U+E000..U+FFFF after the surrogate pairs), names alike in their first 8 bytes,
 * escapes of every kind, numbers on both sides of each boundary of ECMAScript's forms,
 * objects of a shape met before with their members in another order. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "lib/jcs.h"
#include "lib/jcs_text_parts.h"
#include "rulings/check.h"

FX_SUITE_SNAPSHOT(fx_seed())

/* Both canonicalisers on `json`: both take it and agree, and the result is its own canonical
 * form; false when both refuse it. Text jansson cannot read (an integer beyond long long,
 * which jcs_text takes when JCS writes it so: 100000000000000000000) is only asked to be
 * canonicalised alike twice. */
static bool agree(const char *json, size_t len)
{
    struct strbuf text = {0}, tree = {0}, again = {0};
    struct rd_error err = {0};
    bool text_ok = jcs_text(&text, json, len, &err);
    json_error_t je;
    json_t *v = json_loadb(json, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    bool tree_ok = v && jcs_write(&tree, v, &err);
    bool read = v != NULL;
    json_decref(v);
    if (read)
        cr_assert_eq(text_ok, tree_ok, "text %d, tree %d (%s) on %.*s", text_ok, tree_ok,
                     err.message, (int)len, json);
    if (text_ok && read)
        cr_assert(tree.len == text.len && memcmp(tree.data, text.data, text.len) == 0,
                  "%.*s\ntext: %s\ntree: %s", (int)len, json, text.data, tree.data);
    if (text_ok) {
        cr_assert(jcs_text(&again, text.data, text.len, &err), "%s", err.message);
        cr_assert_str_eq(again.data, text.data, "a canonical form is its own");
    }
    sb_free(&text);
    sb_free(&tree);
    sb_free(&again);
    return text_ok;
}

Test(jcs_text, every_seed_answer_as_the_tree_gives_it, .init = setup, .fini = teardown)
{
    size_t asked = 0;
    for (size_t i = 0; i < snap->n_aliases; i++) {
        const char *name = snap->aliases[i].text;
        struct check_request q = {.name = name,
                                  .name_len = strlen(name),
                                  .kind = -1,
                                  .as_of = 1717200000,
                                  .min_score = i % 2 ? 0.85 : 0.5,
                                  .limit = 5};
        struct strbuf answer = {0};
        struct jw w;
        jw_init(&w, &answer);
        if (check_answer(snap, &q, &w, NULL) != CHECK_OK) continue;
        cr_assert(agree(answer.data, answer.len), "%s", name);
        sb_free(&answer);
        asked++;
    }
    cr_assert_gt(asked, 100, "the seed's names answered: %zu", asked);
}

/* ---- generated documents ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned pick(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Code points whose order by UTF-16 units or by their first bytes is easy to get wrong. */
static const unsigned tricky[] = {'a',    'b',    'z',    '0',    '\r',    0x1f,    0x7f,
                                  '"',    '\\',   '/',    0x80,   0xe9,    0x20ac,  0xd7ff,
                                  0xe000, 0xfb33, 0xffee, 0xfffd, 0x10000, 0x1f600, 0x10ffff};

static void put_code_point(struct strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        b[i] = (char)(0x80 | (cp & 0x3f));
    b[0] = (char)(lead[n] | cp);
    sb_append(sb, b, n);
}

/* `cp` as JSON string text, raw or escaped, as the dice say. */
static void put_char(struct strbuf *sb, unsigned cp)
{
    bool must = cp < 0x20 || cp == '"' || cp == '\\';
    unsigned how = must ? 1 + pick(2) : pick(4);
    if (how == 0 || how == 3) {
        put_code_point(sb, cp);
    } else if (how == 1 && cp > 0 && cp < 0x80 && strchr("\"\\/\b\f\n\r\t", (int)cp)) {
        static const char from[] = "\"\\/\b\f\n\r\t", to[] = "\"\\/bfnrt";
        char e[2] = {'\\', to[strchr(from, (int)cp) - from]};
        sb_append(sb, e, 2);
    } else if (cp >= 0x10000) {
        unsigned v = cp - 0x10000;
        sb_printf(sb, pick(2) ? "\\u%04x\\u%04X" : "\\u%04X\\u%04x", 0xd800 + (v >> 10),
                  0xdc00 + (v & 0x3ff));
    } else {
        sb_printf(sb, pick(2) ? "\\u%04x" : "\\u%04X", cp);
    }
}

/* Member names of one object: distinct, often alike in their first 8 bytes or more. */
static void put_name(struct strbuf *sb, unsigned index)
{
    sb_putc(sb, '"');
    unsigned common = pick(3) == 0 ? 9 : pick(3);
    for (unsigned i = 0; i < common; i++)
        put_char(sb, 'a' + (i % 3));
    put_char(sb, tricky[index % (sizeof tricky / sizeof tricky[0])]);
    for (unsigned i = index / (sizeof tricky / sizeof tricky[0]); i > 0; i--)
        put_char(sb, 'a' + (i % 7));
    sb_putc(sb, '"');
}

static const char *const numbers[] = {"0",
                                      "-0",
                                      "0.0",
                                      "-0.0e5",
                                      "1",
                                      "-1",
                                      "262",
                                      "0.925",
                                      "1.000",
                                      "0.85",
                                      "5.634",
                                      "100",
                                      "1e2",
                                      "1E+2",
                                      "2e-3",
                                      "0.000001",
                                      "0.0000001",
                                      "1e-6",
                                      "1e-7",
                                      "1.5e-7",
                                      "123456789012345",
                                      "1234567890123456",
                                      "12345678901234567.0",
                                      "0.1234567890123456789",
                                      "9007199254740992",
                                      "-9007199254740992",
                                      "9007199254740994",
                                      "22000000000000000",
                                      "1e20",
                                      "1e21",
                                      "1E21",
                                      "999999999999999900000.0",
                                      "1.7976931348623157e308",
                                      "5e-324",
                                      "-1e-400",
                                      "333333333.33333329",
                                      "4.50",
                                      "1e30",
                                      "0.3",
                                      "0.30000000000000004",
                                      "-12.50e-2",
                                      "7e0010"};

static void gen_value(struct strbuf *sb, unsigned depth);

static void gen_container(struct strbuf *sb, unsigned depth, bool object)
{
    unsigned n = pick(depth < 2 ? 40 : 6), shape = pick(4);
    sb_putc(sb, object ? '{' : '[');
    for (unsigned i = 0; i < n; i++) {
        if (i) sb_puts(sb, pick(5) ? "," : " ,\n ");
        if (object) {
            /* shapes met before, in their order or reversed, or names of their own */
            put_name(sb, shape == 0 ? i : shape == 1 ? n - 1 - i : (i * 7 + shape) % n);
            sb_puts(sb, pick(4) ? ":" : " : ");
        }
        gen_value(sb, depth + 1);
    }
    sb_putc(sb, object ? '}' : ']');
}

static void gen_value(struct strbuf *sb, unsigned depth)
{
    unsigned kind = depth > 5 ? 2 + pick(4) : pick(6);
    if (kind < 2) {
        gen_container(sb, depth, kind == 0);
    } else if (kind == 2) {
        sb_putc(sb, '"');
        for (unsigned i = pick(12); i > 0; i--)
            put_char(sb, pick(2) ? 'a' + pick(26) : tricky[pick(sizeof tricky / sizeof tricky[0])]);
        sb_putc(sb, '"');
    } else if (kind == 3) {
        sb_puts(sb, numbers[pick(sizeof numbers / sizeof numbers[0])]);
    } else {
        static const char *const literals[] = {"true", "false", "null"};
        sb_puts(sb, literals[pick(3)]);
    }
}

Test(jcs_text, generated_documents_as_the_tree_gives_them)
{
    unsigned taken = 0;
    for (unsigned round = 0; round < 3000; round++) {
        struct strbuf doc = {0};
        gen_value(&doc, 0);
        taken += agree(doc.data, doc.len);
        sb_free(&doc);
    }
    /* most are canonicalised (the rest have a duplicate name, refused by both) */
    cr_assert_gt(taken, 2500, "%u of 3000", taken);
}

Test(jcs_text, integers_jansson_cannot_read)
{
    static const char *const taken[][2] = {{"100000000000000000000", "100000000000000000000"},
                                           {"[-0,1E20]", "[0,100000000000000000000]"}};
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
        struct strbuf sb = {0};
        struct rd_error err = {0};
        cr_assert(jcs_text(&sb, taken[i][0], strlen(taken[i][0]), &err), "%s", err.message);
        cr_assert_str_eq(sb.data, taken[i][1]);
        sb_free(&sb);
    }
}

/* A random decimal into `text` (at least 20 bytes, not terminated): up to 17 digits, a sign
 * or none, a point anywhere or none, no leading zero but before a point; its length. */
static unsigned random_decimal(char *text)
{
    unsigned digits = 1 + pick(17), point = pick(digits + 1), k = 0;
    if (pick(2)) text[k++] = '-';
    for (unsigned d = 0; d < digits; d++) {
        if (d == point && d) text[k++] = '.';
        text[k++] = (char)(d == 0 && digits > 1 && point != 1 ? '1' + pick(9) : '0' + pick(10));
    }
    return k;
}

Test(jcs_text, numbers_without_strtod_as_with_it)
{
    char text[64];
    for (unsigned i = 0; i < 200000; i++) {
        unsigned k = random_decimal(text);
        if (pick(3) == 0) k += (unsigned)snprintf(text + k, 12, "e%d", (int)pick(50) - 25);
        text[k] = '\0';
        char got[JCS_NUMBER_BUFSZ], want[JCS_NUMBER_BUFSZ];
        const char *why = NULL;
        bool ok = jcs_number_text(text, k, got, &why);
        double d = strtod(text, NULL);
        bool integral = !strpbrk(text, ".eE");
        cr_assert(jcs_number(d, want));
        if (integral && strcmp(want, text) != 0 && strcmp(text, "-0") != 0) {
            cr_assert_not(ok, "%s: an integer beyond what a double holds as written", text);
            continue;
        }
        cr_assert(ok, "%s: %s", text, why);
        cr_assert_str_eq(got, want, "%s", text);
    }
}

/* Number text copied as it stands (jcs_number_canonical) only when it is what ECMAScript writes
 * for its value; a mutation that takes "1.000", "-0" or 1e-7 as written fails here. */
Test(jcs_text, numbers_copied_as_written_only_when_canonical)
{
    static const char *const as_written[] = {
        "0",    "7",        "-7", "0.966", "5.634", "-12.5", "0.000001", "100", "123456789012345",
        "0.85", "-0.000123"};
    static const char *const not_so[] = {"-0",
                                         "0.0",
                                         "1.000",
                                         "0.200",
                                         "0.0000001",
                                         "1e2",
                                         "1E2",
                                         "1.5e-7",
                                         "1234567890123456",
                                         "-0.0",
                                         "1.234567890123456"};
    for (size_t i = 0; i < sizeof as_written / sizeof as_written[0]; i++)
        cr_assert(jcs_number_canonical(as_written[i], strlen(as_written[i])), "%s", as_written[i]);
    for (size_t i = 0; i < sizeof not_so / sizeof not_so[0]; i++)
        cr_assert_not(jcs_number_canonical(not_so[i], strlen(not_so[i])), "%s", not_so[i]);
    char text[64], want[JCS_NUMBER_BUFSZ];
    unsigned copied = 0;
    for (unsigned i = 0; i < 200000; i++) {
        unsigned k = random_decimal(text);
        text[k] = '\0';
        if (!jcs_number_canonical(text, k)) continue;
        copied++;
        cr_assert(jcs_number(strtod(text, NULL), want));
        cr_assert_str_eq(want, text, "%s taken as written", text);
    }
    cr_assert_gt(copied, 20000, "%u", copied); /* the test tests something */
    /* names alike in their first 8 bytes: a duplicate is still found, an order still kept */
    const char *dup = "{\"abcdefghij\":1,\"abcdefghik\":2,\"abcdefghij\":3}";
    struct strbuf sb = {0};
    struct rd_error err = {0};
    cr_assert_not(jcs_text(&sb, dup, strlen(dup), &err));
    cr_assert(strstr(err.message, "duplicate"), "%s", err.message);
    sb_free(&sb);
}

Test(jcs_text, names_ordered_by_utf16_past_their_first_8_bytes)
{
    /* alike for 8 bytes, then U+FB33 (EF AC B3) against U+1F600 (F0 9F 98 80): by UTF-16 the
     * surrogate pair D83D.. comes first; by bytes or code points it would come last */
    const char *json = "{\"abcdefgh\\ufb33\":1,\"abcdefgh\\ud83d\\ude00\":2,\"abcdefgh\":3,"
                       "\"abcdefgh\xc3\xa9\":4,\"\xef\xac\xb3\":5,\"\xf0\x9f\x98\x80\":6}";
    struct strbuf sb = {0};
    struct rd_error err = {0};
    cr_assert(jcs_text(&sb, json, strlen(json), &err), "%s", err.message);
    cr_assert_str_eq(sb.data,
                     "{\"abcdefgh\":3,\"abcdefgh\xc3\xa9\":4,\"abcdefgh\xf0\x9f\x98\x80\":2,"
                     "\"abcdefgh\xef\xac\xb3\":1,\"\xf0\x9f\x98\x80\":6,\"\xef\xac\xb3\":5}");
    sb_free(&sb);
    cr_assert(agree(json, strlen(json)));
    cr_assert_lt(jcs_compare_utf8("\xf0\x9f\x98\x80", 4, "\xee\x80\x80", 3), 0);
    cr_assert_gt(jcs_compare_utf8("\xee\x80\x80", 3, "\xf0\x90\x80\x80", 4), 0);
    cr_assert_lt(jcs_compare_utf8("\xed\x9f\xbf", 3, "\xf0\x90\x80\x80", 4), 0); /* U+D7FF */
}

Test(jcs_text, an_order_met_before_is_checked_not_trusted)
{
    /* the same names in other orders, a shape whose remembered order no longer sorts it, and
     * the same names but one, duplicated: refused */
    const char *json = "[{\"b\":1,\"a\":2,\"c\":3},{\"b\":1,\"a\":2,\"c\":3},{\"c\":1,\"b\":2,"
                       "\"a\":3},{\"a\":1,\"c\":2,\"b\":3},{\"b\":1,\"a\":2,\"c\":3}]";
    struct strbuf sb = {0};
    struct rd_error err = {0};
    cr_assert(jcs_text(&sb, json, strlen(json), &err), "%s", err.message);
    cr_assert_str_eq(sb.data,
                     "[{\"a\":2,\"b\":1,\"c\":3},{\"a\":2,\"b\":1,\"c\":3},{\"a\":3,\"b\":2,"
                     "\"c\":1},{\"a\":1,\"b\":3,\"c\":2},{\"a\":2,\"b\":1,\"c\":3}]");
    sb_reset(&sb);
    const char *dup = "[{\"b\":1,\"a\":2},{\"b\":1,\"b\":2}]";
    cr_assert_not(jcs_text(&sb, dup, strlen(dup), &err));
    cr_assert(strstr(err.message, "duplicate"), "%s", err.message);
    sb_free(&sb);
}

Test(jcs_text, the_digest_of_a_fixed_document_is_as_before)
{
    /* its SHA-256 as the first jcs_text (before the tape, commit 09c5890) gave it: receipts
     * already signed keep verifying */
    const char *json =
        "{\"z\":[1.000,0.925,-0,1e2,2e-3,1.5e-7,9007199254740994,{\"\\u20ac\":\"\\u00e9\\n\\t\\\"\","
        "\"\\r\":null,\"\\ud83d\\ude00\":true,\"\\ufb33\":false,\"1\":\"\\u001f\\/\"}],"
        "\"a\":{\"version\":0,\"applies_as\":null,\"id\":\"x\",\"aa\":[],\"ab\":{}}, \"\":\"\"}";
    struct strbuf sb = {0};
    struct rd_error err = {0};
    cr_assert(jcs_text(&sb, json, strlen(json), &err), "%s", err.message);
    unsigned char d[32];
    cr_assert(EVP_Digest(sb.data, sb.len, d, NULL, EVP_sha256(), NULL));
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    cr_assert_str_eq(hex, "2b86b5bd8a327cb856b768c2ef98862cdb63dc3bd5e28ef6330c2cf39013f0f7", "%s",
                     sb.data);
    sb_free(&sb);
}
