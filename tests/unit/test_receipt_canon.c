/* rulings/receipt_canon.c: a receipt whose signed part is written in canonical form straight
 * away (receipt_write_for) is, byte for byte, the one built as a jansson tree and
 * canonicalised (receipt_write with receipt_question) — Ed25519 signatures are deterministic,
 * so the whole receipt, signature included — for every seed alias asked, both endpoints and
 * views, every optional parameter stated or not, names with escapes and scores of every
 * form; and what it cannot write (not UTF-8, a NUL, a score that is not finite) fails as the
 * tree does. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "lib/keyring.h"
#include "rulings/receipt.h"

FX_SUITE_SNAPSHOT(fx_seed())

static const struct signing_key *key(struct keyring **kr)
{
    char path[] = "/tmp/receipt-canon-XXXXXX";
    int fd = mkstemp(path);
    struct rd_error err = {0};
    cr_assert(fd >= 0 && keys_init());
    close(fd);
    unlink(path);
    cr_assert(key_create(path, 0, (char[KEY_KID_BUFSZ]){0}, &err), "%s", err.message);
    cr_assert(keyring_load(path, kr, &err), "%s", err.message);
    unlink(path);
    const struct signing_key *k = keyring_active(*kr, 1800000000);
    cr_assert(k);
    return k;
}

/* Both ways; true when both made it (and then the same bytes), false when both refused. */
static bool same_receipt(const struct signing_key *k, enum receipt_endpoint ep,
                         const struct check_request *q, bool compact)
{
    static const char hex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    struct strbuf tree = {0}, direct = {0};
    struct rd_error e1 = {0}, e2 = {0};
    bool a = receipt_write(&tree, k, snap, receipt_question(ep, q, compact), hex, q->as_of,
                           1800000000, &e1);
    bool b = receipt_write_for(&direct, k, snap, ep, q, compact, hex, 1800000000, &e2);
    cr_assert_eq(a, b, "tree %d (%s), direct %d (%s): %.*s", a, e1.message, b, e2.message,
                 (int)q->name_len, q->name);
    if (a)
        cr_assert(tree.len == direct.len && !memcmp(tree.data, direct.data, tree.len),
                  "tree:   %.*s\ndirect: %.*s", (int)tree.len, tree.data, (int)direct.len,
                  direct.data);
    sb_free(&tree);
    sb_free(&direct);
    return a;
}

Test(receipt_canon, as_the_tree_writes_it, .init = setup, .fini = teardown)
{
    struct keyring *kr = NULL;
    const struct signing_key *k = key(&kr);
    static const double scores[] = {0.85, 0.5, 1, 0, 0.1 + 0.2, 1e-7, 0.000001};
    static const char *const odd[] = {"Quote \" and \\ back", "tab\there\x01\x1f",
                                      "\xc3\xa9t\xc3\xa9",
                                      "\xe2\x80\xa8 \xf0\x9f\x98\x80 \xee\x80\x80", ""};
    size_t made = 0;
    for (size_t i = 0; i < snap->n_aliases + sizeof odd / sizeof odd[0]; i++) {
        const char *name = i < snap->n_aliases ? snap->aliases[i].text : odd[i - snap->n_aliases];
        bool some = i % 2;
        struct check_request q = {.name = name,
                                  .name_len = strlen(name),
                                  .kind = (int)(i % 4) - 1,
                                  .as_of = 1700000000 + (int64_t)i * 86399,
                                  .jurisdiction = some ? "US" : NULL,
                                  .binds = i % 3 ? NULL : "us-persons",
                                  .purpose = i % 5 ? NULL : "resale \"of\" goods",
                                  .category = i % 7 ? NULL : "telecom",
                                  .identifier = i % 11 ? NULL : "lei:529900t8bm49aursdo55",
                                  .min_score = scores[i % (sizeof scores / sizeof scores[0])],
                                  .limit = (unsigned)i % 9,
                                  /* a question about the past, to the microsecond or not */
                                  .has_known_at = i % 4 == 1,
                                  .known_at_us = 1750000000123456 - (int64_t)(i % 8) * 123456};
        made += same_receipt(k, i % 3 ? RECEIPT_CHECK : RECEIPT_SCREEN_ROW, &q, some);
    }
    cr_assert_eq(made, snap->n_aliases + sizeof odd / sizeof odd[0], "made %zu", made);
    keyring_release(kr);
}

Test(receipt_canon, refused_as_the_tree_refuses, .init = setup, .fini = teardown)
{
    struct keyring *kr = NULL;
    const struct signing_key *k = key(&kr);
    struct check_request q = {.name = "bad \xff", .name_len = 5, .kind = -1, .min_score = 0.85};
    cr_assert_not(same_receipt(k, RECEIPT_CHECK, &q, false), "not UTF-8");
    q.name = "nul\0inside", q.name_len = 10;
    same_receipt(k, RECEIPT_CHECK, &q, false); /* whatever the tree does, the same */
    q.name = "fine", q.name_len = 4, q.min_score = NAN;
    cr_assert_not(same_receipt(k, RECEIPT_CHECK, &q, false), "a score that is not a number");
    keyring_release(kr);
}
