package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.tensor.Dtype;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static CheckResult row(Status status) {
        return new CheckResult("relu", "activation", "plain-java", Dtype.FLOAT64, "cpu", Check.VALUE, status, 0, 0, 0, 0, 0, 0, 1, "");
    }

    @Test
    void aRunWithNoRowsJudgedIsNotGreen() {
        assertEquals(Optional.of("no row was judged (0 passed, 0 failed): nothing was checked"), Selection.nothingJudged(List.of()));
        assertTrue(Selection.nothingJudged(List.of(row(Status.NOT_APPLICABLE), row(Status.UNAVAILABLE))).isPresent());
    }

    @Test
    void oneJudgedRowIsEnough() {
        assertTrue(Selection.nothingJudged(List.of(row(Status.NOT_APPLICABLE), row(Status.FAIL))).isEmpty());
        assertTrue(Selection.nothingJudged(List.of(row(Status.PASS))).isEmpty());
    }
}
