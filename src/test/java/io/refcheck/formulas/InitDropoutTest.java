package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Fact;
import io.refcheck.check.FactRunner;
import io.refcheck.engine.Engines;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.function.Predicate;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Behaviour of initialisation and dropout that the generic catalog checks do not see. */
class InitDropoutTest {

    @Test
    void gaussianInitDrawsSigmaTimesWell19937cGaussiansRowMajor() {
        Initialisation.Layer layer = Initialisation.gaussian(3, 4, 0.01, 42);
        Well19937c rng = new Well19937c(42L);
        for (int i = 0; i < 12; i++) {
            assertEquals(0.01 * rng.nextGaussian(), layer.W().at(i), "element " + i);
        }
        assertEquals(Tensor.zeros(3, 1), layer.b());
    }

    @Test
    void gaussianInitDiffersBetweenSeeds() {
        assertNotEquals(Initialisation.gaussian(4, 4, 0.01, 1).W(), Initialisation.gaussian(4, 4, 0.01, 2).W());
    }

    @Test
    void constantInitialisationKeepsHiddenUnitsIdenticalForHundredsOfSteps() {
        Tensor x = Tensor.matrix(new double[] {0, 0, 1, 1}, new double[] {0, 1, 0, 1});
        Tensor y = Tensor.matrix(new double[] {0, 1, 1, 0});
        for (String hidden : new String[] {"tanh", "sigmoid", "relu"}) {
            Backprop.TwoLayerParameters p = Initialisation.gradientDescentTwoLayer(x, y,
                    new Backprop.TwoLayerParameters(Tensor.filled(0.3, 5, 2), Tensor.filled(0.1, 5, 1),
                            Tensor.filled(-0.2, 1, 5), Tensor.zeros(1, 1)), 0.5, 300, hidden);
            for (int i = 1; i < 5; i++) {
                assertEquals(p.W1().get(0, 0), p.W1().get(i, 0), hidden);
                assertEquals(p.W1().get(0, 1), p.W1().get(i, 1), hidden);
                assertEquals(p.W2().get(0, 0), p.W2().get(0, i), hidden);
            }
            assertNotEquals(0.3, p.W1().get(0, 0), hidden + ": the weights did train");
        }
    }

    @Test
    void symmetricNetCannotLearnXorButAGaussianInitialisedOneCan() {
        // XOR needs two different hidden features; identical hidden units compute one feature only.
        Tensor x = Tensor.matrix(new double[] {0, 0, 1, 1}, new double[] {0, 1, 0, 1});
        Tensor y = Tensor.matrix(new double[] {0, 1, 1, 0});
        Backprop.TwoLayerParameters symmetric = Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(Tensor.filled(0.5, 4, 2), Tensor.zeros(4, 1), Tensor.filled(0.5, 1, 4),
                        Tensor.zeros(1, 1)), 1, 3000, "tanh");
        Initialisation.Layer hidden = Initialisation.gaussian(4, 2, 1, 7);
        Initialisation.Layer output = Initialisation.gaussian(1, 4, 1, 8);
        Backprop.TwoLayerParameters random = Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(hidden.W(), hidden.b(), output.W(), output.b()), 1, 3000, "tanh");
        assertTrue(correct(symmetric, x, y) < 4, "a net of identical hidden units classified XOR");
        assertEquals(4, correct(random, x, y), "the Gaussian-initialised net did not learn XOR");
    }

    private static int correct(Backprop.TwoLayerParameters p, Tensor x, Tensor y) {
        Tensor a1 = Activations.tanh(Matrices.addColumnVector(Matrices.matmul(p.W1(), x), "b1", p.b1()));
        Tensor a2 = Activations.sigmoid(Matrices.addColumnVector(Matrices.matmul(p.W2(), a1), "b2", p.b2()));
        int right = 0;
        for (int j = 0; j < 4; j++) {
            right += (a2.at(j) > 0.5 ? 1 : 0) == y.at(j) ? 1 : 0;
        }
        return right;
    }

    @Test
    void dropoutMaskIsWell19937cUniformsBelowTheKeepProbability() {
        Dropout.Result r = Dropout.dropout(Tensor.filled(2, 50), 0.3, Dropout.Mode.INVERTED, true, 9);
        Well19937c rng = new Well19937c(9L);
        for (int i = 0; i < 50; i++) {
            double kept = rng.nextDouble() < 0.7 ? 1 : 0;
            assertEquals(kept, r.mask().at(i), "mask " + i);
            assertEquals(kept * 2 * (1 / 0.7), r.y().at(i), "output " + i);
        }
    }

    @Test
    void dropoutVjpIsTheMaskDividedByTheKeepProbability() {
        Tensor x = Tensor.filled(1, 40);
        Dropout.Result r = Dropout.dropout(x, 0.25, Dropout.Mode.INVERTED, true, 5);
        Tensor vjp = Dropout.dropoutVjp(x, 0.25, Dropout.Mode.INVERTED, true, 5, Tensor.filled(3, 40));
        for (int i = 0; i < 40; i++) {
            assertEquals(3 * r.mask().at(i) / 0.75, vjp.at(i), 1e-15, "element " + i);
        }
    }

    @Test
    void seedsTestTimeRuleAgreesWithTheKeepProbabilityOnlyAtOneHalf() {
        Tensor x = Tensor.vector(1, -2, 4);
        Tensor atHalf = Dropout.dropout(x, 0.5, Dropout.Mode.CLASSIC, false, 0).y();
        assertEquals(x.map(v -> 0.5 * v), atHalf, "p = 0.5: × p and × (1 − p) agree");
        Tensor atFifth = Dropout.dropout(x, 0.2, Dropout.Mode.CLASSIC, false, 0).y();
        assertEquals(x.map(v -> 0.8 * v), atFifth, "p = 0.2: the test output is × q = 0.8");
        assertNotEquals(x.map(v -> 0.2 * v), atFifth, "p = 0.2: S3's × p is wrong");
    }

    @Test
    void dropoutRejectsAKeepProbabilityOfZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.dropout(Tensor.vector(1), 1, Dropout.Mode.INVERTED, true, 0));
        assertTrue(e.getMessage().startsWith("p: "), e.getMessage());
    }

    @Test
    void theDropoutFactsCatchInvertedDropoutWithoutRescaling() {
        Evaluator broken = alteredDropout(in -> in.scalar("mode") == 0 && in.scalar("training") == 1,
                (in, out) -> out.with("y", in.get("x").zip(out.get("mask"), (x, m) -> x * m)));
        assertCaught(broken, "dropout keeps the expected activation equal between training and test");
        assertCaught(broken, "inverted dropout divides every kept unit by the keep probability");
    }

    @Test
    void theDropoutFactsCatchSeedsTestTimeMultiplicationByP() {
        Evaluator broken = alteredDropout(in -> in.scalar("mode") == 1 && in.scalar("training") == 0,
                (in, out) -> out.with("y", in.get("x").map(x -> x * in.scalar("p"))));
        assertCaught(broken, "dropout keeps the expected activation equal between training and test");
        assertCaught(broken, "classic dropout keeps training units as they are");
    }

    @Test
    void theThreeSigmaFactsCatchAStandardDeviationTwoPercentTooLarge() {
        Evaluator plain = Engines.plainJava();
        Evaluator wide = new Evaluator() {
            @Override
            public Tensors evaluate(String id, Tensors in) {
                return plain.evaluate(id, id.equals("gaussian_init") ? in.with("sigma", 1.02 * in.scalar("sigma")) : in);
            }

            @Override
            public Tensors vjp(String id, Tensors in, Tensors c) {
                return plain.vjp(id, in, c);
            }
        };
        for (Fact statistical : Catalog.get("gaussian_init").facts()) {
            if (statistical.sentence().contains("α = 0.001")) {
                Fact fact = statistical.withTries(3);
                assertTrue(FactRunner.run(fact, plain, 6).pass(), fact.sentence());
                assertFalse(FactRunner.run(fact, wide, 6).pass(), fact.sentence());
            }
        }
    }

    private interface Alteration {
        Tensors apply(Tensors in, Tensors out);
    }

    private static Evaluator alteredDropout(Predicate<Tensors> when, Alteration alteration) {
        Evaluator plain = Engines.plainJava();
        return new Evaluator() {
            @Override
            public Tensors evaluate(String id, Tensors in) {
                Tensors out = plain.evaluate(id, in);
                return id.equals("dropout") && when.test(in) ? alteration.apply(in, out) : out;
            }

            @Override
            public Tensors vjp(String id, Tensors in, Tensors c) {
                return plain.vjp(id, in, c);
            }
        };
    }

    private static void assertCaught(Evaluator broken, String sentenceStart) {
        Fact fact = Catalog.get("dropout").facts().stream().filter(f -> f.sentence().startsWith(sentenceStart)).findFirst()
                .orElseThrow();
        assertTrue(FactRunner.run(fact, Engines.plainJava(), 8).pass(), fact.sentence());
        assertFalse(FactRunner.run(fact, broken, 8).pass(), "not caught: " + fact.sentence());
    }

    /** Runs {@code call} and asserts it throws an IllegalArgumentException whose message starts with {@code name:}. */
    private static void assertRejectsNaming(String name, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(name + ":"), () -> "expected the message to name " + name + ": " + e.getMessage());
    }

    @Test
    void twoLayerTrainingNamesEveryArgumentOfTheWrongShapeEvenForZeroSteps() {
        Tensor x = Tensor.filled(0.5, 2, 3);
        Tensor y = Tensor.filled(1, 1, 3);
        Tensor w1 = Tensor.filled(0.1, 4, 2);
        Tensor b1 = Tensor.zeros(4, 1);
        Tensor w2 = Tensor.filled(0.1, 1, 4);
        Tensor b2 = Tensor.zeros(1, 1);
        Backprop.TwoLayerParameters ok = new Backprop.TwoLayerParameters(w1, b1, w2, b2);
        // zero steps: no gradient step re-checks the shapes, so each rule here is the only one that sees them
        assertRejectsNaming("X", () -> Initialisation.gradientDescentTwoLayer(Tensor.vector(1, 2), y, ok, 0.1, 0, "tanh"));
        assertRejectsNaming("Y", () -> Initialisation.gradientDescentTwoLayer(x, Tensor.vector(1, 1, 1), ok, 0.1, 0, "tanh"));
        assertRejectsNaming("W1", () -> Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(Tensor.vector(1, 2), b1, w2, b2), 0.1, 0, "tanh"));
        assertRejectsNaming("W1", () -> Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(Tensor.filled(0.1, 4, 3), b1, w2, b2), 0.1, 0, "tanh"));
        assertRejectsNaming("b1", () -> Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(w1, Tensor.zeros(4), w2, b2), 0.1, 0, "tanh"));
        assertRejectsNaming("b2", () -> Initialisation.gradientDescentTwoLayer(x, y,
                new Backprop.TwoLayerParameters(w1, b1, w2, Tensor.zeros(1)), 0.1, 0, "tanh"));
    }

    @Test
    void zeroStepsReturnTheInitialParametersAndTheLargestStepCountIsAValidCount() {
        Tensor x = Tensor.filled(0.5, 2, 3);
        Tensor y = Tensor.filled(1, 1, 3);
        Backprop.TwoLayerParameters init = new Backprop.TwoLayerParameters(Tensor.filled(0.1, 4, 2), Tensor.zeros(4, 1),
                Tensor.filled(0.1, 1, 4), Tensor.zeros(1, 1));
        Backprop.TwoLayerParameters same = Initialisation.gradientDescentTwoLayer(x, y, init, 0.1, 0, "tanh");
        assertEquals(init.W1(), same.W1());
        assertEquals(init.W2(), same.W2());
        // Integer.MAX_VALUE steps is a valid count: the call gets past it and fails only on the next rule, the activation
        assertRejectsNaming("hidden", () -> Initialisation.gradientDescentTwoLayer(x, y, init, 0.1, Integer.MAX_VALUE, "cosh"));
        assertRejectsNaming("steps", () -> Initialisation.gradientDescentTwoLayer(x, y, init, 0.1, -1, "tanh"));
    }

    @Test
    void seedsUpToTwoToTheFiftyThirdAreAcceptedAndLargerOnesRejected() {
        double largest = 0x1p53;
        assertEquals(new Well19937c((long) largest).nextDouble(), Initialisation.generator("seed", largest).nextDouble());
        assertEquals(new Well19937c((long) -largest).nextDouble(), Initialisation.generator("seed", -largest).nextDouble());
        assertRejectsNaming("seed", () -> Initialisation.generator("seed", 0x1p53 + 2));
        assertRejectsNaming("seed", () -> Initialisation.generator("seed", 0.5));
    }

    @Test
    void theDropoutVjpNamesACotangentOfTheWrongShape() {
        assertRejectsNaming("cotangent", () -> Dropout.dropoutVjp(Tensor.vector(1, 2), 0.5, Dropout.Mode.INVERTED, true, 1,
                Tensor.vector(1, 2, 3)));
    }
}
