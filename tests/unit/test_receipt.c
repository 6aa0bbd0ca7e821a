/* rulings/receipt.c, rulings/receipt_verify.c, lib/keyring.c: receipts signed and checked;
 * every changed byte of the question or the answer is caught, and said precisely; a retired
 * key still verifies, an unknown one does not. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"
#include "lib/jcs.h"
#include "lib/keyring.h"
#include "lib/timeutil.h"
#include "rulings/receipt.h"

FX_SUITE_SNAPSHOT(fx_seed())

static char dir[64];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* The snapshot released, the test's key files removed. */
static void fini(void)
{
    teardown();
    if (dir[0]) nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* A new key file in a fresh directory `sub` of the test's; returns its path. */
static char *new_key(const char *sub, const char *name, int64_t not_before, char kid[KEY_KID_BUFSZ])
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/receipt-test-XXXXXX");
        cr_assert(mkdtemp(dir));
    }
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    struct rd_error err = {0};
    cr_assert(keys_init());
    cr_assert(key_create(path, not_before, kid, &err), "%s", err.message);
    return path;
}

static struct keyring *load(const char *path)
{
    struct keyring *kr = NULL;
    struct rd_error err = {0};
    cr_assert(keyring_load(path, &kr, &err), "%s: %s", path, err.message);
    return kr;
}

/* The answer to "Kaspersky" and its receipt by `k`, as {"answer":...,"receipt":...}. */
static char *signed_document(const struct signing_key *k)
{
    struct check_request q = {.name = "Kaspersky",
                              .name_len = 9,
                              .kind = -1,
                              .as_of = 1717200000,
                              .min_score = 0.85,
                              .limit = 5};
    struct strbuf answer = {0}, doc = {0};
    struct jw w;
    jw_init(&w, &answer);
    cr_assert_eq(check_answer(snap, &q, &w, NULL), CHECK_OK);
    char hex[RECEIPT_SHA256_HEX];
    struct rd_error err = {0};
    cr_assert(receipt_digest_text(answer.data, answer.len, hex, &err), "%s", err.message);
    sb_puts(&doc, "{\"answer\":");
    sb_append(&doc, answer.data, answer.len);
    sb_puts(&doc, ",\"receipt\":");
    cr_assert(receipt_write(&doc, k, snap, receipt_question(RECEIPT_CHECK, &q, false), hex, q.as_of,
                            rd_now(), &err),
              "%s", err.message);
    sb_putc(&doc, '}');
    sb_free(&answer);
    return sb_take(&doc, NULL);
}

static enum receipt_fault verify_text(const char *text, const struct keyring *kr,
                                      struct receipt_check *rc)
{
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    if (!doc) {
        rc->fault = RECEIPT_MALFORMED;
        snprintf(rc->detail, sizeof rc->detail, "not JSON");
        return RECEIPT_MALFORMED;
    }
    receipt_verify(doc, kr, false, rc);
    json_decref(doc);
    return rc->fault;
}

Test(receipt, signs_and_verifies_with_known_at, .init = setup, .fini = fini)
{
    char kid[KEY_KID_BUFSZ];
    struct keyring *kr = load(new_key("a", "k.json", 0, kid));
    snap->revision_at_us = INT64_C(1717200000250000);
    char *doc = signed_document(keyring_active(kr, rd_now()));
    struct receipt_check rc;
    cr_assert_eq(verify_text(doc, kr, &rc), RECEIPT_VALID, "%s", rc.detail);
    cr_assert_str_eq(rc.kid, kid);
    cr_assert_eq(rc.revision, snap->revision);
    cr_assert(strstr(doc, "\"known_at\":\"2024-06-01T00:00:00.250000Z\""), "%s", doc);
    cr_assert(strstr(doc, "\"alg\":\"EdDSA\""));
    free(doc);
    keyring_release(kr);
}

Test(receipt, is_written_in_its_canonical_form, .init = setup, .fini = fini)
{
    /* the signature is put in place in the signed part, not canonicalised again: the whole
     * must still be its own RFC 8785 form, as the tree of it canonicalises */
    char kid[KEY_KID_BUFSZ];
    struct keyring *kr = load(new_key("c", "k.json", 0, kid));
    char *doc = signed_document(keyring_active(kr, rd_now()));
    json_t *d = json_loads(doc, 0, NULL);
    cr_assert(d);
    const char *at = strstr(doc, ",\"receipt\":") + strlen(",\"receipt\":");
    struct strbuf canon = {0};
    struct rd_error err = {0};
    cr_assert(jcs_write(&canon, json_object_get(d, "receipt"), &err), "%s", err.message);
    cr_assert_eq(strlen(at), canon.len + 1, "%s", at);
    cr_assert(memcmp(at, canon.data, canon.len) == 0, "%s\n%s", at, canon.data);
    cr_assert(strstr(canon.data, "\"revision\":") < strstr(canon.data, "\"signature\":\""));
    sb_free(&canon);
    json_decref(d);
    free(doc);
    keyring_release(kr);
}

/* Changes byte i of `doc` into another character of its kind (a digit, a letter); false
 * when it is neither. */
static bool change(char *doc, size_t i)
{
    char c = doc[i];
    if (c >= '0' && c <= '9')
        doc[i] = c == '9' ? '0' : (char)(c + 1);
    else if (c >= 'a' && c <= 'z')
        doc[i] = c == 'z' ? 'a' : (char)(c + 1);
    else if (c >= 'A' && c <= 'Z')
        doc[i] = c == 'Z' ? 'A' : (char)(c + 1);
    else
        return false;
    return true;
}

Test(receipt, every_changed_byte_is_caught_with_its_reason, .init = setup, .fini = fini)
{
    char kid[KEY_KID_BUFSZ];
    struct keyring *kr = load(new_key("b", "k.json", 0, kid));
    char *doc = signed_document(keyring_active(kr, rd_now()));
    size_t answer_from = strlen("{\"answer\":"),
           answer_to = (size_t)(strstr(doc, ",\"receipt\":") - doc);
    const char *qs = strstr(doc, "\"question\":{");
    size_t question_from = (size_t)(qs - doc), question_to = (size_t)(strchr(qs, '}') - doc);
    size_t tried_answer = 0, tried_question = 0;
    for (size_t i = 0; doc[i]; i++) {
        bool in_answer = i >= answer_from && i < answer_to;
        bool in_question = i > question_from + 11 && i < question_to;
        if (!(in_answer || in_question)) continue;
        char *copy = strdup(doc);
        struct receipt_check rc;
        if (change(copy, i)) {
            enum receipt_fault f = verify_text(copy, kr, &rc);
            /* a change that breaks the JSON (true -> trud) is malformed: also caught */
            if (f != RECEIPT_MALFORMED) {
                cr_assert_eq(f, in_answer ? RECEIPT_ANSWER_MISMATCH : RECEIPT_BAD_SIGNATURE,
                             "byte %zu (%c): %s", i, doc[i], rc.detail);
                tried_answer += in_answer, tried_question += in_question;
            }
        }
        free(copy);
    }
    cr_assert_gt(tried_answer, 1000u, "changed %zu bytes of the answer", tried_answer);
    cr_assert_gt(tried_question, 50u, "changed %zu bytes of the question", tried_question);
    free(doc);
    keyring_release(kr);
}

Test(receipt, mismatch_names_both_digests, .init = setup, .fini = fini)
{
    char kid[KEY_KID_BUFSZ];
    struct keyring *kr = load(new_key("c", "k.json", 0, kid));
    char *doc = signed_document(keyring_active(kr, rd_now()));
    char *v = strstr(doc, "\"restricted\":true");
    cr_assert(v);
    memcpy(v + 13, "1234", 4); /* still JSON, another answer */
    struct receipt_check rc;
    cr_assert_eq(verify_text(doc, kr, &rc), RECEIPT_ANSWER_MISMATCH, "%s", rc.detail);
    cr_assert(strstr(rc.detail, rc.signed_sha256) && strstr(rc.detail, rc.computed_sha256));
    cr_assert_str_neq(rc.signed_sha256, rc.computed_sha256);
    free(doc);
    keyring_release(kr);
}

Test(receipt, retired_key_verifies_unknown_key_does_not, .init = setup, .fini = fini)
{
    char kid_a[KEY_KID_BUFSZ], kid_b[KEY_KID_BUFSZ], a_path[256], rot[128];
    int64_t now = rd_now();
    snprintf(a_path, sizeof a_path, "%s", new_key("rot", "a.json", now - 60, kid_a));
    struct keyring *only_a = load(a_path);
    char *doc = signed_document(keyring_active(only_a, now));
    char *b_path = new_key("rot", "b.json", now - 1, kid_b);
    struct keyring *b_only = load(b_path);
    snprintf(rot, sizeof rot, "%s/rot", dir);
    struct keyring *both = load(rot);
    /* B is newer: it signs; A is retired, and still verifies what it signed */
    cr_assert_eq(both->n, 2u);
    cr_assert_str_eq(keyring_active(both, now)->kid, kid_b);
    cr_assert_str_eq(keyring_status(both, keyring_find(both, kid_a), now), "retired");
    struct receipt_check rc;
    cr_assert_eq(verify_text(doc, both, &rc), RECEIPT_VALID, "%s", rc.detail);
    cr_assert_eq(verify_text(doc, b_only, &rc), RECEIPT_UNKNOWN_KID);
    cr_assert(strstr(rc.detail, kid_a), "%s", rc.detail);
    free(doc);
    keyring_release(only_a);
    keyring_release(both);
    keyring_release(b_only);
}

Test(receipt, a_key_not_yet_due_is_published_not_signing, .init = setup, .fini = fini)
{
    char kid[KEY_KID_BUFSZ];
    int64_t now = rd_now();
    struct keyring *kr = load(new_key("next", "k.json", now + 3600, kid));
    cr_assert_null(keyring_active(kr, now));
    cr_assert_str_eq(keyring_status(kr, &kr->keys[0], now), "next");
    cr_assert_not_null(keyring_active(kr, now + 3600));
    keyring_release(kr);
}

Test(receipt, malformed_receipts_and_key_files, .init = setup, .fini = fini)
{
    char kid[KEY_KID_BUFSZ];
    struct keyring *kr = load(new_key("m", "k.json", 0, kid));
    struct receipt_check rc;
    cr_assert_eq(verify_text("[1]", kr, &rc), RECEIPT_MALFORMED);
    cr_assert_eq(verify_text("{\"verdict\":\"clear\"}", kr, &rc), RECEIPT_MALFORMED);
    cr_assert(strstr(rc.detail, "receipt"), "%s", rc.detail);
    cr_assert_eq(verify_text("{\"receipt\":{\"version\":1}}", kr, &rc), RECEIPT_MALFORMED);
    cr_assert(strstr(rc.detail, "question"), "%s", rc.detail);
    /* a key file whose kid is not its key's */
    char bad[256];
    snprintf(bad, sizeof bad, "%s/m/bad.json", dir);
    FILE *f = fopen(bad, "w");
    cr_assert(f);
    fprintf(f, "{\"kid\":\"x\",\"seed\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
    fclose(f);
    struct keyring *none = NULL;
    struct rd_error err = {0};
    cr_assert_not(keyring_load(bad, &none, &err));
    cr_assert(strstr(err.message, "thumbprint"), "%s", err.message);
    keyring_release(kr);
}
