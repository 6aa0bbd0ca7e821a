/* Signed receipts over HTTP (docs/api.md, "Receipts"): receipt=true on /v1/check and on
 * /v1/screen rows, GET /v1/keys, POST /v1/receipts/verify and /replay, `restrictd verify`
 * on an answer fetched over HTTP, rotation by SIGHUP, and bad bodies. Each test has its own
 * database, key directory and server. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"

static struct server srv;
static char *db;
static char keys[512], env_keys[600];

/* A key made by `restrictd key create` into the test's key directory. */
static void make_key(const char *name)
{
    char path[700], *out = NULL;
    snprintf(path, sizeof path, "%s/%s", keys, name);
    const char *args[] = {"key", "create", "--out", path, NULL};
    cr_assert_eq(run_cli(NULL, &out, args), 0, "%s", out);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600, "a key file is the owner's only");
    free(out);
}

static void start(void)
{
    snprintf(keys, sizeof keys, "%s/keys-%d", env_or_die("RESTRICTD_WORK"), (int)getpid());
    mkdir(keys, 0700);
    make_key("a.json");
    snprintf(env_keys, sizeof env_keys, "RESTRICTD_SIGNING_KEYS=%s", keys);
    db = admin_db("receipts");
    const char *env[] = {env_keys, NULL};
    cr_assert(server_start(&srv, db, env, true));
}

static void stop(void)
{
    server_stop(&srv);
    free(db);
}

static struct http post_json(const char *path, const char *body)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", srv.base, path);
    const char *h[] = {"Content-Type: application/json", NULL};
    return http_do("POST", url, body, strlen(body), h);
}

/* What POST /v1/receipts/verify says of `body`: its "result". */
static char *verify_result(const char *body)
{
    struct http r = post_json("/v1/receipts/verify", body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *res = strdup(jstr(r.json, "result"));
    http_free(&r);
    return res;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

/* `restrictd verify FILE ARGS...`: its exit status, its output into *out. */
static int cli_verify(const char *file, const char *opt, const char *keys_path, char **out)
{
    const char *args[] = {"verify", file, opt, keys_path, NULL};
    return run_cli(NULL, out, args);
}

Test(receipts, a_check_answer_carries_a_receipt_that_verifies, .init = start, .fini = stop,
     .timeout = 60)
{
    struct http k = http_get(strcat(strcpy((char[128]){0}, srv.base), "/v1/keys"));
    cr_assert_eq(k.status, 200);
    const json_t *key = json_array_get(json_object_get(k.json, "keys"), 0);
    cr_assert_str_eq(jstr(key, "kty"), "OKP");
    cr_assert_str_eq(jstr(key, "crv"), "Ed25519");
    cr_assert_str_eq(jstr(key, "status"), "active");
    struct http r = check_200(srv.base, "Kaspersky", "as_of=2024-10-01&receipt=true");
    const json_t *rc = json_object_get(r.json, "receipt");
    cr_assert(rc, "%s", r.body);
    cr_assert_str_eq(jstr(rc, "kid"), jstr(key, "kid"));
    cr_assert_str_eq(jstr(rc, "alg"), "EdDSA");
    cr_assert_str_eq(jstr(rc, "as_of"), "2024-10-01T23:59:59Z");
    cr_assert_str_eq(jstr(json_object_get(rc, "question"), "name"), "Kaspersky");
    cr_assert_eq(json_integer_value(json_object_get(rc, "revision")),
                 json_integer_value(json_object_get(r.json, "revision")));
    cr_assert(jstr(rc, "known_at"), "the revision's instant is known");

    char *res = verify_result(r.body);
    cr_assert_str_eq(res, "valid");
    free(res);
    /* asked again, answered from the check cache with the digest kept there: the same digest,
     * a receipt of its own that verifies too */
    for (int i = 0; i < 2; i++) {
        struct http again = check_200(srv.base, "Kaspersky", "as_of=2024-10-01&receipt=true");
        cr_assert_str_eq(jstr(json_object_get(again.json, "receipt"), "answer_sha256"),
                         jstr(rc, "answer_sha256"));
        res = verify_result(again.body);
        cr_assert_str_eq(res, "valid", "asked again (%d)", i);
        free(res);
        http_free(&again);
    }
    /* `restrictd verify` on the answer as fetched, with the key directory and with the JWK
     * set of GET /v1/keys */
    char file[600], jwks[600], *out = NULL;
    snprintf(file, sizeof file, "%s-answer.json", keys);
    snprintf(jwks, sizeof jwks, "%s-jwks.json", keys);
    write_file(file, r.body);
    write_file(jwks, k.body);
    cr_assert_eq(cli_verify(file, "--keys", keys, &out), 0, "%s", out);
    cr_assert(strncmp(out, "valid:", 6) == 0, "%s", out);
    free(out);
    cr_assert_eq(cli_verify(file, "--jwks", jwks, &out), 0, "%s", out);
    free(out);
    /* a file that is not there is a usage fault (2), not an invalid receipt (1) */
    cr_assert_eq(cli_verify("/nonexistent/answer.json", "--keys", keys, &out), 2, "%s", out);
    free(out);
    http_free(&k);
    http_free(&r);
}

/* The digest is made from the snapshot's canonical pieces (rulings/canon_pieces.c) and checked
 * by the tree canonicaliser of /v1/receipts/verify: answers with many rulings, inherited ones,
 * a party asked (each ruling's "applies_as"), a jurisdiction (coverage written per question),
 * at several as_of, all verify. */
Test(receipts, answers_with_many_rulings_verify_at_every_as_of, .init = start, .fini = stop,
     .timeout = 120)
{
    static const char *const names[] = {"Kaspersky", "Huawei Technologies", "ZTE", "Hikvision",
                                        "Zzyzx Nothing Ltd"};
    static const char *const extras[] = {
        "as_of=2019-01-01&receipt=true",
        "as_of=2024-10-01&receipt=true&binds=us-persons",
        "as_of=2030-01-01&receipt=true&jurisdiction=US",
        "receipt=true&binds=exporters",
    };
    size_t with_rulings = 0;
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++)
        for (size_t e = 0; e < sizeof extras / sizeof extras[0]; e++) {
            struct http r = check_200(srv.base, names[n], extras[e]);
            cr_assert(json_object_get(r.json, "receipt"), "%s %s: %s", names[n], extras[e], r.body);
            with_rulings += json_array_size(json_object_get(r.json, "rulings")) > 1;
            char *res = verify_result(r.body);
            cr_assert_str_eq(res, "valid", "%s %s", names[n], extras[e]);
            free(res);
            http_free(&r);
        }
    cr_assert_geq(with_rulings, 6, "answers with rulings: %zu", with_rulings);
}

Test(receipts, a_changed_answer_or_question_fails_with_its_reason, .init = start, .fini = stop,
     .timeout = 60)
{
    struct http r = check_200(srv.base, "Kaspersky", "as_of=2024-10-01&receipt=true");
    char *answer = strdup(r.body), *question = strdup(r.body);
    char *v = strstr(answer, "\"restricted\":true");
    cr_assert(v);
    memcpy(v + 13, "null", 4);
    char *res = verify_result(answer);
    cr_assert_str_eq(res, "answer_mismatch");
    free(res);
    char *n = strstr(strstr(question, "\"receipt\":"), "\"name\":\"Kaspersky\"");
    cr_assert(n);
    n[8] = 'C';
    res = verify_result(question);
    cr_assert_str_eq(res, "signature_invalid");
    free(res);
    char file[600], *out = NULL;
    snprintf(file, sizeof file, "%s-changed.json", keys);
    write_file(file, answer);
    cr_assert_eq(cli_verify(file, "--keys", keys, &out), 1, "%s", out);
    cr_assert(strstr(out, "invalid: answer_mismatch"), "%s", out);
    free(out);
    free(answer);
    free(question);
    http_free(&r);
}

Test(receipts, screening_rows_carry_receipts, .init = start, .fini = stop, .timeout = 60)
{
    char url[256];
    snprintf(url, sizeof url, "%s/v1/screen?receipt=true&as_of=2024-10-01", srv.base);
    const char body[] = "{\"name\":\"Kaspersky\",\"ref\":\"a\"}\n{\"name\":\"Zzyzx Nothing\"}\n";
    const char *nd[] = {"Content-Type: application/x-ndjson", NULL};
    struct http r = http_do("POST", url, body, strlen(body), nd);
    cr_assert_eq(r.status, 200, "%s", r.body);
    size_t rows = 0;
    for (char *line = strtok(r.body, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "{\"summary\"", 10) == 0) continue;
        cr_assert(strstr(line, "\"receipt\":{"), "%s", line);
        char *res = verify_result(line);
        cr_assert_str_eq(res, "valid", "row %zu", rows + 1);
        free(res);
        rows++;
    }
    cr_assert_eq(rows, 2u);
    http_free(&r);
    const char *csv[] = {"Content-Type: text/csv", NULL};
    struct http c = http_do("POST", url, "name\nKaspersky\n", 15, csv);
    cr_assert_eq(c.status, 400, "CSV has no room for receipts: %s", c.body);
    cr_assert(strstr(c.body, "\"field\":\"receipt\""), "%s", c.body);
    http_free(&c);
}

Test(receipts, replay_asks_again_at_the_receipts_revision, .init = start, .fini = stop,
     .timeout = 60)
{
    struct http r = check_200(srv.base, "Kaspersky", "as_of=2024-10-01&receipt=true");
    struct http p = post_json("/v1/receipts/replay", r.body);
    cr_assert_eq(p.status, 200, "%s", p.body);
    cr_assert_str_eq(jstr(p.json, "result"), "equal", "%s", p.body);
    cr_assert_str_eq(jstr(p.json, "compared_against"), "current_revision");
    http_free(&p);
    /* a write moves the revision: the replay says so, and claims no equality */
    cr_assert(db_insert_probe(db, "test-replay-probe", false));
    long long before = json_integer_value(json_object_get(r.json, "revision"));
    bool moved = false;
    for (int i = 0; i < 100 && !moved; i++) {
        struct http c = check_200(srv.base, "Kaspersky", "as_of=2024-10-01");
        moved = json_integer_value(json_object_get(c.json, "revision")) > before;
        http_free(&c);
        if (!moved) nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    cr_assert(moved, "the server loaded the new revision");
    /* the receipt's revision is rebuilt from the change log and asked again: the answer
     * signed, byte for byte */
    p = post_json("/v1/receipts/replay", r.body);
    cr_assert_eq(p.status, 200, "%s", p.body);
    cr_assert_str_eq(jstr(p.json, "result"), "equal", "%s", p.body);
    cr_assert_str_eq(jstr(p.json, "compared_against"), "receipt_revision", "%s", p.body);
    cr_assert_eq(
        json_integer_value(json_object_get(json_object_get(p.json, "current"), "revision")),
        before);
    http_free(&p);
    /* a receipt whose signed digest was changed fails before anything is replayed (the
     * answer sent with it is not needed: the replay computes its own) */
    char *tampered = strdup(r.body);
    char *v = strstr(tampered, "\"answer_sha256\":\"");
    cr_assert(v);
    v[17] = v[17] == '0' ? '1' : '0';
    p = post_json("/v1/receipts/replay", tampered);
    cr_assert_str_eq(jstr(p.json, "result"), "receipt_invalid", "%s", p.body);
    http_free(&p);
    free(tampered);
    http_free(&r);
}

/* A receipt of a question about the past (revision=N) states that revision and when it was
 * recorded, verifies, and replays as equal; a changed answer sent with it does not. */
Test(receipts, a_past_questions_receipt_replays_and_a_changed_answer_does_not, .init = start,
     .fini = stop, .timeout = 60)
{
    struct http r = check_200(srv.base, "Kaspersky", "as_of=2024-10-01&receipt=true");
    long long before = json_integer_value(json_object_get(r.json, "revision"));
    struct http p;
    /* the question asked again as known at the receipt's revision: a receipt of that past
     * answer states the same revision and the same instant, and verifies */
    char query[128];
    snprintf(query, sizeof query, "as_of=2024-10-01&receipt=true&revision=%lld", before);
    struct http past = check_200(srv.base, "Kaspersky", query);
    const json_t *prc = json_object_get(past.json, "receipt");
    cr_assert(prc, "%s", past.body);
    cr_assert_eq(json_integer_value(json_object_get(prc, "revision")), before);
    cr_assert(jstr(prc, "known_at"), "a past snapshot knows when its revision was made");
    cr_assert_str_eq(jstr(prc, "known_at"), jstr(json_object_get(r.json, "receipt"), "known_at"));
    char *res = verify_result(past.body);
    cr_assert_str_eq(res, "valid");
    free(res);
    /* replayed, the past question (its question states its known_at) gives the answer signed */
    cr_assert(jstr(json_object_get(prc, "question"), "known_at"), "%s", past.body);
    p = post_json("/v1/receipts/replay", past.body);
    cr_assert_str_eq(jstr(p.json, "result"), "equal", "%s", p.body);
    http_free(&p);
    /* an answer sent with its receipt is compared with the one signed, as /verify does */
    char *altered = strdup(past.body);
    char *verdict = strstr(altered, "\"verdict\":\"restricted\"");
    cr_assert(verdict, "%s", past.body);
    memcpy(verdict + strlen("\"verdict\":\""), "restrictes", 10);
    p = post_json("/v1/receipts/replay", altered);
    cr_assert_str_eq(jstr(p.json, "result"), "receipt_invalid", "%s", p.body);
    cr_assert_str_eq(jstr(json_object_get(p.json, "receipt"), "result"), "answer_mismatch", "%s",
                     p.body);
    http_free(&p);
    free(altered);
    http_free(&past);
    http_free(&r);
}

Test(receipts, a_retired_key_still_verifies_after_rotation, .init = start, .fini = stop,
     .timeout = 60)
{
    struct http a = check_200(srv.base, "Kaspersky", "receipt=true");
    const char *kid_a = jstr(json_object_get(a.json, "receipt"), "kid");
    /* a key signs from its not_before, to the second: B's must come after A's */
    nanosleep(&(struct timespec){1, 100000000}, NULL);
    make_key("b.json");
    cr_assert_eq(kill(srv.pid, SIGHUP), 0);
    char keys_url[128];
    snprintf(keys_url, sizeof keys_url, "%s/v1/keys", srv.base);
    size_t n = 0;
    for (int i = 0; i < 100 && n != 2; i++) {
        struct http k = http_get(keys_url);
        n = json_array_size(json_object_get(k.json, "keys"));
        http_free(&k);
        if (n != 2) nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    cr_assert_eq(n, 2u, "both keys are published after SIGHUP");
    struct http b = check_200(srv.base, "Kaspersky", "receipt=true");
    cr_assert_str_neq(jstr(json_object_get(b.json, "receipt"), "kid"), kid_a,
                      "the newer key signs");
    struct http v = post_json("/v1/receipts/verify", a.body);
    cr_assert_str_eq(jstr(v.json, "result"), "valid", "%s", v.body);
    cr_assert_str_eq(jstr(v.json, "key_status"), "retired", "%s", v.body);
    http_free(&v);
    http_free(&a);
    http_free(&b);
}

Test(receipts, bad_bodies_are_clear_problems_not_server_errors, .init = start, .fini = stop,
     .timeout = 60)
{
    static const struct {
        const char *path, *body;
        long status;
        const char *type;
    } cases[] = {
        {"/v1/receipts/verify", "{\"receipt\":", 400, "/problems/invalid-body"},
        {"/v1/receipts/verify", "{\"verdict\":\"clear\"}", 422, "/problems/validation-failed"},
        {"/v1/receipts/verify", "[1,2]", 422, "/problems/validation-failed"},
        {"/v1/receipts/verify", "{\"receipt\":{\"version\":1}}", 422,
         "/problems/validation-failed"},
        {"/v1/receipts/replay", "\"a string\"", 400, "/problems/invalid-body"},
        {"/v1/receipts/replay", "{\"receipt\":[]}", 422, "/problems/validation-failed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http r = post_json(cases[i].path, cases[i].body);
        cr_assert_eq(r.status, cases[i].status, "case %zu: %s", i, r.body);
        cr_assert_str_eq(jstr(r.json, "type"), cases[i].type, "case %zu", i);
        http_free(&r);
    }
    char url[256];
    snprintf(url, sizeof url, "%s/v1/check?name=Kaspersky&receipt=maybe", srv.base);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 400);
    http_free(&r);
    cr_assert(normal_check_ok(&srv));
    char *log = slurp(srv.log, true);
    cr_assert_null(strstr(log, "\"level\":\"error\""), "no server error logged: %s", log);
    free(log);
}

Test(receipts, without_keys_receipts_are_refused_and_none_published)
{
    struct http r = http_get(check_url(shared_url(), "Kaspersky", "receipt=true"));
    cr_assert_eq(r.status, 503, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "type"), "/problems/signing-unavailable");
    http_free(&r);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/keys", shared_url());
    struct http k = http_get(url);
    cr_assert_eq(k.status, 200);
    cr_assert_eq(json_array_size(json_object_get(k.json, "keys")), 0u);
    http_free(&k);
}
