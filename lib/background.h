#ifndef LIB_BACKGROUND_H
#define LIB_BACKGROUND_H
/*
 * Background work (re-evaluating portfolios) shares the cores with the threads that answer
 * checks: the calling thread is given a lower priority (nice 10, Linux sets it per thread),
 * so that checks keep their throughput while it runs and it takes what is left.
 */

/* Lowers the calling thread's priority; a failure (not permitted) leaves it as it was. */
void thread_run_in_background(void);

#endif
