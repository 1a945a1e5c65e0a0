package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.formulas.Rejections.Case;
import io.refcheck.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every argument check of {@link Losses}, one bad argument at a time with the others valid: each is rejected with
 * an IllegalArgumentException that names it and the rule (without the check the loss is computed from the bad
 * input). Also the values at the edges those checks leave open: one class, a difference of 0, logits far apart
 * and rows without a finite maximum.
 */
class LossesArgumentsTest {
    private static Stream<DynamicTest> run(Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c.toString(), () -> assertRejects(c.argument(), c.rule(), c.call())));
    }

    @TestFactory
    Stream<DynamicTest> gradientsRejectWhatTheirLossesReject() {
        Tensor half = Tensor.vector(0.5, 0.5);
        Tensor offProbability = Tensor.vector(0.5, 1.5);
        Tensor probabilities = Tensor.matrix(new double[] {0.25, 0.75}, new double[] {0.5, 0.5});
        Tensor offSimplex = Tensor.matrix(new double[] {0.25, 0.25}, new double[] {0.5, 0.5});
        Tensor labels = Tensor.vector(1, 0);
        return run(
                new Case("prediction", "every element must be a probability", () -> Losses.bceGradient(offProbability, half)),
                new Case("target", "every element must be a probability", () -> Losses.bceWithLogitsGradient(half, offProbability)),
                new Case("p", "must be finite for lp_loss", () -> Losses.lpLossGradient(half, half, Double.POSITIVE_INFINITY)),
                new Case("p", "must be >= 1", () -> Losses.lpLossGradient(half, half, 0.5)),
                new Case("targets", "every row must lie on the probability simplex",
                        () -> Losses.crossEntropyOneHotGradient(probabilities, offSimplex)),
                new Case("probabilities", "every row must lie on the probability simplex",
                        () -> Losses.crossEntropyIndexGradient(offSimplex, labels)),
                new Case("labels", "must have one label per row of probabilities",
                        () -> Losses.crossEntropyIndexGradient(probabilities, Tensor.vector(1))),
                new Case("labels", "must have rank 1",
                        () -> Losses.crossEntropyIndex(probabilities, Tensor.matrix(new double[] {1}, new double[] {0}))),
                new Case("labels", "must have one label per row of logits",
                        () -> Losses.softmaxCrossEntropyGradient(probabilities, Tensor.vector(1))),
                new Case("classes", "must be >= 1", () -> Losses.oneHot(Tensor.vector(0), 0)),
                new Case("losses", "must have rank 1", () -> Losses.costGradient(Tensor.zeros(1, 2))));
    }

    @Test
    void aClassCountIsAnIntegerFromOneToIntegerMaxValue() {
        assertEquals(1, Losses.classCount(Tensor.scalar(1)));
        assertEquals(Integer.MAX_VALUE, Losses.classCount(Tensor.scalar(Integer.MAX_VALUE)));
        for (double bad : new double[] {0.5, 0, 2.5, Integer.MAX_VALUE + 1.0}) {
            assertRejects("classes", "must be a positive integer", () -> Losses.classCount(Tensor.scalar(bad)));
        }
    }

    @Test
    void theLpLossGradientIsPTimesTheSignTimesTheDifferenceToThePMinusOneIncludingZeroAtZero() {
        Tensor prediction = Tensor.vector(1, 4, -1);
        Tensor target = Tensor.vector(1, 1, 1);   // d = (0, 3, −2)
        assertEquals(Tensor.vector(0, 1, -1), Losses.lpLossGradient(prediction, target, 1));
        assertEquals(Tensor.vector(0, 6, -4), Losses.lpLossGradient(prediction, target, 2));
        assertEquals(Tensor.vector(0, 27, -12), Losses.lpLossGradient(prediction, target, 3));
    }

    @Test
    void softmaxCrossEntropyShiftsByTheRowMaximumWhereverItIs() {
        // log(1 + e^800) = 800 + log1p(e^−800) = 800: the shift must be the maximum (the second logit), or e^800 overflows
        Tensor logits = Tensor.matrix(new double[] {0, 800});
        assertEquals(800.0, Losses.softmaxCrossEntropy(logits, Tensor.vector(0)));
        assertEquals(Tensor.matrix(new double[] {-1, 1}), Losses.softmaxCrossEntropyGradient(logits, Tensor.vector(0)));
    }

    @Test
    void aRowWithoutAFiniteMaximumHasANanLossAndGradientAndLeavesTheOtherRowsFinite() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor logits = Tensor.matrix(new double[] {inf, 0}, new double[] {-inf, -inf}, new double[] {Double.NaN, 1}, new double[] {1, 0});
        Tensor labels = Tensor.vector(1, 0, 1, 0);
        assertTrue(Double.isNaN(Losses.softmaxCrossEntropy(logits, labels)));
        Tensor g = Losses.softmaxCrossEntropyGradient(logits, labels);
        for (int i = 0; i < 6; i++) {
            assertTrue(Double.isNaN(g.at(i)), "entry " + i + " of " + g);
        }
        assertTrue(Double.isFinite(g.at(6)) && Double.isFinite(g.at(7)), g.toString());
        assertEquals(-g.at(6), g.at(7), 1e-17);
    }

    @Test
    void theNormOfARowHoldingNanIsNanForEveryOrder() {
        Tensor x = Tensor.vector(1, Double.NaN, Double.POSITIVE_INFINITY);
        for (double p : new double[] {1, 2, 3, Double.POSITIVE_INFINITY}) {
            assertTrue(Double.isNaN(Losses.lpNorm(x, p)), "p = " + p);
        }
    }
}
