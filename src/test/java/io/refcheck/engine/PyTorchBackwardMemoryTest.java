package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Torch;
import io.refcheck.check.Sampling;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PyTorch form's gradient, and every output of a form that runs autograd itself, is the
 * same whether or not the garbage collector runs just before the backward pass. DJL's {@code NDArray} methods that take a {@code Number}
 * (mul(2), maximum(−100), pow(2), …) wrap it in a tensor over a direct buffer and close that
 * tensor as soon as the forward op returns; autograd keeps the operand for the backward pass, so a
 * collection in between frees its memory and the backward pass reads whatever the allocator puts
 * there next (0, or a subnormal, instead of the gradient). A form must therefore keep such
 * constants alive until the engine's manager closes ({@link Torch#constant}).
 */
class PyTorchBackwardMemoryTest {
    private static final int SAMPLES = 2;

    @TestFactory
    Stream<DynamicTest> everyFormsGradientSurvivesAGarbageCollectionBeforeTheBackwardPass() {
        Engine engine = new PyTorchEngine.Float64();
        assumeTrue(engine.availability().available(), "PyTorch unavailable (PyTorchEngineTest fails for it)");
        List<Formula> differentiated = Catalog.all().stream().filter(f -> f.pytorch().isPresent() && f.vjp().isPresent()).toList();
        assertFalse(differentiated.isEmpty(), "no id has both a PyTorch form and a vector–Jacobian product: nothing would be checked");
        return differentiated.stream()
                .map(f -> dynamicTest(f.id(), () -> {
                    for (Tensors sample : samples(f, f.gradientSamples())) {
                        Tensors cotangents = cotangents(f.compute(sample));
                        assertUndisturbed(f, "∂/∂", sample, () -> engine.vjp(f.id(), sample, cotangents));
                    }
                }));
    }

    /** Forms that run autograd themselves (the back-propagation ids) start their backward pass inside evaluate. */
    @TestFactory
    Stream<DynamicTest> everyFormsOutputSurvivesAGarbageCollectionBeforeABackwardPassInsideIt() {
        Engine engine = new PyTorchEngine.Float64();
        assumeTrue(engine.availability().available(), "PyTorch unavailable (PyTorchEngineTest fails for it)");
        return Catalog.all().stream().filter(f -> f.pytorch().isPresent())
                .map(f -> dynamicTest(f.id(), () -> {
                    for (Tensors sample : samples(f, f.samples())) {
                        assertUndisturbed(f, "", sample, () -> engine.evaluate(f.id(), sample));
                    }
                }));
    }

    private static List<Tensors> samples(Formula f, Arbitrary<Tensors> arbitrary) {
        return Sampling.draw(arbitrary, Sampling.derive(Sampling.defaultSeed(), f.id()), SAMPLES);
    }

    private static void assertUndisturbed(Formula f, String what, Tensors sample, Supplier<Tensors> call) {
        Tensors undisturbed = call.get();
        Runnable previous = Torch.beforeBackward(PyTorchBackwardMemoryTest::collectAndReuseFreedMemory);
        Tensors collected;
        try {
            collected = call.get();
        } finally {
            Torch.beforeBackward(previous);
        }
        for (String name : undisturbed.names()) {
            assertEquals(Arrays.toString(undisturbed.get(name).toArray()), Arrays.toString(collected.get(name).toArray()),
                    f.id() + ": " + what + name + " changed when garbage was collected before the backward pass, on " + sample);
        }
    }

    /** Fixed cotangents 1, 1.25, 1.5, … shaped like each output. */
    private static Tensors cotangents(Tensors outputs) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        for (String name : outputs.names()) {
            Tensor o = outputs.get(name);
            double[] v = new double[o.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1 + 0.25 * (i % 8);
            }
            c.put(name, Tensor.of(o.shape(), v));
        }
        return Tensors.of(c);
    }

    /**
     * Frees every unreachable direct buffer (a collection, then time for the cleaner thread) and
     * takes small blocks back from the allocator with a pattern in them, so that a tensor over freed
     * memory reads the pattern rather than its old value.
     */
    private static void collectAndReuseFreedMemory() {
        System.gc();
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> blocks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            blocks.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 0x3f3f3f3f));
            blocks.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putDouble(0, -0.5));
        }
        blocks.clear();
    }
}
