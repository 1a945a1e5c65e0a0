package io.refcheck.catalog;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One bad input and what the formula must do with it: either the IEEE result PyTorch gives
 * ({@link Expectation#ieee}) or an IllegalArgumentException whose message names the argument and
 * the rule ({@link Expectation#rejects}). Every catalog entry covers every {@link Category}; a
 * category that cannot arise for an id is recorded with {@link #notApplicable} and its reason.
 *
 * <p>An IEEE bad input may also record {@link Deviation}s: what one engine running one of the
 * entry's forms gives instead of PyTorch's result, measured and explained.
 */
public record BadInput(Category category, String description, Tensors inputs, Expectation expected, List<Deviation> deviations) {

    public enum Category { NAN, INFINITY, EMPTY, SHAPE, DOMAIN }

    public BadInput {
        deviations = List.copyOf(deviations);
        if (!deviations.isEmpty() && !(expected instanceof Ieee)) {
            throw new IllegalArgumentException("deviations: only an IEEE bad input can have one (" + description + ")");
        }
    }

    public BadInput(Category category, String description, Tensors inputs, Expectation expected) {
        this(category, description, inputs, expected, List.of());
    }

    /** What must happen. */
    public sealed interface Expectation permits Rejects, Ieee, NotApplicable {
        static Expectation rejects(String argument, String ruleFragment) {
            return new Rejects(argument, ruleFragment);
        }

        /** The call returns and its outputs satisfy {@code check}; {@code why} says what PyTorch does. */
        static Expectation ieee(String why, Predicate<Tensors> check) {
            return new Ieee(why, check);
        }

        /** The expected outcome in one line, as {@code refcheck formulas --id} and docs/catalog.md print it. */
        String outcome();
    }

    /** IllegalArgumentException whose message starts with {@code argument} and contains {@code ruleFragment}. */
    public record Rejects(String argument, String ruleFragment) implements Expectation {
        @Override
        public String outcome() {
            return "IllegalArgumentException naming " + argument + ": \"" + ruleFragment + "\"";
        }
    }

    /** The documented IEEE result, as PyTorch gives it. */
    public record Ieee(String why, Predicate<Tensors> check) implements Expectation {
        @Override
        public String outcome() {
            return "IEEE result: " + why;
        }
    }

    /** This category cannot arise for the id, for the stated reason. */
    public record NotApplicable(String reason) implements Expectation {
        @Override
        public String outcome() {
            return "not applicable: " + reason;
        }
    }

    /**
     * What the engine named {@code engine}, in the dtypes {@code dtypes}, gives on this bad input
     * instead of PyTorch's IEEE result, and why: a kernel of that engine or an operator of the
     * entry's form for it behaves otherwise at this edge (ONNX leaves ReduceMean of an empty set
     * undefined, …). The conformance check still judges the item: the engine must give PyTorch's
     * result or exactly this one, and a deviation that shows is listed in the row's reason, never
     * counted as a pass.
     *
     * @param gives what the engine's outputs satisfy; empty when the engine raises instead of returning
     */
    public record Deviation(String engine, Set<Dtype> dtypes, String why, Optional<Predicate<Tensors>> gives) {
        /** The name ONNX Runtime's engine reports (io.refcheck.engine.OnnxRuntimeEngine.NAME; a test holds them equal). */
        public static final String ONNX_RUNTIME = "onnxruntime";
        private static final Set<Dtype> DTYPES = Set.of(Dtype.values());

        public Deviation {
            dtypes = Set.copyOf(dtypes);
            if (dtypes.isEmpty()) {
                throw new IllegalArgumentException("dtypes: must be float32 and/or float64, got none");
            }
        }

        /** ONNX Runtime, in float32 and float64, returns outputs that satisfy {@code gives}. */
        public static Deviation onnxRuntime(String why, Predicate<Tensors> gives) {
            return new Deviation(ONNX_RUNTIME, DTYPES, why, Optional.of(gives));
        }

        /** ONNX Runtime, in float32 and float64, raises instead of returning. */
        public static Deviation onnxRuntimeRaises(String why) {
            return new Deviation(ONNX_RUNTIME, DTYPES, why, Optional.empty());
        }

        /** The same deviation in {@code dtype} only. */
        public Deviation only(Dtype dtype) {
            return new Deviation(engine, Set.of(dtype), why, gives);
        }

        public boolean appliesTo(String engineName, Dtype dtype) {
            return engine.equals(engineName) && dtypes.contains(dtype);
        }
    }

    /** This bad input with one more deviation. */
    public BadInput deviatesOn(Deviation d) {
        List<Deviation> all = new ArrayList<>(deviations);
        all.add(d);
        return new BadInput(category, description, inputs, expected, all);
    }

    /** The deviation recorded for this engine and dtype, if any. */
    public Optional<Deviation> deviation(String engine, Dtype dtype) {
        return deviations.stream().filter(d -> d.appliesTo(engine, dtype)).findFirst();
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
