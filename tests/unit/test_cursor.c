/* rulings/cursor.c: cursors round-trip exactly; anything else is refused. */
#include <criterion/criterion.h>
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
            cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                             *c),
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
    static const char *const bad[] = {
        "",
        "!!!!",
        "abc",                                     /* not a cursor */
        "MXw5M3wxNDY1MGZiMDczOWQwMzgzfC18",       /* "1|93|..|-|" : empty id */
        "MnwxfDAwMDAwMDAwMDAwMDAwMDB8LXxh",       /* version 2 */
        "MXwtMXwwMDAwMDAwMDAwMDAwMDAwfC18YQ",     /* negative revision */
        "MXwxfDB8LXxh",                           /* short hash */
        "MXwxfDAwMDAwMDAwMDAwMDAwMDB8N2ZmMDAwMDAwMDAwMDAwMHxh", /* rank = +inf */
        "MXwxfDAwMDAwMDAwMDAwMDAwMDB8LXxCQUQ",    /* id not a slug (upper case) */
        "MXwxfDAwMDAwMDAwMDAwMDAwMDB8LXxhfGI",    /* six parts */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct cursor c;
        struct rd_error err = {0};
        cr_expect(!cursor_decode(bad[i], strlen(bad[i]), &c, &err), "case %zu accepted", i);
        cr_expect(strstr(err.message, "cursor"), "case %zu: %s", i, err.message);
    }
    /* A good one, then altered by one character: refused or a different position. */
    struct cursor good = {7, 9, false, 0, "kaspersky-free"}, back;
    char text[CURSOR_TEXT_MAX];
    cursor_encode(&good, text, sizeof text);
    struct rd_error err;
    text[0] = text[0] == 'A' ? 'B' : 'A';
    cr_expect(!cursor_decode(text, strlen(text), &back, &err));
}
