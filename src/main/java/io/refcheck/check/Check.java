package io.refcheck.check;

import java.util.Arrays;

/**
 * The checks a result row ({@link CheckResult}) can come from, in the order the report shows them
 * within one id and column (the declaration order is that order); the labels are those the report,
 * the CLI and conformance.json show.
 */
public enum Check {
    /** The engine's outputs against the worked examples and plain Java's values on the samples. */
    VALUE("value"),
    /** The engine's vector–Jacobian products against finite differences or plain Java's. */
    GRADIENT("gradient"),
    /** The gradient exactly at the points where the derivative is not unique. */
    KINK("kink"),
    /** Relative error in ulps where the exact result is a small normal number. */
    TAIL("tail"),
    /** One fact of the entry. */
    PROPERTY("property"),
    /** The entry's bad inputs: rejected, or the IEEE result PyTorch gives. */
    BAD_INPUT("bad-input"),
    /** An id an engine declares that the catalog lacks. */
    CATALOG("catalog"),
    /** Values against the frozen golden data. */
    GOLDEN("golden"),
    /** Gradients against PyTorch's frozen autograd gradients. */
    GOLDEN_GRADIENT("golden-gradient"),
    /** Outputs against the high-precision oracle. */
    ORACLE("oracle"),
    /** Derivatives (sigmoid', tanh') against the oracle. */
    ORACLE_DERIVATIVE("oracle-derivative"),
    /** Per-element outputs (bce_with_logits) against the oracle. */
    ORACLE_ELEMENT("oracle-element");

    private final String label;

    Check(String label) {
        this.label = label;
    }

    /** "value", "gradient", "bad-input", … */
    public String label() {
        return label;
    }

    /**
     * The check of this label.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static Check of(String label) {
        for (Check c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("check: must be one of " + Arrays.stream(values()).map(Check::label).toList() + ", got " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
