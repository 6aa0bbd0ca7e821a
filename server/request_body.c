/* Request bodies: taken as they arrive (in memory, or on disk for ROUTE_SPOOLED_BODY,
 * server/spool.h) up to their limit; the request API's access to bodies kept on disk, and
 * the files of a multipart/form-data body, parsed by libmicrohttpd's post processor. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "server/http_internal.h"
#include "server/request.h"

size_t body_limit(const struct request *req)
{
    return req->spooled ? req->srv->cfg->max_import_body : req->srv->cfg->max_body;
}

void reply_too_large(struct request *req)
{
    char detail[160];
    snprintf(detail, sizeof detail, "the body is larger than the %zu bytes accepted (%s)",
             body_limit(req), req->spooled ? "RESTRICTD_MAX_IMPORT_BODY" : "RESTRICTD_MAX_BODY");
    reply_problem(req, PROBLEM_PAYLOAD_TOO_LARGE, detail, NULL);
}

void take_body(struct request *req, const char *data, size_t n)
{
    if (req->replied || req->body_too_large || req->spool_failed) return;
    size_t have = req->spooled ? req->spool.len : req->body.len;
    if (have + n > body_limit(req)) {
        req->body_too_large = true;
    } else if (req->spooled) {
        req->spool_failed = !spool_write(&req->spool, data, n, &req->spool_err);
    } else {
        sb_append(&req->body, data, n);
    }
}

/* After the whole body: answers a body that could not be kept; false when it did. */
bool body_complete(struct request *req)
{
    if (req->body_too_large)
        reply_too_large(req);
    else if (req->spooled && !req->spool_failed)
        req->spool_failed =
            !spool_finish(&req->spool, req->body_path, sizeof req->body_path, &req->spool_err);
    if (req->spool_failed) {
        req_log_error(req, "%s", req->spool_err.message);
        reply_problem(req, PROBLEM_INTERNAL, "the body could not be kept in a temporary file",
                      NULL);
    } else if (req->body.failed) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory reading the body", NULL);
    }
    return !req->replied;
}

const char *req_body_path(const struct request *req)
{
    return req->body_path[0] ? req->body_path : NULL;
}

const char *req_scratch_dir(struct request *req, struct rd_error *err)
{
    const char *d = spool_dir(&req->spool, err);
    return d[0] ? d : NULL;
}

struct form {
    const char *dir;
    const char *const *names;
    FILE *out;       /* the part being written */
    const char *key; /* its name (one of names) */
    unsigned seen;   /* bit i: names[i] was given */
    struct rd_error *err;
};

static int name_index(const struct form *f, const char *key)
{
    for (int i = 0; key && f->names[i]; i++)
        if (strcmp(f->names[i], key) == 0) return i;
    return -1;
}

static bool start_part(struct form *f, const char *key)
{
    int i = name_index(f, key);
    if (i < 0) {
        rd_error_set(f->err, "the form has a part \"%.100s\" that is not one of the list's files",
                     key ? key : "");
        return false;
    }
    if (f->seen & (1u << i)) {
        rd_error_set(f->err, "the form gives the part \"%s\" twice", key);
        return false;
    }
    if (f->out) fclose(f->out);
    char path[600];
    snprintf(path, sizeof path, "%s/%s", f->dir, f->names[i]);
    f->out = fopen(path, "w");
    if (!f->out) {
        rd_error_set(f->err, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    f->seen |= 1u << i;
    f->key = f->names[i];
    return true;
}

static enum MHD_Result form_part(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data, uint64_t off,
                                 size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding, (void)off;
    struct form *f = cls;
    if ((!f->key || !key || strcmp(f->key, key) != 0) && !start_part(f, key)) return MHD_NO;
    if (size && fwrite(data, 1, size, f->out) != size) {
        rd_error_set(f->err, "cannot write the part \"%s\": %s", key, strerror(errno));
        return MHD_NO;
    }
    return MHD_YES;
}

/* Feeds the spooled body to the post processor. */
static bool feed(struct request *req, struct MHD_PostProcessor *pp, struct rd_error *err)
{
    FILE *in = fopen(req->body_path, "r");
    if (!in) {
        rd_error_set(err, "cannot read the body back: %s", strerror(errno));
        return false;
    }
    char buf[64 * 1024];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = MHD_post_process(pp, buf, n) == MHD_YES;
    fclose(in);
    return ok;
}

bool req_form_files(struct request *req, const char *const *names, unsigned *given,
                    struct rd_error *err)
{
    *given = 0;
    const char *dir = req_scratch_dir(req, err);
    if (!dir) return false;
    if (!req->body_path[0]) {
        rd_error_set(err, "the body is empty: send the list's files as a multipart form");
        return false;
    }
    struct form f = {.dir = dir, .names = names, .err = err};
    struct MHD_PostProcessor *pp = MHD_create_post_processor(req->conn, 64 * 1024, form_part, &f);
    if (!pp) {
        rd_error_set(err, "the body is not a multipart form (Content-Type: multipart/form-data "
                          "with a boundary)");
        return false;
    }
    bool ok = feed(req, pp, err);
    bool complete = MHD_destroy_post_processor(pp) == MHD_YES;
    if (f.out && fclose(f.out) != 0 && ok) {
        rd_error_set(err, "cannot write the part \"%s\": %s", f.key, strerror(errno));
        ok = false;
    }
    if (ok && !complete)
        rd_error_set(err, "the multipart form is incomplete (its last boundary "
                          "is missing)");
    if (ok && !err->message[0] && f.seen == 0) rd_error_set(err, "the multipart form has no parts");
    *given = f.seen;
    return ok && complete && f.seen != 0;
}
