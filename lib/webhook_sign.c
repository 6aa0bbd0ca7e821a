/* Standard Webhooks signatures (lib/webhook_sign.h). */
#include "lib/webhook_sign.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#define SECRET_PREFIX "whsec_"
enum { KEY_BYTES = 32, KEY_MAX = 64 };

bool webhook_secret_new(char out[WEBHOOK_SECRET_MAX])
{
    unsigned char key[KEY_BYTES];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom(key + got, sizeof key - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        got += (size_t)n;
    }
    memcpy(out, SECRET_PREFIX, sizeof SECRET_PREFIX - 1);
    EVP_EncodeBlock((unsigned char *)out + sizeof SECRET_PREFIX - 1, key, KEY_BYTES);
    return true;
}

/* The key bytes of a "whsec_<base64>" secret; 0 when it is none. */
static size_t secret_key(const char *secret, unsigned char key[KEY_MAX])
{
    size_t plen = sizeof SECRET_PREFIX - 1;
    if (strncmp(secret, SECRET_PREFIX, plen) != 0) return 0;
    const char *b64 = secret + plen;
    size_t n = strlen(b64);
    if (n == 0 || n % 4 || n / 4 * 3 > KEY_MAX) return 0;
    int len = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)n);
    if (len <= 0) return 0;
    /* EVP_DecodeBlock counts the padding as zero bytes */
    if (b64[n - 1] == '=') len--;
    if (b64[n - 2] == '=') len--;
    return (size_t)len;
}

bool webhook_sign(const char *secret, const char *id, int64_t timestamp, const char *body,
                  size_t len, char out[WEBHOOK_SIGNATURE_MAX])
{
    unsigned char key[KEY_MAX], mac[EVP_MAX_MD_SIZE];
    size_t klen = secret_key(secret, key);
    if (!klen) return false;
    char head[200];
    int hn = snprintf(head, sizeof head, "%s.%" PRId64 ".", id, timestamp);
    if (hn < 0 || (size_t)hn >= sizeof head) return false;
    size_t mlen = 0;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    bool ok = ctx && EVP_MAC_init(ctx, key, klen, params) &&
              EVP_MAC_update(ctx, (const unsigned char *)head, (size_t)hn) &&
              EVP_MAC_update(ctx, (const unsigned char *)body, len) &&
              EVP_MAC_final(ctx, mac, &mlen, sizeof mac);
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(hmac);
    if (!ok || mlen != 32) return false;
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)mlen);
    return true;
}
