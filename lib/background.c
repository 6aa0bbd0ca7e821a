/* A lower priority for the calling thread (lib/background.h). */
#include "lib/background.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BACKGROUND_NICE 10

void thread_run_in_background(void)
{
    /* on Linux a nice value is a thread's own: PRIO_PROCESS with the thread's id */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), BACKGROUND_NICE);
}
