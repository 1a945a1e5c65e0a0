package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.refcheck.SharedReport;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Plain Java against PyTorch (libtorch 2.7.1 through DJL), float64 and float32: values on every
 * catalog sample and gradients from autograd. A PyTorch engine that cannot load fails this test
 * unless {@code -Drefcheck.allowUnavailableEngines=true}: a missing engine is never a pass.
 */
class PyTorchEngineTest {
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");
    private static final Conformance CONFORMANCE = new Conformance(Sampling.defaultSeed());

    @Test
    void pytorchLoadsOfflineOrTheRunSaysWhyAndFails() {
        Engine e = new PyTorchEngine.Float64();
        Engine.Availability a = e.availability();
        if (!a.available() && ALLOW_UNAVAILABLE) {
            System.out.println("PyTorch unavailable (allowed by refcheck.allowUnavailableEngines): " + a.reason());
            return;
        }
        assertTrue(a.available(), () -> "PyTorch engine unavailable: " + a.reason());
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run DJL offline");
        assertTrue(e.version().startsWith("2.7.1"), e.version());
    }

    @Test
    void softmaxOfHugeLogitsAndTheGradientOfNegativeLogSoftmaxComeOutRight() {
        Engine e = new PyTorchEngine.Float64();
        if (!e.availability().available()) {
            return; // reported by the test above
        }
        Tensor z = Tensor.matrix(new double[] {1000, 999, -1000, 0});
        Tensor s = e.evaluate("softmax", Tensors.of("z", z)).get(Catalog.get("softmax").outputs().get(0).name());
        assertEquals(1 / (1 + Math.exp(-1)), s.at(0), 1e-15);
        assertEquals(0.0, s.at(2));
    }

    @TestFactory
    Stream<DynamicNode> everyFormulaAgreesWithPlainJavaInFloat64AndFloat32() {
        return Stream.of(new PyTorchEngine.Float64(), new PyTorchEngine.Float32()).map(engine ->
                dynamicContainer("pytorch " + engine.dtype(), Catalog.all().stream()
                        .filter(f -> SharedReport.ids().contains(f.id())).map(f -> dynamicTest(f.id(), () -> {
                    // The rows of this JVM's one conformance run, which the report shows too.
                    List<CheckResult> rows = SharedReport.rows(PyTorchEngine.NAME, engine.dtype(), f.id());
                    assertFalse(rows.isEmpty(), f.id() + ": no rows for pytorch " + engine.dtype());
                    for (CheckResult r : rows) {
                        if (r.status() == Status.UNAVAILABLE && ALLOW_UNAVAILABLE) {
                            continue;
                        }
                        assertFalse(r.failed() || r.status() == Status.UNAVAILABLE,
                                () -> r.engine() + " " + r.dtype() + " " + r.id() + " " + r.check() + " " + r.status()
                                        + ": " + r.reason() + String.format(" [max abs %.3g, max rel %.3g, max ulp %d, atol %.1g, rtol %.1g]",
                                        r.maxAbsError(), r.maxRelError(), r.maxUlp(), r.atol(), r.rtol()));
                    }
                }))));
    }

    @Test
    void everyFormulaWithoutAPyTorchCounterpartSaysWhy() {
        for (Formula f : Catalog.all()) {
            if (f.pytorch().isEmpty()) {
                assertFalse(f.pytorchNote().isBlank(), f.id());
            }
        }
    }

    @Test
    void runningTheComparisonAgainAndAgainDoesNotKeepGrowingNativeMemory() throws IOException {
        Engine e = new PyTorchEngine.Float64();
        if (!e.availability().available()) {
            return;
        }
        long[] rss = new long[4];
        long[] nativeKiB = new long[4];
        for (int run = 0; run < 4; run++) {
            assertFalse(CONFORMANCE.valuesAndGradients(e).stream().anyMatch(CheckResult::failed));
            System.gc();
            rss[run] = rssKiB();
            // Resident memory outside the Java heap: libtorch's allocations, DJL's native handles.
            nativeKiB[run] = rss[run] - Runtime.getRuntime().totalMemory() / 1024;
        }
        System.out.printf("PyTorch comparison, RSS after runs 1-4: %d, %d, %d, %d MiB; outside the Java heap: %d, %d, %d, %d MiB%n",
                rss[0] / 1024, rss[1] / 1024, rss[2] / 1024, rss[3] / 1024,
                nativeKiB[0] / 1024, nativeKiB[1] / 1024, nativeKiB[2] / 1024, nativeKiB[3] / 1024);
        // A leak of the NDArrays of one run (thousands of tensors, plus autograd graphs) would add
        // tens of MiB per run; allocator caches settle after the first runs.
        assertTrue(nativeKiB[3] - nativeKiB[1] < 48 * 1024,
                "native memory grew by " + (nativeKiB[3] - nativeKiB[1]) / 1024 + " MiB over runs 3 and 4");
    }

    private static long rssKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
