#ifndef LIB_WEBHOOK_SIGN_H
#define LIB_WEBHOOK_SIGN_H
/*
 * Signing webhooks as the Standard Webhooks specification describes
 * (https://www.standardwebhooks.com/): the signed content is
 * "<webhook-id>.<webhook-timestamp>.<body>", the key is the secret's "whsec_" prefix
 * removed and the rest base64-decoded, and the webhook-signature header is
 * "v1," + base64 (standard alphabet, padded) of HMAC-SHA256(key, content).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

#define WEBHOOK_SECRET_MAX 64    /* "whsec_" + base64 of 32 bytes, with the NUL */
#define WEBHOOK_SIGNATURE_MAX 64 /* "v1," + 44 characters, with the NUL */

/* A new secret, "whsec_" + base64 of 32 random bytes (getrandom). False on failure. */
bool webhook_secret_new(char out[WEBHOOK_SECRET_MAX]) RD_MUST_CHECK;

/* The webhook-signature value of `body` sent as message `id` at unix second `timestamp`.
 * False when the secret is not "whsec_" + base64 or HMAC fails. */
bool webhook_sign(const char *secret, const char *id, int64_t timestamp, const char *body,
                  size_t len, char out[WEBHOOK_SIGNATURE_MAX]) RD_MUST_CHECK;

#endif
