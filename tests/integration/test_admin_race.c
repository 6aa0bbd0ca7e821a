/* Optimistic concurrency under a race: 20 clients replace the same ruling at once with the
 * same If-Match. Exactly one wins; the 19 others get 412 and the current version; the
 * audit trail holds exactly the one write. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_util.h"

#define CLIENTS 20
#define RULING "us-icts-fd-kaspersky-new-agreements"

struct racer {
    const char *base;
    char body[8192];
    pthread_barrier_t *start;
    long status;
    long long current_version;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start);
    struct http h =
        admin_do("PUT", r->base, "/v1/admin/rulings/" RULING, ADMIN_SECRET, "1", r->body);
    r->status = h.status;
    r->current_version = json_integer_value(json_object_get(h.json, "current_version"));
    http_free(&h);
    return NULL;
}

Test(admin_race, twenty_clients_one_if_match_one_winner, .timeout = 60)
{
    curl_global_init(CURL_GLOBAL_ALL);
    char *db = admin_db("race");
    struct server srv;
    cr_assert(server_start(&srv, db, (const char *const[]){"RESTRICTD_THREADS=4", NULL}, true));
    long long changes_before = sql_count(db, "SELECT count(*) FROM changes");

    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, CLIENTS);
    static struct racer racers[CLIENTS];
    pthread_t threads[CLIENTS];
    struct http cur =
        admin_do("GET", srv.base, "/v1/admin/rulings/" RULING, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(cur.status, 200);
    for (int i = 0; i < CLIENTS; i++) {
        /* Each client makes a different edit, so that the winner is visible in the data. */
        char note[64];
        snprintf(note, sizeof note, "edited by client %d", i);
        json_object_set_new(cur.json, "note", json_string(note));
        char *body = json_dumps(cur.json, 0);
        snprintf(racers[i].body, sizeof racers[i].body, "%s", body);
        free(body);
        racers[i].base = srv.base;
        racers[i].start = &start;
        cr_assert_eq(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
    }
    http_free(&cur);
    int ok = 0, stale = 0, winner = -1;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(threads[i], NULL);
        if (racers[i].status == 200) {
            ok++;
            winner = i;
        } else if (racers[i].status == 412) {
            stale++;
            cr_expect_eq(racers[i].current_version, 2, "412 names the current version");
        }
    }
    pthread_barrier_destroy(&start);
    cr_expect_eq(ok, 1, "exactly one PUT succeeds");
    cr_expect_eq(stale, CLIENTS - 1, "the others get 412");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes_before + 1,
                 "changes holds exactly the successful write");
    cr_expect_eq(sql_count(db, "SELECT version FROM rulings WHERE id = '" RULING "'"), 2);
    char want[64],
        *note = db_scalar(db, "SELECT after->>'note' FROM changes ORDER BY revision DESC LIMIT 1");
    snprintf(want, sizeof want, "edited by client %d", winner);
    cr_expect_str_eq(note, want, "the audit trail holds the winner's write");
    free(note);
    server_stop(&srv);
    free(db);
    curl_global_cleanup();
}
