/* Helpers for the monitoring tests (monitor_util.h). */
#include "monitor_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
