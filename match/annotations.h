#ifndef MATCH_ANNOTATIONS_H
#define MATCH_ANNOTATIONS_H
/*
 * What payment messages, bills of lading and lists write around a name, found in the raw
 * text before it is normalised (on the question and the listed names alike):
 *   party labels before it     "SHIPPER:", "CONSIGNEE:", "NOTIFY PARTY:", "BENEFICIARY:",
 *                              "ORDERING CUSTOMER:", "APPLICANT:", "ATTN:", "MESSRS.", and a SWIFT
 *                              field tag "FIELD 59:", "FIELD 50K:"
 *   vessel prefixes            "M/V", "M.V.", "MV", "MV.", "M/T", "M.T.", "MT", "MT.", "S/S",
 *                              "S.S.", "SS", "SS.", "M/S", "M.S.", "N/M", "F/V", "M/Y", "T/V",
 * "T/B", "THE VESSEL", "VESSEL:" (two at most: "the vessel MV X"); after one, a port of registry
 * ("MV X, Santos", "M/V X (Batumi)") former names after it
 * "(ex-AMBER TERN)", "(ex AMBER TERN)", "f/k/a ...", "fka ...", "formerly ...", "a.k.a. ..." (and
 * in parentheses) The name is what is left; the former name, when one is given, is reported too, so
 * that a caller may ask it as well. None of these forms begins or follows a name on the real lists
 * (checked on tests/data/lists: no SDN or CSL name starts with a vessel prefix or label, or
 * holds an annotation), so taking them off changes no listed name.
 */
#include <stddef.h>

struct name_parts {
    size_t name_off, name_len;     /* the name itself, within the raw text */
    size_t former_off, former_len; /* a former or other name it gives; len 0 when none */
};

/* Splits the raw text `s` (len bytes) into the name and a former name. When nothing is left
 * of the name, it is the whole text. */
void name_parts_find(const char *s, size_t len, struct name_parts *out);

#endif
