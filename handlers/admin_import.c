/* POST /v1/admin/import[?dry_run=true][&prune=true]: a whole data set, written atomically.
 * With format=ofac-sdn|ofac-cons|csl, a published list instead (admin_import_list.c).
 * The body is a data-set file (docs/data-model.md); every invalid field is named (422).
 * The answer counts what was (or, in a dry run, would be) created, updated, left unchanged
 * and revoked, and lists each change with the fields it touches. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "db/import.h"
#include "rulings/list_formats.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/jsonw.h"

/* The format of a data-set file (docs/data-model.md): the default of `format`. */
#define DATA_SET_FORMAT "restrictd"

static void write_report(struct jw *w, const struct import_options *opt,
                         const struct seed_report *r)
{
    long long before = r->revision_before;
    jw_object_begin(w);
    jw_key(w, "dry_run");
    jw_bool(w, opt->dry_run);
    jw_key(w, "prune");
    jw_bool(w, opt->prune);
    JW_MEMBER_INT(w, "revision_before", before);
    JW_MEMBER_INT(w, "revision", opt->dry_run ? before : r->revision);
    jw_key(w, "counts");
    jw_object_begin(w);
    seed_counts_json(w, "sources", &r->sources);
    seed_counts_json(w, "subjects", &r->subjects);
    seed_counts_json(w, "aliases", &r->aliases);
    seed_counts_json(w, "rulings", &r->rulings);
    jw_object_end(w);
    admin_write_changes(w, r, opt->dry_run);
    jw_object_end(w);
}

/* format= a published list: handed to admin_import_list. True when answered so. */
static bool imports_a_list(struct request *req)
{
    const char *format = NULL;
    size_t n;
    if (!req_query(req, "format", &format, &n) || strcmp(format, DATA_SET_FORMAT) == 0)
        return false;
    const struct list_format *f = list_format_find(format);
    if (f) {
        admin_import_list(req, f);
        return true;
    }
    char message[160];
    snprintf(message, sizeof message, "must be %s (the default) or a list: %s", DATA_SET_FORMAT,
             list_format_names());
    reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "format", "invalid_value", message, NULL);
    return true;
}

/* If-Match: "N" names the revision the set was exported at (X-Data-Revision of the export),
 * like based_on=N. False when answered (a malformed tag, or one that disagrees). */
static bool based_on_header(struct request *req, long long *based_on)
{
    if (!req_header(req, "If-Match")) return true;
    int64_t v;
    if (!admin_if_match(req, &v)) return false;
    if (*based_on >= 0 && *based_on != v) {
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "If-Match", "invalid_value",
                            "names another revision than based_on", NULL);
        return false;
    }
    *based_on = v;
    return true;
}

/* 412, each record someone else changed since the set's revision named. */
static void reply_conflicts(struct request *req, long long based_on,
                            const struct import_conflict *c, size_t n)
{
    struct field_errors fe = {0};
    for (size_t i = 0; i < n; i++)
        field_errors_add(&fe, c[i].entity, "changed_since",
                         "%s %s was changed at revision %lld (by %s), after the revision %lld "
                         "this data set was exported at",
                         c[i].entity, c[i].id, c[i].revision, c[i].actor, based_on);
    char detail[256];
    snprintf(detail, sizeof detail,
             "%zu%s record%s this import would write changed since revision %lld: export again, "
             "merge, and import with the new revision; nothing was written",
             n, n == IMPORT_MAX_CONFLICTS ? " or more" : "", n == 1 ? "" : "s", based_on);
    reply_problem(req, PROBLEM_PRECONDITION_FAILED, detail, &fe);
    field_errors_free(&fe);
}

void handle_admin_import(struct request *req)
{
    static const char *const allowed[] = {"format", "dry_run", "prune", "based_on", NULL};
    if (imports_a_list(req)) return;
    struct params p;
    params_begin(&p, req, allowed);
    struct import_options opt = {
        .dry_run = params_bool(&p, "dry_run", false),
        .prune = params_bool(&p, "prune", false),
        .based_on = params_integer(&p, "based_on", 0, LONG_MAX, -1),
    };
    if (params_reply_if_invalid(&p) || !based_on_header(req, &opt.based_on)) return;
    json_t *body;
    if (!admin_read_json(req, &body)) return;
    struct dataset ds;
    struct field_errors fe = {0};
    bool valid = dataset_from_json(body, &ds, &fe);
    json_decref(body);
    if (!valid) {
        char detail[512];
        snprintf(detail, sizeof detail, "the data set has %zu invalid field%s; nothing was written",
                 fe.count + fe.dropped, fe.count + fe.dropped == 1 ? "" : "s");
        reply_problem(req, PROBLEM_VALIDATION_FAILED, detail, &fe);
        field_errors_free(&fe);
        return;
    }
    struct seed_report report = {0};
    struct rd_error err = {0};
    static _Thread_local struct import_conflict conflicts[IMPORT_MAX_CONFLICTS];
    size_t n_conflicts = 0;
    enum import_status st =
        db_import(req_pool(req), req_actor(req), &ds, &opt, &report, conflicts, &n_conflicts, &err);
    dataset_free(&ds);
    switch (st) {
    case IMPORT_OK: {
        struct strbuf sb = {0};
        struct jw w;
        jw_init(&w, &sb);
        write_report(&w, &opt, &report);
        admin_set_revision(req, opt.dry_run ? report.revision_before : report.revision);
        if (!opt.dry_run && report.changes_total) admin_wait_served(report.revision);
        reply_json(req, 200, &sb);
        break;
    }
    case IMPORT_REFUSED:
        field_errors_add(&fe, "body", "refused", "%s", err.message);
        reply_problem(req, PROBLEM_VALIDATION_FAILED, err.message, &fe);
        field_errors_free(&fe);
        break;
    case IMPORT_UNAVAILABLE:
        reply_db_unavailable(req, "PostgreSQL is unavailable: nothing was written");
        break;
    case IMPORT_CONFLICT:
        reply_conflicts(req, opt.based_on, conflicts, n_conflicts);
        break;
    case IMPORT_FAILED:
        admin_reply_failed(req, "import", &err);
        break;
    }
    seed_report_free(&report);
}
