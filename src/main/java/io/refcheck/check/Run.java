package io.refcheck.check;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One conformance run: every check ({@link Conformance}) of the selected catalog ids on the
 * selected engines, with one seed. The {@code check} command, the report (report/ReportBuilder adds
 * the golden data and the node tests around it) and the tests' shared run all ask for their run
 * here, so the same selection gives the same rows wherever it is asked for.
 *
 * <pre>{@code
 * Run.Result r = new Run(seed)
 *         .ids(List.of("softmax", "bce"))   // optional: default the whole catalog
 *         .engines(engines)                 // optional: default every engine found
 *         .progress(listener)               // optional
 *         .execute();
 * }</pre>
 *
 * <p>Each engine is checked on its own thread (as many threads as cores, at most one per engine),
 * with its own {@link Conformance}. A check's outcome depends only on the seed, the id and the
 * engine, so the rows are the same as when the engines run one after another.
 */
public final class Run {

    /** Told before each engine × id is checked, so a long run can show where it is. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param done  engine × id pairs finished so far
         * @param total engine × id pairs in the run
         */
        void starting(Engine engine, Formula formula, int done, int total);
    }

    /** Told after each engine × id is checked, with that pair's rows. */
    @FunctionalInterface
    public interface Checked {
        void checked(Engine engine, Formula formula, List<CheckResult> rows);
    }

    /** How long one engine's checks took, in wall-clock seconds (to the millisecond). */
    public record Timing(Engine engine, double seconds) {
    }

    /**
     * What a run found.
     *
     * @param rows    every engine's rows, engine by engine in the run's engine order: the claims the
     *                catalog lacks ({@link Conformance#catalogClaims}), then the ids in the run's order
     * @param samples the samples the checks could not evaluate, in the same order
     * @param timings one per engine, in the run's engine order
     */
    public record Result(List<CheckResult> rows, List<SampleError> samples, List<Timing> timings) {
        public Result {
            rows = List.copyOf(rows);
            samples = List.copyOf(samples);
            timings = List.copyOf(timings);
        }
    }

    private final long seed;
    private List<Engine> engines;
    private List<String> ids = Catalog.ids();
    private Progress progress = (e, f, done, total) -> { };
    private Checked checked = (e, f, rows) -> { };
    /** Held while a listener is told something: the engines run on several threads, the listeners need not be thread-safe. */
    private final Object listeners = new Object();

    public Run(long seed) {
        this.seed = seed;
    }

    /** The engines to check, in this order; default: every engine {@link Engines#discover()} finds. */
    public Run engines(List<Engine> engines) {
        this.engines = List.copyOf(engines);
        return this;
    }

    /** Only these catalog ids, in this order; default: the whole catalog. */
    public Run ids(List<String> ids) {
        ids.forEach(Catalog::get); // an unknown id fails here, naming it
        this.ids = List.copyOf(ids);
        return this;
    }

    public Run progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    public Run checked(Checked checked) {
        this.checked = Objects.requireNonNull(checked);
        return this;
    }

    public long seed() {
        return seed;
    }

    /** The selected ids, in the run's order. */
    public List<String> ids() {
        return ids;
    }

    /** The selected engines, in the run's order (found when first asked for, if none were given). */
    public List<Engine> engines() {
        if (engines == null) {
            engines = Engines.discover();
        }
        return engines;
    }

    /**
     * {@code listener}, told under the same lock as the run's own listeners: for work done
     * {@linkplain #execute(List) alongside} the run that reports to the same place.
     */
    public <T> Consumer<T> inStep(Consumer<T> listener) {
        return t -> {
            synchronized (listeners) {
                listener.accept(t);
            }
        };
    }

    /** Checks every selected id on every selected engine. */
    public Result execute() {
        return execute(List.of());
    }

    /**
     * Checks every selected id on every selected engine, and runs {@code alongside} on the same
     * threads after the engines' tasks: the caller's own share of the work (a report's golden data
     * and node tests), which hands its results back itself (a {@link java.util.concurrent.FutureTask}).
     */
    public Result execute(List<? extends Runnable> alongside) {
        List<Engine> checkedEngines = engines();
        List<Formula> formulas = ids.stream().map(Catalog::get).toList();
        int total = checkedEngines.size() * formulas.size();
        AtomicInteger done = new AtomicInteger();
        List<Callable<EngineRun>> tasks = new ArrayList<>();
        checkedEngines.forEach(engine -> tasks.add(() -> check(engine, formulas, done, total)));
        alongside.forEach(task -> tasks.add(() -> {
            task.run();
            return null;
        }));
        List<CheckResult> rows = new ArrayList<>();
        List<SampleError> samples = new ArrayList<>();
        List<Timing> timings = new ArrayList<>();
        for (EngineRun run : inParallel(tasks)) {
            if (run != null) {
                rows.addAll(run.rows());
                samples.addAll(run.samples());
                timings.add(run.timing());
            }
        }
        return new Result(rows, samples, timings);
    }

    /** One engine's share of the run. */
    private record EngineRun(List<CheckResult> rows, List<SampleError> samples, Timing timing) {
    }

    /** Every check of one engine on every formula, in the formulas' order, with the engine's own {@link Conformance}. */
    private EngineRun check(Engine engine, List<Formula> formulas, AtomicInteger done, int total) {
        long start = System.nanoTime();
        List<SampleError> samples = new ArrayList<>();
        Conformance conformance = new Conformance(seed, samples::add);
        List<CheckResult> rows = new ArrayList<>(conformance.catalogClaims(engine));
        for (Formula f : formulas) {
            synchronized (listeners) {
                progress.starting(engine, f, done.get(), total);
            }
            List<CheckResult> r = conformance.run(engine, f);
            rows.addAll(r);
            done.incrementAndGet();
            synchronized (listeners) {
                checked.checked(engine, f, r);
            }
        }
        return new EngineRun(rows, samples, new Timing(engine, seconds(start)));
    }

    /**
     * The tasks' results in the tasks' order, computed on as many threads as there are cores (at most
     * one per task): checking one engine is mostly one thread's work, and most runs check several
     * engines. Each engine is used by one thread only, so an engine need not be thread-safe.
     */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) {
        int threads = Math.max(1, Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "refcheck-engine");
            t.setDaemon(true);
            return t;
        });
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the engines", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seconds since {@code startNanos}, to the millisecond. */
    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
    }
}
