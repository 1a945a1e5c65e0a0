package io.refcheck.engine;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The accuracy oracle: every scalar and reduction formula it covers ({@link #IDS}) computed in
 * high-precision decimal arithmetic ({@link HighPrecision}: {@value HighPrecision#DIGITS}
 * significant digits, at least the 50 the accuracy targets need) from the exact values of the
 * double inputs, and rounded once, at the end, to the nearest double ({@link #evaluate}) or float
 * ({@link #exact} then {@link Exact#toFloat32()}). Against it, an engine's error in ulps is its
 * error against the correctly rounded result ({@code check/Accuracy}).
 *
 * <p>Independent of the plain-Java formulas: nothing here calls {@code io.refcheck.formulas}, and
 * the definitions are written as in docs/catalog.md, not in the rearranged forms plain Java uses for
 * stability in double precision (with 64 digits the direct forms are accurate; only where a
 * formula takes the log of a number within rounding of 1, log1p is used, because 1 + 10^−300
 * rounds to 1 at any fixed precision). The conventions are those the catalog states and PyTorch
 * follows: 0·log 0 = 0, log clamped at −100 in bce, +∞ where p_i &gt; 0 = q_i, NaN propagating;
 * a reduction over an infinite input element is not computed (the oracle measures accuracy, the
 * bad-input checks measure IEEE conventions) and raises {@link ArithmeticException}.
 *
 * <p>Gradients: the derivatives of sigmoid and tanh, as vector–Jacobian products c·σ'(z) and
 * c·tanh'(z), rounded once. Every other id is not implemented ("not-applicable" in every check).
 *
 * <p>Not listed in {@code META-INF/services}: an engine found there gets every conformance check,
 * each fact at 200 tries, which in 64-digit arithmetic would cost most of the report's time
 * (ReportTest, {@code refcheck report}, {@code refcheck check}) for a column that can only agree
 * with plain Java. {@code check/Accuracy} uses the oracle directly. To run the catalog's
 * checks on it anyway, put a jar with a services file naming {@code io.refcheck.engine.OracleEngine}
 * on the classpath, as for any user engine.
 */
public final class OracleEngine implements Engine {
    public static final String NAME = "oracle";

    /** The ids the oracle computes, in catalog order. */
    public static final Set<String> IDS = Set.of("sigmoid", "tanh", "relu", "sign", "step", "softmax", "log_softmax",
            "logsumexp", "mse", "half_sse", "mae", "lp_norm", "lp_loss", "bce", "bce_with_logits",
            "cross_entropy_onehot", "cross_entropy_index", "softmax_cross_entropy", "self_information", "entropy",
            "cross_entropy_dist", "kl_divergence", "l1_regularization", "l2_regularization");

    /** The ids whose derivative the oracle computes. */
    public static final Set<String> GRADIENT_IDS = Set.of("sigmoid", "tanh");

    private static final MathContext MC = HighPrecision.MC;
    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal FOUR = BigDecimal.valueOf(4);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal BCE_LOG_FLOOR = BigDecimal.valueOf(-100);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "BigDecimal, " + HighPrecision.DIGITS + " digits";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return IDS.contains(id);
    }

    @Override
    public boolean implementsGradient(String id) {
        return GRADIENT_IDS.contains(id);
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        return rounded(exact(id, inputs), false);
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return rounded(exactVjp(id, inputs, cotangents), false);
    }

    /** The outputs of {@code id} on {@code inputs} before rounding, by output name. */
    public Map<String, Exact> exact(String id, Tensors inputs) {
        return switch (id) {
            case "sigmoid" -> Map.of("a", elementwise(inputs.get("z"), OracleEngine::sigmoid,
                    z -> Double.isNaN(z) ? z : (z > 0 ? 1 : 0)));
            case "tanh" -> Map.of("a", elementwise(inputs.get("z"), OracleEngine::tanh, z -> Double.isNaN(z) ? z : Math.signum(z)));
            case "relu" -> Map.of("a", elementwise(inputs.get("z"), z -> z.signum() > 0 ? z : BigDecimal.ZERO,
                    z -> Double.isNaN(z) || z > 0 ? z : 0));
            case "sign" -> Map.of("a", elementwise(inputs.get("z"), z -> BigDecimal.valueOf(z.signum()), Math::signum));
            case "step" -> Map.of("a", elementwise(inputs.get("z"), z -> z.signum() >= 0 ? ONE : BigDecimal.ZERO,
                    z -> Double.isNaN(z) ? z : (z > 0 ? 1 : 0)));
            case "softmax" -> Map.of("s", softmax(inputs.get("z"), false));
            case "log_softmax" -> Map.of("log_s", softmax(inputs.get("z"), true));
            case "logsumexp" -> Map.of("lse", logsumexp(inputs.get("z")));
            case "mse" -> Map.of("loss", mean(squaredErrors(inputs)));
            case "half_sse" -> Map.of("loss", scalar(sum(squaredErrors(inputs)).multiply(HALF)));
            case "mae" -> Map.of("loss", mean(map(differences(inputs), BigDecimal::abs)));
            case "lp_norm" -> Map.of("norm", lpNorm(inputs.get("x"), inputs.scalar("p")));
            case "lp_loss" -> Map.of("loss", scalar(sum(map(differences(inputs),
                    d -> HighPrecision.pow(d.abs(), inputs.scalar("p"))))));
            case "bce" -> Map.of("loss", mean(bceTerms(inputs.get("prediction"), inputs.get("target"))));
            case "bce_with_logits" -> Map.of("loss", mean(bceWithLogitsTerms(inputs.get("logits"), inputs.get("target"))));
            case "cross_entropy_onehot" -> Map.of("loss", crossEntropyOneHot(inputs.get("probabilities"), inputs.get("targets")));
            case "cross_entropy_index" -> Map.of("loss", crossEntropyIndex(inputs.get("probabilities"), inputs.get("labels")));
            case "softmax_cross_entropy" -> Map.of("loss", softmaxCrossEntropy(inputs.get("logits"), inputs.get("labels")));
            case "self_information" -> Map.of("i", elementwise(inputs.get("p"),
                    p -> p.signum() == 0 ? null : HighPrecision.log(p).negate(), p -> Double.NaN));
            case "entropy" -> Map.of("h", rowReduction(inputs.get("p"), null,
                    (p, q) -> p.signum() == 0 ? BigDecimal.ZERO : p.multiply(HighPrecision.log(p), MC).negate()));
            case "cross_entropy_dist" -> Map.of("h", rowReduction(inputs.get("p"), inputs.get("q"),
                    (p, q) -> p.signum() == 0 ? BigDecimal.ZERO : q.signum() == 0 ? null
                            : p.multiply(HighPrecision.log(q), MC).negate()));
            case "kl_divergence" -> Map.of("d", rowReduction(inputs.get("p"), inputs.get("q"),
                    (p, q) -> p.signum() == 0 ? BigDecimal.ZERO : q.signum() == 0 ? null
                            // log(p/q) = log1p((p − q)/q), with p − q exact: full precision when p ≈ q
                            : p.multiply(HighPrecision.log1p(p.subtract(q).divide(q, MC)), MC)));
            case "l1_regularization" -> Map.of("r", scalar(sum(map(data(inputs.get("w")), BigDecimal::abs))));
            case "l2_regularization" -> Map.of("r", scalar(sum(map(data(inputs.get("w")), OracleEngine::square))));
            default -> throw new UnsupportedOperationException(NAME + " does not implement " + id);
        };
    }

    /** The vector–Jacobian product of {@code id} before rounding: c·σ'(z) or c·tanh'(z). */
    public Map<String, Exact> exactVjp(String id, Tensors inputs, Tensors cotangents) {
        UnaryOperator<BigDecimal> derivative = switch (id) {
            case "sigmoid" -> OracleEngine::sigmoidDerivative;
            case "tanh" -> OracleEngine::tanhDerivative;
            default -> throw new UnsupportedOperationException(NAME + " has no gradient for " + id);
        };
        Tensor z = inputs.get("z");
        Tensor c = cotangents.get(GRADIENT_OUTPUT);
        if (!z.sameShape(c)) {
            throw new IllegalArgumentException("a: cotangent shape " + Arrays.toString(c.shape()) + " must equal the shape of z "
                    + Arrays.toString(z.shape()));
        }
        BigDecimal[] v = new BigDecimal[z.size()];
        double[] special = new double[z.size()];
        for (int i = 0; i < v.length; i++) {
            double zi = z.at(i);
            double ci = c.at(i);
            if (Double.isNaN(zi) || !Double.isFinite(ci)) {
                special[i] = Double.NaN;
            } else if (Double.isInfinite(zi)) {
                special[i] = ci * 0.0;
            } else {
                v[i] = HighPrecision.exact(ci).multiply(derivative.apply(HighPrecision.exact(zi)), MC);
            }
        }
        return Map.of("z", new Exact(z.shape(), v, special));
    }

    private static final String GRADIENT_OUTPUT = "a";

    private static Tensors rounded(Map<String, Exact> exact, boolean float32) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        exact.forEach((k, v) -> out.put(k, float32 ? v.toFloat32() : v.toFloat64()));
        return Tensors.of(out);
    }

    // ================================================================ scalar functions

    /** σ(x) = 1/(1 + e^(−x)), written as e^x/(1 + e^x) for x &lt; 0 only so that exp never grows. */
    static BigDecimal sigmoid(BigDecimal x) {
        if (x.signum() >= 0) {
            return ONE.divide(ONE.add(HighPrecision.exp(x.negate()), MC), MC);
        }
        BigDecimal e = HighPrecision.exp(x);
        return e.divide(ONE.add(e, MC), MC);
    }

    /** σ'(x) = σ(x)σ(−x) = e^(−|x|)/(1 + e^(−|x|))². */
    static BigDecimal sigmoidDerivative(BigDecimal x) {
        BigDecimal e = HighPrecision.exp(x.abs().negate());
        BigDecimal d = ONE.add(e, MC);
        return e.divide(d.multiply(d, MC), MC);
    }

    /** tanh(x) = (e^(2x) − 1)/(e^(2x) + 1), through expm1 near 0 where e^(2x) − 1 would cancel. */
    static BigDecimal tanh(BigDecimal x) {
        if (x.abs().compareTo(HALF) < 0) {
            BigDecimal e = HighPrecision.expm1(x.multiply(TWO));
            return e.divide(e.add(TWO, MC), MC);
        }
        BigDecimal t = HighPrecision.exp(x.abs().multiply(TWO).negate());
        BigDecimal magnitude = ONE.subtract(t, MC).divide(ONE.add(t, MC), MC);
        return x.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /** tanh'(x) = sech²(x) = 4e^(−2|x|)/(1 + e^(−2|x|))². */
    static BigDecimal tanhDerivative(BigDecimal x) {
        BigDecimal t = HighPrecision.exp(x.abs().multiply(TWO).negate());
        BigDecimal d = ONE.add(t, MC);
        return FOUR.multiply(t).divide(d.multiply(d, MC), MC);
    }

    // ================================================================ along the last axis

    /**
     * softmax_i = e^(z_i − m)/Σ_j e^(z_j − m) and log_softmax_i = (z_i − m) − log Σ_j e^(z_j − m), with
     * m the row's maximum and the log of the sum taken as log1p of the sum without the maximum's 1.
     * Conventions: −∞ entries have probability 0 (log −∞) beside a finite maximum; a row with NaN or
     * +∞, or of only −∞, is NaN.
     */
    private static Exact softmax(Tensor z, boolean log) {
        int n = lastAxis("z", z);
        int rows = z.size() / n;
        BigDecimal[] out = new BigDecimal[z.size()];
        double[] special = new double[z.size()];
        for (int r = 0; r < rows; r++) {
            Row row = Row.of(z, r * n, n);
            if (row.nan) {
                Arrays.fill(special, r * n, r * n + n, Double.NaN);
                continue;
            }
            BigDecimal[] e = new BigDecimal[n];
            for (int j = 0; j < n; j++) {
                e[j] = row.values[j] == null ? BigDecimal.ZERO : HighPrecision.exp(row.values[j].subtract(row.max));
            }
            BigDecimal rest = BigDecimal.ZERO;
            for (int j = 0; j < n; j++) {
                if (j != row.argmax) {
                    rest = rest.add(e[j], MC);
                }
            }
            BigDecimal logSum = HighPrecision.log1p(rest);
            BigDecimal sum = ONE.add(rest, MC);
            for (int j = 0; j < n; j++) {
                int at = r * n + j;
                if (row.values[j] == null) {
                    special[at] = log ? Double.NEGATIVE_INFINITY : 0;
                } else {
                    out[at] = log ? row.values[j].subtract(row.max).subtract(logSum, MC) : e[j].divide(sum, MC);
                }
            }
        }
        return new Exact(z.shape(), out, special);
    }

    /** logsumexp = m + log(1 + Σ_{j ≠ argmax} e^(z_j − m)) per row; conventions as {@link #softmax}, and +∞ for a row with +∞. */
    private static Exact logsumexp(Tensor z) {
        int n = lastAxis("z", z);
        int rows = z.size() / n;
        BigDecimal[] out = new BigDecimal[rows];
        double[] special = new double[rows];
        for (int r = 0; r < rows; r++) {
            Row row = Row.of(z, r * n, n);
            if (row.nan) {
                special[r] = row.anyNaN ? Double.NaN : row.positiveInfinity ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                continue;
            }
            out[r] = row.max.add(HighPrecision.log1p(row.restOfExpSum()), MC);
        }
        return new Exact(Arrays.copyOf(z.shape(), z.rank() - 1), out, special);
    }

    /** A row of logits as exact decimals (null for −∞), its maximum and where it is. */
    private static final class Row {
        BigDecimal[] values;
        BigDecimal max;
        int argmax = -1;
        /** The row has no finite maximum: NaN, +∞ or only −∞. */
        boolean nan;
        boolean anyNaN;
        boolean positiveInfinity;

        static Row of(Tensor z, int offset, int n) {
            Row row = new Row();
            row.values = new BigDecimal[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double v = z.at(offset + j);
                row.anyNaN |= Double.isNaN(v);
                row.positiveInfinity |= v == Double.POSITIVE_INFINITY;
                if (Double.isFinite(v)) {
                    row.values[j] = HighPrecision.exact(v);
                    if (row.argmax < 0 || v > max) {
                        max = v;
                        row.argmax = j;
                    }
                }
            }
            row.nan = row.anyNaN || row.positiveInfinity || row.argmax < 0;
            if (!row.nan) {
                row.max = row.values[row.argmax];
            }
            return row;
        }

        /** Σ_{j ≠ argmax} e^(z_j − m), so that Σ_j e^(z_j − m) = 1 + this. */
        BigDecimal restOfExpSum() {
            BigDecimal rest = BigDecimal.ZERO;
            for (int j = 0; j < values.length; j++) {
                if (j != argmax && values[j] != null) {
                    rest = rest.add(HighPrecision.exp(values[j].subtract(max)), MC);
                }
            }
            return rest;
        }
    }

    private static int lastAxis(String name, Tensor z) {
        if (z.rank() < 1 || z.dim(-1) == 0) {
            throw new IllegalArgumentException(name + ": must have rank >= 1 and a non-empty last axis");
        }
        return z.dim(-1);
    }

    /** A per-row reduction Σ_j term(p_j, q_j) (q may be null); a null term is +∞ for the row. */
    private interface Term {
        BigDecimal apply(BigDecimal p, BigDecimal q);
    }

    private static Exact rowReduction(Tensor p, Tensor q, Term term) {
        int n = lastAxis("p", p);
        if (q != null && !q.sameShape(p)) {
            throw new IllegalArgumentException("q: shape " + Arrays.toString(q.shape()) + " must equal the shape of p "
                    + Arrays.toString(p.shape()));
        }
        int rows = p.size() / n;
        BigDecimal[] out = new BigDecimal[rows];
        double[] special = new double[rows];
        for (int r = 0; r < rows; r++) {
            BigDecimal sum = BigDecimal.ZERO;
            boolean infinite = false;
            boolean nan = false;
            for (int j = 0; j < n; j++) {
                double pj = p.at(r * n + j);
                double qj = q == null ? 0 : q.at(r * n + j);
                if (Double.isNaN(pj) || Double.isNaN(qj)) {
                    nan = true;
                    break;
                }
                BigDecimal t = term.apply(HighPrecision.exact(pj), q == null ? null : HighPrecision.exact(qj));
                if (t == null) {
                    infinite = true;
                } else {
                    sum = sum.add(t, MC);
                }
            }
            if (nan || infinite) {
                special[r] = nan ? Double.NaN : Double.POSITIVE_INFINITY;
            } else {
                out[r] = sum;
            }
        }
        return new Exact(Arrays.copyOf(p.shape(), p.rank() - 1), out, special);
    }

    // ================================================================ losses and penalties

    /** The exact elements of a tensor; NaN gives null (the reduction is NaN), ±∞ raises. */
    private static BigDecimal[] data(Tensor t) {
        BigDecimal[] out = new BigDecimal[t.size()];
        for (int i = 0; i < out.length; i++) {
            double v = t.at(i);
            if (Double.isInfinite(v)) {
                throw new ArithmeticException("oracle: an infinite input element; reductions are measured on finite inputs only");
            }
            out[i] = Double.isNaN(v) ? null : HighPrecision.exact(v);
        }
        return out;
    }

    /** y_i − ŷ_i, exact. */
    private static BigDecimal[] differences(Tensors in) {
        Tensor prediction = in.get("prediction");
        Tensor target = in.get("target");
        requireSameShape("target", target, prediction);
        BigDecimal[] yHat = data(prediction);
        BigDecimal[] y = data(target);
        BigDecimal[] d = new BigDecimal[y.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = y[i] == null || yHat[i] == null ? null : y[i].subtract(yHat[i]);
        }
        return d;
    }

    private static BigDecimal[] squaredErrors(Tensors in) {
        return map(differences(in), OracleEngine::square);
    }

    private static BigDecimal[] map(BigDecimal[] x, Function<BigDecimal, BigDecimal> f) {
        BigDecimal[] out = new BigDecimal[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == null ? null : f.apply(x[i]);
        }
        return out;
    }

    /** Σ x_i to {@value HighPrecision#DIGITS} digits; null (NaN) if any term is. */
    private static BigDecimal sum(BigDecimal[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                return null;
            }
            // exact additions (no decimal rounding, the expensive part), rounded every 64 terms so the
            // digits stay bounded: 10^6 terms cost 1.6·10^4 roundings of relative error 10^−64 each
            s = s.add(x[i]);
            if ((i & 63) == 63) {
                s = s.round(MC);
            }
        }
        return s.round(MC);
    }

    /** x², exact where x has few digits (most doubles of moderate exponent), else to {@value HighPrecision#DIGITS} digits. */
    private static BigDecimal square(BigDecimal x) {
        return x.precision() <= HighPrecision.DIGITS ? x.multiply(x) : x.multiply(x, MC);
    }

    /** (1/N) Σ x_i; NaN over zero elements. */
    private static Exact mean(BigDecimal[] x) {
        BigDecimal s = sum(x);
        if (s == null || x.length == 0) {
            return Exact.special(Double.NaN);
        }
        return scalar(s.divide(BigDecimal.valueOf(x.length), MC));
    }

    private static Exact scalar(BigDecimal v) {
        return v == null ? Exact.special(Double.NaN) : new Exact(new int[0], new BigDecimal[] {v}, new double[1]);
    }

    /** ‖x‖_p = (Σ|x_i|^p)^(1/p), and max|x_i| for p = ∞. */
    private static Exact lpNorm(Tensor x, double p) {
        if (!(p >= 1)) {
            throw new IllegalArgumentException("p: must be >= 1, got " + p);
        }
        BigDecimal[] a = map(data(x), BigDecimal::abs);
        if (p == Double.POSITIVE_INFINITY) {
            if (a.length == 0) {
                throw new IllegalArgumentException("x: must not be empty for p = ∞");
            }
            BigDecimal max = BigDecimal.ZERO;
            for (BigDecimal v : a) {
                if (v == null) {
                    return Exact.special(Double.NaN);
                }
                max = max.max(v);
            }
            return scalar(max);
        }
        BigDecimal s = sum(map(a, v -> HighPrecision.pow(v, p)));
        return s == null ? Exact.special(Double.NaN) : scalar(HighPrecision.root(s, p));
    }

    /** (y − 1)·max(log(1 − ŷ), −100) − y·max(log ŷ, −100) per element (PyTorch's clamp; log 0 = −∞ is clamped too). */
    private static BigDecimal[] bceTerms(Tensor prediction, Tensor target) {
        requireSameShape("target", target, prediction);
        BigDecimal[] yHat = data(prediction);
        BigDecimal[] y = data(target);
        BigDecimal[] out = new BigDecimal[y.length];
        for (int i = 0; i < out.length; i++) {
            if (y[i] == null || yHat[i] == null) {
                continue;
            }
            BigDecimal logYHat = yHat[i].signum() == 0 ? BCE_LOG_FLOOR : HighPrecision.log(yHat[i]).max(BCE_LOG_FLOOR);
            BigDecimal logOneMinus = yHat[i].compareTo(ONE) == 0 ? BCE_LOG_FLOOR
                    : HighPrecision.log1p(yHat[i].negate()).max(BCE_LOG_FLOOR);
            out[i] = y[i].subtract(ONE).multiply(logOneMinus, MC).subtract(y[i].multiply(logYHat, MC), MC);
        }
        return out;
    }

    /** max(z, 0) − z·y + log(1 + e^(−|z|)) per element. */
    private static BigDecimal[] bceWithLogitsTerms(Tensor logits, Tensor target) {
        requireSameShape("target", target, logits);
        BigDecimal[] z = data(logits);
        BigDecimal[] y = data(target);
        BigDecimal[] out = new BigDecimal[y.length];
        for (int i = 0; i < out.length; i++) {
            if (y[i] == null || z[i] == null) {
                continue;
            }
            out[i] = z[i].max(BigDecimal.ZERO).subtract(z[i].multiply(y[i]))
                    .add(HighPrecision.log1p(HighPrecision.exp(z[i].abs().negate())), MC);
        }
        return out;
    }

    /** −(1/N) Σ_i Σ_j y_ij log ŷ_ij, 0 where y_ij = 0, +∞ where y_ij &gt; 0 = ŷ_ij; N rows. */
    private static Exact crossEntropyOneHot(Tensor probabilities, Tensor targets) {
        requireSameShape("targets", targets, probabilities);
        BigDecimal[] yHat = data(probabilities);
        BigDecimal[] y = data(targets);
        BigDecimal s = BigDecimal.ZERO;
        boolean infinite = false;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null || yHat[i] == null) {
                return Exact.special(Double.NaN);
            }
            if (y[i].signum() == 0) {
                continue;
            }
            if (yHat[i].signum() == 0) {
                infinite = true;
                continue;
            }
            s = s.add(y[i].multiply(HighPrecision.log(yHat[i]), MC), MC);
        }
        int rows = probabilities.dim(0);
        if (rows == 0) {
            return Exact.special(Double.NaN);
        }
        return infinite ? Exact.special(Double.POSITIVE_INFINITY) : scalar(s.negate().divide(BigDecimal.valueOf(rows), MC));
    }

    /** −(1/N) Σ_i log ŷ_(i, c_i); +∞ where ŷ_(i, c_i) = 0. */
    private static Exact crossEntropyIndex(Tensor probabilities, Tensor labels) {
        int rows = probabilities.dim(0);
        int classes = probabilities.dim(1);
        if (rows == 0) {
            return Exact.special(Double.NaN);
        }
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < rows; i++) {
            double p = probabilities.at(i * classes + label(labels, i, classes));
            if (Double.isNaN(p)) {
                return Exact.special(Double.NaN);
            }
            if (p == 0) {
                return Exact.special(Double.POSITIVE_INFINITY);
            }
            s = s.add(HighPrecision.log(HighPrecision.exact(p)), MC);
        }
        return scalar(s.negate().divide(BigDecimal.valueOf(rows), MC));
    }

    /** (1/N) Σ_i [logsumexp(z_i) − z_(i, c_i)] = (1/N) Σ_i [(m_i − z_(i, c_i)) + log(1 + Σ_{j ≠ argmax} e^(z_ij − m_i))]. */
    private static Exact softmaxCrossEntropy(Tensor logits, Tensor labels) {
        int rows = logits.dim(0);
        int classes = logits.dim(1);
        if (rows == 0) {
            return Exact.special(Double.NaN);
        }
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < rows; i++) {
            Row row = Row.of(logits, i * classes, classes);
            int c = label(labels, i, classes);
            if (row.nan) {
                return Exact.special(Double.NaN);
            }
            if (row.values[c] == null) {
                return Exact.special(Double.POSITIVE_INFINITY);
            }
            s = s.add(row.max.subtract(row.values[c]).add(HighPrecision.log1p(row.restOfExpSum()), MC), MC);
        }
        return scalar(s.divide(BigDecimal.valueOf(rows), MC));
    }

    private static int label(Tensor labels, int i, int classes) {
        double c = labels.at(i);
        if (!(c >= 0 && c < classes && c == Math.rint(c))) {
            throw new IllegalArgumentException("labels: must be integers in [0, " + classes + "), got " + c);
        }
        return (int) c;
    }

    private static void requireSameShape(String name, Tensor t, Tensor reference) {
        if (!t.sameShape(reference)) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(t.shape()) + " must equal the shape "
                    + Arrays.toString(reference.shape()));
        }
    }

    /** f over every element: {@code finite} on finite elements (a null result is +∞), {@code special} on NaN and ±∞. */
    private static Exact elementwise(Tensor x, UnaryOperator<BigDecimal> finite, DoubleUnaryOperator special) {
        BigDecimal[] v = new BigDecimal[x.size()];
        double[] s = new double[x.size()];
        for (int i = 0; i < v.length; i++) {
            double xi = x.at(i);
            if (Double.isFinite(xi)) {
                v[i] = finite.apply(HighPrecision.exact(xi));
                if (v[i] == null) {
                    s[i] = Double.POSITIVE_INFINITY;
                }
            } else {
                s[i] = special.applyAsDouble(xi);
            }
        }
        return new Exact(x.shape(), v, s);
    }

    /**
     * An output before rounding: per element either a high-precision value or, where that is null,
     * an IEEE special (NaN or ±∞) given by the formula's convention.
     */
    public static final class Exact {
        private final int[] shape;
        private final BigDecimal[] values;
        private final double[] specials;

        Exact(int[] shape, BigDecimal[] values, double[] specials) {
            this.shape = shape.clone();
            this.values = values;
            this.specials = specials;
        }

        static Exact special(double v) {
            return new Exact(new int[0], new BigDecimal[1], new double[] {v});
        }

        public int[] shape() {
            return shape.clone();
        }

        public int size() {
            return values.length;
        }

        /** The high-precision value of element i, or null where the element is NaN or ±∞. */
        public BigDecimal value(int i) {
            return values[i];
        }

        /** Every element rounded once to the nearest double. */
        public Tensor toFloat64() {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i] == null ? specials[i] : HighPrecision.toDouble(values[i]);
            }
            return Tensor.wrap(shape, d);
        }

        /** Every element rounded once to the nearest float (held in a double). */
        public Tensor toFloat32() {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i] == null ? (float) specials[i] : HighPrecision.toFloat(values[i]);
            }
            return Tensor.wrap(shape, d);
        }
    }
}
