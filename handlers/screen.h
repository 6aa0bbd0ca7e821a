#ifndef HANDLERS_SCREEN_H
#define HANDLERS_SCREEN_H
/*
 * POST /v1/screen, in four files: screen.c (the handler and the stream that answers),
 * screen_format.c (Content-Type and Accept), screen_row.c (one row's values checked
 * into a check_request), screen_out.c (rows and summary in JSON, NDJSON or CSV).
 * The contract is docs/screening.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rulings/check.h"
#include "rulings/identifier.h"
#include "rulings/evaluate.h"
#include "handlers/screen_input.h"
#include "lib/jsonw.h"
#include "lib/keyring.h"
#include "lib/strbuf.h"

/* ---- screen_format.c ---- */

/* The media type answers in `f` are sent with. */
const char *screen_content_type(enum screen_format f);
/* The format of a body from its Content-Type; false (with the reason in `detail`) when it is
 * none we read or its charset is not UTF-8. */
bool screen_input_format(const char *content_type, enum screen_format *out, char *detail,
                         size_t size);
/* The answer's format from Accept: the most preferred of ours, `fallback` (the input's
 * format) when Accept is absent or a wildcard leaves the choice; false when Accept excludes
 * every format we write. */
bool screen_output_format(const char *accept, enum screen_format fallback, enum screen_format *out);

/* ---- screen_row.c ---- */

#define SCREEN_MAX_NAME 512
#define SCREEN_MAX_REF 256

/* How a row of software was identified (screen_product.c): by an identifier it reports
 * (which key, from which field), by its publisher, or by its name (fuzzy, with the match's
 * score). */
enum screen_method {
    IDENTIFIED_NONE,
    IDENTIFIED_IDENTIFIER,
    IDENTIFIED_PUBLISHER,
    IDENTIFIED_NAME
};

struct screen_identified {
    enum screen_method method;
    const char *from;         /* the field: "cpe", "purl", "bundle_identifier", "publisher" ... */
    char key[IDENTIFIER_MAX]; /* the identifier key found */
};

/* What a date a component reports means (docs/decisions/0010). */
enum screen_date_kind {
    DATE_RELEASED,
    DATE_BUILT,
    DATE_INSTALLED,
    DATE_LAST_OPENED,
    DATE_DOCUMENTED, /* the document listing it was made then: it was there that day */
    DATE_KIND_COUNT
};

#define SCREEN_MAX_DATES 4

struct screen_date {
    enum screen_date_kind kind;
    const char *field; /* where it was read: "releaseDate", "install_date" ... (static) */
    int64_t at;        /* a whole day: its first second in UTC */
    bool whole_day;
};

struct screen_dates {
    struct screen_date d[SCREEN_MAX_DATES];
    size_t n;
};

struct screen_row {
    struct check_request q;
    char jurisdiction[3];
    char identifier[IDENTIFIER_MAX]; /* normalised, when the row gives one */
    bool ref_ok;                     /* the ref may be echoed */
    bool software;                   /* a component or inventory row: answered with identified_by */
    struct screen_identified identified;
    struct screen_dates dates; /* what the component reports, for version_evidence */
    struct field_errors errors;
};

/* Checks one row's values and fills row->q (borrowing strings from `raw`). False when the
 * row is bad: every problem is in row->errors, which the caller frees with
 * field_errors_free() in both cases. */
bool screen_row_check(const struct screen_raw *raw, const struct check_request *d,
                      struct screen_row *row);

/* ---- screen_dates.c ---- */

/* The dates `raw` reports into row->dates; one that cannot be read is the row's error
 * (`invalid_date`, naming the field). */
void screen_dates_check(const struct screen_raw *raw, struct screen_row *row);

/* ---- screen_evidence.c ---- */

/* "version_evidence" of an answered row that reports dates: each date, how it stands to
 * every prohibiting or restricting ruling in effect in the answer, and a conclusion in
 * words. Nothing when the row reports no date or matched nothing. */
void screen_evidence_write(struct jw *w, const struct snapshot *s, const struct screen_row *row,
                           const struct check_summary *cs);
/* The same as one CSV cell's text ("releaseDate 2024-11-02T00:00:00Z: released after ..."). */
void screen_evidence_text(struct strbuf *sb, const struct snapshot *s, const struct screen_row *row,
                          const struct check_summary *cs);

/* ---- screen_product.c ---- */

/* Identifies a row of software (`software`: the body is an SBOM or inventory, or the row
 * reports a version, publisher, cpe, purl or bundle_identifier): the first of its identifier,
 * cpe, purl, bundle identifier (as macOS and as Android id) and publisher that the snapshot
 * knows becomes row->q.identifier; else its name is matched. False, with the problem in
 * row->errors, when a cpe or purl cannot be read. */
bool screen_identify(const struct snapshot *s, const struct screen_raw *raw, bool software,
                     struct screen_row *row);
/* The method an answered row was identified by: "none", "identifier", "publisher", "name"
 * (a name that matched nothing is "none"). */
const char *screen_identified_method(const struct screen_row *row, const struct check_summary *cs);
/* {"method": ..., "identifier"/"field" ..., "score"} of an answered row. */
void screen_identified_write(struct jw *w, const struct snapshot *s, const struct screen_row *row,
                             const struct check_summary *cs);

/* ---- screen_out.c ---- */

struct screen_totals {
    size_t rows, errors;
    bool continued; /* rows came before these (a later chunk, handlers/screen_ahead.h) */
    size_t by_verdict[VERDICT_COUNT]; /* enum verdict_kind */
    /* The bound on the answer (JSON and NDJSON): once `written` bytes of rows reach
     * `full_budget`, rows are answered in their summary form and counted in `summarised`.
     * A full row can be thousands of times its input row (every ruling in full). */
    size_t written, full_budget, summarised;
    bool compact;  /* view=compact: every row in the compact view */
    bool software; /* an SBOM or inventory: CSV rows carry the software columns */
    /* Software rows found restricted or advisory, for the summary (restricted first). */
    struct screen_flagged *flagged; /* grown as rows are flagged (screen_flagged_add) */
    size_t n_flagged, flagged_cap, flagged_dropped;
    /* receipt=true: the key every row's receipt is signed with (held by the job); NULL:
     * no receipts */
    const struct signing_key *sign;
};

#define SCREEN_MAX_FLAGGED 1000

struct screen_flagged {
    size_t row;
    int verdict; /* enum verdict_kind */
    uint32_t subject;
    enum screen_method method;
    char name[128], ref[64]; /* as sent, shortened */
};

/* The full answers of one screening may take this many times its body, and at least
 * RESTRICTD_SCREEN_FULL_ANSWER_MIN bytes (32 MiB); rows past that are compact
 * (docs/api.md). */
#define SCREEN_FULL_FACTOR 64u

/* The opening: for CSV the header, with the software columns when `software` (an SBOM or
 * inventory). */
void screen_out_begin(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                      bool software);
/* One screened row; adds to `t`. False when check_answer refused the name (nothing is
 * written then: write an error row instead). */
bool screen_out_result(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                       const struct screen_raw *raw, const struct screen_row *row,
                       struct screen_totals *t);
/* A place for one more flagged row in `t` (kept in the order rows are added), or NULL when
 * SCREEN_MAX_FLAGGED are kept already or memory ran out (counted as dropped). */
struct screen_flagged *screen_flagged_add(struct screen_totals *t);
/* One row that could not be screened; adds to `t`. */
void screen_out_error(struct strbuf *sb, enum screen_format f, const struct screen_raw *raw,
                      const struct screen_row *row, struct screen_totals *t);
/* The summary, and the end of the document: for CSV nothing, unless `summary_row` asks
 * for it as a last line (it goes in the X-Screen-Summary trailer). */
void screen_out_end(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                    const struct screen_totals *t, double elapsed_ms, const struct screen_reader *r,
                    bool summary_row);
/* The summary of a CSV answer as one line of text ("rows=3; restricted=1; ..."). */
void screen_csv_summary(struct strbuf *sb, const struct snapshot *s, const struct screen_totals *t,
                        double elapsed_ms, const struct screen_reader *r);

#endif
