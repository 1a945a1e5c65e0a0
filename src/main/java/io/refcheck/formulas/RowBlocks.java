package io.refcheck.formulas;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits the rows of a row-independent kernel (a matrix product, softmax cross-entropy, an
 * elementwise activation, whose rows are its elements) into
 * contiguous blocks run on up to {@value #PROPERTY} threads (a system property, default 1; the
 * benchmarks set it to libtorch's intra-op thread count). Every row is computed by the same code
 * in the same order whichever block holds it, so the results are identical bit for bit at any
 * thread count. Kernels below {@link #MIN_WORK} operations stay on the calling thread.
 */
final class RowBlocks {
    /** The system property that sets the thread count. */
    static final String PROPERTY = "refcheck.threads";
    /** About a millisecond of work: below it a second thread costs more than it saves. */
    static final long MIN_WORK = 1L << 21;

    /** A kernel over the rows [from, to). */
    interface Body {
        void run(int from, int to);
    }

    private RowBlocks() {
    }

    /** The thread count {@value #PROPERTY} asks for, at least 1. */
    static int threads() {
        return Math.max(1, Integer.getInteger(PROPERTY, 1));
    }

    /**
     * Runs {@code body} over [0, rows): in one call when one thread is asked for or the work
     * (about {@code workPerRow} operations a row) is small, else in {@link #threads()} contiguous
     * blocks, the first on the calling thread and the others in the common fork-join pool.
     */
    static void run(int rows, long workPerRow, Body body) {
        int blocks = Math.min(threads(), rows);
        if (blocks <= 1 || rows * workPerRow < MIN_WORK) {
            body.run(0, rows);
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[blocks - 1];
        for (int b = 1; b < blocks; b++) {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            others[b - 1] = ForkJoinPool.commonPool().submit(() -> body.run(from, to));
        }
        body.run(0, rows / blocks);
        for (ForkJoinTask<?> task : others) {
            task.join();
        }
    }
}
