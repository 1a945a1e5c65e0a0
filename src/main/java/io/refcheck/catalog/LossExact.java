package io.refcheck.catalog;

import static io.refcheck.catalog.ExactReductions.data;
import static io.refcheck.catalog.ExactReductions.label;
import static io.refcheck.catalog.ExactReductions.map;
import static io.refcheck.catalog.ExactReductions.mean;
import static io.refcheck.catalog.ExactReductions.requireSameShape;
import static io.refcheck.catalog.ExactReductions.sum;

import io.refcheck.catalog.ExactReductions.LogitRow;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Exact forms of docs/catalog.md §C (see {@link ExactForm}): the losses as the catalog defines
 * them, on the exact values of the inputs. Differences of inputs are exact, so a loss of nearly
 * equal predictions and targets loses nothing before it is rounded. Conventions as PyTorch's:
 * log clamped at −100 in bce, +∞ where a target class has probability 0.
 */
final class LossExact {
    private LossExact() {
    }

    private static final String LOSS = "loss";

    /** (1/N) Σ (y_i − ŷ_i)². */
    static Map<String, ExactTensor> mse(RealArithmetic a, Tensors in) {
        return Map.of(LOSS, mean(a, map(differences(a, in), Real::square)));
    }

    /** ½ Σ (y_i − ŷ_i)². */
    static Map<String, ExactTensor> halfSse(RealArithmetic a, Tensors in) {
        Real s = sum(a, map(differences(a, in), Real::square));
        return Map.of(LOSS, ExactTensor.scalar(s == null ? null : s.mulExact(a.of(0.5))));
    }

    /** (1/N) Σ |y_i − ŷ_i|. */
    static Map<String, ExactTensor> mae(RealArithmetic a, Tensors in) {
        return Map.of(LOSS, mean(a, map(differences(a, in), Real::abs)));
    }

    /** ‖x‖_p = (Σ|x_i|^p)^(1/p), and max|x_i| for p = ∞. */
    static Map<String, ExactTensor> lpNorm(RealArithmetic a, Tensors in) {
        double p = in.scalar("p");
        if (!(p >= 1)) {
            throw new IllegalArgumentException("p: must be >= 1, got " + p);
        }
        Real[] abs = map(data(a, in.get("x")), Real::abs);
        if (p == Double.POSITIVE_INFINITY) {
            if (abs.length == 0) {
                throw new IllegalArgumentException("x: must not be empty for p = ∞");
            }
            Real max = a.zero();
            for (Real v : abs) {
                if (v == null) {
                    return Map.of("norm", ExactTensor.special(Double.NaN));
                }
                max = max.max(v);
            }
            return Map.of("norm", ExactTensor.scalar(max));
        }
        Real s = sum(a, map(abs, v -> v.pow(p)));
        return Map.of("norm", s == null ? ExactTensor.special(Double.NaN) : ExactTensor.scalar(s.root(p)));
    }

    /** Σ |y_i − ŷ_i|^p. */
    static Map<String, ExactTensor> lpLoss(RealArithmetic a, Tensors in) {
        double p = in.scalar("p");
        return Map.of(LOSS, ExactTensor.scalar(sum(a, map(differences(a, in), d -> d.abs().pow(p)))));
    }

    /**
     * (1/N) Σ [(y_i − 1)·max(log(1 − ŷ_i), −100) − y_i·max(log ŷ_i, −100)] (PyTorch's clamp; log 0 = −∞
     * is clamped too).
     */
    static Map<String, ExactTensor> bce(RealArithmetic a, Tensors in) {
        Real floor = a.of(-100L);
        return Map.of(LOSS, mean(a, termwise(a, in, "prediction", "target", (yHat, y) -> {
            Real logYHat = yHat.signum() == 0 ? floor : yHat.log().max(floor);
            Real logOneMinus = yHat.compareTo(a.one()) == 0 ? floor : yHat.neg().log1p().max(floor);
            return y.subExact(a.one()).mul(logOneMinus).sub(y.mul(logYHat));
        })));
    }

    /** (1/N) Σ [max(z_i, 0) − z_i·y_i + log(1 + e^(−|z_i|))]. */
    static Map<String, ExactTensor> bceWithLogits(RealArithmetic a, Tensors in) {
        return Map.of(LOSS, mean(a, termwise(a, in, "logits", "target",
                (z, y) -> z.max(a.zero()).subExact(z.mulExact(y)).add(z.abs().neg().exp().log1p()))));
    }

    /**
     * term(x_i, y_i) for the elements of inputs x and y (y shaped as x); null, as a NaN input is,
     * where either element is.
     */
    private static Real[] termwise(RealArithmetic a, Tensors in, String x, String y, BinaryOperator<Real> term) {
        requireSameShape(y, in.get(y), in.get(x));
        Real[] xs = data(a, in.get(x));
        Real[] ys = data(a, in.get(y));
        Real[] terms = new Real[xs.length];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = xs[i] == null || ys[i] == null ? null : term.apply(xs[i], ys[i]);
        }
        return terms;
    }

    /** −(1/N) Σ_i Σ_j y_ij log ŷ_ij, 0 where y_ij = 0, +∞ where y_ij &gt; 0 = ŷ_ij; N rows. */
    static Map<String, ExactTensor> crossEntropyOneHot(RealArithmetic a, Tensors in) {
        Tensor probabilities = in.get("probabilities");
        Tensor targets = in.get("targets");
        requireSameShape("targets", targets, probabilities);
        Real[] yHat = data(a, probabilities);
        Real[] y = data(a, targets);
        Real s = a.zero();
        boolean infinite = false;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null || yHat[i] == null) {
                return Map.of(LOSS, ExactTensor.special(Double.NaN));
            }
            if (y[i].signum() == 0) {
                continue;
            }
            if (yHat[i].signum() == 0) {
                infinite = true;
                continue;
            }
            s = s.add(y[i].mul(yHat[i].log()));
        }
        int rows = probabilities.dim(0);
        if (rows == 0) {
            return Map.of(LOSS, ExactTensor.special(Double.NaN));
        }
        return Map.of(LOSS, infinite ? ExactTensor.special(Double.POSITIVE_INFINITY) : ExactTensor.scalar(s.neg().div(a.of(rows))));
    }

    /** −(1/N) Σ_i log ŷ_(i, c_i); +∞ where ŷ_(i, c_i) = 0. */
    static Map<String, ExactTensor> crossEntropyIndex(RealArithmetic a, Tensors in) {
        Tensor probabilities = in.get("probabilities");
        Tensor labels = in.get("labels");
        int rows = probabilities.dim(0);
        int classes = probabilities.dim(1);
        if (rows == 0) {
            return Map.of(LOSS, ExactTensor.special(Double.NaN));
        }
        Real s = a.zero();
        for (int i = 0; i < rows; i++) {
            double p = probabilities.at(i * classes + label(labels, i, classes));
            if (Double.isNaN(p)) {
                return Map.of(LOSS, ExactTensor.special(Double.NaN));
            }
            if (p == 0) {
                return Map.of(LOSS, ExactTensor.special(Double.POSITIVE_INFINITY));
            }
            s = s.add(a.of(p).log());
        }
        return Map.of(LOSS, ExactTensor.scalar(s.neg().div(a.of(rows))));
    }

    /**
     * (1/N) Σ_i [logsumexp(z_i) − z_(i, c_i)] = (1/N) Σ_i [(m_i − z_(i, c_i)) + log(1 + Σ_{j ≠ argmax} e^(z_ij − m_i))],
     * m_i the row's maximum.
     */
    static Map<String, ExactTensor> softmaxCrossEntropy(RealArithmetic a, Tensors in) {
        Tensor logits = in.get("logits");
        Tensor labels = in.get("labels");
        int rows = logits.dim(0);
        int classes = logits.dim(1);
        if (rows == 0) {
            return Map.of(LOSS, ExactTensor.special(Double.NaN));
        }
        Real s = a.zero();
        for (int i = 0; i < rows; i++) {
            LogitRow row = LogitRow.of(a, logits, i * classes, classes);
            int c = label(labels, i, classes);
            if (row.nan) {
                return Map.of(LOSS, ExactTensor.special(Double.NaN));
            }
            if (row.values[c] == null) {
                return Map.of(LOSS, ExactTensor.special(Double.POSITIVE_INFINITY));
            }
            s = s.add(row.max.subExact(row.values[c]).add(row.restOfExpSum().log1p()));
        }
        return Map.of(LOSS, ExactTensor.scalar(s.div(a.of(rows))));
    }

    /** y_i − ŷ_i, exact. */
    private static Real[] differences(RealArithmetic a, Tensors in) {
        Tensor prediction = in.get("prediction");
        Tensor target = in.get("target");
        requireSameShape("target", target, prediction);
        Real[] yHat = data(a, prediction);
        Real[] y = data(a, target);
        Real[] d = new Real[y.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = y[i] == null || yHat[i] == null ? null : y[i].subExact(yHat[i]);
        }
        return d;
    }
}
