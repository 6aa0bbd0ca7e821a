/* jw_fixed3 writes what printf's "%.3f" writes, for every double it takes. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/jsonw.h"

/* Compares one value; false (and a message) when the two differ. */
static bool same_as_printf(double v)
{
    char want[512], got[32];
    snprintf(want, sizeof want, "%.3f", v);
    size_t n = jw_fixed3(v, got);
    if (!n) return fabs(v) >= 4503599627370496.0; /* 2^52 and above: printf's */
    got[n] = '\0';
    if (strcmp(want, got) == 0) return true;
    cr_log_error("%.17g: printf %s, jw_fixed3 %s", v, want, got);
    return false;
}

Test(fixed3, edges)
{
    const double v[] = {0.0,
                        -0.0,
                        0.0005,
                        -0.0005,
                        0.0625,
                        0.1875,
                        0.3125,
                        1.0625,
                        2.5e-4,
                        4.9e-4,
                        4.99e-4,
                        0.00049999999999999,
                        1.0,
                        0.9995,
                        0.999,
                        1e-300,
                        -1e-300,
                        5e-324,
                        123456.7895,
                        999.9995,
                        1e15,
                        4503599627370495.5,
                        9007199254740991.0,
                        0.125,
                        -0.125,
                        2.0005,
                        8.0625,
                        1e-3,
                        3.14159};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        cr_expect(same_as_printf(v[i]), "%.17g", v[i]);
    char out[32];
    cr_expect_eq(jw_fixed3(4503599627370496.0, out), 0, "2^52 is left to printf");
}

/* Ties: values whose thousandfold is exactly n + 1/2 (half to even), and the doubles either
 * side of each. */
Test(fixed3, ties)
{
    unsigned bad = 0;
    for (int j = 1; j < 20000; j += 2) {
        double t = j / 16.0; /* 0.0625 steps: every odd one a tie at the third decimal */
        bad += (unsigned)(!same_as_printf(t) + !same_as_printf(nextafter(t, 0)) +
                          !same_as_printf(nextafter(t, 1e9)) + !same_as_printf(-t));
    }
    for (int k = 0; k < 200000; k++) { /* near-ties computed in doubles: k.5 thousandths */
        double t = (k + 0.5) / 1000.0;
        bad += (unsigned)(!same_as_printf(t) + !same_as_printf(nextafter(t, 0)) +
                          !same_as_printf(nextafter(t, 1e9)));
    }
    cr_expect_eq(bad, 0, "%u values differ", bad);
}

/* Random doubles of every exponent that matters, from their bits. */
Test(fixed3, random_bits)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    unsigned bad = 0, asked = 0;
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        uint64_t bits = (x & 0x800fffffffffffffull) | ((uint64_t)(960 + (x >> 52) % 100) << 52);
        memcpy(&v, &bits, sizeof v); /* exponents 2^-63 .. 2^36 */
        bad += !same_as_printf(v);
        asked++;
    }
    cr_expect_eq(bad, 0, "%u of %u values differ", bad, asked);
}
