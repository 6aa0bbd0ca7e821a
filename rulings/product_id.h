#ifndef RULINGS_PRODUCT_ID_H
#define RULINGS_PRODUCT_ID_H
/*
 * What machines report about software, read into the parts a product is known by:
 * CPE 2.3 names (NISTIR 7695: the formatted-string binding "cpe:2.3:a:kaspersky:anti-virus:..."
 * with backslash quoting, and the 2.2 URI binding "cpe:/a:kaspersky:anti-virus" with percent
 * encoding), package URLs ("pkg:type/namespace/name@version?qualifiers#subpath", the purl
 * specification), Windows publisher strings, and dotted names (bundle identifiers, Android
 * packages, domains). Each reader writes the identifier key the snapshot is indexed by
 * (rulings/identifier.h): the parts that name the product, never its version.
 *
 * All functions borrow their input for the call and write into caller buffers; false, with
 * `*why` a static sentence, when the input cannot be read.
 */
#include <stdbool.h>
#include <stddef.h>

#define PRODUCT_PART_MAX 128 /* bytes of one decoded part (vendor, product, version ...) */

/* A CPE's parts, decoded (unquoted, lower case); "*" = ANY, "-" = NA. */
struct cpe_name {
    char part[2]; /* "a", "o", "h" or "*" */
    char vendor[PRODUCT_PART_MAX], product[PRODUCT_PART_MAX], version[PRODUCT_PART_MAX];
};

/* Reads a CPE in either binding; a formatted string may stop after any attribute (the rest
 * are ANY). */
bool cpe_parse(const char *s, size_t n, struct cpe_name *out, const char **why);

/* "vendor:product" with the parts quoted as the formatted string quotes them (lower case;
 * letters, digits, '_', '-' and '.' bare, other characters after a backslash); product "*"
 * when the CPE names any product of the vendor. */
bool cpe_key(const struct cpe_name *c, char *out, size_t cap, const char **why);

/* A package URL's parts, percent-decoded, with the type's case rules applied. */
struct purl_name {
    char type[32];
    char namespace_[PRODUCT_PART_MAX], name[PRODUCT_PART_MAX], version[PRODUCT_PART_MAX];
};

/* Reads "pkg:type/namespace/name@version?qualifiers#subpath" ("pkg:" optional). */
bool purl_parse(const char *s, size_t n, struct purl_name *out, const char **why);

/* "type/namespace/name" (or "type/name"), each part percent-encoded again where it holds a
 * character other than a letter, digit, '.', '-', '_' or '~'; name "*" stands for the whole
 * namespace. */
bool purl_key(const struct purl_name *p, char *out, size_t cap, const char **why);

/* A publisher as Windows shows it ("AO Kaspersky Lab", an Authenticode subject
 * "CN=AO Kaspersky Lab, O=..."): the name normalised as names are (match/normalize.h), with
 * legal forms at either end dropped, so "Kaspersky Lab ZAO" and "AO Kaspersky Lab" agree. */
bool publisher_key(const char *s, size_t n, char *out, size_t cap, const char **why);

/* A dotted name ("com.kaspersky.kav", "kaspersky.com"): lower case, labels of letters, digits,
 * '-' and '_', none empty, at least two. */
bool dotted_key(const char *s, size_t n, char *out, size_t cap, const char **why);

#endif
