package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * XOR (docs/catalog.md §H): a perceptron trained with the perceptron rule never classifies all four
 * points. (That no (w, b) at all can is the catalog fact of {@code perceptron}, checked through
 * every engine.)
 */
class XorTest {
    private static final Tensor XOR_POINTS = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1},
            new double[] {1, 0}, new double[] {1, 1});
    private static final Tensor XOR_LABELS = Tensor.vector(-1, 1, 1, -1);

    private static int correct(Tensor w, double b) {
        Tensor prediction = Layers.perceptronPredict(XOR_POINTS, w, b);
        int n = 0;
        for (int i = 0; i < 4; i++) {
            n += prediction.at(i) == XOR_LABELS.at(i) ? 1 : 0;
        }
        return n;
    }

    @Test
    void thePerceptronRuleNeverClassifiesAllFourXorPointsFromAnyStart() {
        int epochs = 1000;
        for (long seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            double scale = new double[] {0.01, 1, 100}[r.nextInt(3)];
            Tensor w = Tensor.vector(scale * r.nextGaussian(), scale * r.nextGaussian());
            double b = scale * r.nextGaussian();
            double eta = 0.01 + 2 * r.nextDouble();
            Tensor w0 = w;
            double b0 = b;
            int best = correct(w, b);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                Layers.PerceptronPass pass = Layers.perceptronPass(XOR_POINTS, XOR_LABELS, w, b, eta);
                assertTrue(pass.mistakes() > 0, "seed " + seed + ": a pass without mistakes at epoch " + epoch);
                w = pass.w();
                b = pass.b();
                best = Math.max(best, correct(w, b));
            }
            assertTrue(best < 4, "seed " + seed + ": all four XOR points classified");
            assertFalse(Layers.trainPerceptron(XOR_POINTS, XOR_LABELS, w0, b0, eta, epochs).converged(),
                    "seed " + seed + ": training reported convergence on XOR");
        }
    }

    @Test
    void trainingFromZeroCyclesWithoutConverging() {
        Layers.PerceptronFit fit = Layers.trainPerceptron(XOR_POINTS, XOR_LABELS, 1, 10_000);
        assertFalse(fit.converged());
        assertTrue(correct(fit.w(), fit.b()) < 4);
    }
}
