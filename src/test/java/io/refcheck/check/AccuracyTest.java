package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.Engine;
import io.refcheck.engine.OracleEngine;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plain Java against the oracle: the ulp targets of issue 6 on every id the oracle computes, a
 * 10⁶-element reduction, and proof that the measurement tells a careless implementation apart.
 * Sized to run in a few seconds; {@code Accuracy.Options.full} is the report's run.
 */
class AccuracyTest {
    private static final long SEED = Sampling.defaultSeed();
    private static final Accuracy.Options SMALL = new Accuracy.Options(6, 400, 2_000, 500, 500, 60, SEED);

    @Test
    void plainJavaMeetsTheUlpTargetsOnEveryOracleId() {
        List<CheckResult> rows = new Accuracy(SMALL).run(List.of(new PlainJavaEngine()));
        assertEquals(OracleEngine.IDS.size() + OracleEngine.GRADIENT_IDS.size() + 1, rows.size(), "one row per id, "
                + "one per derivative, one for bce_with_logits per element");
        for (CheckResult r : rows) {
            String key = r.id() + "/" + r.check();
            assertEquals(CheckResult.PASS, r.status(), key + ": " + r.reason());
            assertTrue(r.samples() > 0, key + " measured nothing");
        }
    }

    @Test
    void aMillionElementMeanSquaredErrorIsWithinFourUlpsWhereNaiveSummationIsNot() {
        Random r = new Random(SEED);
        int n = 1_000_000;
        double[] prediction = new double[n];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            prediction[i] = r.nextGaussian();
            target[i] = r.nextGaussian();
        }
        List<Accuracy.Case> cases = List.of(new Accuracy.Case("10⁶ N(0, 1) pairs",
                Tensors.of("prediction", Tensor.vector(prediction), "target", Tensor.vector(target))));
        Engine plainJava = new PlainJavaEngine();
        Engine naiveSum = new NaiveMse();
        Map<Engine, Accuracy.Measurement> m = new Accuracy(SMALL).measure(List.of(plainJava, naiveSum), "mse", Accuracy.CHECK, cases);
        Accuracy.Measurement plain = m.get(plainJava);
        Accuracy.Measurement naive = m.get(naiveSum);
        assertTrue(plain.maxUlp() <= Accuracy.REDUCTION_TARGET_ULPS, plain.toString());
        assertTrue(naive.maxUlp() > 100, "a left-to-right sum of 10⁶ squares should err by hundreds of ulps: " + naive);
    }

    @Test
    void illConditionedLogsumexpIsJudgedAgainstItsConditionNumber() {
        // lse([−log 2, −log 2]) = log 2 − fl(log 2) ≈ 2.3e-17: no double algorithm gets this to a few ulps
        // (|lse| ≪ Σ s_j|z_j| ≈ 0.69), but every one that is accurate relative to u·0.69 passes
        double l = -Math.log(2);
        List<Accuracy.Case> cases = List.of(new Accuracy.Case("[−log 2, −log 2]", Tensors.of("z", Tensor.vector(l, l))));
        Accuracy.Measurement m = new Accuracy(SMALL).measure(new PlainJavaEngine(), "logsumexp", Accuracy.CHECK, cases);
        assertTrue(m.maxUlp() > Accuracy.REDUCTION_TARGET_ULPS, "the plain ulp distance is large here: " + m);
        assertTrue(m.maxConditioned() <= Accuracy.CONDITIONED_TARGET, m.toString());
        assertEquals(0, m.misses(), m.toString());
    }

    @Test
    void floatUlpsCountRepresentableFloats() {
        assertEquals(0, Accuracy.floatUlpDistance(0.0f, -0.0f));
        assertEquals(1, Accuracy.floatUlpDistance(1.0f, Math.nextUp(1.0f)));
        assertEquals(2, Accuracy.floatUlpDistance(Math.nextDown(0.0f), Float.MIN_VALUE));
        assertEquals(Long.MAX_VALUE, Accuracy.floatUlpDistance(Float.NaN, 1.0f));
    }

    /** mse summed left to right with no compensation: what the oracle must be able to tell apart. */
    private static final class NaiveMse implements Engine {
        @Override
        public String name() {
            return "naive";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        public boolean implementsFormula(String id) {
            return id.equals("mse");
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            Tensor p = inputs.get("prediction");
            Tensor t = inputs.get("target");
            double s = 0;
            for (int i = 0; i < p.size(); i++) {
                double d = t.at(i) - p.at(i);
                s += d * d;
            }
            return Tensors.of("loss", s / p.size());
        }
    }
}
