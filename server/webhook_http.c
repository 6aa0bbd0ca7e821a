/* One webhook delivery over HTTP with libcurl (server/webhook_http.h). */
#include "server/webhook_http.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/webhook_sign.h"

bool webhook_http_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* The answer is read and dropped, up to WEBHOOK_MAX_RESPONSE bytes: more ends the transfer. */
static size_t drop_body(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    size_t *seen = ctx;
    *seen += size * n;
    return *seen > WEBHOOK_MAX_RESPONSE ? 0 : size * n;
}

/* A stop does not wait for a slow receiver: the transfer is abandoned (and sent again by
 * whichever instance claims the row next). */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const atomic_bool *stopping = ctx;
    return stopping && atomic_load(stopping) ? 1 : 0;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The request's headers; NULL when out of memory or the secret is unusable. */
static struct curl_slist *headers_of(const struct webhook_request *rq, char *why, size_t size)
{
    char sig[WEBHOOK_SIGNATURE_MAX], h[300];
    int64_t ts = (int64_t)time(NULL);
    if (!webhook_sign(rq->secret, rq->id, ts, rq->body, rq->len, sig)) {
        snprintf(why, size, "the subscription's secret cannot sign");
        return NULL;
    }
    struct curl_slist *l = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(h, sizeof h, "webhook-id: %s", rq->id);
    if (l) l = curl_slist_append(l, h);
    snprintf(h, sizeof h, "webhook-timestamp: %" PRId64, ts);
    if (l) l = curl_slist_append(l, h);
    snprintf(h, sizeof h, "webhook-signature: %s", sig);
    if (l) l = curl_slist_append(l, h);
    if (l) l = curl_slist_append(l, "User-Agent: restrictd/" RESTRICTD_VERSION);
    if (!l) snprintf(why, size, "out of memory");
    return l;
}

static void set_options(CURL *c, const struct webhook_request *rq, struct curl_slist *headers,
                        struct curl_slist *resolve, size_t *seen)
{
    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->len);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)rq->timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, drop_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, seen);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)rq->stopping);
}

void webhook_http_post(const struct webhook_request *rq, struct webhook_outcome *out)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(out, 0, sizeof *out);
    char pin[URL_HOST_MAX + 96];
    const char *a = rq->target->address;
    snprintf(pin, sizeof pin, strchr(a, ':') ? "%s:%u:[%s]" : "%s:%u:%s", rq->target->host,
             rq->target->port, a);
    struct curl_slist *resolve = curl_slist_append(NULL, pin);
    struct curl_slist *headers = headers_of(rq, out->error, sizeof out->error);
    CURL *c = curl_easy_init();
    size_t seen = 0;
    if (resolve && headers && c) {
        set_options(c, rq, headers, resolve, &seen);
        CURLcode rc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        out->status = (int)status;
        out->delivered = status >= 200 && status <= 299;
        if (status >= 300 && status <= 399)
            snprintf(out->error, sizeof out->error, "answered %ld: redirects are not followed",
                     status);
        else if (rc == CURLE_WRITE_ERROR && seen > WEBHOOK_MAX_RESPONSE)
            snprintf(out->error, sizeof out->error, "answer longer than %d bytes: cut off",
                     WEBHOOK_MAX_RESPONSE);
        else if (rc != CURLE_OK)
            snprintf(out->error, sizeof out->error, "%s", curl_easy_strerror(rc));
        else if (!out->delivered)
            snprintf(out->error, sizeof out->error, "answered %ld", status);
    } else if (!out->error[0]) {
        snprintf(out->error, sizeof out->error, "out of memory");
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
    out->ms = (int)ms_since(&t0);
}
