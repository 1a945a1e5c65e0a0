package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/**
 * The project's rule for bad input, as an assertion: the call throws an IllegalArgumentException whose
 * message starts with the argument's name and states the rule it broke ({@code "z: must have rank 2, shape [2]"}).
 */
final class Rejections {
    private Rejections() {
    }

    /** {@code call} throws an IllegalArgumentException whose message starts with {@code argument + ":"} and contains {@code rule}. */
    static void assertRejects(String argument, String rule, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                () -> "expected " + argument + " to be rejected: " + rule);
        assertTrue(e.getMessage().startsWith(argument + ":") && e.getMessage().contains(rule),
                () -> "expected '" + argument + ": …" + rule + "…', got: " + e.getMessage());
    }

    /** A bad argument: which one, the rule it breaks, and a call that passes it. */
    record Case(String argument, String rule, Executable call) {
        @Override
        public String toString() {
            return argument + ": " + rule;
        }
    }
}
