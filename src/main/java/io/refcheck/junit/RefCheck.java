package io.refcheck.junit;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.NearestIds;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.process.ProcessEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * refcheck inside a user's own JUnit 5 build: every catalog check, run against the user's engine,
 * as dynamic tests or as one assertion.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> myLibraryConformsToTheReference() {
 *     return RefCheck.conformance(MyEngine.ENGINE);
 * }
 *
 * @Test
 * void softmaxConforms() {
 *     RefCheck.assertConforms(MyEngine.ENGINE, "softmax", "softmax_cross_entropy");
 * }
 * }</pre>
 *
 * <p>Each id is a container and each check row a test: it passes when the row passes, fails with
 * the row's reason (worst element, sample, where "expected" came from) and the seed to rerun it
 * with, and is skipped (never passed) when the row was not judged: an id the engine does not
 * implement, a check that does not apply, an engine that is unavailable. The seed is
 * {@code -Drefcheck.seed} as for the CLI ({@link Sampling#defaultSeed()}), or {@link Run#seed}.
 */
public final class RefCheck {
    private RefCheck() {
    }

    /** Every id the engine implements, each check a dynamic test; an engine that implements none fails. */
    public static Stream<DynamicNode> conformance(Engine engine) {
        return of(engine).tests();
    }

    /** Every check of these ids against the engine, as one assertion that fails on any failing or unjudged row. */
    public static void assertConforms(Engine engine, String... ids) {
        of(engine).ids(ids).assertConforms();
    }

    /**
     * A program in any language as the engine to check ({@link ProcessEngine}, docs/engine-protocol.md):
     * {@code RefCheck.conformance(RefCheck.process("python3 my_engine.py"))}. It is started now and
     * stopped when the JVM ends; each request may take up to {@link ProcessEngine#DEFAULT_TIMEOUT}.
     *
     * @throws IllegalArgumentException naming the command, when it cannot be started or its handshake is refused
     */
    public static Engine process(String command) {
        return process(command, ProcessEngine.DEFAULT_TIMEOUT);
    }

    /** As {@link #process(String)}, with each request allowed {@code timeout}. */
    public static Engine process(String command, Duration timeout) {
        return ProcessEngine.start(command, timeout);
    }

    /** A run to narrow ({@link Run#ids}), seed ({@link Run#seed}) or widen ({@link Run#alongside}) before it runs. */
    public static Run of(Engine engine) {
        return new Run(engine);
    }

    /** The checks of one engine (and any established engines alongside it), not yet run. */
    public static final class Run {
        private final Engine engine;
        private final List<String> ids = new ArrayList<>();
        private final Set<String> alongside = new LinkedHashSet<>();
        private long seed = Sampling.defaultSeed();

        private Run(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            if (engine.name() == null || engine.name().isBlank()) {
                throw new IllegalArgumentException("engine: " + engine.getClass().getName() + " has a blank name()");
            }
            if (Engines.isBuiltInName(engine.name()) && !engine.getClass().getPackageName().equals(Engine.class.getPackageName())) {
                throw new IllegalArgumentException("engine: " + engine.getClass().getName() + " is named '" + engine.name()
                        + "', a built-in engine's name; its rows would be read as that engine's");
            }
        }

        /**
         * Only these ids, in this order.
         *
         * @throws IllegalArgumentException for an id the catalog does not have, naming the nearest ones
         */
        public Run ids(String... wanted) {
            for (String id : wanted) {
                if (!Catalog.contains(id)) {
                    List<String> near = NearestIds.of(id);
                    throw new IllegalArgumentException("ids: the catalog has no id '" + id + "'"
                            + (near.isEmpty() ? "" : "; nearest: " + String.join(", ", near)));
                }
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            return this;
        }

        /** The seed every sample generator starts from (default: {@code -Drefcheck.seed}, else refcheck's fixed seed). */
        public Run seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Also runs the same checks on these built-in engines ("pytorch", "onnxruntime"), in each dtype
         * they offer, when they are on the classpath; where they are not, their tests are skipped with
         * the reason. Their rows show whether the established engines themselves agree on the same
         * samples.
         *
         * @throws IllegalArgumentException for a name no registered engine has
         */
        public Run alongside(String... engineNames) {
            Set<String> known = Engines.discover().stream().map(Engine::name).collect(Collectors.toSet());
            for (String n : engineNames) {
                if (!known.contains(n)) {
                    throw new IllegalArgumentException("alongside: no registered engine is named '" + n + "'; known: "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                }
                alongside.add(n);
            }
            return this;
        }

        /** The dynamic tests: a container per engine and id, a test per check row. */
        public Stream<DynamicNode> tests() {
            List<Engine> engines = engines();
            return engines.stream().map(e -> {
                List<Formula> formulas = formulas(e);
                Stream<DynamicNode> children = formulas.isEmpty()
                        ? Stream.of(DynamicTest.dynamicTest("implements a catalog id", () -> {
                            throw new AssertionFailedError(nothingImplemented(e));
                        }))
                        : formulas.stream().map(f -> container(e, f));
                return engines.size() == 1 ? children : Stream.<DynamicNode>of(DynamicContainer.dynamicContainer(label(e), children));
            }).flatMap(s -> s);
        }

        /** Runs every check and fails, listing each failing row, if any failed or if nothing was judged for an id. */
        public void assertConforms() {
            List<Formula> formulas = formulas(engine);
            if (formulas.isEmpty()) {
                throw new AssertionFailedError(nothingImplemented(engine));
            }
            Conformance conformance = new Conformance(seed);
            List<String> problems = new ArrayList<>();
            for (Formula f : formulas) {
                List<CheckResult> rows = conformance.run(engine, f);
                rows.stream().filter(CheckResult::failed).forEach(r -> problems.add(message(r)));
                if (rows.stream().noneMatch(r -> r.status() == Status.PASS || r.failed())) {
                    problems.add(f.id() + ": nothing was checked on " + label(engine) + ": "
                            + rows.stream().map(CheckResult::reason).distinct().collect(Collectors.joining("; ")));
                }
            }
            if (!problems.isEmpty()) {
                throw new AssertionFailedError(problems.size() + " check(s) failed on " + label(engine) + ":\n  "
                        + String.join("\n  ", problems) + "\n" + rerun());
            }
        }

        private List<Engine> engines() {
            List<Engine> all = new ArrayList<>();
            all.add(engine);
            for (Engine e : Engines.discover()) {
                if (alongside.contains(e.name())) {
                    all.add(e);
                }
            }
            Set<String> seen = new HashSet<>();
            for (Engine e : all) {
                if (!seen.add(e.name() + "/" + e.dtype())) {
                    throw new IllegalArgumentException("engine: " + e.name() + " (" + e.dtype() + ") is in this run twice");
                }
            }
            return all;
        }

        /** The chosen ids, or every id the engine implements when none were chosen. */
        private List<Formula> formulas(Engine e) {
            if (!ids.isEmpty()) {
                return ids.stream().map(Catalog::get).toList();
            }
            return Catalog.all().stream().filter(f -> e.implementsFormula(f.id())).toList();
        }

        private DynamicContainer container(Engine e, Formula f) {
            // The rows are computed when JUnit runs the container, not when the test plan is built.
            Stream<DynamicNode> tests = Stream.of(f).flatMap(x -> new Conformance(seed).run(e, x).stream())
                    .map(r -> DynamicTest.dynamicTest(testName(r), () -> judge(r)));
            return DynamicContainer.dynamicContainer(f.id() + " — " + f.formula(), tests);
        }

        private void judge(CheckResult r) {
            switch (r.status()) {
                case PASS -> { }
                case FAIL -> throw new AssertionFailedError(message(r) + "\n" + rerun());
                default -> Assumptions.abort(r.status() + ": " + r.reason());
            }
        }

        private String rerun() {
            return "seed " + seed + "; rerun the same samples with -Drefcheck.seed=" + seed;
        }

        private static String nothingImplemented(Engine e) {
            return label(e) + " implements none of the catalog's ids (" + (e.availability().available()
                    ? "implementsFormula is false for all " + Catalog.ids().size() : e.availability().reason()) + ")";
        }
    }

    /** "value", "gradient", "property: sentence", … as the CLI names the check. */
    static String testName(CheckResult r) {
        if (r.check() == Check.PROPERTY) {
            int colon = r.reason().indexOf(": ");
            return "property: " + (colon < 0 || r.status() == Status.PASS ? r.reason() : r.reason().substring(0, colon));
        }
        return r.check().label();
    }

    /** One failing row as the CLI prints it: id, check, engine and dtype, the reason, the measured errors. */
    static String message(CheckResult r) {
        return String.format("%s %s on %s %s: %s (max abs error %.3g, max rel error %.3g, %d ulp; %d samples; tolerance atol %.3g rtol %.3g)",
                r.id(), r.check(), r.engine(), r.dtypeLabel(), r.reason(), r.maxAbsError(), r.maxRelError(), r.maxUlp(),
                r.samples(), r.atol(), r.rtol());
    }

    private static String label(Engine e) {
        return e.name() + " (" + e.dtype() + ")";
    }
}
