package io.refcheck.engine;

import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.KinkConvention;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.util.Set;

/**
 * Something that computes catalog formulas: plain Java, PyTorch through DJL, ONNX Runtime, a
 * high-precision oracle, or a user's own implementation. Engines are found with
 * {@link java.util.ServiceLoader} ({@link Engines#discover()}): put a jar with an implementation
 * and a {@code META-INF/services/io.refcheck.engine.Engine} file on the classpath and every check
 * runs against it too.
 */
public interface Engine extends Evaluator {

    /** Short stable name used in results: "plain-java", "pytorch", "onnxruntime", … */
    String name();

    /** The engine's own version string. */
    String version();

    /** Where it computes: "cpu", "cuda:0", … */
    default String device() {
        return "cpu";
    }

    /** The precision it computes in. */
    default Dtype dtype() {
        return Dtype.FLOAT64;
    }

    /** Whether it can run here, and if not, why; an unavailable engine never counts as a pass. */
    Availability availability();

    /** Whether this engine computes formula {@code id}. */
    boolean implementsFormula(String id);

    /**
     * The ids this engine says it implements, when it can list them; empty when it cannot (the
     * default). {@link #implementsFormula} stays the predicate the checks ask; this list is what the
     * engine claims, and every claimed id the catalog does not have gets a failing "catalog" row
     * (a misspelt or retired id would otherwise be skipped without a word).
     */
    default Set<String> declaredIds() {
        return Set.of();
    }

    /**
     * Whether this engine checks its inputs against the catalog's rules (probabilities on the
     * simplex, labels in range, matching shapes, …) and raises on input the reference rejects. The
     * "bad-input" check holds an engine that does to raising (any exception) on every such input, and
     * fails an input it accepts silently; for an engine that does not, those inputs are
     * not-applicable, and only the inputs whose result IEEE arithmetic defines (NaN, ±∞, empty, as
     * PyTorch gives them) are judged.
     */
    default boolean validatesInput() {
        return true;
    }

    /** Whether {@link #vjp} is implemented for {@code id}. */
    default boolean implementsGradient(String id) {
        return false;
    }

    /**
     * The alternative conventions this engine follows where a derivative is not unique (kinks,
     * ties, clamps, zero probabilities), by {@link KinkConvention#label()}: "relu'(0) = 1", …
     * The "kink" check then holds its gradient at each entry's {@link io.refcheck.catalog.Kink}
     * to the gradient that convention implies there, and to plain Java's reference convention
     * wherever it declares none. A label that is not a {@link KinkConvention} fails the check.
     * The default, no alternative: the engine follows plain Java's conventions everywhere.
     */
    default Set<String> conventions() {
        return Set.of();
    }

    @Override
    default Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        throw new UnsupportedOperationException(name() + " has no gradient for " + id);
    }

    /** Available or not, with the reason. */
    record Availability(boolean available, String reason) {
        public static Availability yes() {
            return new Availability(true, "");
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
