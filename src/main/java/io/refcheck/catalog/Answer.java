package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An engine's answer to one sample of a batch ({@link Evaluator#evaluateAll}, {@link Evaluator#vjpAll}):
 * its tensors, or the exception that sample raised. A batch keeps each sample's outcome apart, so a
 * check reads sample i's answer at the point where it used to call the engine and sees the same
 * tensors or the same exception ({@link #get()} rethrows it).
 *
 * @param value the tensors, null when the sample raised
 * @param error what the sample raised, null when it answered
 */
public record Answer(Tensors value, RuntimeException error) {

    public Answer {
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("an answer is either tensors or an exception, exactly one");
        }
    }

    public static Answer of(Tensors value) {
        return new Answer(Objects.requireNonNull(value, "value"), null);
    }

    public static Answer raised(RuntimeException error) {
        return new Answer(null, Objects.requireNonNull(error, "error"));
    }

    /** The answer of one call: its tensors, or the runtime exception it raised (errors propagate). */
    public static Answer of(Supplier<Tensors> call) {
        try {
            return of(call.get());
        } catch (RuntimeException e) {
            return raised(e);
        }
    }

    /** The tensors; raises the sample's exception, as the single call would have. */
    public Tensors get() {
        if (error != null) {
            throw error;
        }
        return value;
    }

    public boolean ok() {
        return error == null;
    }
}
