/* rulings/cursor.c: cursors round-trip exactly; anything else is refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rulings/cursor.h"

Test(cursor, round_trips)
{
    static const struct cursor cases[] = {
        {93, 0x14650fb0739d0383ull, false, 0.0, "andrei-gennadyevich-tikhonov"},
        {0, 0, true, 0.97, "kaspersky-lab-inc"},
        {1234567890123, ~0ull, true, 1.0, "a"},
        {5, 42, true, 0.0, "x.y_z-1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[CURSOR_TEXT_MAX];
        cursor_encode(&cases[i], text, sizeof text);
        for (const char *c = text; *c; c++)
            cr_assert(
                strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *c),
                "URL-safe: %s", text);
        struct cursor back;
        struct rd_error err;
        cr_assert(cursor_decode(text, strlen(text), &back, &err), "case %zu: %s", i, err.message);
        cr_expect_eq(back.revision, cases[i].revision);
        cr_expect_eq(back.filters, cases[i].filters);
        cr_expect_eq(back.ranked, cases[i].ranked);
        cr_expect(back.rank == cases[i].rank, "rank bits survive: %.17g", back.rank);
        cr_expect_str_eq(back.id, cases[i].id);
    }
}

Test(cursor, refuses_what_it_did_not_make)
{
    static const char *const bad_text[] = {"", "!!!!", "abc", "MXw5M3wx"};
    for (size_t i = 0; i < sizeof bad_text / sizeof *bad_text; i++) {
        struct cursor c;
        struct rd_error err = {0};
        cr_expect(!cursor_decode(bad_text[i], strlen(bad_text[i]), &c, &err), "text %zu", i);
        cr_expect(strstr(err.message, "cursor"), "text %zu: %s", i, err.message);
    }
    /* Sealed with a right checksum, but wrong inside. */
    static const char *const bad[] = {
        "1|93|14650fb0739d0383|-|",                /* empty id */
        "2|1|0000000000000000|-|a",                /* version 2 */
        "1|-1|0000000000000000|-|a",               /* negative revision */
        "1|x|0000000000000000|-|a",                /* revision not a number */
        "1|1|0|-|a",                               /* short hash */
        "1|1|0000000000000000|7ff0000000000000|a", /* rank = +inf */
        "1|1|0000000000000000|-|BAD",              /* id not a slug */
        "1|1|0000000000000000|-|a|b",              /* six parts */
        "1|1|0000000000000000|-",                  /* four parts */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[CURSOR_TEXT_MAX];
        cursor_pack(bad[i], text, sizeof text);
        struct cursor c;
        struct rd_error err = {0};
        cr_expect(!cursor_decode(text, strlen(text), &c, &err), "case %zu accepted", i);
        cr_expect(strstr(err.message, "cursor"), "case %zu: %s", i, err.message);
    }
    char good_text[CURSOR_TEXT_MAX];
    cursor_pack("1|1|0000000000000000|-|a", good_text, sizeof good_text);
    struct cursor ok;
    struct rd_error e;
    cr_expect(cursor_decode(good_text, strlen(good_text), &ok, &e), "the control case passes");
    /* A good one altered anywhere, extended or cut short: refused. */
    struct cursor good = {7, 9, false, 0, "kaspersky-free"}, back;
    char text[CURSOR_TEXT_MAX];
    cursor_encode(&good, text, sizeof text);
    size_t len = strlen(text);
    for (size_t i = 0; i < len; i++) {
        char copy[CURSOR_TEXT_MAX];
        memcpy(copy, text, len + 1);
        copy[i] = copy[i] == 'A' ? 'B' : 'A';
        struct rd_error err;
        cr_expect(!cursor_decode(copy, len, &back, &err), "altered at %zu", i);
    }
    char longer[CURSOR_TEXT_MAX + 2];
    snprintf(longer, sizeof longer, "%sx", text);
    cr_expect(!cursor_decode(longer, strlen(longer), &back, &e), "extended");
    cr_expect(!cursor_decode(text, len - 2, &back, &e), "cut short");
}
