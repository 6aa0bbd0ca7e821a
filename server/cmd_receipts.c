/* restrictd key create and restrictd verify: signing keys and receipts, no database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/keyring.h"
#include "lib/timeutil.h"
#include "rulings/receipt.h"
#include "server/commands.h"

int cmd_key(int argc, char **argv)
{
    const char *out = NULL;
    int64_t not_before = 0;
    if (argc < 1 || strcmp(argv[0], "create") != 0) goto usage;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--not-before") == 0 && i + 1 < argc) {
            if (!rd_time_parse_instant(argv[++i], &not_before)) goto usage;
        } else {
            goto usage;
        }
    }
    char kid[KEY_KID_BUFSZ];
    struct rd_error err = {0};
    if (!keys_init() || !key_create(out, not_before, kid, &err)) {
        fprintf(stderr, "restrictd key create: %s\n", err.message[0] ? err.message : "libsodium");
        return 1;
    }
    if (out) fprintf(stderr, "created key %s in %s (mode 0600)\n", kid, out);
    return 0;
usage:
    fprintf(stderr, "usage: restrictd key create [--out FILE] [--not-before RFC3339]\n");
    return 2;
}

static json_t *load_document(const char *path)
{
    json_error_t je;
    json_t *doc = strcmp(path, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &je)
                                         : json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        fprintf(stderr, "invalid: malformed: %s is not JSON (line %d: %s)\n", path, je.line,
                je.text);
    return doc;
}

int cmd_verify(int argc, char **argv)
{
    const char *file = NULL, *keys = getenv("RESTRICTD_SIGNING_KEYS");
    int keys_given = 0;
    for (int i = 0; i < argc; i++) {
        if ((strcmp(argv[i], "--keys") == 0 || strcmp(argv[i], "--jwks") == 0) && i + 1 < argc)
            keys = argv[++i], keys_given++;
        else if (!file && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
            file = argv[i];
        else
            file = NULL, i = argc;
    }
    if (!file || !keys || !*keys || keys_given > 1) {
        fprintf(stderr, "usage: restrictd verify FILE|- [--keys KEYFILE|DIR | --jwks JWKS_FILE]\n"
                        "       (default keys: RESTRICTD_SIGNING_KEYS)\n");
        return 2;
    }
    struct keyring *kr = NULL;
    struct rd_error err = {0};
    if (!keys_init() || !keyring_load(keys, &kr, &err)) {
        fprintf(stderr, "restrictd verify: cannot load the keys: %s\n", err.message);
        return 2;
    }
    /* a file that cannot be read is a usage fault (2), not a receipt found invalid (1) */
    struct stat st;
    bool unreadable = strcmp(file, "-") != 0 && (access(file, R_OK) != 0 || stat(file, &st) != 0);
    if (!unreadable && strcmp(file, "-") != 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        unreadable = true;
    }
    if (unreadable) {
        fprintf(stderr, "restrictd verify: cannot read %s: %s\n", file, strerror(errno));
        keyring_release(kr);
        return 2;
    }
    json_t *doc = load_document(file);
    int rc = 1;
    if (doc) {
        struct receipt_check rc_out;
        receipt_verify(doc, kr, false, &rc_out);
        if (rc_out.fault == RECEIPT_VALID) {
            printf("valid: kid %s, revision %lld, answer_sha256 %s\n", rc_out.kid,
                   (long long)rc_out.revision, rc_out.signed_sha256);
            rc = 0;
        } else {
            printf("invalid: %s: %s\n", receipt_fault_code(rc_out.fault), rc_out.detail);
        }
        json_decref(doc);
    }
    keyring_release(kr);
    return rc;
}
