package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Finite-difference derivatives: the one numeric reference against which analytic gradients are
 * checked, by the generic gradient check ({@code check.GradientCheck}) and by the catalog's facts
 * and errata (which cannot depend on the check package).
 *
 * <p>Every derivative is a derivative along a line, g(t) = f(x + t·v) at t = 0. The central
 * difference D(h) = (g(h) − g(−h)) / 2h has truncation error O(h²); one Richardson step,
 * R = (4 D(h/2) − D(h)) / 3, cancels the h² term and leaves O(h⁴), for four evaluations of f.
 * The step comes from the scale of the point: h = relative·max(|x|, floor), by default
 * 10⁻⁴·max(|x|, 1), which keeps the rounding error, about u·|f|/h, near 10⁻¹² relative while the
 * O(h⁴) truncation stays below it for smooth f.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** The default relative step: h = 10⁻⁴·max(|x|, 1). */
    public static final double RELATIVE_STEP = 1e-4;

    /** The default floor under |x| in the step, so that h does not vanish at x = 0. */
    public static final double STEP_FLOOR = 1.0;

    /** The step h = relative·max(|scale|, floor) for a point of magnitude {@code scale}. */
    public static double step(double relative, double floor, double scale) {
        return relative * Math.max(Math.abs(scale), floor);
    }

    /**
     * The central difference D(h) = (g(h) − g(−h)) / 2h ≈ g'(0), truncation error O(h²); exact
     * (up to rounding) for quadratic g.
     */
    public static double central(DoubleUnaryOperator g, double h) {
        return (g.applyAsDouble(h) - g.applyAsDouble(-h)) / (2 * h);
    }

    /**
     * g'(0) by the central difference with one Richardson step, (4 D(h/2) − D(h)) / 3, truncation
     * error O(h⁴). Evaluates g at h, −h, h/2, −h/2, in that order.
     */
    public static double derivative(DoubleUnaryOperator g, double h) {
        double dh = central(g, h);
        double dh2 = central(g, h / 2);
        return (4 * dh2 - dh) / 3;
    }

    /**
     * The directional derivative vᵀ∇f(x) = d/dt f(x + t·v) at t = 0 by {@link #derivative} with
     * step h; only the coordinates where v is non-zero are moved.
     */
    public static double directional(ToDoubleFunction<double[]> f, double[] x, double[] v, double h) {
        return derivative(t -> {
            double[] moved = x.clone();
            for (int i = 0; i < x.length; i++) {
                if (v[i] != 0) {
                    moved[i] = x[i] + t * v[i];
                }
            }
            return f.applyAsDouble(moved);
        }, h);
    }

    /**
     * ∂f/∂x_i for every coordinate by {@link #derivative}, each with its own step
     * h_i = relative·max(|x_i|, floor).
     */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double relative, double floor) {
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int index = i;
            grad[i] = derivative(t -> {
                double[] moved = x.clone();
                moved[index] = x[index] + t;
                return f.applyAsDouble(moved);
            }, step(relative, floor, x[i]));
        }
        return grad;
    }

    /** ∂f/∂x for every element of the tensor x, with the default step 10⁻⁴·max(|x_i|, 1); the shape of x. */
    public static Tensor gradient(ToDoubleFunction<Tensor> f, Tensor x) {
        int[] shape = x.shape();
        return Tensor.wrap(shape, gradient(flat -> f.applyAsDouble(Tensor.wrap(shape, flat)), x.toArray(), RELATIVE_STEP, STEP_FLOOR));
    }

    /**
     * max_i |a_i − e_i| / max_i |e_i|: the normwise relative error of {@code actual} against a
     * reference {@code expected} (such as a finite-difference gradient), the measure of the errata.
     *
     * @throws IllegalArgumentException if actual's shape differs from expected's
     */
    public static double relativeError(Tensor actual, Tensor expected) {
        Require.sameShape("expected", expected, "actual", actual);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.size(); i++) {
            diff = Math.max(diff, Math.abs(actual.at(i) - expected.at(i)));
            scale = Math.max(scale, Math.abs(expected.at(i)));
        }
        return diff / scale;
    }
}
