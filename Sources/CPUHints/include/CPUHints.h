#ifndef LIAISON_CPU_HINTS_H
#define LIAISON_CPU_HINTS_H

/// Asks the CPU to start loading the cache line holding `address` for a read that comes soon.
///
/// Swift has no prefetch instruction; this header gives the analytics module one (Swift imports and
/// inlines a `static inline` C function). It is a hint: it never faults, whatever `address` is, and
/// changes no result. PageRank's passes gather one score per link from anywhere in the score vector;
/// prefetching the score 128 links ahead made a pass over the 1 M-expert network's 8 M links 2.3 times
/// faster in C on this project's benchmark machine (README, Performance), the loads otherwise waiting
/// on the cache one after another. The readers also ask for the id-table slot of the next row's id
/// (ByteInterner.prefetch), and the rows of `rank` ask for each expert's record 16 rows ahead.
static inline void liaison_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
