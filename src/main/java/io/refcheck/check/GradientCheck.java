package io.refcheck.check;

import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Formula;
import io.refcheck.formulas.FiniteDifferences;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Gradient checks by finite differences, in the manner of torch.autograd.gradcheck but stricter.
 *
 * <p>The scalar checked is L(x) = Σ_outputs Σ c ⊙ output(x) for a fixed random cotangent c, so the
 * analytic side is the engine's vector–Jacobian product cᵀJ. The numeric side is the central
 * difference D(h) = (L(x + h e_i) − L(x − h e_i)) / 2h improved by one Richardson step,
 * R = (4 D(h/2) − D(h)) / 3, whose truncation error is O(h⁴) instead of O(h²); h comes from the
 * input's scale ({@link Formula.Step}). Both are {@link FiniteDifferences}, the numerics the
 * catalog's facts and errata use too. The directional ("fast") check draws one random unit vector
 * v over all differentiable inputs and compares vᵀ∇L with the same extrapolated difference along v:
 * four evaluations whatever the number of parameters.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** A scalar function of a flat parameter vector, for checks outside the catalog (random MLPs). */
    public static Comparison perElement(ToDoubleFunction<double[]> loss, double[] x, double[] analytic,
                                        Formula.Step step, Formula.Tolerance tol) {
        double[] numeric = FiniteDifferences.gradient(loss, x, step.relative(), step.floor());
        return Comparison.of(Tensor.vector(analytic), Tensor.vector(numeric), Expected.FINITE_DIFFERENCES, tol.atol(), tol.rtol());
    }

    /** Directional check of a flat gradient: vᵀ∇L against the extrapolated difference along v (v seeded). */
    public static Comparison directional(ToDoubleFunction<double[]> loss, double[] x, double[] analytic,
                                         Formula.Step step, Formula.Tolerance tol, long seed) {
        double[] v = randomUnit(x.length, new Random(seed));
        double h = step.at(rms(x));
        double numeric = FiniteDifferences.directional(loss, x, v, h);
        double projected = Sums.dot(v, analytic);
        return Comparison.of(Tensor.scalar(projected), Tensor.scalar(numeric), Expected.FINITE_DIFFERENCES, tol.atol(), tol.rtol());
    }

    /** Per-element check of formula {@code f} as computed by {@code engine} on one sample. */
    public static Comparison perElement(Evaluator engine, Formula f, Tensors sample, long seed) {
        Setup s = setup(engine, f, sample, seed);
        return perElement(s.loss, s.x, s.analytic, f.step(), f.gradientTolerance());
    }

    /** Directional check of formula {@code f} as computed by {@code engine} on one sample. */
    public static Comparison directional(Evaluator engine, Formula f, Tensors sample, long seed) {
        Setup s = setup(engine, f, sample, seed);
        return directional(s.loss, s.x, s.analytic, f.step(), f.gradientTolerance(), seed ^ 0x5DEECE66DL);
    }

    /**
     * An engine's gradient against plain Java's analytic one: both vector–Jacobian products with
     * the same random cotangents (rounded to float32 for a float32 engine).
     */
    public static Comparison againstReference(Evaluator engine, Formula f, Tensors sample, long seed,
                                              Formula.Tolerance tol, boolean float32) {
        Tensors cotangents = randomCotangents(f.compute(sample), new Random(seed), float32);
        Tensors expected = f.vjp().orElseThrow().apply(sample, cotangents);
        Tensors actual = engine.vjp(f.id(), sample, cotangents);
        Comparison worst = Comparison.empty();
        for (String name : expected.names()) {
            worst = worst.worst(Comparison.of(actual.get(name), expected.get(name), Expected.PLAIN_JAVA, tol.atol(), tol.rtol()));
        }
        return worst;
    }

    /** One N(0, 1) cotangent per output, shaped like it (each entry rounded to float32 for a float32 engine). */
    static Tensors randomCotangents(Tensors outputs, Random r, boolean float32) {
        Map<String, Tensor> cot = new LinkedHashMap<>();
        for (String name : outputs.names()) {
            Tensor o = outputs.get(name);
            double[] c = new double[o.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = float32 ? (float) r.nextGaussian() : r.nextGaussian();
            }
            cot.put(name, Tensor.of(o.shape(), c));
        }
        return Tensors.of(cot);
    }

    private record Setup(ToDoubleFunction<double[]> loss, double[] x, double[] analytic) {
    }

    /** Flattens the differentiable inputs into one vector and builds L and the analytic gradient over it. */
    private static Setup setup(Evaluator engine, Formula f, Tensors sample, long seed) {
        // A variable-arity formula (an MLP of depth 1–4) declares every input it may have; check those present.
        List<String> wrt = f.differentiableInputs().stream().filter(sample::has).toList();
        Tensors cotangents = randomCotangents(engine.evaluate(f.id(), sample), new Random(seed), false);
        Tensors grads = engine.vjp(f.id(), sample, cotangents);
        List<int[]> shapes = new ArrayList<>();
        int total = 0;
        for (String name : wrt) {
            shapes.add(sample.get(name).shape());
            total += sample.get(name).size();
        }
        double[] x = new double[total];
        double[] analytic = new double[total];
        int off = 0;
        for (String name : wrt) {
            Tensor in = sample.get(name);
            Tensor g = grads.get(name);
            if (!g.sameShape(in)) {
                throw new IllegalStateException(f.id() + ": gradient for " + name + " has shape "
                        + Arrays.toString(g.shape()) + ", input has " + Arrays.toString(in.shape()));
            }
            System.arraycopy(in.toArray(), 0, x, off, in.size());
            System.arraycopy(g.toArray(), 0, analytic, off, in.size());
            off += in.size();
        }
        ToDoubleFunction<double[]> loss = flat -> {
            Tensors moved = sample;
            int o = 0;
            for (int k = 0; k < wrt.size(); k++) {
                int n = Tensor.sizeOf(shapes.get(k));
                double[] part = new double[n];
                System.arraycopy(flat, o, part, 0, n);
                moved = moved.with(wrt.get(k), Tensor.of(shapes.get(k), part));
                o += n;
            }
            Tensors out = engine.evaluate(f.id(), moved);
            double[] terms = new double[out.names().size()];
            int t = 0;
            for (String name : cotangents.names()) {
                terms[t++] = Sums.dot(out.get(name).toArray(), cotangents.get(name).toArray());
            }
            return Sums.sum(terms);
        };
        return new Setup(loss, x, analytic);
    }

    static double[] randomUnit(int n, Random r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        double norm = Math.sqrt(Sums.dot(v, v));
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double rms(double[] x) {
        return x.length == 0 ? 0 : Math.sqrt(Sums.dot(x, x) / x.length);
    }
}
