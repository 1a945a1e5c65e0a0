package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What the accuracy measurement ({@code refcheck accuracy}) needs of an entry with an exact form,
 * besides the entry's samples: the kind of formula, which sets plain Java's target and the length
 * of the long inputs; those long inputs (a dense sweep of a scalar function, or inputs of up to
 * 10^6 elements for a reduction); where the formula is ill-conditioned, the scale of the error no
 * double-precision algorithm avoids; and for a loss whose per-element value matters on its own,
 * the inputs to split into one-element cases.
 */
public final class AccuracyCases {

    /** The kind of formula: plain Java's target in ulps and how long the long inputs are. */
    public enum Kind {
        /** Elementwise: held to 1 ulp; the long input is a sweep of the sweep length. */
        ELEMENTWISE,
        /** A reduction of sums and products: held to 4 ulps; long inputs of the sum length (10^6 in the report). */
        SUMS,
        /** A reduction that needs an exp or log per element in the oracle: 4 ulps; long inputs of the transcendental length. */
        TRANSCENDENTAL
    }

    /** One input, with a label that says where it came from. */
    public record Case(String label, Tensors inputs) {
    }

    /** The long inputs, drawn from {@code r}, of {@code n} elements (points of the sweep for {@link Kind#ELEMENTWISE}). */
    @FunctionalInterface
    public interface LongInputs {
        List<Case> draw(Random r, int n);
    }

    /**
     * The scale K of the error a careful double-precision algorithm cannot avoid, per element of
     * {@code output}: plain Java is then allowed 4u·K where that exceeds its ulp target.
     */
    @FunctionalInterface
    public interface Conditioning {
        double[] scale(Tensors inputs, String output);
    }

    private final Kind kind;
    private final LongInputs longInputs;
    private final Conditioning conditioning;
    private final List<String> elementInputs;

    private AccuracyCases(Kind kind, LongInputs longInputs, Conditioning conditioning, List<String> elementInputs) {
        this.kind = kind;
        this.longInputs = longInputs;
        this.conditioning = conditioning;
        this.elementInputs = elementInputs;
    }

    /** An elementwise formula, with its sweep. */
    public static AccuracyCases elementwise(LongInputs sweep) {
        return new AccuracyCases(Kind.ELEMENTWISE, sweep, null, List.of());
    }

    /** A reduction of sums and products, with its long inputs. */
    public static AccuracyCases sums(LongInputs longInputs) {
        return new AccuracyCases(Kind.SUMS, longInputs, null, List.of());
    }

    /** A reduction with an exp or log per element, with its long inputs. */
    public static AccuracyCases transcendental(LongInputs longInputs) {
        return new AccuracyCases(Kind.TRANSCENDENTAL, longInputs, null, List.of());
    }

    /** These cases, with the scale K where the formula is ill-conditioned. */
    public AccuracyCases conditioning(Conditioning k) {
        return new AccuracyCases(kind, longInputs, k, elementInputs);
    }

    /**
     * These cases, and a per-element check: one-element inputs taken from the same element of each
     * of {@code inputs} (elementwise inputs of equal shape) of the cases, held to 1 ulp.
     */
    public AccuracyCases perElement(String... inputs) {
        return new AccuracyCases(kind, longInputs, conditioning, List.copyOf(Arrays.asList(inputs)));
    }

    public Kind kind() {
        return kind;
    }

    public LongInputs longInputs() {
        return longInputs;
    }

    public Optional<Conditioning> conditioning() {
        return Optional.ofNullable(conditioning);
    }

    /** The inputs of the per-element check, or empty where there is none. */
    public List<String> elementInputs() {
        return elementInputs;
    }
}
