package io.refcheck.catalog;

import java.util.Locale;
import java.util.Objects;

/**
 * One named input or output of a formula: what a caller passes or gets back under that name.
 *
 * <p>Every input and every output is an {@link io.refcheck.tensor.Tensor}, a tensor of doubles, in
 * an {@link io.refcheck.tensor.Tensors} keyed by {@link #name()}:
 * {@code Tensors.of("logits", z, "labels", c)}. Integer values (labels, class indices, activation
 * codes, seeds) are doubles holding integers ({@link Kind#INTEGER}); a hyperparameter (a learning
 * rate, p of a norm) is a 0-d tensor, {@code Tensor.scalar(0.1)} or simply the number 0.1 in
 * {@code Tensors.of} ({@link Kind#HYPERPARAMETER}, {@link Kind#INTEGER_HYPERPARAMETER}).
 *
 * @param name           the exact name in {@code Tensors}
 * @param direction      input or output
 * @param differentiable an input: the gradient checks differentiate with respect to it and an
 *                       engine's vjp returns a gradient for it; an output: the formula has a vjp
 *                       and the output's cotangent enters it (integer outputs never do: their
 *                       derivative is 0 wherever it exists)
 * @param shape          the shape in symbols (see {@link Shape}): {@code [N, C]}, {@code []}
 * @param kind           real values, integers carried as doubles, or a 0-d hyperparameter
 * @param optional       an input a call may leave out (an MLP's third layer); outputs never are
 * @param domain         what the values may be, in words: "rows on the simplex", "p ≥ 1"
 */
public record Port(String name, Direction direction, boolean differentiable, Shape shape, Kind kind, boolean optional,
                   String domain) {

    /** Whether a port is passed in or given back. */
    public enum Direction {
        IN, OUT;

        /** "in" or "out", as tables and JSON write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the doubles of a port hold. */
    public enum Kind {
        /** Real values of any magnitude the domain allows. */
        REAL("real", "real values"),
        /** Integers carried as doubles: labels, class indices, masks, signs, counts. */
        INTEGER("integer", "integer values carried as doubles (labels, class indices, masks)"),
        /** A 0-d real hyperparameter: a learning rate, p of a norm, a probability. */
        HYPERPARAMETER("hyperparameter", "a 0-d real hyperparameter (a learning rate, p of a norm)"),
        /** A 0-d integer hyperparameter carried as a double: a count, a code, a seed, a step number. */
        INTEGER_HYPERPARAMETER("integer hyperparameter", "a 0-d integer hyperparameter carried as a double (a count, code or seed)");

        private final String label;
        private final String meaning;

        Kind(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        /** The short name tables and JSON use: "real", "integer", "hyperparameter", "integer hyperparameter". */
        public String label() {
            return label;
        }

        /** What it means, in a phrase. */
        public String meaning() {
            return meaning;
        }

        /** Every value is an integer (held as a double). */
        public boolean integer() {
            return this == INTEGER || this == INTEGER_HYPERPARAMETER;
        }

        /** A 0-d setting of the formula rather than data. */
        public boolean hyperparameter() {
            return this == HYPERPARAMETER || this == INTEGER_HYPERPARAMETER;
        }
    }

    public Port {
        Objects.requireNonNull(name);
        Objects.requireNonNull(direction);
        Objects.requireNonNull(shape);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(domain);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: a port needs a name");
        }
        if (kind.hyperparameter() && !shape.scalar()) {
            throw new IllegalArgumentException(name + ": a hyperparameter is 0-d, declared " + shape);
        }
        if (kind.integer() && differentiable) {
            throw new IllegalArgumentException(name + ": integer values cannot be differentiated");
        }
        if (kind.hyperparameter() && differentiable) {
            throw new IllegalArgumentException(name + ": a hyperparameter is never differentiated");
        }
        if (optional && direction == Direction.OUT) {
            throw new IllegalArgumentException(name + ": an output is always given back, it cannot be optional");
        }
    }

    /** A real input tensor the formula is differentiated with respect to. */
    public static Port differentiable(String name, String shape, String domain) {
        return new Port(name, Direction.IN, true, Shape.parse(shape), Kind.REAL, false, domain);
    }

    /** A real input that is never differentiated (targets, parameters of a training run). */
    public static Port fixed(String name, String shape, String domain) {
        return new Port(name, Direction.IN, false, Shape.parse(shape), Kind.REAL, false, domain);
    }

    /** An input of integers carried as doubles: labels, class indices, row indices. */
    public static Port integers(String name, String shape, String domain) {
        return new Port(name, Direction.IN, false, Shape.parse(shape), Kind.INTEGER, false, domain);
    }

    /** A 0-d real hyperparameter input: a learning rate, p of a norm. */
    public static Port hyperparameter(String name, String domain) {
        return new Port(name, Direction.IN, false, Shape.SCALAR, Kind.HYPERPARAMETER, false, domain);
    }

    /** A 0-d integer hyperparameter input: a count, an activation code, a seed. */
    public static Port integerHyperparameter(String name, String domain) {
        return new Port(name, Direction.IN, false, Shape.SCALAR, Kind.INTEGER_HYPERPARAMETER, false, domain);
    }

    /** An output; whether it is differentiable follows from the entry (see {@link #differentiable()}). */
    public static Port output(String name, String shape, Kind kind, String domain) {
        return new Port(name, Direction.OUT, false, Shape.parse(shape), kind, false, domain);
    }

    /** The same input, which a call may leave out. */
    public Port optionally() {
        return new Port(name, direction, differentiable, shape, kind, true, domain);
    }

    /** The same port with differentiability {@code d}. */
    Port withDifferentiable(boolean d) {
        return new Port(name, direction, d, shape, kind, optional, domain);
    }
}
