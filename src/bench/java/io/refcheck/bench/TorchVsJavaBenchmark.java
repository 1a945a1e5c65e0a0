package io.refcheck.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.refcheck.engine.PyTorchEngine;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Layers;
import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Optimisers;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * B1: the plain-Java formulas against PyTorch on the CPU (libtorch through DJL), in one JMH run,
 * for each case a {@code java*} and a {@code torch*} method on the same data.
 *
 * <ul>
 *   <li>softmax-cross-entropy forward and backward on logits [4096, 1000], float64 and float32
 *       (plain Java computes in double only: its float32 case rounds the logits to float first,
 *       so it is the same work as float64);</li>
 *   <li>one step of a 2-layer MLP 784 → 256 (relu) → 10, batch 256: forward, softmax
 *       cross-entropy, backward, gd_step on all four parameters (float64);</li>
 *   <li>sigmoid, tanh and relu over 10^6 elements, and sigmoid over 8 elements, where the
 *       per-call overhead of JNI dominates (also through the project's PyTorch engine, which
 *       copies inputs in and outputs out, as every conformance check does).</li>
 * </ul>
 *
 * <p>Threads: {@code threads} sets libtorch's intra-op thread count
 * ({@link JniUtils#setNumThreads}) and the plain-Java side's system property
 * {@code refcheck.threads}, with which the matrix products and softmax cross-entropy split their
 * rows over that many threads (bit for bit the same results); each JMH fork is a fresh JVM, so the
 * setting holds for the whole trial. The elementwise activations stay on one thread.
 *
 * <p>Data stays where each side computes: the Java side takes {@link Tensor}s, the torch side
 * NDArrays created once in the setup (leaves that require a gradient where one is taken); each
 * torch invocation attaches its inputs to a sub-manager for the call only and closes it, so the
 * intermediates are freed and no native memory grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TorchVsJavaBenchmark {
    static final int CE_ROWS = 4096;
    static final int CE_CLASSES = 1000;
    static final int BATCH = 256;
    static final int IN = 784;
    static final int HIDDEN = 256;
    static final int OUT = 10;
    static final int LONG = 1_000_000;
    static final double LEARNING_RATE = 0.1;

    @Param({"1", "2"})
    public int threads;

    private NDManager manager;
    private ai.djl.engine.Engine djl;

    private Tensor logits;
    private Tensor logits32;
    private Tensor labels;
    private NDArray logitsNd64;
    private NDArray logitsNd32;
    private NDArray labelsNd;

    private Tensor x;
    private Tensor w1;
    private Tensor b1;
    private Tensor w2;
    private Tensor b2;
    private Tensor mlpLabels;
    private NDArray xNd;
    private NDArray w1Nd;
    private NDArray b1Nd;
    private NDArray w2Nd;
    private NDArray b2Nd;
    private NDArray mlpLabelsNd;

    private Tensor z;
    private Tensor z8;
    private NDArray zNd;
    private NDArray z8Nd;
    private PyTorchEngine engine;
    private Tensors z8Inputs;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("ai.djl.offline", "true");
        djl = ai.djl.engine.Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        System.setProperty("refcheck.threads", Integer.toString(threads));
        if (JniUtils.getNumThreads() != threads) {
            throw new IllegalStateException("libtorch runs " + JniUtils.getNumThreads() + " intra-op threads, asked for " + threads);
        }
        manager = djl.newBaseManager(Device.cpu());
        Random r = new Random(42);

        logits = gaussian(r, 3, CE_ROWS, CE_CLASSES);
        logits32 = logits.toFloat32();
        labels = classLabels(r, CE_ROWS, CE_CLASSES);
        logitsNd64 = nd(logits, DataType.FLOAT64);
        logitsNd32 = nd(logits, DataType.FLOAT32);
        labelsNd = nd(labels, DataType.INT64).reshape(-1, 1);
        logitsNd64.setRequiresGradient(true);
        logitsNd32.setRequiresGradient(true);

        x = gaussian(r, 1, BATCH, IN);
        w1 = gaussian(r, Math.sqrt(2.0 / IN), IN, HIDDEN);
        b1 = Tensor.zeros(HIDDEN);
        w2 = gaussian(r, Math.sqrt(1.0 / HIDDEN), HIDDEN, OUT);
        b2 = Tensor.zeros(OUT);
        mlpLabels = classLabels(r, BATCH, OUT);
        xNd = nd(x, DataType.FLOAT64);
        w1Nd = nd(w1, DataType.FLOAT64);
        b1Nd = nd(b1, DataType.FLOAT64);
        w2Nd = nd(w2, DataType.FLOAT64);
        b2Nd = nd(b2, DataType.FLOAT64);
        mlpLabelsNd = nd(mlpLabels, DataType.INT64).reshape(-1, 1);
        for (NDArray p : new NDArray[] {w1Nd, b1Nd, w2Nd, b2Nd}) {
            p.setRequiresGradient(true);
        }

        z = gaussian(r, 3, LONG);
        z8 = gaussian(r, 3, 8);
        zNd = nd(z, DataType.FLOAT64);
        z8Nd = nd(z8, DataType.FLOAT64);
        engine = new PyTorchEngine.Float64();
        if (!engine.availability().available()) {
            throw new IllegalStateException(engine.availability().reason());
        }
        z8Inputs = Tensors.of("z", z8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    private static Tensor gaussian(Random r, double sigma, int... shape) {
        double[] d = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = sigma * r.nextGaussian();
        }
        return Tensor.wrap(shape, d);
    }

    private static Tensor classLabels(Random r, int n, int classes) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextInt(classes);
        }
        return Tensor.wrap(new int[] {n}, d);
    }

    private NDArray nd(Tensor t, DataType type) {
        long[] dims = new long[t.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.dim(i);
        }
        NDArray a = manager.create(t.toArray(), new Shape(dims));
        return type == DataType.FLOAT64 ? a : a.toType(type, false);
    }

    // ================================================================ softmax cross-entropy, forward + backward

    @Benchmark
    public void javaSoftmaxCrossEntropy64(Blackhole bh) {
        bh.consume(Losses.softmaxCrossEntropy(logits, labels));
        bh.consume(Losses.softmaxCrossEntropyGradient(logits, labels));
    }

    /** The same work as float64 on float32-rounded logits: plain Java has one precision. */
    @Benchmark
    public void javaSoftmaxCrossEntropy32(Blackhole bh) {
        bh.consume(Losses.softmaxCrossEntropy(logits32, labels));
        bh.consume(Losses.softmaxCrossEntropyGradient(logits32, labels));
    }

    @Benchmark
    public void torchSoftmaxCrossEntropy64(Blackhole bh) {
        torchCrossEntropy(logitsNd64, bh);
    }

    @Benchmark
    public void torchSoftmaxCrossEntropy32(Blackhole bh) {
        torchCrossEntropy(logitsNd32, bh);
    }

    /**
     * torch.nn.functional.cross_entropy(z, c) and its backward, as the catalog's TorchForm writes
     * it; z is a leaf that requires a gradient, so its .grad accumulates across calls as it would
     * without zero_grad (the same work as writing it).
     */
    private void torchCrossEntropy(NDArray logitsNd, Blackhole bh) {
        try (NDManager call = manager.newSubManager()) {
            logitsNd.tempAttach(call);
            labelsNd.tempAttach(call);
            try (GradientCollector gc = djl.newGradientCollector()) {
                NDArray loss = logitsNd.logSoftmax(1).gather(labelsNd, 1).neg().mean();
                gc.backward(loss);
                bh.consume(loss);
            }
            bh.consume(logitsNd.getGradient());
        }
    }

    // ================================================================ 2-layer MLP step

    @Benchmark
    public void javaMlpStep(Blackhole bh) {
        List<Tensor> weights = List.of(w1, w2);
        Layers.Forward forward = Layers.mlpForward(x, weights, List.of(b1, b2), Activation.RELU);
        Tensor output = forward.output();
        bh.consume(Losses.softmaxCrossEntropy(output, mlpLabels));
        Tensor c = Losses.softmaxCrossEntropyGradient(output, mlpLabels);
        Layers.Backward backward = Layers.mlpBackward(forward, weights, Activation.RELU, c);
        bh.consume(Optimisers.gdStep(w1, backward.dW().get(0), LEARNING_RATE));
        bh.consume(Optimisers.gdStep(b1, backward.db().get(0), LEARNING_RATE));
        bh.consume(Optimisers.gdStep(w2, backward.dW().get(1), LEARNING_RATE));
        bh.consume(Optimisers.gdStep(b2, backward.db().get(1), LEARNING_RATE));
    }

    @Benchmark
    public void torchMlpStep(Blackhole bh) {
        try (NDManager call = manager.newSubManager()) {
            NDArray[] params = {w1Nd, b1Nd, w2Nd, b2Nd};
            for (NDArray a : params) {
                a.tempAttach(call);
            }
            xNd.tempAttach(call);
            mlpLabelsNd.tempAttach(call);
            try (GradientCollector gc = djl.newGradientCollector()) {
                NDArray hidden = xNd.matMul(w1Nd).add(b1Nd).getNDArrayInternal().relu();
                NDArray out = hidden.matMul(w2Nd).add(b2Nd);
                NDArray loss = out.logSoftmax(1).gather(mlpLabelsNd, 1).neg().mean();
                gc.backward(loss);
                bh.consume(loss);
            }
            NDList updated = new NDList();
            for (NDArray p : params) {
                // torch.optim.SGD's p.add_(p.grad, alpha=-lr), out of place: DJL forbids in-place ops on leaves
                updated.add(p.stopGradient().sub(p.getGradient().mul(LEARNING_RATE)));
            }
            bh.consume(updated);
        }
    }

    // ================================================================ elementwise, 10^6 and 8 elements

    @Benchmark
    public Tensor javaSigmoid1M() {
        return Activations.sigmoid(z);
    }

    @Benchmark
    public Tensor javaTanh1M() {
        return Activations.tanh(z);
    }

    @Benchmark
    public Tensor javaRelu1M() {
        return Activations.relu(z);
    }

    /*
     * The same three through the JDK Vector API kernels, the flag-gated path of
     * formulas/ElementwiseKernels: a fork with the incubator module and -Drefcheck.vector=true.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "--add-modules", "jdk.incubator.vector", "-Drefcheck.vector=true"})
    public Tensor javaVectorSigmoid1M() {
        return vectorOnly(Activations.sigmoid(z));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "--add-modules", "jdk.incubator.vector", "-Drefcheck.vector=true"})
    public Tensor javaVectorTanh1M() {
        return vectorOnly(Activations.tanh(z));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "--add-modules", "jdk.incubator.vector", "-Drefcheck.vector=true"})
    public Tensor javaVectorRelu1M() {
        return vectorOnly(Activations.relu(z));
    }

    /** Fails the run rather than timing the scalar kernels under a vector name. */
    private static Tensor vectorOnly(Tensor result) {
        if (!Activations.kernels().startsWith("vector")) {
            throw new IllegalStateException("expected the Vector API kernels, running " + Activations.kernels());
        }
        return result;
    }

    @Benchmark
    public void torchSigmoid1M(Blackhole bh) {
        elementwise(zNd, "sigmoid", bh);
    }

    @Benchmark
    public void torchTanh1M(Blackhole bh) {
        elementwise(zNd, "tanh", bh);
    }

    @Benchmark
    public void torchRelu1M(Blackhole bh) {
        elementwise(zNd, "relu", bh);
    }

    @Benchmark
    public Tensor javaSigmoid8() {
        return Activations.sigmoid(z8);
    }

    @Benchmark
    public void torchSigmoid8(Blackhole bh) {
        elementwise(z8Nd, "sigmoid", bh);
    }

    /** Through the project's engine: a fresh NDManager, the 8 doubles copied in and the result copied out. */
    @Benchmark
    public Tensors torchEngineSigmoid8() {
        return engine.evaluate("sigmoid", z8Inputs);
    }

    private void elementwise(NDArray input, String op, Blackhole bh) {
        try (NDManager call = manager.newSubManager()) {
            input.tempAttach(call);
            NDArray out = switch (op) {
                case "sigmoid" -> input.getNDArrayInternal().sigmoid();
                case "tanh" -> input.tanh();
                default -> input.getNDArrayInternal().relu();
            };
            bh.consume(out);
        }
    }
}
