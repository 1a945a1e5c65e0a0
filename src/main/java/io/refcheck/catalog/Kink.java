package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A point where a formula's derivative is not unique, or not finite, so that engines may differ
 * there by convention rather than by error: a kink (relu at 0, |x| at 0), a tie (the largest
 * magnitudes of ‖x‖_∞), a clamp (bce's log at ŷ ∈ {0, 1}) or a zero probability (0·log 0).
 * Gradient samples keep away from such points, since finite differences mean nothing there; the
 * "kink" check evaluates every engine's gradient exactly on them instead.
 *
 * @param name         the point as failures name it: "relu'(0)"
 * @param points       samples that sit exactly on it: a handful of tiny tensors
 * @param reference    the convention plain Java follows there, with the gradient it implies
 * @param alternatives other conventions an engine may follow there, each with the gradient it implies
 */
public record Kink(String name, List<Tensors> points, Reference reference, List<Alternative> alternatives) {

    public Kink {
        Objects.requireNonNull(name);
        points = List.copyOf(points);
        alternatives = List.copyOf(alternatives);
    }

    /**
     * Plain Java's convention at the kink: {@code rule} in words (what {@link Formula#vjp} computes
     * there, and who else does so) and {@code vjp}, the vector–Jacobian product it implies at the
     * points, written out apart from the entry's own vjp so that plain Java's "kink" row can hold
     * the entry's vjp to its declaration.
     */
    public record Reference(String rule, Formula.Vjp vjp) {
        public Reference {
            Objects.requireNonNull(rule);
            Objects.requireNonNull(vjp);
        }
    }

    /**
     * Another convention at the kink: the vector–Jacobian product an engine that follows
     * {@code convention} gives at the points, and its value there when the convention changes the
     * value too ({@code value} null: the formula's own value, as for relu, whose value at 0 is 0
     * whatever its derivative there).
     */
    public record Alternative(KinkConvention convention, String rule, Formula.Vjp vjp, Formula.Compute value) {
        public Alternative {
            Objects.requireNonNull(convention);
            Objects.requireNonNull(rule);
            Objects.requireNonNull(vjp);
        }

        /** The value the convention implies, if it differs from the formula's. */
        public Optional<Formula.Compute> valueIfChanged() {
            return Optional.ofNullable(value);
        }
    }

    /** A kink at these points; {@link #reference} must follow before the entry is built. */
    public static Kink at(String name, Tensors... points) {
        return new Kink(name, List.of(points), null, List.of());
    }

    /** The same kink with plain Java's convention stated. */
    public Kink reference(String rule, Formula.Vjp vjp) {
        return new Kink(name, points, new Reference(rule, vjp), alternatives);
    }

    /** The same kink with one more convention an engine may follow there. */
    public Kink or(KinkConvention convention, String rule, Formula.Vjp vjp) {
        return or(convention, rule, vjp, null);
    }

    /** The same kink with one more convention, which also changes the value at the points to {@code value}. */
    public Kink or(KinkConvention convention, String rule, Formula.Vjp vjp, Formula.Compute value) {
        List<Alternative> more = new ArrayList<>(alternatives);
        more.add(new Alternative(convention, rule, vjp, value));
        return new Kink(name, points, reference, more);
    }

    /** The alternative for {@code convention}, if this kink has one. */
    public Optional<Alternative> alternative(KinkConvention convention) {
        return alternatives.stream().filter(a -> a.convention() == convention).findFirst();
    }
}
