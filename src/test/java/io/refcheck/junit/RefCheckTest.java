package io.refcheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RefCheckTest {

    /** A user's softmax, written as a user would (max-shifted), in the builder's dozen lines. */
    static final Engine SOFTMAX_LIBRARY = Engines.define("softmax-library").version("2.1")
            .formula("softmax", in -> Tensors.of("s", Activations.softmax(in.get("z"))))
            .gradient("softmax", (in, ct) -> {
                Tensor s = Activations.softmax(in.get("z"));
                Tensor g = ct.get("s");
                int n = s.dim(-1);
                double[] out = new double[s.size()];
                for (int r = 0; r < s.size() / n; r++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += g.at(r * n + j) * s.at(r * n + j);
                    }
                    for (int j = 0; j < n; j++) {
                        out[r * n + j] = s.at(r * n + j) * (g.at(r * n + j) - dot);
                    }
                }
                return Tensors.of("z", Tensor.of(s.shape(), out));
            })
            .build();

    /** The same library with the textbook mistake: e^(z_i) / Σ e^(z_j) without the max shift overflows to NaN. */
    static final Engine UNSHIFTED_SOFTMAX = Engines.define("unshifted-softmax")
            .formula("softmax", in -> {
                Tensor z = in.get("z");
                int n = z.dim(-1);
                double[] d = z.toArray();
                for (int r = 0; r < d.length / n; r++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(d[r * n + j]);
                    }
                    for (int j = 0; j < n; j++) {
                        d[r * n + j] = Math.exp(d[r * n + j]) / sum;
                    }
                }
                return Tensors.of("s", Tensor.of(z.shape(), d));
            })
            .build();

    /** What JUnit would report for each dynamic test: its path and "pass", "fail: …" or "skip: …". */
    static List<String> outcomes(Stream<DynamicNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> collect("", n, out));
        return out;
    }

    private static void collect(String path, DynamicNode node, List<String> out) {
        String here = path + "/" + node.getDisplayName();
        if (node instanceof DynamicContainer c) {
            c.getChildren().forEach(child -> collect(here, child, out));
        } else if (node instanceof DynamicTest t) {
            try {
                t.getExecutable().execute();
                out.add(here + " => pass");
            } catch (TestAbortedException e) {
                out.add(here + " => skip: " + e.getMessage());
            } catch (AssertionFailedError e) {
                out.add(here + " => fail: " + e.getMessage());
            } catch (Throwable e) {
                out.add(here + " => error: " + e);
            }
        }
    }

    @Test
    void aCorrectEngineOfADozenLinesPassesEveryCheckOfTheIdItImplements() {
        List<String> results = outcomes(RefCheck.conformance(SOFTMAX_LIBRARY));
        assertTrue(results.stream().allMatch(r -> r.startsWith("/softmax")), String.join("\n", results));
        assertTrue(results.stream().anyMatch(r -> r.contains("/value => pass")), String.join("\n", results));
        assertTrue(results.stream().anyMatch(r -> r.contains("/gradient => pass")), String.join("\n", results));
        assertFalse(results.stream().anyMatch(r -> r.contains("=> fail") || r.contains("=> error")), String.join("\n", results));
    }

    @Test
    void aWrongSoftmaxFailsWithAMessageThatNamesTheIdTheCheckAndHowToRerunIt() {
        List<String> failures = outcomes(RefCheck.of(UNSHIFTED_SOFTMAX).seed(7).tests()).stream()
                .filter(r -> r.contains("=> fail")).toList();
        assertFalse(failures.isEmpty(), "the unshifted softmax passed every check");
        String first = failures.get(0);
        assertTrue(first.contains("softmax") && first.contains("value on unshifted-softmax float64"), first);
        assertTrue(first.contains("-Drefcheck.seed=7"), first);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RefCheck.assertConforms(UNSHIFTED_SOFTMAX, "softmax"));
        assertTrue(e.getMessage().contains("softmax value on unshifted-softmax"), e.getMessage());
    }

    @Test
    void anIdTheEngineDoesNotImplementIsSkippedWithTheReasonAndNeverPasses() {
        List<String> results = outcomes(RefCheck.of(SOFTMAX_LIBRARY).ids("sigmoid").tests());
        assertEquals(1, results.size(), String.join("\n", results));
        assertTrue(results.get(0).contains("=> skip: not-applicable: softmax-library does not implement sigmoid"), results.get(0));
    }

    @Test
    void assertConformsFailsWhenNothingWasChecked() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RefCheck.assertConforms(SOFTMAX_LIBRARY, "sigmoid"));
        assertTrue(e.getMessage().contains("sigmoid: nothing was checked on softmax-library"), e.getMessage());
    }

    @Test
    void anEngineThatImplementsNoIdFailsRatherThanProducingNoTests() {
        Engine nothing = new Engine() {
            public String name() {
                return "implements-nothing";
            }

            public String version() {
                return "0";
            }

            public Availability availability() {
                return Availability.yes();
            }

            public boolean implementsFormula(String id) {
                return false;
            }

            public Tensors evaluate(String id, Tensors inputs) {
                throw new UnsupportedOperationException();
            }
        };
        List<String> results = outcomes(RefCheck.conformance(nothing));
        assertEquals(1, results.size());
        assertTrue(results.get(0).contains("=> fail: implements-nothing (float64) implements none of the catalog's ids"), results.get(0));
    }

    @Test
    void anUnknownIdIsRejectedAndNamesTheIdTheCatalogLacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RefCheck.of(SOFTMAX_LIBRARY).ids("softmax_crossentropy"));
        assertTrue(e.getMessage().startsWith("ids: the catalog has no id 'softmax_crossentropy'"), e.getMessage());
    }

    @Test
    void anEngineThatBorrowsABuiltInNameOrHasNoNameIsRejected() {
        Engine impostor = new Engine() {
            public String name() {
                return "pytorch";
            }

            public String version() {
                return "0";
            }

            public Availability availability() {
                return Availability.yes();
            }

            public boolean implementsFormula(String id) {
                return id.equals("relu");
            }

            public Tensors evaluate(String id, Tensors inputs) {
                return Tensors.of("a", inputs.get("z").map(x -> Math.max(0, x)));
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RefCheck.of(impostor));
        assertTrue(e.getMessage().contains("is named 'pytorch', a built-in engine's name"), e.getMessage());
    }

    @Test
    void anEngineNameThatIsNotRegisteredCannotBeRunAlongside() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RefCheck.of(SOFTMAX_LIBRARY).alongside("tensorflow"));
        assertTrue(e.getMessage().startsWith("alongside: no registered engine is named 'tensorflow'; known: "), e.getMessage());
    }

    @Test
    void pytorchAlongsideGetsItsOwnContainersForTheSameIds() {
        List<String> results = outcomes(RefCheck.of(SOFTMAX_LIBRARY).ids("softmax").alongside("pytorch").tests());
        assertTrue(results.stream().anyMatch(r -> r.startsWith("/softmax-library (float64)/softmax")), String.join("\n", results));
        assertTrue(results.stream().anyMatch(r -> r.startsWith("/pytorch (float32)/softmax") && r.endsWith("=> pass")),
                String.join("\n", results));
        assertFalse(results.stream().anyMatch(r -> r.contains("=> fail") || r.contains("=> error")), String.join("\n", results));
    }
}
