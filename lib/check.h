#ifndef LIB_CHECK_H
#define LIB_CHECK_H
/*
 * Internal invariants: what the code relies on and no input can break.
 *
 * RD_ASSERT(cond) stays in release builds, for cheap checks where going on would misuse
 * memory (an index out of range, a reference count below zero, a buffer past its end):
 * it logs "file:line: cond" at error level (lib/log.h) and aborts. Expensive checks use
 * assert(), which NDEBUG removes. Never for input: bad input is an error answer.
 */
#define RD_ASSERT(cond)                                                                            \
    (__builtin_expect(!!(cond), 1) ? (void)0 : rd_assert_failed(#cond, __FILE__, __LINE__))

_Noreturn void rd_assert_failed(const char *cond, const char *file, int line);

#endif
