/* The server's signing keys: loaded at start and on SIGHUP (server/signing.h). */
#include "server/signing.h"

#include "lib/keyring.h"
#include "lib/timeutil.h"
#include "server/log.h"

bool signing_load(const struct config *cfg)
{
    struct rd_error err = {0};
    struct keyring *kr = NULL;
    if (!keys_init()) {
        log_msg(LOG_ERROR, "libsodium cannot start: no receipts");
        return false;
    }
    if (!cfg->signing_keys || !*cfg->signing_keys) {
        kr = keyring_empty();
    } else if (!keyring_load(cfg->signing_keys, &kr, &err)) {
        log_msg(LOG_ERROR, "RESTRICTD_SIGNING_KEYS: %s", err.message);
        return false;
    }
    if (!kr) return false;
    const struct signing_key *active = keyring_active(kr, rd_now());
    struct log_line l;
    if (log_begin(&l, LOG_INFO, "signing keys loaded")) {
        log_int(&l, "keys", (long long)kr->n);
        log_str(&l, "active_kid", active ? active->kid : "");
        log_end(&l);
    }
    keyring_publish(kr);
    return true;
}
