package io.refcheck.catalog;

/**
 * One named input or output of a formula and its domain in words ("rows on the simplex",
 * "labels in [0, C)", "p ≥ 1"). A differentiable port takes part in gradient checks; a
 * non-differentiable one is a label, a hyperparameter or a seed.
 */
public record Port(String name, String domain, boolean differentiable) {

    /** A real-valued tensor the formula is differentiated with respect to. */
    public static Port differentiable(String name, String domain) {
        return new Port(name, domain, true);
    }

    /** A label, hyperparameter or seed: never differentiated. */
    public static Port fixed(String name, String domain) {
        return new Port(name, domain, false);
    }
}
