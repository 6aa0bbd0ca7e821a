#ifndef SERVER_SIGNING_H
#define SERVER_SIGNING_H
/* The keys receipts are signed with (lib/keyring.h), from RESTRICTD_SIGNING_KEYS. */
#include <stdbool.h>

#include "server/config.h"

/* Loads the keys and makes them the process's (none configured: an empty keyring). False
 * (said in the log) when they cannot be read: the keys in use before stay. */
bool signing_load(const struct config *cfg);

#endif
