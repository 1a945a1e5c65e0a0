package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link RowBlocks} shares rows out: one call on the calling thread below {@link RowBlocks#MIN_WORK}
 * operations or with one thread, else {@code threads} contiguous blocks that cover every row once.
 */
class RowBlocksTest {
    /** The [from, to) blocks {@link RowBlocks#run} hands the body, in order of from, with {@code threads} asked for. */
    private static List<List<Integer>> blocks(int threads, int rows, long workPerRow) {
        List<List<Integer>> calls = new ArrayList<>();
        MatricesTest.withThreads(threads, () -> {
            RowBlocks.run(rows, workPerRow, (from, to) -> {
                synchronized (calls) {
                    calls.add(List.of(from, to));
                }
            });
            return null;
        });
        calls.sort((p, q) -> Integer.compare(p.get(0), q.get(0)));
        return calls;
    }

    @Test
    void workOfAtLeastMinWorkIsSplitIntoOneContiguousBlockPerThread() {
        // exactly MIN_WORK operations: split
        assertEquals(List.of(List.of(0, 2), List.of(2, 4)), blocks(2, 4, RowBlocks.MIN_WORK / 4));
        // two rows of MIN_WORK each over three threads: no more blocks than rows
        assertEquals(List.of(List.of(0, 1), List.of(1, 2)), blocks(3, 2, RowBlocks.MIN_WORK));
        assertEquals(List.of(List.of(0, 2), List.of(2, 4), List.of(4, 7)), blocks(3, 7, RowBlocks.MIN_WORK));
    }

    @Test
    void workBelowMinWorkOrOneThreadStaysOneCallOverEveryRow() {
        assertEquals(List.of(List.of(0, 4)), blocks(2, 4, RowBlocks.MIN_WORK / 4 - 1));
        assertEquals(List.of(List.of(0, 4)), blocks(1, 4, RowBlocks.MIN_WORK));
        assertEquals(List.of(List.of(0, 4)), blocks(0, 4, RowBlocks.MIN_WORK));
    }
}
