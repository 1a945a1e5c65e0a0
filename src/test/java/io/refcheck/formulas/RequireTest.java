package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.refcheck.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The preconditions themselves: what each accepts at its edges and what its message says. */
class RequireTest {
    private static void assertMessage(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void anEmptyTensorIsRejectedAndAOneElementTensorIsNot() {
        assertMessage("x: must not be empty, shape [0]", () -> Require.nonEmpty("x", Tensor.vector()));
        assertDoesNotThrow(() -> Require.nonEmpty("x", Tensor.scalar(0)));
    }

    @Test
    void notNaNNamesTheFirstNaNElementAndLetsInfinityThrough() {
        assertMessage("x: must not contain NaN (element 2)", () -> Require.notNaN("x", Tensor.vector(1, 2, Double.NaN)));
        assertMessage("x: must not contain NaN (element 0)", () -> Require.notNaN("x", Tensor.vector(Double.NaN, 1)));
        assertDoesNotThrow(() -> Require.notNaN("x", Tensor.vector(Double.POSITIVE_INFINITY, -0.0)));
    }

    @Test
    void finiteRejectsNaNAndBothInfinitiesAndNamesTheElement() {
        assertMessage("x: must be finite, element 1 is Infinity", () -> Require.finite("x", Tensor.vector(0, Double.POSITIVE_INFINITY)));
        assertMessage("x: must be finite, element 0 is NaN", () -> Require.finite("x", Tensor.vector(Double.NaN)));
        assertMessage("x: must be finite, element 2 is -Infinity",
                () -> Require.finite("x", Tensor.vector(1, 2, Double.NEGATIVE_INFINITY)));
        assertDoesNotThrow(() -> Require.finite("x", Tensor.vector(Double.MAX_VALUE, -Double.MAX_VALUE)));
        assertMessage("h: must be finite, got NaN", () -> Require.finite("h", Double.NaN));
        assertDoesNotThrow(() -> Require.finite("h", -Double.MAX_VALUE));
    }

    @Test
    void aClosedIntervalHoldsBothEndsAndNothingBeyondThem() {
        assertDoesNotThrow(() -> Require.inClosed("p", 0, 0, 1));
        assertDoesNotThrow(() -> Require.inClosed("p", 1, 0, 1));
        assertMessage("p: must lie in [0.0, 1.0], got -0.5", () -> Require.inClosed("p", -0.5, 0, 1));
        assertMessage("p: must lie in [0.0, 1.0], got 1.5", () -> Require.inClosed("p", 1.5, 0, 1));
        assertMessage("p: must lie in [0.0, 1.0], got NaN", () -> Require.inClosed("p", Double.NaN, 0, 1));
    }
}
