/* POST /v1/admin/import[?dry_run=true][&prune=true]: a whole data set, written atomically.
 * The body is a data-set file (docs/data-model.md); every invalid field is named (422).
 * The answer counts what was (or, in a dry run, would be) created, updated, left unchanged
 * and revoked, and lists each change with the fields it touches. */
#include <stdio.h>
#include <string.h>

#include "db/import.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "lib/jsonw.h"

static const char *const booleans[] = {"false", "true"};
static const struct enum_names BOOLEANS = {booleans, 2};

static void write_counts(struct jw *w, const char *key, const struct seed_counts *c)
{
    jw_key(w, key);
    jw_object_begin(w);
    jw_member_int(w, "created", c->created);
    jw_member_int(w, "updated", c->updated);
    jw_member_int(w, "unchanged", c->unchanged);
    jw_member_int(w, "revoked", c->revoked);
    jw_object_end(w);
}

static void write_fields(struct jw *w, const char *fields)
{
    jw_array_begin(w);
    for (const char *s = fields; s && *s;) {
        size_t n = strcspn(s, ",");
        jw_string_n(w, s, n);
        s += n + (s[n] == ',');
    }
    jw_array_end(w);
}

static void write_report(struct jw *w, const struct import_options *opt,
                         const struct seed_report *r)
{
    long long before = r->revision_before;
    jw_object_begin(w);
    jw_key(w, "dry_run");
    jw_bool(w, opt->dry_run);
    jw_key(w, "prune");
    jw_bool(w, opt->prune);
    jw_member_int(w, "revision_before", before);
    jw_member_int(w, "revision", opt->dry_run ? before : r->revision);
    jw_key(w, "counts");
    jw_object_begin(w);
    write_counts(w, "sources", &r->sources);
    write_counts(w, "subjects", &r->subjects);
    write_counts(w, "aliases", &r->aliases);
    write_counts(w, "rulings", &r->rulings);
    jw_object_end(w);
    jw_member_int(w, "changes_total", (long long)r->changes_total);
    jw_key(w, "changes");
    jw_array_begin(w);
    for (size_t i = 0; i < r->n_changes; i++) {
        const struct seed_change *c = &r->changes[i];
        jw_object_begin(w);
        if (!opt->dry_run) { /* a dry run's revisions were never given out */
            jw_member_int(w, "revision", c->revision);
        }
        jw_member_string(w, "action", c->action);
        jw_member_string(w, "entity", c->entity);
        jw_member_string(w, "id", c->id);
        jw_key(w, "fields");
        write_fields(w, c->fields);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_member_int(w, "changes_not_listed", (long long)(r->changes_total - r->n_changes));
    jw_object_end(w);
}

void handle_admin_import(struct request *req)
{
    static const char *const allowed[] = {"dry_run", "prune", NULL};
    struct params p;
    params_begin(&p, req, allowed);
    struct import_options opt = {
        .dry_run = params_enum(&p, "dry_run", &BOOLEANS, 0) == 1,
        .prune = params_enum(&p, "prune", &BOOLEANS, 0) == 1,
    };
    if (params_reply_if_invalid(&p)) return;
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
    enum import_status st = db_import(req_pool(req), req_actor(req), &ds, &opt, &report, &err);
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
    case IMPORT_FAILED:
        admin_reply_failed(req, "import", &err);
        break;
    }
    seed_report_free(&report);
}
