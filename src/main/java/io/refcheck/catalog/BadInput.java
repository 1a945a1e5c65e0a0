package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.function.Predicate;

/**
 * One bad input and what the formula must do with it: either the IEEE result PyTorch gives
 * ({@link Expectation#ieee}) or an IllegalArgumentException whose message names the argument and
 * the rule ({@link Expectation#rejects}). Every catalog entry covers every {@link Category}; a
 * category that cannot arise for an id is recorded with {@link #notApplicable} and its reason.
 */
public record BadInput(Category category, String description, Tensors inputs, Expectation expected) {

    public enum Category { NAN, INFINITY, EMPTY, SHAPE, DOMAIN }

    /** What must happen. */
    public sealed interface Expectation permits Rejects, Ieee, NotApplicable {
        static Expectation rejects(String argument, String ruleFragment) {
            return new Rejects(argument, ruleFragment);
        }

        /** The call returns and its outputs satisfy {@code check}; {@code why} says what PyTorch does. */
        static Expectation ieee(String why, Predicate<Tensors> check) {
            return new Ieee(why, check);
        }
    }

    /** IllegalArgumentException whose message starts with {@code argument} and contains {@code ruleFragment}. */
    public record Rejects(String argument, String ruleFragment) implements Expectation {
    }

    /** The documented IEEE result, as PyTorch gives it. */
    public record Ieee(String why, Predicate<Tensors> check) implements Expectation {
    }

    /** This category cannot arise for the id, for the stated reason. */
    public record NotApplicable(String reason) implements Expectation {
    }

    public static BadInput rejects(Category c, String description, Tensors inputs, String argument, String ruleFragment) {
        return new BadInput(c, description, inputs, new Rejects(argument, ruleFragment));
    }

    public static BadInput ieee(Category c, String description, Tensors inputs, String why, Predicate<Tensors> check) {
        return new BadInput(c, description, inputs, new Ieee(why, check));
    }

    public static BadInput notApplicable(Category c, String reason) {
        return new BadInput(c, reason, Tensors.empty(), new NotApplicable(reason));
    }
}
