package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.AccuracyCases;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.ExactTensor;
import io.refcheck.catalog.Family;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import io.refcheck.catalog.Real;
import io.refcheck.catalog.RealArithmetic;
import io.refcheck.check.Accuracy;
import io.refcheck.check.Check;
import io.refcheck.check.Sampling;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

/**
 * The oracle is generic: it computes the exact form of every entry that declares one
 * ({@link Formula#exact()}) and the exact vector–Jacobian product of every entry that declares
 * one, with no list of ids of its own; on every such id plain Java agrees with it within the
 * targets docs/accuracy.md states (1 ulp elementwise, 4 ulps for reductions, 4u·K where
 * ill-conditioned); and an exact form that is wrong, grossly or in the last digits, shows as a
 * miss.
 */
class OracleEngineTest {
    private static final long SEED = Sampling.defaultSeed();
    private static final Accuracy.Options SMALL = new Accuracy.Options(6, 400, 2_000, 500, 500, 60, SEED);
    private final OracleEngine oracle = new OracleEngine();

    @Test
    void theOraclesIdsAreTheEntriesThatDeclareAnExactForm() {
        List<String> declared = new ArrayList<>();
        List<String> withVjp = new ArrayList<>();
        for (Formula f : Catalog.all()) {
            assertEquals(f.exact().isPresent(), oracle.implementsFormula(f.id()), f.id());
            assertEquals(f.exactVjp().isPresent(), oracle.implementsGradient(f.id()), f.id());
            if (f.exact().isPresent()) {
                declared.add(f.id());
            }
            if (f.exactVjp().isPresent()) {
                withVjp.add(f.id());
            }
        }
        assertFalse(declared.isEmpty(), "no entry declares an exact form");
        assertEquals(declared, OracleEngine.ids());
        assertEquals(withVjp, OracleEngine.gradientIds());
        assertFalse(oracle.implementsFormula("no_such_id"));
        Formula without = Catalog.all().stream().filter(f -> f.exact().isEmpty()).findFirst().orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> oracle.evaluate(without.id(), Tensors.empty()));
    }

    /** On the entry's own samples: every declared exact form runs and gives the entry's outputs, in plain Java's shapes. */
    @Test
    void everyDeclaredExactFormComputesTheEntrysOutputsOnItsSamples() {
        for (String id : OracleEngine.ids()) {
            Formula f = Catalog.get(id);
            int computed = 0;
            for (Tensors sample : Sampling.draw(f.samples(), Sampling.derive(SEED, id + "/oracle-test"), 8)) {
                Map<String, ExactTensor> exact;
                try {
                    exact = oracle.exact(id, sample);
                } catch (ArithmeticException e) {
                    continue; // an infinite element of a reduction's input: not measured
                }
                computed++;
                Tensors plain = f.compute(sample);
                assertEquals(plain.names(), exact.keySet(), id + ": output names");
                for (String name : plain.names()) {
                    assertArrayEquals(plain.get(name).shape(), exact.get(name).shape(), id + "/" + name + ": shape");
                }
                if (f.exactVjp().isPresent()) {
                    String output = plain.names().iterator().next();
                    Tensors ones = Tensors.of(output, Tensor.filled(1, plain.get(output).shape()));
                    Tensors gradient = oracle.vjp(id, sample, ones);
                    assertEquals(Set.copyOf(f.differentiableInputs()), gradient.names(), id + ": gradient names");
                }
            }
            assertTrue(computed > 0, id + ": the oracle computed none of the entry's samples");
        }
    }

    /** Plain Java against the oracle, on every oracle id's samples and long inputs: no element misses its target. */
    @Test
    void plainJavaAgreesWithEveryExactFormWithinTheDocumentedTargets() {
        Accuracy accuracy = new Accuracy(SMALL);
        Engine plainJava = new PlainJavaEngine();
        for (String id : OracleEngine.ids()) {
            Accuracy.Measurement m = accuracy.measure(plainJava, id, Check.ORACLE, accuracy.cases(id));
            assertEquals("", m.error(), id);
            assertTrue(m.cases() > 0, id + " measured nothing");
            assertEquals(0, m.misses(), id + ": " + m);
            assertTrue(m.maxUlp() <= Accuracy.target(id, Check.ORACLE) || m.maxConditioned() <= Accuracy.CONDITIONED_TARGET,
                    id + ": " + m);
        }
        for (String id : OracleEngine.gradientIds()) {
            Accuracy.Measurement m = accuracy.measure(plainJava, id, Check.ORACLE_DERIVATIVE, accuracy.cases(id));
            assertEquals(0, m.misses(), id + "': " + m);
            assertTrue(m.maxUlp() <= Accuracy.SCALAR_TARGET_ULPS, id + "': " + m);
        }
    }

    /** σ(−z) in place of σ(z): the oracle computes what the entry states, and plain Java then misses by far. */
    @Test
    void aWrongExactFormIsAMissByFar() {
        Formula wrong = sigmoidWith((a, x) -> a.one().div(a.one().add(x.exp())));
        Accuracy.Measurement m = measureSigmoid(wrong);
        assertTrue(m.maxUlp() > 1_000_000, m.toString());
        assertTrue(m.misses() > 0, m.toString());
    }

    /** σ(z)·(1 + 2⁻⁴⁹), a relative error of a few ulps: still a miss against the 1-ulp target, where the right form passes. */
    @Test
    void anExactFormWrongInTheLastDigitsIsAMissToo() {
        Formula right = sigmoidWith((a, x) -> a.one().div(a.one().add(x.neg().exp())));
        Formula wrong = sigmoidWith((a, x) -> a.one().div(a.one().add(x.neg().exp())).mul(a.one().add(a.of(0x1p-49))));
        Accuracy.Measurement good = measureSigmoid(right);
        Accuracy.Measurement bad = measureSigmoid(wrong);
        assertEquals(0, good.misses(), good.toString());
        assertTrue(good.maxUlp() <= 1, good.toString());
        assertTrue(bad.misses() > 0, bad.toString());
        assertTrue(bad.maxUlp() >= 2 && bad.maxUlp() < 100, bad.toString());
    }

    @Test
    void anExactFormComesWithItsAccuracyCasesAndAnExactVjpWithAVjp() {
        Formula.Builder noCases = sigmoidBuilder();
        assertThrows(IllegalStateException.class, () -> noCases.exact((a, in) -> Map.of()).build());
        Formula.Builder noVjp = sigmoidBuilder().exact((a, in) -> Map.of()).accuracy(AccuracyCases.elementwise((r, n) -> List.of()));
        assertThrows(IllegalStateException.class, () -> noVjp.exactVjp((a, in, c) -> Map.of()).build());
    }

    private Accuracy.Measurement measureSigmoid(Formula f) {
        Random r = new Random(SEED);
        double[] z = new double[400];
        for (int i = 0; i < z.length; i++) {
            z[i] = 60 * r.nextDouble() - 30;
        }
        List<Accuracy.Case> cases = List.of(new Accuracy.Case("400 reals in [−30, 30]", Tensors.of("z", Tensor.vector(z))));
        Engine plainJava = new PlainJavaEngine();
        return new Accuracy(SMALL).measure(List.of(plainJava), f, Check.ORACLE, cases).get(plainJava);
    }

    /** An elementwise exact form: {@code f} on the exact value of each finite element. */
    private interface Scalar {
        Real apply(RealArithmetic a, Real x);
    }

    private static Formula sigmoidWith(Scalar exact) {
        return sigmoidBuilder()
                .exact((a, in) -> Map.of("a", ExactTensor.elementwise(a, in.get("z"), x -> exact.apply(a, x), z -> Double.NaN)))
                .accuracy(AccuracyCases.elementwise((r, n) -> List.of()))
                .build();
    }

    /** A sigmoid entry as the catalog's, without its exact form. */
    private static Formula.Builder sigmoidBuilder() {
        return Formula.define("sigmoid", Family.ACTIVATION)
                .formula("σ(z) = 1/(1+e^(−z))")
                .input(Port.differentiable("z", "[...]", "any real tensor"))
                .output("a", "[...]", "in [0, 1]")
                .compute(in -> Tensors.of("a", Activations.sigmoid(in.get("z"))))
                .samples(Arbitraries.just(Tensors.of("z", Tensor.vector(0))))
                .noPytorch("a test entry")
                .noOnnx("a test entry");
    }
}
