/* Helpers for the monitoring tests (monitor_util.h). */
#include "monitor_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *monitor_db(const char *tag)
{
    char *url = admin_db(tag);
    cr_assert(db_run(url, "INSERT INTO api_tokens (name, role, secret_sha256) VALUES"
                          " ('watcher', 'monitor', sha256('" MONITOR_SECRET "'::bytea))"));
    return url;
}

void monitor_create(const char *base, const char *id)
{
    char body[300];
    snprintf(body, sizeof body, "{\"id\":\"%s\",\"name\":\"%s\"}", id, id);
    struct http r = admin_do("POST", base, "/v1/portfolios", MONITOR_SECRET, NULL, body);
    cr_assert_eq(r.status, 201, "create %s: %ld %s", id, r.status, r.body);
    http_free(&r);
}

struct http monitor_put_items(const char *base, const char *id, const char *content_type,
                              const char *body)
{
    char url[300], type[120];
    snprintf(url, sizeof url, "%s/v1/portfolios/%s/items", base, id);
    snprintf(type, sizeof type, "Content-Type: %s", content_type);
    const char *headers[] = {"Authorization: Bearer " MONITOR_SECRET, type, NULL};
    return http_do("PUT", url, body, strlen(body), headers);
}

const char *monitor_item_verdict(const char *base, const char *id, const char *ref)
{
    static char verdict[32];
    char path[300];
    snprintf(path, sizeof path, "/v1/portfolios/%s/items?limit=1000", id);
    struct http r = admin_do("GET", base, path, MONITOR_SECRET, NULL, NULL);
    verdict[0] = '\0';
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(r.json, "items"), i, item)
    {
        const char *v = jstr(json_object_get(item, "answer"), "verdict");
        if (strcmp(jstr(item, "ref"), ref) == 0 && v) snprintf(verdict, sizeof verdict, "%s", v);
    }
    http_free(&r);
    return verdict;
}

char *monitor_csv(size_t n)
{
    size_t size = 32 + n * 40, len = 0;
    char *csv = malloc(size);
    cr_assert(csv);
    len += (size_t)snprintf(csv, size, "ref,name\n");
    for (size_t i = 1; i <= n; i++)
        len += (size_t)snprintf(csv + len, size - len, "r%zu,Vendor Number %zu Widgets\n", i, i);
    return csv;
}

struct http monitor_events(const char *base, const char *id)
{
    char path[300];
    snprintf(path, sizeof path, "/v1/portfolios/%s/events?since=0&limit=1000", id);
    return admin_do("GET", base, path, MONITOR_SECRET, NULL, NULL);
}

void receiver_start(struct receiver *r, unsigned port, bool fresh)
{
    memset(r, 0, sizeof *r);
    r->port = port;
    const char *work = env_or_die("RESTRICTD_WORK");
    snprintf(r->log, sizeof r->log, "%s/receiver-%u.jsonl", work, port);
    snprintf(r->secret, sizeof r->secret, "%s/receiver-%u.secret", work, port);
    if (fresh) unlink(r->log);
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%u", port);
    r->pid = fork();
    cr_assert(r->pid >= 0);
    if (r->pid == 0) {
        execlp("python3", "python3", RESTRICTD_SOURCE_DIR "/tests/integration/webhook_receiver.py",
               port_text, r->log, r->secret, (char *)NULL);
        _exit(127);
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/ready", port);
    for (int i = 0; i < 100; i++) {
        struct http h = http_get(url);
        long st = h.status;
        http_free(&h);
        if (st > 0) return; /* a GET is 501: it listens */
        usleep(50 * 1000);
    }
    cr_assert_fail("the receiver did not start on port %u", port);
}

void receiver_stop(struct receiver *r)
{
    if (r->pid <= 0) return;
    kill(r->pid, SIGKILL);
    waitpid(r->pid, NULL, 0);
    r->pid = 0;
}

void receiver_secret(const struct receiver *r, const char *secret)
{
    FILE *f = fopen(r->secret, "w");
    cr_assert(f);
    fputs(secret, f);
    fclose(f);
}

json_t *receiver_requests(const struct receiver *r)
{
    json_t *all = json_array();
    FILE *f = fopen(r->log, "r");
    char *line = NULL;
    size_t cap = 0;
    while (f && getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        if (j) json_array_append_new(all, j);
    }
    free(line);
    if (f) fclose(f);
    return all;
}

json_t *receiver_wait(const struct receiver *r, size_t n, int ms)
{
    for (int waited = 0;; waited += 50) {
        json_t *all = receiver_requests(r);
        if (json_array_size(all) >= n || waited >= ms) return all;
        json_decref(all);
        usleep(50 * 1000);
    }
}

struct http monitor_subscribe(const char *base, const char *pid, const char *url)
{
    char path[300], body[600];
    snprintf(path, sizeof path, "/v1/portfolios/%s/subscriptions", pid);
    snprintf(body, sizeof body, "{\"url\":\"%s\"}", url);
    return admin_do("POST", base, path, MONITOR_SECRET, NULL, body);
}

const char *monitor_ruling(const char *id, const char *from)
{
    static char body[1024];
    snprintf(body, sizeof body,
             "{\"id\":\"%s\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
             "\"status\":\"prohibited\",\"measure\":{\"code\":\"test-measure\",\"text\":\"M.\"},"
             "\"binds\":\"us-persons\",\"effective_from\":\"%s\",\"quote\":\"A test quote.\"}",
             id, from);
    return body;
}

void monitor_watch_ultraav(const char *base, const char *pid, size_t n)
{
    monitor_create(base, pid);
    size_t size = 64 + n * 40, len = 0;
    char *csv = malloc(size);
    cr_assert(csv);
    len += (size_t)snprintf(csv, size, "ref,name,binds\nk,Kaspersky Lab,us-persons\n");
    for (size_t i = 1; i <= n; i++)
        len += (size_t)snprintf(csv + len, size - len, "u%zu,UltraAV,us-persons\n", i);
    struct http r = monitor_put_items(base, pid, "text/csv", csv);
    free(csv);
    cr_assert_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    cr_assert_str_eq(monitor_item_verdict(base, pid, "u1"), "clear");
}
