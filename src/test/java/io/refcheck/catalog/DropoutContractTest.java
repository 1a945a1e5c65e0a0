package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.SharedReport;
import io.refcheck.catalog.Contract.Judgement;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.engine.OtherGeneratorDropout;
import io.refcheck.engine.OtherGeneratorDropout.Flaw;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.engine.PyTorchEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.junit.jupiter.api.Test;

/**
 * dropout on engines other than plain Java is checked by its contract, not by value equality:
 * an engine with another generator passes it, each way of getting dropout wrong fails it with a
 * readable reason, and PyTorch's real rows pass in float64 and float32.
 */
class DropoutContractTest {
    private static final Conformance CONFORMANCE = new Conformance(Sampling.defaultSeed());
    private static final Formula DROPOUT = Catalog.get("dropout");

    private static CheckResult row(Engine engine, Check check) {
        return CONFORMANCE.run(engine, DROPOUT).stream().filter(r -> r.check() == check).findFirst().orElseThrow();
    }

    private static String show(CheckResult r) {
        return r.engine() + " " + r.dtype() + " " + r.check() + " " + r.status() + ": " + r.reason();
    }

    @Test
    void dropoutSaysItsPyTorchFormIsCheckedByContractAndKeepsItOutOfTheValueComparisons() {
        assertTrue(DROPOUT.pytorch().isPresent());
        assertTrue(DROPOUT.contract().isPresent());
        assertTrue(DROPOUT.pytorchByValue().isEmpty(), "golden sets freeze values: a random form has none to freeze");
        assertEquals(List.of("dropout"), Catalog.all().stream().filter(f -> f.contract().isPresent()).map(Formula::id).toList());
    }

    @Test
    void plainJavaItselfAsAnotherEnginePassesTheContract() {
        Engine plainAgain = new OneFormulaBroken("plain-java-again", "dropout", (in, out) -> out);
        for (Check check : List.of(Check.VALUE, Check.GRADIENT)) {
            CheckResult r = row(plainAgain, check);
            assertEquals(Status.PASS, r.status(), show(r));
            assertEquals(DropoutContract.STATEMENT, r.reason());
        }
    }

    @Test
    void anEngineWithAnotherGeneratorPassesTheContractThoughItsValuesDifferFromPlainJavas() {
        Engine other = new OtherGeneratorDropout(Flaw.NONE);
        Tensors sample = Sampling.draw(DropoutContract.contract().samples(), 7, 1).get(0);
        assertNotEquals(Engines.plainJava().evaluate("dropout", sample), other.evaluate("dropout", sample),
                "value equality with plain Java would fail this engine");
        for (Check check : List.of(Check.VALUE, Check.GRADIENT)) {
            CheckResult r = row(other, check);
            assertEquals(Status.PASS, r.status(), show(r));
            // the worked examples, 30 of the entry's samples and 3 of 10^5 units; 12 gradient samples and 3
            assertEquals(check == Check.VALUE ? DROPOUT.examples().size() + Conformance.VALUE_SAMPLES + DropoutContract.TRIES
                    : Conformance.GRADIENT_SAMPLES + DropoutContract.TRIES, r.samples(), show(r));
        }
    }

    @Test
    void keptUnitsScaledBy1OverPInsteadOf1OverQFailTheValueRowNamingTheElement() {
        CheckResult r = row(new OtherGeneratorDropout(Flaw.SCALES_BY_ONE_OVER_P), Check.VALUE);
        assertEquals(Status.FAIL, r.status(), show(r));
        assertTrue(r.reason().matches("output y vs the contract on the engine's own draw: element \\d+: got .*, expected .* on inputs p = .*"),
                r.reason());
    }

    @Test
    void unitsKeptWithProbabilityPInsteadOfQFailTheValueRow() {
        CheckResult r = row(new OtherGeneratorDropout(Flaw.KEEPS_WITH_PROBABILITY_P), Check.VALUE);
        assertEquals(Status.FAIL, r.status(), show(r));
        // the first worked example has p = 0: this engine then keeps nothing
        assertTrue(r.reason().startsWith("contract: unit 0 dropped with p = 0: nothing may be dropped on inputs p = 0"), r.reason());
    }

    @Test
    void aKeepRateOffByOneHundredthFailsTheBinomialTestOnTheContractsLargeSamples() {
        CheckResult r = row(new OtherGeneratorDropout(Flaw.KEEP_RATE_OFF_BY_ONE_HUNDREDTH), Check.VALUE);
        assertEquals(Status.FAIL, r.status(), show(r));
        assertTrue(r.reason().matches("contract: kept \\d+ of 100000 units \\(rate .*\\): two-sided binomial p-value .* < 1.0E-6 on inputs .*"),
                r.reason());
        assertTrue(r.maxUlp() <= 2, "every output is x·m/q of its own mask within two roundings, only the rate is wrong: " + r.maxUlp());
    }

    @Test
    void aGradientThatDrawsAnotherMaskThanItsEvaluationFailsTheGradientRowOnly() {
        Engine engine = new OtherGeneratorDropout(Flaw.GRADIENT_DRAWS_ANOTHER_MASK);
        assertEquals(Status.PASS, row(engine, Check.VALUE).status());
        CheckResult r = row(engine, Check.GRADIENT);
        assertEquals(Status.FAIL, r.status(), show(r));
        assertTrue(r.reason().startsWith("gradient x vs the contract on the engine's own draw: element "), r.reason());
    }

    /** 10^5 ones with q = 0.7 and a mask of exactly {@code kept} leading ones: a count only the rate test judges. */
    private static Judgement judgeCount(int kept, double p, double training) {
        int n = DropoutContract.UNITS;
        double[] mask = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < kept; i++) {
            mask[i] = 1;
            y[i] = training == 1 ? 1 / (1 - p) : 1;
        }
        Tensors in = Tensors.of("x", Tensor.filled(1, n), "p", p, "mode", 0, "training", training, "seed", 1);
        return DropoutContract.outputs(in, Tensors.of("y", Tensor.of(new int[] {n}, y), "mask", Tensor.of(new int[] {n}, mask)),
                Dtype.FLOAT64);
    }

    @Test
    void theKeepRateTestAcceptsTheExpectedCountAndRejectsOneOffByOneHundredth() {
        assertTrue(judgeCount(70_000, 0.3, 1).verdict().ok());
        Verdict off = judgeCount(69_000, 0.3, 1).verdict();
        assertFalse(off.ok());
        assertTrue(off.detail().startsWith("kept 69000 of 100000 units (rate 0.69000, keep probability q = 1 − p = 0.70000): "
                + "two-sided binomial p-value"), off.detail());
    }

    @Test
    void nothingMayBeDroppedWithPZeroOrAtTestTime() {
        assertTrue(judgeCount(DropoutContract.UNITS, 0, 1).verdict().ok());
        assertEquals("unit 99999 dropped with p = 0: nothing may be dropped", judgeCount(DropoutContract.UNITS - 1, 0, 1).verdict().detail());
        assertEquals("unit 99999 dropped at test time: nothing may be dropped", judgeCount(DropoutContract.UNITS - 1, 0.5, 0).verdict().detail());
    }

    /**
     * The power stated on {@link DropoutContract#UNITS}: at q = 0.5 (the widest binomial), the
     * counts the test accepts at α = 10⁻⁶, and the chance that a rate of 0.49 or 0.51 falls among them.
     */
    @Test
    void theRateTestRejectsAKeepRateOffByOneHundredthWithProbabilityAbove092PerSample() {
        int n = DropoutContract.UNITS;
        // the smallest accepted count, by bisection (the p-value grows towards n/2); the largest by symmetry
        int rejected = 0;
        int lo = n / 2;
        while (lo - rejected > 1) {
            int mid = (rejected + lo) / 2;
            if (accepted(n, mid)) {
                lo = mid;
            } else {
                rejected = mid;
            }
        }
        int hi = n - lo;
        assertTrue(accepted(n, hi) && !accepted(n, hi + 1), "accepted counts [" + lo + ", " + hi + "] are not symmetric");
        for (double q : new double[] {0.49, 0.51}) {
            BinomialDistribution off = new BinomialDistribution(null, n, q);
            double escape = off.cumulativeProbability(hi) - off.cumulativeProbability(lo - 1);
            assertTrue(1 - escape > 0.92, "power " + (1 - escape) + " against q = " + q + ", accepted counts [" + lo + ", " + hi + "]");
            assertTrue(Math.pow(escape, DropoutContract.TRIES) < 1e-3, "escapes all samples with probability " + Math.pow(escape, 3));
        }
    }

    private static boolean accepted(int n, int kept) {
        return new BinomialTest().binomialTest(n, kept, 0.5, AlternativeHypothesis.TWO_SIDED) >= DropoutContract.SIGNIFICANCE;
    }

    @Test
    void pytorchsDropoutPassesItsContractInFloat64AndFloat32() {
        for (Dtype dtype : Dtype.values()) {
            List<CheckResult> rows = SharedReport.rows(PyTorchEngine.NAME, dtype, "dropout");
            if (rows.isEmpty() || rows.get(0).status() == Status.UNAVAILABLE) {
                assertTrue(Boolean.getBoolean("refcheck.allowUnavailableEngines") || !SharedReport.ids().contains("dropout"),
                        "no PyTorch " + dtype + " rows for dropout");
                continue;
            }
            for (Check check : List.of(Check.VALUE, Check.GRADIENT)) {
                CheckResult r = rows.stream().filter(x -> x.check() == check).findFirst().orElseThrow();
                assertEquals(Status.PASS, r.status(), show(r));
                assertEquals(DropoutContract.STATEMENT, r.reason());
            }
        }
    }

    @Test
    void everyDifferentiableIdHasPyTorchValueAndGradientRowsThatWereJudged() {
        Set<String> differentiable = SharedReport.rows(PlainJavaEngine.NAME, Dtype.FLOAT64).stream()
                .filter(r -> r.check() == Check.GRADIENT && r.status() != Status.NOT_APPLICABLE)
                .map(CheckResult::id).collect(Collectors.toSet());
        for (Dtype dtype : Dtype.values()) {
            List<CheckResult> rows = SharedReport.rows(PyTorchEngine.NAME, dtype);
            if (rows.stream().anyMatch(r -> r.status() == Status.UNAVAILABLE) && Boolean.getBoolean("refcheck.allowUnavailableEngines")) {
                continue;
            }
            for (String id : differentiable) {
                for (Check check : List.of(Check.VALUE, Check.GRADIENT)) {
                    List<CheckResult> judged = rows.stream().filter(r -> r.id().equals(id) && r.check() == check
                            && (r.status() == Status.PASS || r.status() == Status.FAIL)).toList();
                    assertEquals(1, judged.size(), "pytorch " + dtype + " " + id + " " + check);
                }
            }
        }
    }
}
