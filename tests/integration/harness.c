#include "harness.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *env_or_die(const char *name)
{
    const char *v = getenv(name);
    cr_assert(v && *v, "%s is not set: run the integration tests through tests/run.sh", name);
    return v;
}

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
    struct http *r = ctx;
    size_t add = size * n;
    char *grown = realloc(r->body, r->len + add + 1);
    if (!grown) return 0;
    memcpy(grown + r->len, data, add);
    r->len += add;
    grown[r->len] = '\0';
    r->body = grown;
    return add;
}

static size_t collect_header(char *data, size_t size, size_t n, void *ctx)
{
    struct http *r = ctx;
    size_t add = size * n;
    size_t have = r->headers ? strlen(r->headers) : 0;
    /* A new status line starts a new header block (after 100 Continue). */
    if (add >= 5 && strncmp(data, "HTTP/", 5) == 0) have = 0;
    char *grown = realloc(r->headers, have + add + 1);
    if (!grown) return 0;
    memcpy(grown + have, data, add);
    grown[have + add] = '\0';
    r->headers = grown;
    return add;
}

struct http http_do(const char *method, const char *url, const char *body, size_t body_len,
                    const char *const *headers)
{
    struct http r = {0};
    CURL *c = curl_easy_init();
    cr_assert(c);
    struct curl_slist *list = NULL;
    for (const char *const *h = headers; h && *h; h++)
        list = curl_slist_append(list, *h);
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    else
        r.status = -1;
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    if (r.body) r.json = json_loadb(r.body, r.len, 0, NULL);
    return r;
}

struct http http_get(const char *url)
{
    return http_do("GET", url, NULL, 0, NULL);
}

void http_free(struct http *r)
{
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

const char *http_header(const struct http *r, const char *name)
{
    static __thread char value[1024];
    if (!r->headers) return NULL;
    size_t n = strlen(name);
    for (const char *line = r->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        if (!end) end = line + strlen(line);
        if ((size_t)(end - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            snprintf(value, sizeof value, "%.*s", (int)(end - v), v);
            return value;
        }
        line = *end ? end + 2 : end;
    }
    return NULL;
}

const char *jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

json_t *screen_row_of(const struct http *r, const char *ref)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(r->json, "rows"), i, row)
    {
        const char *s = jstr(row, "ref");
        if (s && strcmp(s, ref) == 0) return row;
    }
    cr_assert_fail("no row %s in %.2000s", ref, r->body);
    return NULL;
}

void expect_status(const char *base, const char *path, long status)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    struct http r = http_get(url);
    cr_expect_eq(r.status, status, "GET %s: %ld, want %ld", path, r.status, status);
    http_free(&r);
}

const char *shared_url(void)
{
    return env_or_die("RESTRICTD_URL");
}

const char *check_url(const char *base, const char *name, const char *extra)
{
    static __thread char url[8192];
    CURL *c = curl_easy_init();
    char *esc = curl_easy_escape(c, name, (int)strlen(name));
    snprintf(url, sizeof url, "%s/v1/check?name=%s%s%s", base, esc, extra && *extra ? "&" : "",
             extra ? extra : "");
    curl_free(esc);
    curl_easy_cleanup(c);
    return url;
}

unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    cr_assert(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    cr_assert(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

static char *url_for_db(const char *name)
{
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN");
    char *url = malloc(strlen(admin) + strlen(name) + 8);
    strcpy(url, admin);
    char *slash = strrchr(url, '/');
    strcpy(slash + 1, name);
    return url;
}

bool db_run(const char *url, const char *sql)
{
    PGconn *c = PQconnectdb(url);
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *res = PQexec(c, sql);
        ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
        if (!ok) fprintf(stderr, "SQL failed: %s: %s", sql, PQerrorMessage(c));
        PQclear(res);
    }
    PQfinish(c);
    return ok;
}

char *db_scalar(const char *url, const char *sql)
{
    PGconn *c = PQconnectdb(url);
    char *out = NULL;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *res = PQexec(c, sql);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
            out = strdup(PQgetvalue(res, 0, 0));
        else if (PQresultStatus(res) != PGRES_TUPLES_OK)
            fprintf(stderr, "SQL failed: %s: %s", sql, PQerrorMessage(c));
        PQclear(res);
    }
    PQfinish(c);
    return out;
}

char *db_create_empty(const char *tag)
{
    static __thread unsigned counter;
    char name[96], sql[256];
    snprintf(name, sizeof name, "e_%s_%d_%u", tag, (int)getpid(), ++counter);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", name);
    cr_assert(db_run(env_or_die("RESTRICTD_PG_ADMIN"), sql), "could not create %s", name);
    return url_for_db(name);
}

const char *db_unreachable(void)
{
    static __thread char url[128];
    snprintf(url, sizeof url, "postgresql://postgres@127.0.0.1:%u/none?connect_timeout=1",
             free_port());
    return url;
}

char *db_create(const char *tag)
{
    static __thread unsigned counter;
    char name[96], sql[256];
    snprintf(name, sizeof name, "t_%s_%d_%u", tag, (int)getpid(), ++counter);
    for (char *p = name; *p; p++)
        if (*p == '-') *p = '_';
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", name,
             env_or_die("RESTRICTD_TEMPLATE"));
    /* A template is briefly busy while another test copies it: retry. */
    bool ok = false;
    for (int i = 0; i < 50 && !ok; i++) {
        ok = db_run(env_or_die("RESTRICTD_PG_ADMIN"), sql);
        if (!ok) usleep(100 * 1000);
    }
    cr_assert(ok, "could not create database %s", name);
    return url_for_db(name);
}

/* Builds an environment: the current one with `extra` entries overriding by key. */
static char **make_env(const char *const *extra)
{
    size_t n = 0, m = 0;
    while (environ[n])
        n++;
    while (extra && extra[m])
        m++;
    char **env = calloc(n + m + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool overridden = false;
        for (size_t j = 0; j < m && !overridden; j++) {
            size_t key = strcspn(extra[j], "=");
            overridden = strncmp(environ[i], extra[j], key + 1) == 0;
        }
        if (!overridden) env[k++] = environ[i];
    }
    for (size_t j = 0; j < m; j++)
        env[k++] = (char *)extra[j];
    env[k] = NULL;
    return env;
}

static pid_t spawn(const char *const *argv, const char *const *extra_env, const char *log_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char **env = make_env(extra_env);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    return rc == 0 ? pid : -1;
}

char *slurp(const char *path, bool must_exist)
{
    FILE *f = fopen(path, "rb");
    if (must_exist) cr_assert(f, "%s", path);
    if (!f) return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

int run_cli(const char *db_url, char **output, const char *const *args)
{
    const char *argv[16] = {env_or_die("RESTRICTD_BIN")};
    size_t n = 1;
    for (const char *const *a = args; a && *a && n < 15; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    char db[1024], log[512];
    snprintf(db, sizeof db, "DATABASE_URL=%s", db_url ? db_url : "");
    static __thread unsigned counter;
    snprintf(log, sizeof log, "%s/cli-%d-%u.log", env_or_die("RESTRICTD_WORK"), (int)getpid(),
             ++counter);
    const char *env[] = {db, NULL};
    pid_t pid = spawn(argv, env, log);
    cr_assert(pid > 0, "cannot run %s", argv[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (output) *output = slurp(log, false);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

bool server_start(struct server *s, const char *db_url, const char *const *env, bool wait_ready)
{
    memset(s, 0, sizeof *s);
    s->port = free_port();
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", s->port);
    static __thread unsigned counter;
    snprintf(s->log, sizeof s->log, "%s/server-%d-%u.log", env_or_die("RESTRICTD_WORK"),
             (int)getpid(), ++counter);
    char listen[64], db[1024];
    snprintf(listen, sizeof listen, "RESTRICTD_LISTEN=127.0.0.1:%u", s->port);
    snprintf(db, sizeof db, "DATABASE_URL=%s", db_url);
    const char *all[24] = {listen, db, "RESTRICTD_THREADS=2", "RESTRICTD_RELOAD_INTERVAL_MS=500"};
    size_t n = 4;
    for (const char *const *e = env; e && *e && n < 23; e++)
        all[n++] = *e;
    all[n] = NULL;
    const char *argv[] = {env_or_die("RESTRICTD_BIN"), "serve", NULL};
    s->pid = spawn(argv, all, s->log);
    if (s->pid <= 0) return false;
    char url[128];
    snprintf(url, sizeof url, "%s%s", s->base, wait_ready ? "/readyz" : "/healthz");
    for (int i = 0; i < 200; i++) {
        struct http r = http_get(url);
        long st = r.status;
        http_free(&r);
        if (st == 200) return true;
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            char *log = slurp(s->log, false);
            fprintf(stderr, "server exited early:\n%s\n", log);
            free(log);
            s->pid = 0;
            return false;
        }
        sleep_ms(50);
    }
    char *log = slurp(s->log, false);
    fprintf(stderr, "server did not become ready:\n%s\n", log);
    free(log);
    return false;
}

int server_stop(struct server *s)
{
    if (s->pid <= 0) return -1;
    kill(s->pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        sleep_ms(50);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    s->pid = 0;
    return -1;
}

bool wait_for_json_string(const char *url, const char *field, const char *want, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 50) {
        struct http r = http_get(url);
        const char *v = r.json ? json_string_value(json_object_get(r.json, field)) : NULL;
        bool ok = v && strcmp(v, want) == 0;
        http_free(&r);
        if (ok) return true;
        sleep_ms(50);
    }
    return false;
}

void testbed_start(struct testbed *t, char *db, const char *const *env)
{
    t->db = db;
    cr_assert(server_start(&t->s, db, env, true), "the server did not start: %s", t->s.log);
}

void testbed_stop(struct testbed *t)
{
    cr_expect_eq(server_stop(&t->s), 0, "the server's exit status (log %s)", t->s.log);
    free(t->db);
    t->db = NULL;
}

struct http check_200(const char *base, const char *name, const char *extra)
{
    struct http r = http_get(check_url(base, name, extra));
    cr_assert_eq(r.status, 200, "check %s %s: %ld %s", name, extra ? extra : "", r.status,
                 r.body ? r.body : "");
    cr_assert(r.json, "check %s %s: not JSON", name, extra ? extra : "");
    return r;
}

void expect_verdicts(const char *const *names, const char *extra, const char *verdict)
{
    for (const char *const *n = names; *n; n++) {
        struct http r = check_200(shared_url(), *n, extra);
        cr_expect_str_eq(jstr(r.json, "verdict"), verdict, "%s", *n);
        cr_expect_eq(json_is_true(json_object_get(r.json, "restricted")),
                     strcmp(verdict, "restricted") == 0, "%s: restricted", *n);
        if (strcmp(verdict, "no_match") == 0)
            cr_expect(json_is_null(json_object_get(r.json, "match")), "%s: a match", *n);
        http_free(&r);
    }
}

const char *probe_url(const char *base)
{
    static __thread char url[512];
    snprintf(url, sizeof url, "%s", check_url(base, "Eugene Kaspersky", "as_of=2025-01-01"));
    struct http r = check_200(base, "Eugene Kaspersky", "as_of=2025-01-01");
    cr_assert_str_eq(jstr(r.json, "verdict"), "clear");
    http_free(&r);
    return url;
}

bool db_insert_probe(const char *db, const char *id, bool quietly)
{
    char sql[640];
    snprintf(sql, sizeof sql,
             "%sINSERT INTO rulings (id, subject_id, source_id, status, measure_code, measure,"
             " binds, effective_from, quote) VALUES ('%s', 'eugene-kaspersky', 'us-ofac-jy2420',"
             " 'prohibited', 'test', 'test', '{us-persons}', '2024-12-01T00:00:00Z', 'test quote')",
             quietly ? "SET session_replication_role = replica; " : "", id);
    return db_run(db, sql);
}

bool normal_check_ok(const struct server *s)
{
    struct http r = http_get(check_url(s->base, "Kaspersky Lab", "as_of=2024-10-01"));
    const char *v = r.json ? json_string_value(json_object_get(r.json, "verdict")) : NULL;
    bool ok = r.status == 200 && v && strcmp(v, "restricted") == 0;
    http_free(&r);
    return ok;
}
