#include "lib/check.h"

#include <stdlib.h>

#include "lib/log.h"

void rd_assert_failed(const char *cond, const char *file, int line)
{
    log_msg(LOG_ERROR, "internal error: %s:%d: assertion failed: %s", file, line, cond);
    abort();
}
