package io.refcheck.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * The named conventions an engine may follow at a {@link Kink} instead of plain Java's reference
 * one. An engine states those it follows by {@link #label()} in
 * {@code io.refcheck.engine.Engine#conventions()}; an entry's kink gives, for each convention that
 * applies there, the gradient it implies, and the "kink" check then holds the engine to that.
 */
public enum KinkConvention {
    /** relu'(0) = 1: the gradient passes where z ≥ 0 (the right derivative), not only where z &gt; 0. */
    RELU_PRIME_ZERO_IS_ONE("relu'(0) = 1", "relu passes the gradient where z >= 0, the right derivative at the kink"),
    /**
     * At a zero probability the gradient is what autograd of the log/xlogy composition gives:
     * log'(0) = ∞ times a zero weight is 0·∞ = NaN, xlogy's ∂/∂y = x/y is 0/0 = NaN at x = y = 0,
     * and xlogy's ∂/∂x is masked to 0 where x = 0 and y ≤ 0 (PyTorch's derivatives.yaml), where the
     * reference masks the identically zero term or states the one-sided limit.
     */
    AUTOGRAD_AT_ZERO_PROBABILITY("autograd at a zero probability",
            "gradients at a probability of exactly 0 are autograd's through log and xlogy: 0·inf and 0/0 give NaN, "
                    + "xlogy(0, y <= 0) has d/dx masked to 0");

    private final String label;
    private final String meaning;

    KinkConvention(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** The name an engine declares: "relu'(0) = 1", … */
    public String label() {
        return label;
    }

    /** What following it means, in a sentence. */
    public String meaning() {
        return meaning;
    }

    /** The convention with this label, if there is one. */
    public static Optional<KinkConvention> byLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }

    /** Every label, for messages that list the known ones. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(c -> "'" + c.label + "'").toList());
    }
}
