#include "server/answer_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/strbuf.h"
#include "server/request.h"

struct entry {
    char *key; /* "path?query", NULL when the slot is free */
    int64_t revision;
    unsigned status;
    char *content_type;
    char *body;
    size_t len;
    struct {
        char *name, *value;
    } headers[MAX_HEADERS];
    unsigned n_headers;
    uint64_t used; /* the cache's clock at its last use */
};

struct answer_cache {
    pthread_mutex_t lock;
    struct entry entries[ANSWER_CACHE_ENTRIES];
    uint64_t clock;
    struct answer_cache_stats stats;
};

struct answer_cache *answer_cache_new(void)
{
    struct answer_cache *c = calloc(1, sizeof *c);
    if (c) pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void entry_clear(struct entry *e)
{
    free(e->key);
    free(e->content_type);
    free(e->body);
    for (unsigned i = 0; i < e->n_headers; i++) {
        free(e->headers[i].name);
        free(e->headers[i].value);
    }
    memset(e, 0, sizeof *e);
}

void answer_cache_free(struct answer_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < ANSWER_CACHE_ENTRIES; i++)
        entry_clear(&c->entries[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static bool add_arg(void *ctx, const char *name, const char *value, size_t len)
{
    struct strbuf *sb = ctx;
    sb_putc(sb, '&');
    sb_puts(sb, name);
    sb_putc(sb, '=');
    sb_append(sb, value, len);
    return true;
}

/* The question: the path and every parameter in order (decoded; NUL cannot occur). */
static char *key_of(const struct request *req)
{
    struct strbuf sb = {0};
    sb_puts(&sb, req_path(req));
    sb_putc(&sb, '?');
    req_query_each(req, add_arg, &sb);
    size_t len;
    return sb_take(&sb, &len);
}

static struct entry *find(struct answer_cache *c, const char *key, int64_t revision)
{
    for (size_t i = 0; i < ANSWER_CACHE_ENTRIES; i++) {
        struct entry *e = &c->entries[i];
        if (e->key && e->revision == revision && strcmp(e->key, key) == 0) return e;
    }
    return NULL;
}

bool answer_cache_serve(struct answer_cache *c, struct request *req)
{
    if (!c || !req->snap) return false;
    char *key = key_of(req);
    if (!key) return false;
    struct strbuf body = {0};
    pthread_mutex_lock(&c->lock);
    struct entry *e = find(c, key, req->snap->revision);
    if (e) {
        e->used = ++c->clock;
        c->stats.hits++;
        sb_append(&body, e->body, e->len);
        for (unsigned i = 0; i < e->n_headers; i++)
            reply_header(req, e->headers[i].name, e->headers[i].value);
        const char *type = arena_strdup(&req->arena, e->content_type);
        reply_body(req, e->status, type ? type : "application/json", &body);
    } else {
        c->stats.misses++;
    }
    pthread_mutex_unlock(&c->lock);
    free(key);
    return e != NULL;
}

/* The slot for a new answer: a free one, else the least recently used. */
static struct entry *victim(struct answer_cache *c)
{
    struct entry *v = &c->entries[0];
    for (size_t i = 0; i < ANSWER_CACHE_ENTRIES && v->key; i++)
        if (!c->entries[i].key || c->entries[i].used < v->used) v = &c->entries[i];
    return v;
}

static bool fill(struct entry *e, const struct request *req, char *key)
{
    e->key = key;
    e->revision = req->snap->revision;
    e->status = req->status;
    e->content_type = strdup(req->content_type ? req->content_type : "application/json");
    e->body = malloc(req->resp_len + 1);
    if (!e->content_type || !e->body) return false;
    memcpy(e->body, req->resp, req->resp_len);
    e->len = req->resp_len;
    /* the handler's headers, not those of this client's authorisation */
    for (unsigned i = 0; i < req->n_headers; i++) {
        if (!req->headers[i].name || strcasecmp(req->headers[i].name, "Cache-Control") == 0)
            continue;
        unsigned k = e->n_headers++;
        e->headers[k].name = strdup(req->headers[i].name);
        e->headers[k].value = strdup(req->headers[i].value ? req->headers[i].value : "");
        if (!e->headers[k].name || !e->headers[k].value) return false;
    }
    return true;
}

void answer_cache_keep(struct answer_cache *c, const struct request *req)
{
    if (!c || !req->snap || req->status != 200 || req->stream || !req->resp ||
        req->resp_len > ANSWER_CACHE_MAX_BYTES)
        return;
    char *key = key_of(req);
    if (!key) return;
    pthread_mutex_lock(&c->lock);
    if (find(c, key, req->snap->revision)) {
        free(key); /* another request kept it meanwhile */
    } else {
        struct entry *e = victim(c);
        entry_clear(e);
        e->used = ++c->clock;
        if (fill(e, req, key))
            c->stats.kept++;
        else
            entry_clear(e);
    }
    pthread_mutex_unlock(&c->lock);
}

struct answer_cache_stats answer_cache_stats(struct answer_cache *c)
{
    pthread_mutex_lock(&c->lock);
    struct answer_cache_stats s = c->stats;
    s.entries = 0;
    s.bytes = 0;
    for (size_t i = 0; i < ANSWER_CACHE_ENTRIES; i++) {
        s.entries += c->entries[i].key != NULL;
        s.bytes += c->entries[i].len;
    }
    pthread_mutex_unlock(&c->lock);
    return s;
}
