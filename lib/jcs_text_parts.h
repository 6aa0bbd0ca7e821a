#ifndef LIB_JCS_TEXT_PARTS_H
#define LIB_JCS_TEXT_PARTS_H
/*
 * The two halves of jcs_text (lib/jcs.h): lib/jcs_text.c reads the text into a tape,
 * lib/jcs_emit.c writes the canonical form from it. Internal to those two files and their
 * tests. Functions return false on a refusal, with the reason in the tape's `err`.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/error.h"
#include "lib/jcs.h"
#include "lib/strbuf.h"

#define JCS_NONE UINT32_MAX

/* The literals last: from JCS_TRUE on, a value is written as it stands. JCS_KNOWN: an object
 * whose canonical form a hook knows (lib/jcs.h, struct jcs_known); its `len` is its index
 * in the tape's `known`, and its gap values are the entries after it. */
enum jcs_kind {
    JCS_OBJECT,
    JCS_ARRAY,
    JCS_STRING,
    JCS_NUMBER,
    JCS_KNOWN,
    JCS_TRUE,
    JCS_FALSE,
    JCS_NULL
};

/* One value of the text. A scalar's `next` is the entry after it; a container's, the entry
 * after all it holds. */
struct jcs_node {
    uint32_t at;   /* where it starts in the text */
    uint32_t len;  /* strings and numbers: bytes of text (a string's with its quotes);
                    * objects: members; arrays: elements */
    uint32_t next; /* the entry after this value and all it holds */
    uint8_t kind;  /* enum jcs_kind */
    bool escaped;  /* a string with a backslash: decoded, then written again */
};

/* An object's member while its members are sorted: its name (text between the quotes when
 * it has no escape, else decoded), and its entries. */
struct jcs_member {
    uint64_t prefix; /* the first 8 bytes of the name, big-endian, 0 after its end */
    const char *name;
    uint32_t name_len;
    uint32_t key, value; /* the entries of its name and value */
    uint32_t pos;        /* its place in the text's order */
};

/* An order of members met before in this text: an answer's objects come in a few shapes
 * (every ruling has the same members in the same order), so its sorted order is tried
 * first, and checked, before sorting. */
struct jcs_shape {
    uint64_t hash; /* of the names in text order */
    uint32_t n;
    uint32_t at; /* where its order is in the tape's `orders` */
};
#define JCS_SHAPES 32

struct jcs_tape {
    const char *text, *p, *end;
    struct rd_error *err;
    unsigned depth;
    struct jcs_node *n;
    uint32_t count, cap;
    /* the members of the objects being written, a stack: an object's sit above its parent's */
    struct jcs_member *members;
    size_t members_used, members_cap;
    struct strbuf scratch; /* an escaped string decoded, reused */
    struct jcs_shape shapes[JCS_SHAPES];
    uint32_t *orders; /* for each shape, the text positions of its members in sorted order */
    size_t orders_used, orders_cap;
    /* pieces known beforehand (jcs_text_outline): the hook, what it knew, and where the
     * canonical form goes when its pieces are kept by reference (NULL: copied) */
    jcs_known_fn hook;
    void *hook_ctx;
    struct jcs_known *known;
    uint32_t n_known, known_cap;
    struct jcs_outline *outline;
};

/* sb_append for the short texts a canonical form is mostly made of (names, words, numbers):
 * up to 16 bytes copied by two overlapping loads and stores, not a call to memcpy (7% of the
 * outline of an answer in the profile). */
static inline void jcs_put(struct strbuf *out, const char *s, size_t n)
{
    if (n - 4 <= 12 && out->cap - out->len > 16) { /* 4 <= n <= 16: room for 16 and the NUL */
        char *d = out->data + out->len;
        if (n >= 8) {
            uint64_t a, b;
            memcpy(&a, s, 8), memcpy(&b, s + n - 8, 8);
            memcpy(d, &a, 8), memcpy(d + n - 8, &b, 8);
        } else {
            uint32_t a, b;
            memcpy(&a, s, 4), memcpy(&b, s + n - 4, 4);
            memcpy(d, &a, 4), memcpy(d + n - 4, &b, 4);
        }
        out->len += n;
        d[n] = '\0';
        return;
    }
    sb_append(out, s, n);
}

/* Reads the text into the tape and writes its canonical form (jcs_text, jcs_text_outline). */
bool jcs_run(struct jcs_tape *t, size_t len, struct strbuf *out);
/* Frees what the tape holds. */
void jcs_tape_free(struct jcs_tape *t);

/* Sets the reason (the first one only) and returns false. */
bool jcs_fail(struct jcs_tape *t, const char *what);

/* Writes the canonical form of entry `i` and all it holds to `out`. */
bool jcs_emit(struct jcs_tape *t, uint32_t i, struct strbuf *out) RD_MUST_CHECK;

/* Writes a JCS_KNOWN entry: its pieces (by reference when the tape has an outline) and its
 * gap values (lib/jcs_outline.c). */
bool jcs_emit_known(struct jcs_tape *t, uint32_t i, struct strbuf *out) RD_MUST_CHECK;

/* The members m[0..n) in JCS order (m[n..2n) is room to work in); never fails: a shape not
 * remembered for want of memory is sorted again next time. */
void jcs_sort_members(struct jcs_tape *t, struct jcs_member *m, uint32_t n);

/* The first 8 bytes of a name, big-endian, 0 after its end; it may read up to `limit` (NULL:
 * only the name). */
uint64_t jcs_name_prefix(const char *s, size_t n, const char *limit);

/* Orders two member names (UTF-8, no NUL) as JCS does, by their UTF-16 code units: <0, 0, >0. */
int jcs_compare_utf8(const char *a, size_t na, const char *b, size_t nb);

/* Whether JSON number text already checked against JSON's grammar is its own canonical form
 * (a plain decimal such as 0.966 or 42 in ECMAScript's fixed range, at most 15 digits): then
 * it is copied as it stands, not read and written again. False says only "not sure". */
bool jcs_number_canonical(const char *s, size_t n);

/* The canonical form of JSON number text already checked against JSON's grammar, into `buf`;
 * false (with the reason) for a number JCS refuses. */
bool jcs_number_text(const char *s, size_t n, char buf[JCS_NUMBER_BUFSZ], const char **why);

#endif
