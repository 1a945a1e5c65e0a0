package io.refcheck.bench;

import io.refcheck.catalog.Formula;
import io.refcheck.check.Comparison;
import io.refcheck.check.GradientCheck;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Layers;
import io.refcheck.formulas.Losses;
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * B2: the cost of a gradient check as the network grows. The network is an MLP n → n (tanh) → 10
 * with softmax cross-entropy over a batch of 16, its width n chosen so the parameter count
 * n² + 11n + 10 is about 10³, 10⁴, 10⁵ and 10⁶ (n = 27, 95, 311, 995: 1,036, 10,080, 100,152 and
 * 1,000,980 parameters); scripts/gradcheck_bench.py builds the same network for
 * torch.autograd.gradcheck.
 *
 * <ul>
 *   <li>{@link #directional}: {@link GradientCheck#directional}, the analytic gradient
 *       (one forward and one backward pass) and four loss evaluations along one random
 *       direction, whatever the parameter count;</li>
 *   <li>{@link #perElement}: {@link GradientCheck#perElement}, four loss evaluations per
 *       parameter (Richardson-extrapolated central differences); measured up to 10⁴
 *       parameters only, since its cost grows with the square of the parameter count: one shot
 *       at 10⁴ took 16 s in a smoke run, so 10⁵ would take about half an hour and 10⁶ two days.</li>
 * </ul>
 *
 * <p>Each invocation is one complete check (single-shot time); the check's verdict is asserted,
 * so a benchmark of a check that fails is an error, not a number.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class GradientCheckBenchmark {
    static final int BATCH = 16;
    static final int CLASSES = 10;

    /** Width for a parameter count: n² + 11n + 10 ≈ parameters. */
    static int width(int parameters) {
        return switch (parameters) {
            case 1_000 -> 27;
            case 10_000 -> 95;
            case 100_000 -> 311;
            case 1_000_000 -> 995;
            default -> throw new IllegalArgumentException("parameters: one of 1000, 10000, 100000, 1000000, got " + parameters);
        };
    }

    /** The network, its data and the flat parameter vector θ = (W1, b1, W2, b2). */
    public static final class Network {
        final int n;
        final Tensor x;
        final Tensor labels;
        final double[] theta;
        final int[][] shapes;

        Network(int parameters, long seed) {
            n = width(parameters);
            Random r = new Random(seed);
            x = random(r, 1, BATCH, n);
            double[] l = new double[BATCH];
            for (int i = 0; i < BATCH; i++) {
                l[i] = r.nextInt(CLASSES);
            }
            labels = Tensor.vector(l);
            shapes = new int[][] {{n, n}, {n}, {n, CLASSES}, {CLASSES}};
            List<double[]> parts = new ArrayList<>();
            parts.add(random(r, 1 / Math.sqrt(n), n, n).toArray());
            parts.add(random(r, 0.1, n).toArray());
            parts.add(random(r, 1 / Math.sqrt(n), n, CLASSES).toArray());
            parts.add(random(r, 0.1, CLASSES).toArray());
            int total = parts.stream().mapToInt(p -> p.length).sum();
            theta = new double[total];
            int off = 0;
            for (double[] p : parts) {
                System.arraycopy(p, 0, theta, off, p.length);
                off += p.length;
            }
        }

        private static Tensor random(Random r, double sigma, int... shape) {
            double[] d = new double[Tensor.sizeOf(shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = sigma * r.nextGaussian();
            }
            return Tensor.wrap(shape, d);
        }

        private List<Tensor> unflatten(double[] flat) {
            List<Tensor> out = new ArrayList<>();
            int off = 0;
            for (int[] s : shapes) {
                int size = Tensor.sizeOf(s);
                double[] part = new double[size];
                System.arraycopy(flat, off, part, 0, size);
                out.add(Tensor.wrap(s, part));
                off += size;
            }
            return out;
        }

        private Layers.Forward forward(List<Tensor> p) {
            return Layers.mlpForward(x, List.of(p.get(0), p.get(2)), List.of(p.get(1), p.get(3)), Activation.TANH);
        }

        /** softmax_cross_entropy of the network's output at θ. */
        public double loss(double[] flat) {
            return Losses.softmaxCrossEntropy(forward(unflatten(flat)).output(), labels);
        }

        /** ∇θ of {@link #loss}, flattened like θ. */
        public double[] gradient(double[] flat) {
            List<Tensor> p = unflatten(flat);
            Layers.Forward f = forward(p);
            Tensor c = Losses.softmaxCrossEntropyGradient(f.output(), labels);
            Layers.Backward b = Layers.mlpBackward(f, List.of(p.get(0), p.get(2)), Activation.TANH, c);
            double[] g = new double[flat.length];
            int off = 0;
            for (Tensor t : new Tensor[] {b.dW().get(0), b.db().get(0), b.dW().get(1), b.db().get(1)}) {
                System.arraycopy(t.toArray(), 0, g, off, t.size());
                off += t.size();
            }
            return g;
        }
    }

    /** Every parameter count, for the directional check. */
    @State(Scope.Benchmark)
    public static class AnySize {
        @Param({"1000", "10000", "100000", "1000000"})
        public int parameters;
        Network network;

        @Setup(Level.Trial)
        public void setUp() {
            network = new Network(parameters, 7);
        }
    }

    /** The parameter counts the per-element check finishes in reasonable time: up to 10⁴. */
    @State(Scope.Benchmark)
    public static class Small {
        @Param({"1000", "10000"})
        public int parameters;
        Network network;

        @Setup(Level.Trial)
        public void setUp() {
            network = new Network(parameters, 7);
        }
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public Comparison directional(AnySize s) {
        Network net = s.network;
        Comparison c = GradientCheck.directional(net::loss, net.theta, net.gradient(net.theta), Formula.Step.DEFAULT,
                Formula.Tolerance.GRADIENT, 11);
        return verified(c);
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public Comparison perElement(Small s) {
        Network net = s.network;
        Comparison c = GradientCheck.perElement(net::loss, net.theta, net.gradient(net.theta), Formula.Step.DEFAULT,
                Formula.Tolerance.GRADIENT);
        return verified(c);
    }

    private static Comparison verified(Comparison c) {
        if (!c.pass()) {
            throw new IllegalStateException("the gradient check itself failed: " + c.reason());
        }
        return c;
    }
}
