/* POST /v1/admin/import?format=ofac-sdn|ofac-cons|csl: a published list, as `restrictd
 * import` takes it (db/list_import.h). The CSL is sent as the CSV file itself (text/csv);
 * OFAC's lists as a multipart form of their files, each part named as the file
 * (curl -F sdn.csv=@sdn.csv -F alt.csv=@alt.csv -F add.csv=@add.csv). The body is kept on
 * disk, never in memory (ROUTE_SPOOLED_BODY). Parameters: published (a date or an RFC 3339
 * instant; default now), dry_run, force, max_end_share (percent, default 10). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/list_import.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"

static bool has_type(const char *ct, const char *type)
{
    size_t n = strlen(type);
    return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int64_t published_param(struct params *p)
{
    size_t n;
    const char *v = params_text(p, "published", 64, false, &n);
    int64_t t = rd_now();
    enum rd_time_fault f = v ? rd_time_read_since(v, &t) : RD_TIME_OK;
    if (f == RD_TIME_MALFORMED)
        field_errors_add(&p->errors, "published", "invalid_value",
                         "must be a date (2024-06-20, its start in UTC) or an RFC 3339 instant");
    else if (f != RD_TIME_OK)
        field_errors_add(&p->errors, "published", "invalid_value", "%s", rd_time_fault_message(f));
    return t;
}

/* Where the converter reads the list: the CSV body itself, or the form's files. False when
 * answered. */
static bool list_input(struct request *req, const struct list_format *f, const char **path)
{
    const char *ct = req_header(req, "Content-Type");
    struct rd_error err = {0};
    if (!list_format_file(f, 0)) {
        if (!has_type(ct, "text/csv")) {
            reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                          "send the CSL as its CSV file with Content-Type: text/csv", NULL);
            return false;
        }
        *path = req_body_path(req);
        if (!*path)
            reply_field_problem(req, PROBLEM_INVALID_BODY, "body", "required",
                                "the body is empty: send the list's CSV file", NULL);
        return *path != NULL;
    }
    if (!has_type(ct, "multipart/form-data")) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                      "send OFAC's files as a multipart form (Content-Type: multipart/form-data), "
                      "each part named as its file",
                      NULL);
        return false;
    }
    const char *names[4] = {list_format_file(f, 0), list_format_file(f, 1), list_format_file(f, 2),
                            NULL};
    unsigned given = 0;
    if (!req_form_files(req, names, &given, &err)) {
        reply_field_problem(req, PROBLEM_INVALID_BODY, "body", "invalid_form", err.message, NULL);
        return false;
    }
    for (int i = 0; i < 2; i++)
        if (!(given & (1u << i))) {
            reply_field_problem(req, PROBLEM_INVALID_BODY, names[i], "required",
                                "the form has no part with this file", NULL);
            return false;
        }
    *path = req_scratch_dir(req, &err);
    return true;
}

static void write_skips(struct jw *w, const struct field_errors *skips)
{
    jw_key(w, "skipped");
    jw_array_begin(w);
    for (size_t i = 0; i < skips->count; i++) {
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "where", skips->items[i].field);
        JW_MEMBER_STRING(w, "code", skips->items[i].code);
        JW_MEMBER_STRING(w, "message", skips->items[i].message);
        jw_object_end(w);
    }
    jw_array_end(w);
    JW_MEMBER_INT(w, "skipped_not_listed", (long long)skips->dropped);
}

static void write_report(struct jw *w, const struct list_import_options *opt,
                         const struct list_import_report *r)
{
    jw_object_begin(w);
    JW_MEMBER_STRING(w, "format", opt->format->name);
    jw_key(w, "dry_run");
    jw_bool(w, opt->dry_run);
    jw_key(w, "published_at");
    jw_time(w, opt->published);
    JW_MEMBER_INT(w, "revision_before", r->seed.revision_before);
    JW_MEMBER_INT(w, "revision", opt->dry_run ? r->seed.revision_before : r->seed.revision);
    jw_key(w, "counts");
    list_import_counts_json(w, r);
    write_skips(w, &r->list.skips);
    jw_key(w, "exact_only_examples");
    jw_array_begin(w);
    for (size_t i = 0; i < r->exact_only.n_examples; i++)
        jw_string(w, r->exact_only.examples[i]);
    jw_array_end(w);
    admin_write_changes(w, &r->seed, opt->dry_run);
    jw_key(w, "seconds");
    jw_double(w, r->seconds);
    jw_object_end(w);
}

static void reply_failure(struct request *req, enum list_import_status st,
                          const struct rd_error *err)
{
    switch (st) {
    case LIST_IMPORT_UNREADABLE:
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "body", "unreadable", err->message,
                            NULL);
        break;
    case LIST_IMPORT_MASS_END:
        reply_field_problem(req, PROBLEM_CONFLICT, "force", "mass_ending", err->message, NULL);
        break;
    case LIST_IMPORT_REFUSED:
        reply_field_problem(req, PROBLEM_VALIDATION_FAILED, "body", "refused", err->message, NULL);
        break;
    case LIST_IMPORT_UNAVAILABLE:
        reply_db_unavailable(req, "PostgreSQL is unavailable: nothing was written");
        break;
    default:
        admin_reply_failed(req, "import", err);
        break;
    }
}

void admin_import_list(struct request *req, const struct list_format *f)
{
    static const char *const allowed[] = {"format",    "dry_run",       "force",
                                          "published", "max_end_share", NULL};
    struct params p;
    params_begin(&p, req, allowed);
    struct list_import_options opt = {
        .format = f,
        .dry_run = params_bool(&p, "dry_run", false),
        .force = params_bool(&p, "force", false),
        .published = published_param(&p),
        .max_end_share =
            params_number(&p, "max_end_share", 0, 100, 100 * LIST_IMPORT_MAX_END_SHARE) / 100,
    };
    if (params_reply_if_invalid(&p) || !list_input(req, f, &opt.path)) return;
    struct list_import_report report;
    struct rd_error err = {0};
    enum list_import_status st =
        db_list_import_pooled(req_pool(req), req_actor(req), &opt, &report, &err);
    if (st != LIST_IMPORT_OK) {
        reply_failure(req, st, &err);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    write_report(&w, &opt, &report);
    long long rev = opt.dry_run ? report.seed.revision_before : report.seed.revision;
    admin_set_revision(req, rev);
    if (!opt.dry_run && report.seed.changes_total) admin_wait_served(rev);
    list_import_report_free(&report);
    reply_json(req, 200, &sb);
}
