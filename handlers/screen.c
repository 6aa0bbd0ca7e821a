/* POST /v1/screen: many names at once, each answered as /v1/check answers one, streamed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/receipt_sign.h"
#include "handlers/screen.h"
#include "handlers/screen_ahead.h"
#include "match/match.h"
#include "lib/timeutil.h"

enum stage { STAGE_BEGIN, STAGE_ROWS, STAGE_END };

/* A screening in progress: owned by the stream (freed by job_free), borrowing the
 * request's body and snapshot, which outlive it. */
struct job {
    const struct snapshot *snap;
    struct screen_reader reader;
    size_t read;                /* rows `reader` has read */
    struct screen_ahead *ahead; /* a long list: a second thread screens ahead */
    struct check_request defaults;
    bool software; /* an SBOM or an inventory: every row is software */
    enum screen_format out;
    enum stage stage;
    struct screen_totals totals;
    struct timespec started;
    bool summary_row;      /* CSV: the summary as a last line too */
    struct keyring *keys;  /* receipt=true: held while the rows are signed */
    struct strbuf trailer; /* CSV: the summary, for the X-Screen-Summary trailer */
};

static void job_free(void *ctx)
{
    struct job *job = ctx;
    screen_ahead_stop(job->ahead); /* first: its thread borrows the job */
    screen_reader_close(&job->reader);
    sb_free(&job->trailer);
    free(job->totals.flagged);
    keyring_release(job->keys);
    free(job);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One row (screen_row_fn): reads nothing of the job but what every row shares, so two
 * threads may run it at once, each with its own `out` and `t`. */
static void screen_one(void *ctx, const struct screen_raw *raw, struct strbuf *out,
                       struct screen_totals *t)
{
    const struct job *job = ctx;
    struct screen_row row;
    if (screen_row_check(raw, &job->defaults, &row) &&
        screen_identify(job->snap, raw, job->software, &row) &&
        !screen_out_result(out, job->out, job->snap, raw, &row, t) && !out->failed) {
        field_errors_add(&row.errors, "name", PARAMS_TOO_LONG_CODE, PARAMS_TOO_LONG_MESSAGE);
    }
    if (row.errors.count || row.errors.dropped) screen_out_error(out, job->out, raw, &row, t);
    field_errors_free(&row.errors);
}

/* The rows of a long list, a chunk at a time, from the two threads; false when they are
 * all out or the rest is the stream's own (the bound on the answer was reached). */
static bool produce_ahead(struct job *job, struct strbuf *out)
{
    switch (screen_ahead_next(job->ahead, &job->reader, &job->read, out, &job->totals)) {
    case AHEAD_ROWS:
        return true;
    case AHEAD_END:
        job->stage = STAGE_END;
        break;
    case AHEAD_ALONE:
        break;
    }
    screen_ahead_stop(job->ahead);
    job->ahead = NULL;
    return false;
}

/* The stream's producer: one row per call (the first with the opening), then the
 * summary. Every call adds something, as reply_stream requires. */
static bool produce(void *ctx, struct strbuf *out)
{
    struct job *job = ctx;
    struct rd_error err = {0};
    const struct screen_raw *raw;
    switch (job->stage) {
    case STAGE_BEGIN:
        screen_out_begin(out, job->out, job->snap, job->software); /* NDJSON: nothing, so go on */
        job->stage = STAGE_ROWS;
        /* fall through */
    case STAGE_ROWS:
        if (job->ahead && (produce_ahead(job, out) || out->failed)) return true;
        switch (job->stage == STAGE_END ? SCREEN_END
                                        : screen_reader_next(&job->reader, &raw, &err)) {
        case SCREEN_ROW:
            job->read++;
            screen_one(job, raw, out, &job->totals);
            return true;
        case SCREEN_END:
            break;
        case SCREEN_INVALID_BODY:
        case SCREEN_INVALID_HEADER:
            /* The body was read once already before answering; it cannot fail now. */
            out->failed = true;
            return true;
        }
        job->stage = STAGE_END;
        /* fall through */
    case STAGE_END:
    default: {
        double ms = ms_since(&job->started);
        screen_out_end(out, job->out, job->snap, &job->totals, ms, &job->reader, job->summary_row);
        if (job->out == SCREEN_CSV)
            screen_csv_summary(&job->trailer, job->snap, &job->totals, ms, &job->reader);
        return false;
    }
    }
}

/* The CSV answer's summary, once the rows are all out. */
static const char *trailer_of(void *ctx)
{
    const struct job *job = ctx;
    return job->trailer.data;
}

/* Reads the whole list once before answering: the status must be decided before the first
 * byte, so a malformed body, an unusable CSV header or too many rows are found now. */
static bool precheck(struct request *req, enum screen_format in, const char *body, size_t len,
                     const struct screen_columns *cols, size_t *counted)
{
    unsigned max_rows = req_settings(req)->screen_max_rows;
    struct screen_reader r;
    struct rd_error err = {0};
    size_t rows = 0;
    enum screen_status st = screen_reader_open(&r, in, body, len, cols, &err);
    while (st == SCREEN_ROW && rows <= max_rows) {
        st = screen_reader_skip(&r, &err); /* what is wrong with a row is that row's error */
        if (st == SCREEN_ROW) rows++;
    }
    screen_reader_close(&r);
    if (st == SCREEN_INVALID_BODY) {
        reply_problem(req, PROBLEM_INVALID_BODY, err.message, NULL);
        return false;
    }
    if (st == SCREEN_INVALID_HEADER) {
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "header", "invalid_header", err.message,
                            err.message);
        return false;
    }
    if (rows > max_rows) {
        char detail[200];
        snprintf(detail, sizeof detail,
                 "the list has more than %u rows, the most one request may hold "
                 "(RESTRICTD_SCREEN_MAX_ROWS): split it and send the parts one by one",
                 max_rows);
        reply_problem(req, PROBLEM_PAYLOAD_TOO_LARGE, detail, NULL);
        return false;
    }
    char count[24];
    snprintf(count, sizeof count, "%zu", rows);
    *counted = rows;
    reply_header(req, "X-Screen-Rows", count);
    return true;
}

/* The body's format (Content-Type) and the answer's (Accept); false when answered. */
static bool choose_formats(struct request *req, struct screen_columns *cols, enum screen_format *in,
                           enum screen_format *out)
{
    char detail[256];
    const char *type = req_header(req, "Content-Type");
    enum screen_source media = sbom_media_source(type);
    if (media != SOURCE_LIST) cols->source = media;
    if (cols->source == SOURCE_CYCLONEDX || cols->source == SOURCE_SPDX) {
        *in = SCREEN_JSON; /* the document is JSON whatever its media type says */
        if (!screen_output_format(req_header(req, "Accept"), SCREEN_JSON, out)) {
            reply_problem(req, PROBLEM_NOT_ACCEPTABLE,
                          "the answer can be application/json, application/x-ndjson or text/csv",
                          NULL);
            return false;
        }
        return true;
    }
    if (!screen_input_format(type, in, detail, sizeof detail)) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE, detail, NULL);
        return false;
    }
    if (!screen_output_format(req_header(req, "Accept"), *in, out)) {
        reply_problem(req, PROBLEM_NOT_ACCEPTABLE,
                      "the answer can be application/json, application/x-ndjson or text/csv", NULL);
        return false;
    }
    if (*in != SCREEN_CSV && (cols->name[SF_NAME] || cols->name[SF_REF])) {
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER,
                            cols->name[SF_NAME] ? "name_column" : "ref_column", "invalid_value",
                            "applies to CSV bodies only", NULL);
        return false;
    }
    return true;
}

/* receipt=true: the keys every row is signed with (held by the job); false when answered:
 * CSV (no room for a receipt in a row) or no key to sign with. */
static bool signer_for(struct request *req, enum screen_format out, struct keyring **keys,
                       const struct signing_key **sign)
{
    if (out == SCREEN_CSV) {
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "receipt", "not_supported",
                            "applies to JSON and NDJSON answers only: a CSV row has no room for "
                            "a signed receipt (ask with Accept: application/x-ndjson)",
                            NULL);
        return false;
    }
    *keys = receipt_signer(req, sign);
    return *keys != NULL;
}

/* The question's parameters: what a row does not say, the columns, the input's format and
 * the answer's options; false when they were refused (answered). */
struct screen_options {
    bool summary_row, compact, receipt;
};

static bool screen_params(struct request *req, struct check_request *d, struct screen_columns *cols,
                          struct screen_options *o)
{
    static const char *const allowed[] = {
        "kind",        "as_of",     "jurisdiction", "binds",       "purpose",
        "category",    "min_score", "limit",        "name_column", "ref_column",
        "summary_row", "view",      "format",       "receipt",     NULL};
    static const char *const source_names[] = {"list", "cyclonedx", "spdx", "inventory"};
    static const struct enum_names sources = ENUM_NAMES(source_names);
    struct params p;
    params_begin(&p, req, allowed);
    params_check_options(&p, d);
    d->no_coverage = true; /* the summary carries it once */
    d->has_known_at = req_basis(req)->past;
    d->known_at_us = req_basis(req)->known_at_us;
    cols->name[SF_NAME] = params_text(&p, "name_column", 100, false, NULL);
    cols->name[SF_REF] = params_text(&p, "ref_column", 100, false, NULL);
    o->summary_row = params_bool(&p, "summary_row", false);
    o->compact = params_compact_view(&p);
    cols->source = (enum screen_source)params_enum(&p, "format", &sources, SOURCE_LIST);
    o->receipt = params_bool(&p, "receipt", false);
    return !params_reply_if_invalid(&p);
}

void handle_screen(struct request *req)
{
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    const struct snapshot *snap = req_snapshot(req);
    struct check_request d = {0}; /* what a row does not say */
    struct screen_columns cols = {0};
    struct screen_options o;
    if (!screen_params(req, &d, &cols, &o)) return;

    enum screen_format in, out;
    if (!choose_formats(req, &cols, &in, &out)) return;

    size_t len;
    const char *body = req_body(req, &len);
    if (screen_body_blank(body, len)) {
        reply_problem(req, PROBLEM_INVALID_BODY,
                      "the body is empty: send the list of names to screen", NULL);
        return;
    }
    size_t rows;
    if (!precheck(req, in, body, len, &cols, &rows)) return;

    const struct signing_key *sign = NULL;
    struct keyring *keys = NULL;
    if (o.receipt && !signer_for(req, out, &keys, &sign)) return;
    struct job *job = calloc(1, sizeof *job);
    struct rd_error err = {0};
    if (!job) {
        keyring_release(keys);
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    *job = (struct job){.snap = snap,
                        .defaults = d,
                        .out = out,
                        .started = started,
                        .summary_row = o.summary_row,
                        .software = cols.source != SOURCE_LIST,
                        .keys = keys};
    job->totals.compact = o.compact;
    job->totals.software = job->software;
    job->totals.sign = sign;
    size_t full_min = req_settings(req)->screen_full_min;
    job->totals.full_budget =
        len > full_min / SCREEN_FULL_FACTOR ? len * SCREEN_FULL_FACTOR : full_min;
    if (screen_reader_open(&job->reader, in, body, len, &cols, &err) != SCREEN_ROW) {
        job_free(job);
        reply_problem(req, PROBLEM_INTERNAL, err.message, NULL);
        return;
    }
    struct screen_body whole = {in, body, len, cols, rows};
    if (req_settings(req)->screen_threads > 1)
        job->ahead = screen_ahead_start(&whole, screen_one, job, &job->totals);
    reply_stream(req, 200, screen_content_type(out), produce, job, job_free);
    if (out == SCREEN_CSV) reply_stream_trailer(req, "X-Screen-Summary", trailer_of);
}
