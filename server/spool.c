#include "server/spool.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *spool_dir(struct spool *s, struct rd_error *err)
{
    if (s->dir[0]) return s->dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof s->dir, "%s/restrictd-upload.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s->dir)) {
        rd_error_set(err, "cannot make a temporary directory under %s: %s",
                     tmp && *tmp ? tmp : "/tmp", strerror(errno));
        s->dir[0] = '\0';
    }
    return s->dir;
}

static bool open_body(struct spool *s, struct rd_error *err)
{
    if (!spool_dir(s, err)[0]) return false;
    char path[300];
    snprintf(path, sizeof path, "%s/body", s->dir);
    s->body = fopen(path, "w+");
    if (!s->body) rd_error_set(err, "cannot write %s: %s", path, strerror(errno));
    return s->body != NULL;
}

bool spool_write(struct spool *s, const char *data, size_t n, struct rd_error *err)
{
    if (!s->body && !open_body(s, err)) return false;
    if (fwrite(data, 1, n, s->body) != n) {
        rd_error_set(err, "cannot write the body to %s: %s", s->dir, strerror(errno));
        return false;
    }
    s->len += n;
    return true;
}

bool spool_finish(struct spool *s, char *out, size_t size, struct rd_error *err)
{
    out[0] = '\0';
    if (!s->body) return true;
    if (fflush(s->body) != 0) {
        rd_error_set(err, "cannot write the body to %s: %s", s->dir, strerror(errno));
        return false;
    }
    snprintf(out, size, "%s/body", s->dir);
    return true;
}

void spool_free(struct spool *s)
{
    if (s->body) fclose(s->body);
    s->body = NULL;
    if (!s->dir[0]) return;
    DIR *d = opendir(s->dir);
    struct dirent *e;
    char path[600];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", s->dir, e->d_name);
        (void)unlink(path);
    }
    if (d) closedir(d);
    (void)rmdir(s->dir);
    s->dir[0] = '\0';
}
