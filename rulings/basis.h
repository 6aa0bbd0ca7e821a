#ifndef RULINGS_BASIS_H
#define RULINGS_BASIS_H
/*
 * What an answer was computed from, in transaction time: the data revision, and the
 * instant the question said it was asked "as known at". Every read that answers a question
 * has one (server/request.h, req_basis); an answer states it, and a signed receipt can
 * state it in turn. Valid time (as_of) is the question's own.
 */
#include <stdbool.h>
#include <stdint.h>

struct answer_basis {
    int64_t revision; /* the data revision the snapshot holds (X-Data-Revision) */
    /* A question about the past (known_at= or revision= given): the answer states it. */
    bool past;
    bool by_revision;    /* revision= asked (else known_at=) */
    int64_t known_at_us; /* microseconds since 1970: the instant asked, or for revision=N
                            the instant revision N was recorded */
    bool final;          /* later writes cannot change it (ETag and Cache-Control say so) */
};

#endif
