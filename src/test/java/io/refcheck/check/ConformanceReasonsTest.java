package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Example;
import io.refcheck.catalog.Formula;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.ExampleUserEngine;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A failing row says what went wrong in words a reader can act on: where "expected" came from, the ratio, the frame. */
class ConformanceReasonsTest {
    private final Conformance conformance = new Conformance(Sampling.defaultSeed());

    private static Tensors scaled(Tensors t, double k) {
        Tensors out = t;
        for (String name : t.names()) {
            out = out.with(name, t.get(name).map(x -> k * x));
        }
        return out;
    }

    private static CheckResult only(List<CheckResult> rows, Check check) {
        List<CheckResult> found = rows.stream().filter(r -> r.check() == check).toList();
        assertEquals(1, found.size(), rows.toString());
        return found.get(0);
    }

    @Test
    void anEngineClaimingAnIdTheCatalogLacksGetsAFailingCatalogRowNamingBoth() {
        Engine claims = new ExampleUserEngine() {
            @Override
            public Set<String> declaredIds() {
                return Set.of("sigmoid", "softmax_crossentropy");
            }
        };
        List<CheckResult> rows = conformance.catalogClaims(claims);
        CheckResult row = only(rows, Check.CATALOG);
        assertTrue(row.failed(), row.toString());
        assertEquals("softmax_crossentropy", row.id());
        assertEquals("example-user", row.engine());
        assertEquals("engine example-user claims id softmax_crossentropy, which the catalog does not have "
                + "(nearest: softmax_cross_entropy)", row.reason());
    }

    @Test
    void anEngineWhoseClaimsAreAllInTheCatalogGetsNoCatalogRow() {
        assertTrue(conformance.catalogClaims(new ExampleUserEngine()).isEmpty());
        assertTrue(conformance.catalogClaims(Engines.plainJava()).isEmpty());
    }

    @Test
    void aRowThatFailedBecauseTheEngineThrewShowsTheFramesAndTheSample() {
        Engine throwing = new OneFormulaBroken("throws", "sigmoid", (in, out) -> {
            throw new IllegalStateException("kernel not built");
        });
        CheckResult value = only(conformance.run(throwing, Catalog.get("sigmoid")), Check.VALUE);
        assertTrue(value.failed());
        String r = value.reason();
        assertTrue(r.startsWith("threw java.lang.IllegalStateException: kernel not built at "), r);
        assertTrue(r.contains("(ConformanceReasonsTest.java:"), "the top frame, with file and line: " + r);
        assertTrue(r.contains("(OneFormulaBroken.java:"), "the frames below it: " + r);
        assertTrue(r.contains("{z=Tensor["), "the sample: " + r);
    }

    @Test
    void aGradientOffByTwoIsNamedTimesTwoAgainstPlainJava() {
        Engine doubled = OneFormulaBroken.gradient("double-gradient", "mse", (in, g) -> scaled(g, 2));
        CheckResult gradient = only(conformance.run(doubled, Catalog.get("mse")), Check.GRADIENT);
        assertTrue(gradient.failed());
        assertTrue(gradient.reason().contains("expected (plain Java) "), gradient.reason());
        assertTrue(gradient.reason().contains("×2 "), gradient.reason());
    }

    @Test
    void aValueWrongOnlyOffTheWorkedExamplesNamesPlainJavaAsTheExpected() {
        Formula sigmoid = Catalog.get("sigmoid");
        List<Tensors> examples = sigmoid.examples().stream().map(Example::inputs).toList();
        Engine wrong = new OneFormulaBroken("wrong-off-examples", "sigmoid",
                (in, out) -> examples.contains(in) ? out : out.with("a", out.get("a").map(x -> x + 1e-6)));
        CheckResult value = only(conformance.run(wrong, sigmoid), Check.VALUE);
        assertTrue(value.failed());
        assertTrue(value.reason().startsWith("output a: element "), value.reason());
        assertTrue(value.reason().contains("expected (plain Java) "), value.reason());
    }

    @Test
    void aValueWrongOnAWorkedExampleNamesTheExampleAsTheExpected() {
        Engine twice = new OneFormulaBroken("twice", "sigmoid", (in, out) -> scaled(out, 2));
        CheckResult value = only(conformance.run(twice, Catalog.get("sigmoid")), Check.VALUE);
        assertTrue(value.reason().contains("expected (worked example) "), value.reason());
        assertTrue(value.reason().contains("×2 "), value.reason());
    }

    @Test
    void anAnalyticGradientTwiceTheFiniteDifferenceIsNamedSo() {
        double[] x = {0.3, -1.2, 2.0};
        double[] twice = {2 * 2 * 0.3, 2 * 2 * -1.2, 2 * 2 * 2.0}; // L = Σ x², so ∇L = 2x; the analytic side doubles it
        Comparison c = GradientCheck.perElement(v -> v[0] * v[0] + v[1] * v[1] + v[2] * v[2], x, twice,
                Formula.Step.DEFAULT, Formula.Tolerance.GRADIENT);
        assertTrue(c.reason().contains("expected (finite differences) "), c.reason());
        assertTrue(c.reason().contains("×2 "), c.reason());
    }

    @Test
    void theSampleInAReasonIsCompactWhateverItsSize() {
        Tensors many = Tensors.of("z", Tensor.zeros(100_000));
        for (int i = 0; i < 30; i++) {
            many = many.with("w" + i, Tensor.filled(Math.PI, 64, 64));
        }
        String s = Threw.sample(many);
        assertTrue(s.length() <= Threw.SAMPLE_CHARS + 1, s.length() + " characters: " + s);
        assertTrue(s.startsWith("{z=Tensor[100000] [0.0, ") && s.endsWith("…"), s);
    }
}
