#ifndef LIB_ERROR_H
#define LIB_ERROR_H
/*
 * Error convention for the domain (rulings/) and the database layer (db/):
 * a fallible function returns bool (true = success), is marked RD_MUST_CHECK,
 * and on failure fills a `struct rd_error` the caller owns. Validation that can
 * find several problems at once collects them in a `struct field_errors`.
 */
#include <stdbool.h>
#include <stddef.h>

#define RD_MUST_CHECK __attribute__((warn_unused_result))
#define RD_PRINTF(a, b) __attribute__((format(printf, a, b)))

struct rd_error {
    char message[512];
    char sqlstate[6]; /* set by db/ when PostgreSQL reported one, else "" */
};

void rd_error_set(struct rd_error *e, const char *fmt, ...) RD_PRINTF(2, 3);
void rd_error_clear(struct rd_error *e);
/* Says where the error happened: the message becomes "<fmt ...>: <the message before>". */
void rd_error_prefix(struct rd_error *e, const char *fmt, ...) RD_PRINTF(2, 3);

/* One invalid input field: `field` is a path such as "rulings[3].effective_from". Longer
 * values are cut to these sizes (with their NUL). */
#define FIELD_ERROR_FIELD_MAX 160
#define FIELD_ERROR_CODE_MAX 40
#define FIELD_ERROR_MESSAGE_MAX 300

struct field_error {
    char field[FIELD_ERROR_FIELD_MAX];
    char code[FIELD_ERROR_CODE_MAX];
    char message[FIELD_ERROR_MESSAGE_MAX];
};

struct field_errors {
    struct field_error *items;
    size_t count;
    size_t cap;
    size_t dropped; /* errors beyond FIELD_ERRORS_MAX are counted, not kept */
};

#define FIELD_ERRORS_MAX 100

/* Appends one error (copied, truncated to fit). Never fails: on allocation failure or
 * beyond FIELD_ERRORS_MAX the error is only counted in `dropped`. */
void field_errors_add(struct field_errors *fe, const char *field, const char *code, const char *fmt,
                      ...) RD_PRINTF(4, 5);
void field_errors_free(struct field_errors *fe);
/* Does `fe` hold an error about `field`? */
bool field_errors_has(const struct field_errors *fe, const char *field);

#endif
