package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.SharedReport;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Family;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Kink;
import io.refcheck.catalog.KinkConvention;
import io.refcheck.catalog.Port;
import io.refcheck.engine.Engine;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.engine.PyTorchEngine;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

/**
 * The "kink" rows: an engine's gradient exactly where the derivative is not unique, against plain
 * Java's convention or the alternative the engine declares.
 */
class KinkCheckTest {
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");
    private final Conformance conformance = new Conformance(Sampling.defaultSeed());

    /** relu whose vjp passes the cotangent where z ≥ 0: relu'(0) = 1, right everywhere else. */
    private static OneFormulaBroken reluOneAtZero(String name) {
        return OneFormulaBroken.gradient(name, "relu", (in, c, gradients) -> Tensors.of("z",
                c.get("a").zip(in.get("z"), (ci, z) -> z >= 0 ? ci : 0)));
    }

    private List<CheckResult> rows(Engine engine, String id) {
        return conformance.run(engine, Catalog.get(id));
    }

    private static CheckResult kinkRow(List<CheckResult> rows) {
        List<CheckResult> kink = rows.stream().filter(r -> r.check() == Check.KINK).toList();
        assertEquals(1, kink.size(), rows.toString());
        return kink.get(0);
    }

    @Test
    void aReluWithGradientOneAtZeroFailsOnlyTheKinkRowWhichNamesReluPrimeZero() {
        List<CheckResult> rows = rows(reluOneAtZero("relu-one-at-zero"), "relu");
        CheckResult kink = kinkRow(rows);
        assertTrue(kink.failed(), kink.toString());
        assertTrue(kink.reason().contains("relu'(0)"), kink.reason());
        assertTrue(kink.reason().contains("expected plain Java's relu'(0) = 0"), kink.reason());
        assertTrue(kink.reason().contains("what 'relu'(0) = 1' gives"), kink.reason());
        assertTrue(rows.stream().filter(r -> r.check() != Check.KINK).noneMatch(CheckResult::failed),
                "value and gradient samples avoid the kink, so only the kink row can see it: " + rows);
    }

    @Test
    void theSameReluDeclaringReluPrimeZeroIsOnePassesEveryRow() {
        List<CheckResult> rows = rows(reluOneAtZero("relu-declared").declaring(KinkConvention.RELU_PRIME_ZERO_IS_ONE.label()), "relu");
        assertEquals(Status.PASS, kinkRow(rows).status(), kinkRow(rows).reason());
        assertTrue(rows.stream().noneMatch(CheckResult::failed), rows.toString());
    }

    @Test
    void theDeclaredConventionHoldsForEveryEntryWithReluInside() {
        // the engine is plain Java (relu'(0) = 0) in mlp_forward, yet declares relu'(0) = 1
        Engine declaresButDoesNotFollow = OneFormulaBroken.gradient("declares-only", "relu", (in, c, g) -> g)
                .declaring(KinkConvention.RELU_PRIME_ZERO_IS_ONE.label());
        CheckResult kink = kinkRow(rows(declaresButDoesNotFollow, "mlp_forward"));
        assertTrue(kink.failed(), kink.toString());
        assertTrue(kink.reason().contains("expected the declared 'relu'(0) = 1'"), kink.reason());
    }

    @Test
    void anEngineDeclaringAConventionRefcheckDoesNotKnowFailsNamingTheKnownOnes() {
        CheckResult kink = kinkRow(rows(reluOneAtZero("relu-unknown").declaring("relu'(0) = 1/2"), "relu"));
        assertTrue(kink.failed(), kink.toString());
        assertTrue(kink.reason().contains("'relu'(0) = 1/2', which refcheck does not know"), kink.reason());
        assertTrue(kink.reason().contains(KinkConvention.labels()), kink.reason());
    }

    @Test
    void anMaeWhoseSubgradientAtATieIsOneHalfFailsTheKinkRow() {
        Engine halfAtTies = OneFormulaBroken.gradient("mae-half-at-ties", "mae", (in, c, gradients) -> {
            Tensor yHat = in.get("prediction");
            Tensor d = yHat.zip(in.get("target"), (p, y) -> p - y);
            double scale = c.scalar("loss") / yHat.size();
            Tensor g = d.map(di -> scale * (di == 0 ? 0.5 : Math.signum(di)));
            return Tensors.of("prediction", g, "target", g.map(x -> -x));
        });
        List<CheckResult> rows = rows(halfAtTies, "mae");
        CheckResult kink = kinkRow(rows);
        assertTrue(kink.failed() && kink.reason().contains("kink |ŷ_i − y_i| at a tie"), kink.toString());
        assertTrue(rows.stream().filter(r -> r.check() != Check.KINK).noneMatch(CheckResult::failed), rows.toString());
    }

    @Test
    void anLpNormWhoseGradientAtZeroIsNaNFailsTheKinkRow() {
        Engine nanAtZero = OneFormulaBroken.gradient("lp-norm-nan-at-zero", "lp_norm", (in, c, gradients) ->
                in.get("x").toArray().length > 0 && Arrays.stream(in.get("x").toArray()).allMatch(x -> x == 0)
                        ? Tensors.of("x", Tensor.filled(Double.NaN, in.get("x").shape())) : gradients);
        CheckResult kink = kinkRow(rows(nanAtZero, "lp_norm"));
        assertTrue(kink.failed() && kink.reason().contains("kink ‖x‖_p at x = 0") && kink.reason().contains("got NaN"), kink.toString());
    }

    @Test
    void plainJavaFollowsTheReferenceConventionEveryEntryDeclares() {
        List<String> withKinks = Catalog.all().stream().filter(f -> !f.kinks().isEmpty() && SharedReport.ids().contains(f.id()))
                .map(Formula::id).toList();
        assertTrue(withKinks.size() >= 10, withKinks.toString());
        List<CheckResult> kinks = SharedReport.rows(PlainJavaEngine.NAME, Dtype.FLOAT64).stream().filter(r -> r.check() == Check.KINK).toList();
        assertEquals(withKinks, kinks.stream().map(CheckResult::id).toList());
        assertTrue(kinks.stream().allMatch(r -> r.status() == Status.PASS && r.samples() > 0), kinks.toString());
    }

    @Test
    void entriesWithoutKinksGetNoKinkRow() {
        assertTrue(Catalog.get("sigmoid").kinks().isEmpty());
        assertTrue(rows(new PlainJavaEngine(), "sigmoid").stream().noneMatch(r -> r.check() == Check.KINK));
        assertTrue(rows(reluOneAtZero("relu-elsewhere"), "softmax").stream().noneMatch(r -> r.check() == Check.KINK));
    }

    /** relu with a declared reference that its own vjp does not follow. */
    private static Formula reluDeclaring(Kink kink) {
        return Formula.define("relu", Family.ACTIVATION).formula("max(0, z)")
                .input(Port.differentiable("z", "[...]", "any real tensor")).output("a", "[...]", "≥ 0")
                .compute(in -> Tensors.of("a", Activations.relu(in.get("z"))))
                .vjp(Catalog.get("relu").vjp().orElseThrow())
                .samples(Arbitraries.just(Tensors.of("z", Tensor.vector(1))))
                .noPytorch("test entry").noOnnx("test entry").kink(kink).build();
    }

    @Test
    void aDeclaredReferenceTheEntrysVjpDoesNotFollowFailsPlainJavasKinkRow() {
        Formula wrong = reluDeclaring(Kink.at("relu'(0)", Tensors.of("z", Tensor.vector(0, 2)))
                .reference("relu'(0) = 1", (in, c) -> Tensors.of("z", c.get("a"))));
        CheckResult kink = kinkRow(conformance.run(new PlainJavaEngine(), wrong));
        assertTrue(kink.failed() && kink.reason().contains("does not follow its declared relu'(0) = 1"), kink.toString());
    }

    @Test
    void anAlternativeThatNoPointTellsFromTheReferenceFailsPlainJavasKinkRow() {
        Formula offTheKink = reluDeclaring(Kink.at("relu'(0)", Tensors.of("z", Tensor.vector(1, -2)))
                .reference("relu'(0) = 0", (in, c) -> Tensors.of("z", c.get("a").zip(in.get("z"), (ci, z) -> z > 0 ? ci : 0)))
                .or(KinkConvention.RELU_PRIME_ZERO_IS_ONE, "passes at 0", (in, c) -> Tensors.of("z",
                        c.get("a").zip(in.get("z"), (ci, z) -> z >= 0 ? ci : 0))));
        CheckResult kink = kinkRow(conformance.run(new PlainJavaEngine(), offTheKink));
        assertTrue(kink.failed() && kink.reason().contains("the points do not sit on the kink"), kink.toString());
    }

    @Test
    void pytorchPassesEveryKinkRowInFloat64AndFloat32() {
        long expected = Catalog.all().stream().filter(f -> !f.kinks().isEmpty() && f.pytorch().isPresent()
                && SharedReport.ids().contains(f.id())).count();
        for (Dtype dtype : Dtype.values()) {
            List<CheckResult> rows = SharedReport.rows(PyTorchEngine.NAME, dtype);
            if (ALLOW_UNAVAILABLE && rows.stream().anyMatch(r -> r.status() == Status.UNAVAILABLE)) {
                continue;
            }
            List<CheckResult> kinks = rows.stream().filter(r -> r.check() == Check.KINK).toList();
            assertEquals(expected, kinks.size(), dtype + ": " + kinks);
            assertTrue(kinks.stream().allMatch(r -> r.status() == Status.PASS), dtype + ": " + kinks);
        }
    }

    @Test
    void aNumberAgainstAnInfinityOrNaNIsNeverWithinTolerance() {
        // rtol·|∞| = ∞ would otherwise let NaN (or any number) pass for an expected +∞
        assertFalse(Comparison.of(Tensor.vector(Double.NaN), Tensor.vector(Double.POSITIVE_INFINITY), Expected.PLAIN_JAVA, 1e-12, 1e-10).pass());
        assertFalse(Comparison.of(Tensor.vector(1e300), Tensor.vector(Double.POSITIVE_INFINITY), Expected.PLAIN_JAVA, 1e-12, 1e-10).pass());
        assertFalse(Comparison.of(Tensor.vector(Double.POSITIVE_INFINITY), Tensor.vector(1), Expected.PLAIN_JAVA, 1e-12, 1e-10).pass());
        assertTrue(Comparison.of(Tensor.vector(Double.NEGATIVE_INFINITY, Double.NaN, 1),
                Tensor.vector(Double.NEGATIVE_INFINITY, Double.NaN, 1 + 1e-12), Expected.PLAIN_JAVA, 1e-12, 1e-10).pass());
    }
}
