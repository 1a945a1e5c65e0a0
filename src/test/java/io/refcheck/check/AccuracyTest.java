package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.Engine;
import io.refcheck.engine.OnnxRuntimeEngine;
import io.refcheck.engine.OracleEngine;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Plain Java against the oracle: the ulp targets of issue 6 on every id the oracle computes, a
 * 10⁶-element reduction, and proof that the measurement tells a careless implementation apart.
 * Sized to run in a few seconds; {@code Accuracy.Options.full} is the report's run.
 */
class AccuracyTest {
    private static final long SEED = Sampling.defaultSeed();
    private static final Accuracy.Options SMALL = new Accuracy.Options(6, 400, 2_000, 500, 500, 60, SEED);
    /** As in OnnxRuntimeEngineTest: an engine that cannot load fails unless this is set; a missing engine is never a pass. */
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");

    /** Close ONNX Runtime's cached sessions so later tests in this JVM see none of its memory (as OnnxRuntimeEngineTest does). */
    @AfterAll
    static void closeOnnxRuntimeSessions() {
        OnnxRuntimeEngine.closeSessions();
    }

    @Test
    void plainJavaMeetsTheUlpTargetsOnEveryOracleId() {
        List<CheckResult> rows = new Accuracy(SMALL).run(List.of(new PlainJavaEngine()));
        assertEquals(OracleEngine.ids().size() + OracleEngine.gradientIds().size() + 1, rows.size(), "one row per id, "
                + "one per derivative, one for bce_with_logits per element");
        for (CheckResult r : rows) {
            String key = r.id() + "/" + r.check();
            assertEquals(Status.PASS, r.status(), key + ": " + r.reason());
            assertTrue(r.samples() > 0, key + " measured nothing");
        }
    }

    @Test
    void everyEngineButPlainJavaFloat64IsMeasuredNotJudgedAndNeverPasses() {
        Engine onnxRuntime = new OnnxRuntimeEngine.Float64();
        if (!onnxRuntime.availability().available()) {
            assertTrue(ALLOW_UNAVAILABLE, "ONNX Runtime did not load (a missing engine is never a pass): "
                    + onnxRuntime.availability().reason());
        }
        Engine naive = new NaiveMse();
        List<Engine> engines = List.of(new PlainJavaEngine(), onnxRuntime, naive);
        Accuracy accuracy = new Accuracy(SMALL);
        List<CheckResult> rows = new ArrayList<>(accuracy.run(engines, "mse"));
        rows.addAll(accuracy.run(engines, "sigmoid"));
        String table = Accuracy.table(rows);
        int measuredByOnnxRuntime = 0;
        for (CheckResult r : rows) {
            String key = r.id() + "/" + r.check() + "/" + r.engine() + " " + r.dtype() + ": " + r.reason();
            String cell = cell(table, r);
            if (r.engine().equals(PlainJavaEngine.NAME)) {
                assertEquals(Status.PASS, r.status(), key);
                assertEquals(ulps(r), cell.split(" ")[0], key);
                assertTrue(cell.matches("\\S+ \\(#[1-9][0-9]* of [1-9][0-9]*\\)"), "max ulps and rank: " + cell);
                continue;
            }
            assertNotEquals(Status.PASS, r.status(), key);
            if (r.status() == Status.UNAVAILABLE) {
                assertTrue(ALLOW_UNAVAILABLE && r.engine().equals(onnxRuntime.name()), key);
                continue;
            }
            assertEquals(Status.NOT_APPLICABLE, r.status(), key);
            if (r.reason().contains("does not implement")) {
                assertEquals(0, r.samples(), key);
                assertEquals(Status.NOT_APPLICABLE.label(), cell, "no measurement, so the table shows the status: " + key);
            } else {
                assertTrue(r.samples() > 0, key + " measured nothing");
                assertTrue(r.reason().contains("measured, not judged"), key);
                assertEquals(ulps(r), cell.split(" ")[0], "the table shows the measured max ulp: " + key + "\n" + table);
                measuredByOnnxRuntime += r.engine().equals(onnxRuntime.name()) ? 1 : 0;
            }
        }
        assertTrue(measuredByOnnxRuntime == 2 || !onnxRuntime.availability().available(), "ONNX Runtime measured on mse and "
                + "sigmoid (not sigmoid's derivative, which it does not implement): " + table);
        CheckResult naiveMse = rows.stream().filter(r -> r.engine().equals(naive.name()) && r.id().equals("mse")).findFirst().orElseThrow();
        assertEquals(Status.NOT_APPLICABLE, naiveMse.status(), "a test engine is measured, not judged: " + naiveMse.reason());
    }

    private static String ulps(CheckResult r) {
        return Accuracy.ulps(r.maxUlp());
    }

    /** The cell of a row's engine and dtype on its id and check's line of {@link Accuracy#table}. */
    private static String cell(String table, CheckResult r) {
        List<String[]> lines = table.lines().map(l -> l.split("\\|", -1)).toList();
        int column = Arrays.asList(lines.get(0)).indexOf(" " + r.engine() + " " + r.dtype() + " ");
        String[] line = lines.stream().filter(l -> l.length > 2 && l[1].trim().equals(r.id()) && l[2].trim().equals(r.check().label()))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + r.id() + " " + r.check() + ":\n" + table));
        return line[column].trim();
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
        Map<Engine, Accuracy.Measurement> m = new Accuracy(SMALL).measure(List.of(plainJava, naiveSum), "mse", Check.ORACLE, cases);
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
        Accuracy.Measurement m = new Accuracy(SMALL).measure(new PlainJavaEngine(), "logsumexp", Check.ORACLE, cases);
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
