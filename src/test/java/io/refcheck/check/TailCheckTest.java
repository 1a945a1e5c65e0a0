package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.engine.OracleEngine;
import io.refcheck.engine.PyTorchEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tail check: an engine that loses every digit where the exact result is a small normal
 * number fails it, with the input, the exact value, what it gave and the ulps in the reason, while
 * the value check's absolute tolerance lets the same engine pass; a correct float32 engine passes.
 */
class TailCheckTest {
    private static final long SEED = Sampling.defaultSeed();
    private final Conformance conformance = new Conformance(SEED);
    private final Engine plain = Engines.plainJava();

    /** σ(z) as 1 − σ(−z): right to 1e-16 in absolute terms, 0 at z = −40 where σ = 4.2e-18. */
    private OneFormulaBroken oneMinusSigmoidOfMinusZ() {
        return new OneFormulaBroken("one-minus-sigmoid", "sigmoid", (in, out) -> Tensors.of("a",
                plain.evaluate("sigmoid", Tensors.of("z", in.get("z").map(z -> -z))).get("a").map(s -> 1 - s)));
    }

    /** log_softmax as log(softmax(z)): −∞ where a probability underflows (logits 800 apart). */
    private OneFormulaBroken logOfSoftmax() {
        return new OneFormulaBroken("log-of-softmax", "log_softmax", (in, out) -> Tensors.of("log_s",
                plain.evaluate("softmax", in).get("s").map(Math::log)));
    }

    private static CheckResult only(List<CheckResult> rows, Check check) {
        List<CheckResult> found = rows.stream().filter(r -> r.check() == check).toList();
        assertEquals(1, found.size(), check + " rows: " + rows);
        return found.get(0);
    }

    @Test
    void sigmoidAsOneMinusSigmoidOfMinusZFailsTheTailRowOnlyWhileEveryValueRowPasses() {
        List<CheckResult> rows = conformance.run(oneMinusSigmoidOfMinusZ(), Catalog.get("sigmoid"));
        CheckResult value = only(rows, Check.VALUE);
        assertEquals(Status.PASS, value.status(), "the absolute term of the value check hides the tail: " + value.reason());
        CheckResult tail = only(rows, Check.TAIL);
        assertEquals(Status.FAIL, tail.status(), tail.reason());
        assertEquals(List.of(tail), rows.stream().filter(CheckResult::failed).toList(), "only the tail row fails: " + rows);
        String reason = tail.reason();
        assertTrue(reason.contains("z = [-40.0]"), "names the input: " + reason);
        assertTrue(reason.contains("exact 4.248354255291589E-18"), "names the exact value: " + reason);
        assertTrue(reason.contains("got 0.0"), "names what the engine gave: " + reason);
        assertTrue(reason.matches(".*got 0\\.0: [0-9.e+]+ ulp > limit [0-9]+ ulp.*"), "names the ulps and the limit: " + reason);
    }

    @Test
    void logSoftmaxAsLogOfSoftmaxFailsTheTailWhereSoftmaxUnderflows() {
        CheckResult tail = only(conformance.run(logOfSoftmax(), Catalog.get("log_softmax")), Check.TAIL);
        assertEquals(Status.FAIL, tail.status(), tail.reason());
        assertTrue(tail.reason().contains("got -Infinity: ∞ ulp"), tail.reason());
        assertEquals(Long.MAX_VALUE, tail.maxUlp());
    }

    @Test
    void aUsersSigmoidAsHalfPlusHalfTanhCancelsInTheTailAndFails() {
        // the example user engine's first form: exact in absolute terms, 0 below z ≈ −38
        Engine halfTanh = new OneFormulaBroken("half-tanh", "sigmoid", (in, out) -> Tensors.of("a",
                in.get("z").map(z -> 0.5 + 0.5 * Math.tanh(0.5 * z))));
        List<CheckResult> rows = conformance.run(halfTanh, Catalog.get("sigmoid"));
        assertEquals(Status.PASS, only(rows, Check.VALUE).status());
        assertEquals(Status.FAIL, only(rows, Check.TAIL).status(), only(rows, Check.TAIL).reason());
    }

    @Test
    void aCorrectFloat32EnginePassesTheTailOfEveryOracleId() {
        Engine float32 = new RoundedToFloat32();
        List<String> problems = new ArrayList<>();
        int tails = 0;
        for (Formula f : Catalog.all()) {
            if (!OracleEngine.ids().contains(f.id())) {
                continue;
            }
            CheckResult tail = TailCheck.check(float32, f, SEED);
            tails++;
            if (tail.status() != Status.PASS) {
                problems.add(f.id() + ": " + tail.status() + " " + tail.reason());
            }
        }
        assertEquals(OracleEngine.ids().size(), tails);
        assertEquals(List.of(), problems);
    }

    @Test
    void aCorrectFloat32EngineGetsATailRowFromConformanceAndFailsNothing() {
        List<CheckResult> rows = conformance.run(new RoundedToFloat32(), Catalog.get("sigmoid"));
        assertEquals(Status.PASS, only(rows, Check.TAIL).status(), only(rows, Check.TAIL).reason());
        assertFalse(rows.stream().anyMatch(CheckResult::failed), rows.toString());
    }

    @Test
    void withoutEstablishedEnginesTheLimitIsTheReferenceTargetAloneAndTheReasonSaysSo() {
        CheckResult broken = TailCheck.check(oneMinusSigmoidOfMinusZ(), Catalog.get("sigmoid"), SEED, List.of());
        assertEquals(Status.FAIL, broken.status(), broken.reason());
        assertTrue(broken.reason().contains("reference target alone"), broken.reason());
        assertTrue(broken.reason().contains("no established engine"), broken.reason());
        Engine missing = new Engine() {
            @Override
            public String name() {
                return PyTorchEngine.NAME;
            }

            @Override
            public String version() {
                return "none";
            }

            @Override
            public Availability availability() {
                return Availability.no("libtorch not found");
            }

            @Override
            public boolean implementsFormula(String id) {
                return true;
            }

            @Override
            public Tensors evaluate(String id, Tensors inputs) {
                throw new IllegalStateException("unavailable");
            }
        };
        CheckResult fine = TailCheck.check(plainJavaNamed("careful"), Catalog.get("sigmoid"), SEED, List.of(missing));
        assertEquals(Status.PASS, fine.status(), fine.reason());
        assertTrue(fine.reason().contains("reference target alone") && fine.reason().contains("pytorch float64 not used: unavailable: "
                + "libtorch not found"), fine.reason());
    }

    @Test
    void anEstablishedEngineThatBreaksThePrincipleIsMeasuredNotJudgedNeverPassed() {
        Engine brokenTorch = new OneFormulaBroken(PyTorchEngine.NAME, "sigmoid", (in, out) -> Tensors.of("a",
                plain.evaluate("sigmoid", Tensors.of("z", in.get("z").map(z -> -z))).get("a").map(s -> 1 - s)));
        CheckResult r = TailCheck.check(brokenTorch, Catalog.get("sigmoid"), SEED, List.of());
        assertEquals(Status.NOT_APPLICABLE, r.status(), r.reason());
        assertTrue(r.reason().startsWith("measured, not judged: "), r.reason());
        assertTrue(r.reason().contains("exact 4.248354255291589E-18"), r.reason());
        assertTrue(r.samples() > 0);
    }

    @Test
    void plainJavaGetsNoTailRowAndIdsTheOracleLacksGetNone() {
        assertFalse(conformance.run(plain, Catalog.get("sigmoid")).stream().anyMatch(r -> r.check() == Check.TAIL));
        assertFalse(conformance.run(plainJavaNamed("other"), Catalog.get("adam_step")).stream()
                .anyMatch(r -> r.check() == Check.TAIL));
    }

    @Test
    void everyOracleIdDeclaresTailPointsInItsCatalogEntry() {
        for (String id : OracleEngine.ids()) {
            assertFalse(Catalog.get(id).tails().isEmpty(), id + " declares no tail point");
        }
    }

    /** Plain Java under another name: judged by the tail check as any user engine. */
    private static Engine plainJavaNamed(String name) {
        return new OneFormulaBroken(name, "none", (in, out) -> out);
    }

    /** Plain Java in float64 on the float32 inputs, outputs rounded once to float: a correct float32 engine. */
    private static final class RoundedToFloat32 implements Engine {
        private final Engine plain = Engines.plainJava();

        @Override
        public String name() {
            return "rounded-float32";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public Dtype dtype() {
            return Dtype.FLOAT32;
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        public boolean implementsFormula(String id) {
            return plain.implementsFormula(id);
        }

        @Override
        public boolean implementsGradient(String id) {
            return plain.implementsGradient(id);
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            return rounded(plain.evaluate(id, inputs));
        }

        @Override
        public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
            return rounded(plain.vjp(id, inputs, cotangents));
        }

        private static Tensors rounded(Tensors t) {
            Tensors out = t;
            for (String name : t.names()) {
                Tensor x = t.get(name);
                out = out.with(name, x.toFloat32());
            }
            return out;
        }
    }
}
