package io.refcheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.engine.Engine;
import io.refcheck.engine.EngineDefinition;
import io.refcheck.engine.Engines;
import io.refcheck.engine.ForwardingEngine;
import io.refcheck.engine.process.ProcessEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * B4: what speaking to an engine over the engine protocol costs, written to
 * reports/bench/b4-process-engine.json. Measured loops, not JMH: one number is the round trip of one
 * request to a separate process, which JMH's forks and blackholes do not make more exact.
 *
 * <ul>
 *   <li>the time per call of relu on 8 elements through the NumPy example (JSON both ways, the pipe,
 *       NumPy), one sample per request and 100 per request, against the same call in the JVM;</li>
 *   <li>the time to run every check on every id the NumPy example implements, against an in-JVM
 *       engine computing the same ids with plain Java's functions ({@link Engines#define}), both
 *       judged as engines other than the reference; and how many calls those checks make. Plain Java's
 *       own checks as the reference on the same ids are timed too, for scale: they are other checks.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp "target/bench/classes:target/bench/lib/*" io.refcheck.bench.ProcessEngineTiming [rounds]}
 * from the repository root, NumPy installed (it needs no JMH: {@code javac -cp "target/classes:target/lib/*" -d target/b4
 * src/bench/java/io/refcheck/bench/ProcessEngineTiming.java} and {@code -cp "target/b4:target/classes:target/lib/*"} do
 * without the bench profile). Each round times both engines, alternating; the first {@value #WARM_UP_ROUNDS} rounds
 * are a warm-up and the median of the others is recorded, with the load average before and after.
 */
public final class ProcessEngineTiming {
    static final String COMMAND = "python3 examples/numpy-engine/numpy_engine.py";
    static final Path OUT = Path.of("reports", "bench", "b4-process-engine.json");
    /** Rounds run before the measured ones: the JIT compiles the JSON and protocol paths over the first two. */
    static final int WARM_UP_ROUNDS = 2;

    private ProcessEngineTiming() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("what", "B4: engine protocol overhead; the NumPy example (examples/numpy-engine) against an in-JVM engine on the same ids");
        out.put("written", Instant.now().toString());
        out.put("load_average_before", loadBefore);
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (ProcessEngine numpy = ProcessEngine.start(COMMAND, ProcessEngine.DEFAULT_TIMEOUT)) {
            out.put("engine", numpy.name() + " " + numpy.version());
            out.put("per_call", perCall(numpy));
            List<String> ids = numpy.declaredIds().stream().filter(Catalog::contains).sorted().toList();
            Engine inJvm = sameIdsInJvm(numpy);
            Conformance conformance = new Conformance(20261123L);
            List<Double> numpySeconds = new ArrayList<>();
            List<Double> jvmSeconds = new ArrayList<>();
            List<Double> referenceSeconds = new ArrayList<>();
            List<Double> requestSeconds = new ArrayList<>();
            Engine reference = Engines.plainJava();
            Counting counted = new Counting(numpy);
            for (int r = 0; r < rounds; r++) {
                // every round through the counting wrapper: it times the requests, and its counts are the same each round
                long inRequests = counted.requestNanos.get();
                double a = checkAll(conformance, counted, ids);
                double requests = (counted.requestNanos.get() - inRequests) / 1e9;
                double b = checkAll(conformance, inJvm, ids);
                double c = checkAll(conformance, reference, ids);
                if (r >= WARM_UP_ROUNDS) {
                    numpySeconds.add(a);
                    requestSeconds.add(requests);
                    jvmSeconds.add(b);
                    referenceSeconds.add(c);
                }
                System.err.printf("round %d: numpy %.2f s, in-JVM %.2f s, plain Java as the reference %.2f s%n", r, a, b, c);
            }
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("ids", ids);
            check.put("rounds_measured", numpySeconds.size());
            check.put("warm_up_rounds", WARM_UP_ROUNDS);
            check.put("numpy_seconds_median", median(numpySeconds));
            check.put("in_jvm_seconds_median", median(jvmSeconds));
            check.put("ratio", median(numpySeconds) / median(jvmSeconds));
            // plain Java as the reference runs other checks (every fact's full tries, finite differences, the
            // oracle's own rows) and none against itself: shown for scale, not the like-for-like ratio above
            check.put("plain_java_reference_seconds_median", median(referenceSeconds));
            // where the NumPy engine's time goes: waiting for its requests (JSON both ways, the pipe, Python and NumPy)
            // against the checks' own work in the JVM (drawing samples, plain Java's expected values, comparing)
            check.put("numpy_seconds_in_requests_median", median(requestSeconds));
            check.put("goal_ratio", 2.0);
            check.put("numpy_seconds", numpySeconds);
            check.put("in_jvm_seconds", jvmSeconds);
            // the checks ask in batches (Engine.evaluateAll/vjpAll): requests are round trips, samples what they carried
            check.put("evaluate_requests", counted.evaluateRequests.get() / rounds);
            check.put("evaluate_samples", counted.evaluateSamples.get() / rounds);
            check.put("vjp_requests", counted.vjpRequests.get() / rounds);
            check.put("vjp_samples", counted.vjpSamples.get() / rounds);
            check.put("requests", (counted.evaluateRequests.get() + counted.vjpRequests.get()) / rounds);
            out.put("check_all_ids", check);
        }
        out.put("load_average_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.createDirectories(OUT.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(OUT.toFile(), out);
        System.out.println(Files.readString(OUT));
    }

    /** µs per call of relu on 8 elements: in the JVM, through the process one sample per request, and 100 per request. */
    private static Map<String, Object> perCall(ProcessEngine numpy) {
        Tensors z = Tensors.of("z", Tensor.vector(-1.5, 0.25, 3, -0.5, 7, -2, 0.125, 1));
        Engine java = Engines.plainJava();
        int n = 5000;
        for (int i = 0; i < 1000; i++) {
            numpy.evaluate("relu", z);
            java.evaluate("relu", z);
        }
        double[] process = new double[n];
        double[] jvm = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            numpy.evaluate("relu", z);
            long t1 = System.nanoTime();
            java.evaluate("relu", z);
            long t2 = System.nanoTime();
            process[i] = (t1 - t0) / 1e3;
            jvm[i] = (t2 - t1) / 1e3;
        }
        List<Tensors> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(z);
        }
        int batches = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            numpy.evaluateAll("relu", batch);
        }
        double batched = (System.nanoTime() - t0) / 1e3 / (batches * batch.size());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", "relu on 8 elements");
        m.put("calls", n);
        m.put("process_us_median", median(process));
        m.put("process_us_mean", Arrays.stream(process).average().orElseThrow());
        m.put("in_jvm_us_median", median(jvm));
        m.put("overhead_us_median", median(process) - median(jvm));
        m.put("batched_100_us_per_sample", batched);
        return m;
    }

    /** The same ids and gradients as {@code like}, computed in the JVM by the catalog's own functions. */
    private static Engine sameIdsInJvm(ProcessEngine like) {
        EngineDefinition d = Engines.define("in-jvm-same-ids").version("plain Java functions");
        for (String id : new TreeSet<>(like.declaredIds())) {
            Formula f = Catalog.get(id);
            d.formula(id, f::compute);
            if (like.implementsGradient(id)) {
                d.gradient(id, (in, ct) -> f.vjp().orElseThrow().apply(in, ct));
            }
        }
        if (!like.validatesInput()) {
            d.withoutInputValidation();
        }
        return d.build();
    }

    private static double checkAll(Conformance conformance, Engine engine, List<String> ids) {
        long t0 = System.nanoTime();
        for (String id : ids) {
            List<CheckResult> rows = conformance.run(engine, Catalog.get(id));
            rows.stream().filter(CheckResult::failed).findFirst().ifPresent(r -> {
                throw new IllegalStateException("a timing of a failing check is no number: " + r);
            });
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double median(List<Double> xs) {
        return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** An engine that counts the requests the checks make and the samples they carry, and otherwise is {@code inner}. */
    private static final class Counting extends ForwardingEngine {
        final AtomicLong evaluateRequests = new AtomicLong();
        final AtomicLong evaluateSamples = new AtomicLong();
        final AtomicLong vjpRequests = new AtomicLong();
        final AtomicLong vjpSamples = new AtomicLong();
        final AtomicLong requestNanos = new AtomicLong();

        private <T> T timed(Supplier<T> request) {
            long t0 = System.nanoTime();
            try {
                return request.get();
            } finally {
                requestNanos.addAndGet(System.nanoTime() - t0);
            }
        }

        Counting(Engine inner) {
            super(inner);
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            evaluateRequests.incrementAndGet();
            evaluateSamples.incrementAndGet();
            return timed(() -> delegate().evaluate(id, inputs));
        }

        @Override
        public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
            vjpRequests.incrementAndGet();
            vjpSamples.incrementAndGet();
            return timed(() -> delegate().vjp(id, inputs, cotangents));
        }

        @Override
        public List<Answer> evaluateAll(String id, List<Tensors> samples) {
            evaluateRequests.incrementAndGet();
            evaluateSamples.addAndGet(samples.size());
            return timed(() -> delegate().evaluateAll(id, samples));
        }

        @Override
        public List<Answer> vjpAll(String id, List<Tensors> inputs, List<Tensors> cotangents) {
            vjpRequests.incrementAndGet();
            vjpSamples.addAndGet(inputs.size());
            return timed(() -> delegate().vjpAll(id, inputs, cotangents));
        }
    }
}
