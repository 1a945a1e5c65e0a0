package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.refcheck.check.Sampling;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The declared ports of every entry agree with what plain Java takes and gives: each id's first
 * sample (the conformance run's seed) is evaluated by {@link PlainJavaEngine} and its inputs and
 * outputs are held to the declaration by {@link PortCheck}: names, ranks, one size per symbol,
 * integers in integer ports, 0-d hyperparameters.
 */
class PortsTest {
    private static final PlainJavaEngine PLAIN_JAVA = new PlainJavaEngine();

    @TestFactory
    Stream<DynamicTest> everyEntrysDeclaredPortsMatchWhatPlainJavaTakesAndGives() {
        return Catalog.all().stream().map(f -> dynamicTest(f.id(), () -> {
            Tensors sample = Sampling.draw(f.samples(), Sampling.defaultSeed(), 1).get(0);
            Tensors out = PLAIN_JAVA.evaluate(f.id(), sample);
            List<String> problems = PortCheck.mismatches(f, sample, out);
            assertTrue(problems.isEmpty(), f.id() + " (seed " + Sampling.defaultSeed() + "): " + String.join("; ", problems));
        }));
    }

    @Test
    void everyOptionalInputIsLeftOutBySomeSampleAndGivenBySomeOther() {
        for (Formula f : Catalog.all()) {
            List<Port> optional = f.inputs().stream().filter(Port::optional).toList();
            if (optional.isEmpty()) {
                continue;
            }
            List<Tensors> samples = Sampling.draw(f.samples(), Sampling.defaultSeed(), 200);
            for (Port p : optional) {
                assertTrue(samples.stream().anyMatch(s -> s.has(p.name())), f.id() + ": no sample has the optional input " + p.name());
                assertTrue(samples.stream().anyMatch(s -> !s.has(p.name())), f.id() + ": every sample has " + p.name()
                        + ", so it is not optional");
            }
            for (Tensors s : samples) {
                List<String> problems = PortCheck.mismatches(f, s, PLAIN_JAVA.evaluate(f.id(), s));
                assertTrue(problems.isEmpty(), f.id() + ": " + String.join("; ", problems));
            }
        }
    }

    @Test
    void softmaxCrossEntropyTakesLogitsAndIntegerLabelsAndGivesAScalarLoss() {
        Formula f = Catalog.get("softmax_cross_entropy");
        assertEquals(List.of("logits [N, C] real differentiable", "labels [N] integer fixed"),
                f.inputs().stream().map(PortsTest::describe).toList());
        assertEquals(List.of("loss [] real differentiable"), f.outputs().stream().map(PortsTest::describe).toList());
    }

    @Test
    void aDeclarationThatDisagreesWithTheTensorsIsReportedPortByPort() {
        Formula wrong = Formula.define("wrong_ports", Family.LOSS).formula("loss = mean over rows of z")
                .input(Port.differentiable("z", "[N, C]", "real"))
                .input(Port.integers("labels", "[N]", "class indices"))
                .input(Port.hyperparameter("lr", "a rate"))
                .output("loss", "[]", "real")
                .compute(in -> Tensors.of("loss", 0.0, "extra", 1.0))
                .samples(Arbitraries.just(Tensors.empty()))
                .noPytorch("test entry").noOnnx("test entry").build();
        Tensors in = Tensors.of("z", Tensor.zeros(3, 2), "labels", Tensor.vector(0, 1.5), "lr", Tensor.vector(0.1),
                "unknown", 1.0);
        List<String> problems = PortCheck.mismatches(wrong, in, wrong.compute(in));
        assertEquals(List.of(
                "input unknown is not a declared port (declared: z, labels, lr)",
                "outputs are [loss, extra], declared [loss]",
                "input labels has shape [2], declared [N]: N = 2 here but 3 in input z",
                "input labels holds 1.5 at element 1, declared integer",
                "input lr has shape [1], declared []: rank 1 is not 0",
                "input lr is a hyperparameter of shape [1]; hyperparameters are 0-d"), problems);
    }

    @Test
    void everySourceLabelOfTheCatalogIsExplainedAndAnUnknownOneIsRejected() {
        for (Formula f : Catalog.all()) {
            f.sources().forEach(s -> assertTrue(Source.byLabel(s).isPresent(), f.id() + ": source " + s));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Formula.define("x", Family.LOSS).sources("S5"));
        assertTrue(e.getMessage().contains("unknown source 'S5'"), e.getMessage());
    }

    @Test
    void shapesReadBackAsWritten() {
        for (String s : List.of("[]", "[N, C]", "[..., n]", "[n2, m?]", "[n1, 1]", "[...]")) {
            assertEquals(s, Shape.parse(s).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("[..., m?]"), "a rank must say which axes are there");
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("N, C"), "brackets");
        assertThrows(IllegalArgumentException.class, () -> Port.integers("x", "[N]", "").withDifferentiable(true));
    }

    private static String describe(Port p) {
        return p.name() + " " + p.shape() + " " + p.kind().label() + " " + (p.differentiable() ? "differentiable" : "fixed");
    }
}
