package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the generic catalog checks cannot see in {@link Losses}: which conventions are PyTorch's
 * (the −100 clamp, the 1e-12 gradient floor, the tie rule of the ∞-norm), where the stable forms
 * keep digits a naive form loses, and the exact behaviour on empty and infinite inputs.
 */
class LossesTest {
    private static final double U = Math.ulp(1.0);

    private static void assertClose(double expected, double actual, double rtol) {
        assertTrue(Math.abs(actual - expected) <= rtol * Math.abs(expected),
                () -> "expected " + expected + ", got " + actual + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }

    @Test
    void mseIsAMeanOverAllElementsNotOverRows() {
        Tensor prediction = Tensor.matrix(new double[] {0, 0, 0}, new double[] {0, 0, 0});
        Tensor target = Tensor.matrix(new double[] {1, 1, 1}, new double[] {1, 1, 1});
        assertEquals(1.0, Losses.mse(prediction, target));
        assertArrayEquals(new double[] {-1.0 / 3, -1.0 / 3, -1.0 / 3, -1.0 / 3, -1.0 / 3, -1.0 / 3},
                Losses.mseGradient(prediction, target).toArray(), 1e-16);
    }

    @Test
    void halfSseIsHalfTheSumSoItsGradientIsTheRawError() {
        Tensor a = Tensor.vector(0.5, 2, -1);
        Tensor y = Tensor.vector(1, 0, -1);
        assertEquals(0.5 * (0.25 + 4), Losses.halfSse(a, y));
        assertArrayEquals(new double[] {-0.5, 2, 0}, Losses.halfSseGradient(a, y).toArray());
    }

    @Test
    void maeSubgradientIsZeroWhereThePredictionIsExact() {
        assertArrayEquals(new double[] {0, -0.5}, Losses.maeGradient(Tensor.vector(1, 2), Tensor.vector(1, 3)).toArray());
    }

    @Test
    void bceIsAMeanNotASum() {
        Tensor four = Tensor.vector(0.5, 0.5, 0.5, 0.5);
        assertClose(Math.log(2), Losses.bce(four, Tensor.vector(1, 0, 1, 0)), U);
        assertArrayEquals(new double[] {-0.5, 0.5, -0.5, 0.5}, Losses.bceGradient(four, Tensor.vector(1, 0, 1, 0)).toArray(), 1e-16);
    }

    @Test
    void bceClampsEachLogAtMinus100LikePyTorch() {
        assertEquals(100.0, Losses.bce(Tensor.vector(0), Tensor.vector(1)));
        assertEquals(100.0, Losses.bce(Tensor.vector(1), Tensor.vector(0)));
        // the clamp also makes 0·log 0 = 0 rather than NaN at exact hard predictions
        assertEquals(0.0, Losses.bce(Tensor.vector(0, 1), Tensor.vector(0, 1)));
        // just above e^−100 nothing is clamped
        assertClose(99, Losses.bce(Tensor.vector(Math.exp(-99)), Tensor.vector(1)), 1e-15);
    }

    @Test
    void bceGradientFollowsPyTorchsFloorWithin1e12OfTheEnds() {
        double yHat = 1e-13;
        double g = Losses.bceGradient(Tensor.vector(yHat), Tensor.vector(1)).item();
        assertClose((yHat - 1) / Losses.BCE_GRADIENT_EPSILON, g, 1e-15);
        // away from the ends it is the exact derivative −y/ŷ + (1 − y)/(1 − ŷ)
        assertClose(-1 / 0.25, Losses.bceGradient(Tensor.vector(0.25), Tensor.vector(1)).item(), 1e-15);
    }

    @Test
    void bceRejectsWhatPyTorchRejectsNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.bce(Tensor.vector(1.5), Tensor.vector(1)));
        assertTrue(e.getMessage().startsWith("prediction: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.bce(Tensor.vector(0.5), Tensor.vector(-0.1)));
        assertTrue(e.getMessage().startsWith("target: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.bce(Tensor.vector(Double.NaN), Tensor.vector(1)));
        assertTrue(e.getMessage().startsWith("prediction: "), e.getMessage());
    }

    @Test
    void bceWithLogitsKeepsTheDigitsThatPyTorchsFormCancels() {
        double z = -1000;
        double y = 1e-10;
        double exact = -z * y; // + log1p(e^−1000) = 0
        assertClose(exact, Losses.bceWithLogits(Tensor.vector(z), Tensor.vector(y)), 2 * U);
        // PyTorch's (1 − y)·z − log σ(z) subtracts two numbers near −1000 and keeps six digits of 1e-7
        double logSigmoid = Math.min(z, 0) - Math.log1p(Math.exp(-Math.abs(z)));
        double torchForm = (1 - y) * z - logSigmoid;
        assertTrue(Math.abs(torchForm - exact) / exact > 1e-8, "the cancelling form happens to be exact: " + torchForm);
    }

    @Test
    void bceWithLogitsAtInfiniteLogitsGivesWhatPyTorchGives() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(inf, Losses.bceWithLogits(Tensor.vector(inf), Tensor.vector(0)));
        assertEquals(inf, Losses.bceWithLogits(Tensor.vector(inf), Tensor.vector(0.5)));
        assertTrue(Double.isNaN(Losses.bceWithLogits(Tensor.vector(inf), Tensor.vector(1))));
        // at z = −∞ PyTorch's (1 − y)·z − log σ(z) is nan for every y (measured: torch 1.13 gives nan, nan, nan
        // for y = 0, 0.5, 1); the limit for y > 0 would be +∞, and refcheck makes no number where PyTorch gives nan
        for (double y : new double[] {0, 0.5, 1}) {
            assertTrue(Double.isNaN(Losses.bceWithLogits(Tensor.vector(-inf), Tensor.vector(y))), "y = " + y);
        }
        // the gradient (σ(z) − y)/N stays finite at the infinities
        assertArrayEquals(new double[] {0.5, -0.5}, Losses.bceWithLogitsGradient(Tensor.vector(inf, -inf), Tensor.vector(0, 1)).toArray());
    }

    @Test
    void softmaxCrossEntropyOfOpposedThousandsIsTwoThousandWithAFiniteGradient() {
        Tensor logits = Tensor.matrix(new double[] {1000, -1000});
        assertEquals(2000.0, Losses.softmaxCrossEntropy(logits, Tensor.vector(1)));
        assertArrayEquals(new double[] {1, -1}, Losses.softmaxCrossEntropyGradient(logits, Tensor.vector(1)).toArray());
    }

    @Test
    void softmaxCrossEntropyGradientKeepsTheLabelEntryWhereSoftmaxRoundsToOne() {
        // z = [0, −40], label 0: softmax₀ − 1 = −e⁻⁴⁰/(1 + e⁻⁴⁰) ≈ −4.248e-18, where fl(softmax₀) = 1 would give 0
        Tensor g = Losses.softmaxCrossEntropyGradient(Tensor.matrix(new double[] {0, -40}), Tensor.vector(0));
        double e = Math.exp(-40);
        assertClose(-e / (1 + e), g.at(0), 4 * U);
        assertClose(e / (1 + e), g.at(1), 4 * U);
        assertEquals(0.0, g.at(0) + g.at(1), "the row sums to zero");
        // and a one-class row has the gradient +0 (softmax − 1 = 1 − 1), not −0
        assertEquals(Tensor.matrix(new double[] {0.0}), Losses.softmaxCrossEntropyGradient(Tensor.matrix(new double[] {3}), Tensor.vector(0)));
    }

    @Test
    void softmaxCrossEntropyRowsWithNanOrInfinityAreNaNAndALabelAtMinusInfinityCostsInfinity() {
        Tensor logits = Tensor.matrix(new double[] {0, Double.NaN, 1}, new double[] {Double.POSITIVE_INFINITY, 0, 0},
                new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        for (int row = 0; row < 3; row++) {
            Tensor one = Tensor.matrix(new double[] {logits.get(row, 0), logits.get(row, 1), logits.get(row, 2)});
            assertTrue(Double.isNaN(Losses.softmaxCrossEntropy(one, Tensor.vector(2))), "row " + row);
            Tensor g = Losses.softmaxCrossEntropyGradient(one, Tensor.vector(2));
            assertTrue(Double.isNaN(g.at(2)), "row " + row + " gradient " + g);
        }
        Tensor minusInfinityLabel = Tensor.matrix(new double[] {Double.NEGATIVE_INFINITY, 0, 1});
        assertEquals(Double.POSITIVE_INFINITY, Losses.softmaxCrossEntropy(minusInfinityLabel, Tensor.vector(0)));
        assertEquals(-1.0, Losses.softmaxCrossEntropyGradient(minusInfinityLabel, Tensor.vector(0)).at(0));
    }

    @Test
    void softmaxCrossEntropySplitOverThreadsIsIdenticalBitForBit() {
        Random r = new Random(9);
        int rows = 1024;
        int classes = 100;
        double[] z = new double[rows * classes];
        double[] c = new double[rows];
        for (int i = 0; i < z.length; i++) {
            z[i] = 5 * r.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            c[i] = r.nextInt(classes);
        }
        Tensor logits = Tensor.of(new int[] {rows, classes}, z);
        Tensor labels = Tensor.vector(c);
        double loss = MatricesTest.withThreads(1, () -> Losses.softmaxCrossEntropy(logits, labels));
        Tensor gradient = MatricesTest.withThreads(1, () -> Losses.softmaxCrossEntropyGradient(logits, labels));
        assertEquals(loss, MatricesTest.withThreads(2, () -> Losses.softmaxCrossEntropy(logits, labels)));
        assertEquals(gradient, MatricesTest.withThreads(2, () -> Losses.softmaxCrossEntropyGradient(logits, labels)));
    }

    @Test
    void softmaxCrossEntropyRejectsPyTorchsIgnoreIndexInsteadOfSkippingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(Tensor.matrix(new double[] {0, 0}), Tensor.vector(-100)));
        assertTrue(e.getMessage().startsWith("labels: "), e.getMessage());
    }

    @Test
    void lpNormNeitherOverflowsNorUnderflows() {
        assertClose(Math.sqrt(2) * 1e200, Losses.lpNorm(Tensor.vector(1e200, 1e200), 2), U);
        assertClose(Math.cbrt(2) * 1e200, Losses.lpNorm(Tensor.vector(1e200, -1e200), 3), 2 * U);
        assertClose(Math.sqrt(2) * 1e-300, Losses.lpNorm(Tensor.vector(1e-300, 1e-300), 2), U);
        assertEquals(Double.MIN_VALUE, Losses.lpNorm(Tensor.vector(Double.MIN_VALUE), 2));
        assertEquals(1e300, Losses.lpNorm(Tensor.vector(-1e300, 1), Double.POSITIVE_INFINITY));
    }

    @Test
    void lpNormOfALongVectorMatchesExactArithmetic() {
        Random r = new Random(11);
        double[] x = new double[10_000];
        BigDecimal squares = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
            BigDecimal b = new BigDecimal(x[i]);
            squares = squares.add(b.multiply(b));
        }
        double exact = squares.sqrt(MathContext.DECIMAL128).doubleValue();
        assertClose(exact, Losses.lpNorm(Tensor.vector(x), 2), 4 * U);
    }

    @Test
    void mseOfALongVectorMatchesExactArithmetic() {
        Random r = new Random(12);
        double[] yHat = new double[10_000];
        double[] y = new double[10_000];
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < y.length; i++) {
            yHat[i] = r.nextGaussian() * 100;
            y[i] = yHat[i] + r.nextGaussian() * Math.pow(10, -r.nextInt(8));
            BigDecimal d = new BigDecimal(yHat[i]).subtract(new BigDecimal(y[i]));
            sum = sum.add(d.multiply(d));
        }
        double exact = sum.divide(BigDecimal.valueOf(y.length), MathContext.DECIMAL128).doubleValue();
        assertClose(exact, Losses.mse(Tensor.vector(yHat), Tensor.vector(y)), 4 * U);
    }

    @Test
    void lpNormGradientSharesTiesForInfinityAndVanishesAtZero() {
        assertArrayEquals(new double[] {0.5, -0.5, 0}, Losses.lpNormGradient(Tensor.vector(3, -3, 1), Double.POSITIVE_INFINITY).toArray());
        assertArrayEquals(new double[] {0, 0}, Losses.lpNormGradient(Tensor.vector(0, 0), 2).toArray());
        assertArrayEquals(new double[] {0.6, -0.8}, Losses.lpNormGradient(Tensor.vector(3, -4), 2).toArray(), 1e-16);
        assertArrayEquals(new double[] {1, 0, -1}, Losses.lpNormGradient(Tensor.vector(2, 0, -5), 1).toArray());
    }

    @Test
    void lpNormRejectsOrdersBelowOneNamingP() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.lpNorm(Tensor.vector(1), 0.5));
        assertTrue(e.getMessage().startsWith("p: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.lpLoss(Tensor.vector(1), Tensor.vector(0), Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().startsWith("p: "), e.getMessage());
    }

    @Test
    void emptyMeansAreNaNAndEmptySumsAreZero() {
        Tensor empty = Tensor.vector();
        assertTrue(Double.isNaN(Losses.mse(empty, empty)));
        assertTrue(Double.isNaN(Losses.mae(empty, empty)));
        assertTrue(Double.isNaN(Losses.bce(empty, empty)));
        assertTrue(Double.isNaN(Losses.costObjective(empty, 0).cost()));
        assertEquals(0.0, Losses.halfSse(empty, empty));
        assertEquals(0.0, Losses.lpLoss(empty, empty, 3));
        assertEquals(0.0, Losses.lpNorm(empty, 2));
    }

    @Test
    void shapeMismatchNamesTheSecondArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.vector(1, 2), Tensor.vector(1)));
        assertTrue(e.getMessage().startsWith("target: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropyOneHot(Tensor.matrix(new double[] {0.5, 0.5}), Tensor.matrix(new double[] {1, 0, 0})));
        assertTrue(e.getMessage().startsWith("targets: "), e.getMessage());
    }

    @Test
    void oneHotAppendsAClassAxisToLabelsOfAnyShape() {
        Tensor e = Losses.oneHot(Tensor.matrix(new double[] {0, 2}), 3);
        assertArrayEquals(new int[] {1, 2, 3}, e.shape());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1}, e.toArray());
        assertArrayEquals(new int[] {0, 4}, Losses.oneHot(Tensor.vector(), 4).shape());
    }

    @Test
    void crossEntropyOneHotTreatsZeroTargetsAsZeroEvenAtZeroProbability() {
        Tensor p = Tensor.matrix(new double[] {0, 1});
        Tensor y = Tensor.matrix(new double[] {0, 1});
        assertEquals(0.0, Losses.crossEntropyOneHot(p, y));
        assertArrayEquals(new double[] {0, -1}, Losses.crossEntropyOneHotGradient(p, y).toArray());
    }

    @Test
    void crossEntropyIndexGradientLivesOnlyAtTheLabels() {
        Tensor p = Tensor.matrix(new double[] {0.5, 0.25, 0.25}, new double[] {0.1, 0.1, 0.8});
        assertArrayEquals(new double[] {0, -2, 0, -5, 0, 0},
                Losses.crossEntropyIndexGradient(p, Tensor.vector(1, 0)).toArray(), 1e-15);
    }

    @Test
    void costObjectiveSplitsTheCostEquallyOverSamplesAndAddsThePenalty() {
        Losses.CostObjective c = Losses.costObjective(Tensor.vector(1, 2, 6), 0.25);
        assertEquals(3.0, c.cost());
        assertEquals(3.25, c.objective());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, Losses.costGradient(Tensor.vector(1, 2, 6)).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.costObjective(Tensor.vector(1), -1));
        assertTrue(e.getMessage().startsWith("regularisation: "), e.getMessage());
    }
}
