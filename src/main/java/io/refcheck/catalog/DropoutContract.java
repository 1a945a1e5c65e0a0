package io.refcheck.catalog;

import io.refcheck.catalog.Contract.Judgement;
import io.refcheck.formulas.Dropout;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * dropout's {@link Contract}: what every engine's dropout must do, whatever generator draws its
 * mask. With the engine's own keep mask m (1 kept, 0 dropped; read from its "mask" output, or from
 * y where x ≠ 0 when it gives none) and the per-unit factor
 * <pre>
 *              training        test
 * inverted     m/q             1
 * classic      m               q
 * </pre>
 * <ul>
 *   <li>y = x·factor: a kept unit within the rounding of the engine's dtype, a dropped one x·0
 *       (0, or NaN for x = NaN or ±∞);</li>
 *   <li>the mask is 0 or 1, and all ones where nothing may be dropped (p = 0, or test);</li>
 *   <li>in training with p &gt; 0 the number of kept units is not rejected for Binomial(n, q) by a
 *       two-sided binomial test at {@value #SIGNIFICANCE};</li>
 *   <li>the gradient with respect to x is c·factor with the mask of the same draw (the draw is a
 *       function of the inputs, the seed among them, so evaluating and differentiating the same
 *       inputs draw the same mask).</li>
 * </ul>
 */
final class DropoutContract {
    private DropoutContract() {
    }

    /**
     * Significance level of the keep-rate test on one evaluation, as the ONNX node tests' Dropout
     * check: a row judges about 35 evaluations, so a correct engine fails it with probability
     * below 4·10⁻⁵.
     */
    static final double SIGNIFICANCE = 1e-6;

    /**
     * Units in each of the contract's own samples. With 10⁵ units and α = 10⁻⁶ the test rejects a
     * keep rate off by 0.01 with probability ≥ 0.92 on one sample (the hardest case, q = 0.5:
     * 1000 units off against a critical distance of 4.89·σ = 773); over {@link #TRIES} samples a
     * rate that stays 0.01 off escapes with probability below 10⁻³.
     */
    static final int UNITS = 100_000;

    /** The contract's own samples per row. */
    static final int TRIES = 3;

    static final String WHY = "torch.nn.functional.dropout draws its mask from PyTorch's generator, so outputs cannot agree element "
            + "by element; its contract (each output 0 or x/q, the expectation kept) is checked by the §H facts";

    static final String STATEMENT = String.format(Locale.ROOT, "random mask: checked by contract, not against plain Java's "
            + "values — each output x·m/q (inverted) or x·m (classic) in training, x or q·x at test, m the engine's own mask of 0s "
            + "and 1s, within the dtype's roundings; nothing dropped at p = 0 or at test; the kept count not rejected by a "
            + "two-sided binomial test (α = %s per evaluation; %d evaluations of %d units besides the entry's samples); the "
            + "gradient c times the same factor, with the mask of the same draw", SIGNIFICANCE, TRIES, UNITS);

    static Contract contract() {
        return new Contract(WHY, STATEMENT, manyUnits(), TRIES, DropoutContract::outputs, DropoutContract::gradient);
    }

    /** 250 × 400 units around a level a ∈ [−5, 5] (x = a + N(0, 1)), p ∈ [0.05, 0.95], either mode, in training. */
    private static Arbitrary<Tensors> manyUnits() {
        return Arbitraries.randomValue(r -> {
            double level = -5 + 10 * r.nextDouble();
            return Tensors.of("x", Samples.matrix(r, 250, UNITS / 250, (rr, i) -> level + rr.nextGaussian()),
                    "p", 0.05 + 0.9 * r.nextDouble(), "mode", r.nextInt(2), "training", 1, "seed", r.nextInt());
        });
    }

    /** One dropout call's parameters and the factor a kept unit gets. */
    private record Call(double p, double q, Dropout.Mode mode, boolean training) {
        static Call of(Tensors in) {
            double p = in.scalar("p");
            return new Call(p, 1 - p, Dropout.Mode.ofCode(in.scalar("mode")), Dropout.training(in.scalar("training")));
        }

        /** Whether units may be dropped at all. */
        boolean random() {
            return training && p > 0;
        }

        /** v·factor of a kept unit, in double with one rounding: v/q (inverted training), v·q (classic test), else v. */
        double kept(double v) {
            if (training) {
                return mode == Dropout.Mode.INVERTED ? v / q : v;
            }
            return mode == Dropout.Mode.CLASSIC ? v * q : v;
        }

        /**
         * Roundings an engine may make between v and v·factor: 1/q and the product (inverted
         * training), the product (classic test), and q itself where the dtype is coarser than double
         * (libtorch casts the Python float q to the tensor's dtype); none where the factor is 1 or
         * the 0/1 mask itself.
         */
        int roundings(Dtype dtype) {
            boolean inverted = mode == Dropout.Mode.INVERTED;
            if (q == 1 || inverted != training) {
                return 0;
            }
            return (inverted ? 2 : 1) + (dtype == Dtype.FLOAT64 ? 0 : 1);
        }
    }

    /**
     * How far an engine's v·factor may lie from {@link Call#kept}: r roundings of the dtype
     * (Higham's γ_r = r·u/(1 − r·u) bounds any product of r factors (1 + δ)^±1, |δ| ≤ u), plus
     * the one rounding of the expected value in double, plus η per rounding for subnormal results.
     */
    private static double allowance(double expected, int roundings, Dtype dtype) {
        if (roundings == 0) {
            return 0;
        }
        double u = dtype.unitRoundoff();
        double gamma = roundings * u / (1 - roundings * u);
        double u64 = Dtype.FLOAT64.unitRoundoff();
        return (gamma + u64) * Math.abs(expected) / (1 - u64) + (roundings + 1) * dtype.smallestSubnormal();
    }

    /**
     * Whether unit i was kept: its mask element where the engine gives a mask; else from y where
     * x·factor and x·0 differ (nearer to the kept value: kept); else (x = 0 or NaN) unknown, null.
     */
    private static Boolean kept(Call call, Tensor x, Tensor y, Tensor mask, int i) {
        if (mask != null) {
            return mask.at(i) == 1;
        }
        double keptValue = call.kept(x.at(i));
        double droppedValue = x.at(i) * 0;
        if (same(keptValue, droppedValue)) {
            return null;
        }
        return distance(y.at(i), keptValue) <= distance(y.at(i), droppedValue);
    }

    private static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    private static double distance(double a, double b) {
        if (same(a, b)) {
            return 0;
        }
        double d = Math.abs(a - b);
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    /** The engine's y (and mask) for these inputs, judged. */
    static Judgement outputs(Tensors in, Tensors out, Dtype dtype) {
        Call call = Call.of(in);
        Tensor x = in.get("x");
        Tensor y = out.get("y");
        Tensor mask = out.has("mask") ? out.get("mask") : null;
        Verdict shapes = Verdict.when(y.sameShape(x), "y has shape %s, x %s", Arrays.toString(y.shape()), Arrays.toString(x.shape()))
                .and(Verdict.when(mask == null || mask.sameShape(x), "mask has shape %s, x %s",
                        mask == null ? "" : Arrays.toString(mask.shape()), Arrays.toString(x.shape())));
        if (!shapes.ok()) {
            return new Judgement(shapes, Tensors.empty(), Tensors.empty());
        }
        int roundings = call.roundings(dtype);
        double[] expected = new double[x.size()];
        double[] allowed = new double[x.size()];
        Verdict draw = Verdict.holds();
        int trials = 0;
        int keptCount = 0;
        for (int i = 0; i < x.size(); i++) {
            if (mask != null && mask.at(i) != 0 && mask.at(i) != 1) {
                draw = draw.and(Verdict.fails("mask element %d is %s, not 0 or 1", i, mask.at(i)));
            }
            Boolean kept = kept(call, x, y, mask, i);
            if (Boolean.FALSE.equals(kept) && !call.random()) {
                draw = draw.and(Verdict.fails("unit %d dropped %s: nothing may be dropped", i,
                        call.training() ? "with p = 0" : "at test time"));
            }
            expected[i] = Boolean.FALSE.equals(kept) ? x.at(i) * 0 : call.kept(x.at(i));
            allowed[i] = Boolean.FALSE.equals(kept) ? 0 : allowance(expected[i], roundings, dtype);
            if (kept != null) {
                trials++;
                keptCount += kept ? 1 : 0;
            }
        }
        if (call.random() && trials > 0) {
            // commons-math3's two-sided p-value adds both tails and can exceed 1 by a rounding
            double pValue = Math.min(1, new BinomialTest().binomialTest(trials, keptCount, call.q(), AlternativeHypothesis.TWO_SIDED));
            draw = draw.and(Verdict.when(pValue >= SIGNIFICANCE,
                    "kept %d of %d units (rate %.5f, keep probability q = 1 − p = %.5f): two-sided binomial p-value %.3g < %s",
                    keptCount, trials, (double) keptCount / trials, call.q(), pValue, SIGNIFICANCE));
        }
        return new Judgement(draw, Tensors.of("y", Tensor.of(x.shape(), expected)), Tensors.of("y", Tensor.of(x.shape(), allowed)));
    }

    /** The engine's gradient with respect to x for cotangent c of y, judged against the mask of its own evaluation. */
    static Judgement gradient(Tensors in, Tensors out, Tensors cotangents, Tensors gradients, Dtype dtype) {
        Call call = Call.of(in);
        Tensor x = in.get("x");
        Tensor y = out.get("y");
        Tensor mask = out.has("mask") ? out.get("mask") : null;
        Tensor c = cotangents.get("y");
        Tensor g = gradients.get("x");
        Verdict shape = Verdict.when(g.sameShape(x), "gradient x has shape %s, x %s", Arrays.toString(g.shape()),
                Arrays.toString(x.shape()));
        if (!shape.ok()) {
            return new Judgement(shape, Tensors.empty(), Tensors.empty());
        }
        int roundings = call.roundings(dtype);
        double[] expected = new double[x.size()];
        double[] allowed = new double[x.size()];
        for (int i = 0; i < x.size(); i++) {
            Boolean kept = kept(call, x, y, mask, i);
            double keptValue = call.kept(c.at(i));
            if (kept == null) {
                // y cannot tell (x = 0 or NaN): the gradient is one of the two, the nearer one
                kept = distance(g.at(i), keptValue) <= distance(g.at(i), c.at(i) * 0);
            }
            expected[i] = kept ? keptValue : c.at(i) * 0;
            allowed[i] = kept ? allowance(keptValue, roundings, dtype) : 0;
        }
        return new Judgement(Verdict.holds(), Tensors.of("x", Tensor.of(x.shape(), expected)),
                Tensors.of("x", Tensor.of(x.shape(), allowed)));
    }
}
