package io.refcheck.check;

import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Contract;
import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Example;
import io.refcheck.catalog.Fact;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Kink;
import io.refcheck.catalog.KinkConvention;
import io.refcheck.catalog.NearestIds;
import io.refcheck.engine.Engine;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs every check the catalog declares against one engine and returns one row per id × check.
 * The CLI's report and the tests use this same code.
 *
 * <ul>
 *   <li>"value": the engine's outputs against the worked examples and, for an engine other than
 *       plain Java, against plain Java on the entry's samples; where the entry's outputs are random
 *       draws (it has a {@link Contract}), an engine other than plain Java is judged by that contract
 *       instead, in value and gradient rows alike;</li>
 *   <li>"gradient": per-element and directional finite-difference checks of the engine's own
 *       vector–Jacobian product, and the DerivativeStructure third opinion where there is one;</li>
 *   <li>"kink": at the points where the entry's derivative is not unique ({@link Kink}), another
 *       engine's gradient and value against the convention it declares there, plain Java's by
 *       default; for plain Java itself, its vjp there against the entry's declared reference
 *       convention;</li>
 *   <li>"property": every fact of the entry;</li>
 *   <li>"bad-input": every bad input of the entry ({@link BadInputCheck}): plain Java to the letter of
 *       the entry, another engine to PyTorch's IEEE results and, if it validates its input, to
 *       raising on every input the reference rejects;</li>
 *   <li>"tail": for an engine other than plain Java, on the ids the oracle computes, relative
 *       accuracy in ulps where the exact result is a small normal number ({@link TailCheck}).</li>
 * </ul>
 */
public final class Conformance {
    /** Samples drawn per id for value and gradient checks. */
    public static final int VALUE_SAMPLES = 30;
    public static final int GRADIENT_SAMPLES = 12;
    /**
     * Tries per fact on engines other than plain Java. Plain Java runs every fact's full tries;
     * another engine is already compared with plain Java value by value on every sample, so its
     * facts are a second opinion drawn from the same seeded stream (the first samples of it), and
     * each try there crosses JNI or opens an ONNX Runtime session.
     */
    public static final int OTHER_ENGINE_FACT_TRIES = 40;

    private final long seed;
    private final Consumer<SampleError> sampleErrors;

    public Conformance(long seed) {
        this(seed, e -> { });
    }

    /**
     * Also hands every sample's error in the value and gradient checks to {@code sampleErrors} (the
     * report charts them against input size); the rows are the same as without it.
     */
    public Conformance(long seed, Consumer<SampleError> sampleErrors) {
        this.seed = seed;
        this.sampleErrors = sampleErrors;
    }

    /** Every catalog id on {@code engine}, after the rows of its claims the catalog lacks ({@link #catalogClaims}). */
    public List<CheckResult> run(Engine engine) {
        List<CheckResult> rows = new ArrayList<>(catalogClaims(engine));
        for (Formula f : Catalog.all()) {
            rows.addAll(run(engine, f));
        }
        return rows;
    }

    /** Only the value and gradient rows of every id: the engine comparison without the properties. */
    public List<CheckResult> valuesAndGradients(Engine engine) {
        List<CheckResult> rows = new ArrayList<>();
        for (Formula f : Catalog.all()) {
            if (engine.availability().available() && engine.implementsFormula(f.id())) {
                rows.add(value(engine, f));
                rows.add(gradient(engine, f));
            }
        }
        return rows;
    }

    /**
     * One failing "catalog" row per id the engine declares ({@link Engine#declaredIds()}) that the
     * catalog does not have, naming the engine, the id and the nearest catalog ids: a claim nothing
     * checks is never silently dropped. Empty when every declared id is in the catalog.
     */
    public List<CheckResult> catalogClaims(Engine engine) {
        List<CheckResult> rows = new ArrayList<>();
        for (String id : new TreeSet<>(engine.declaredIds())) {
            if (!Catalog.contains(id)) {
                rows.add(new CheckResult(id, "", engine.name(), engine.dtype(), engine.device(), Check.CATALOG, Status.FAIL,
                        0, 0, 0, 0, 0, 0, seed, "engine " + engine.name() + " claims id " + id
                        + ", which the catalog does not have (nearest: " + NearestIds.listed(NearestIds.of(id)) + ")"));
            }
        }
        return rows;
    }

    public List<CheckResult> run(Engine engine, Formula f) {
        List<CheckResult> rows = new ArrayList<>();
        Engine.Availability a = engine.availability();
        if (!a.available()) {
            rows.add(row(f, engine, Check.VALUE, Status.UNAVAILABLE, Comparison.empty(), 0, 0, 0, a.reason()));
            return rows;
        }
        if (!engine.implementsFormula(f.id())) {
            rows.add(row(f, engine, Check.VALUE, Status.NOT_APPLICABLE, Comparison.empty(), 0, 0, 0,
                    engine.name() + " does not implement " + f.id()));
            return rows;
        }
        rows.add(value(engine, f));
        rows.add(gradient(engine, f));
        kinks(engine, f).ifPresent(rows::add);
        rows.addAll(tail(engine, f));
        for (Fact fact : f.facts()) {
            long s = Sampling.derive(seed, f.id() + "/" + fact.sentence());
            if (float32(engine)) {
                rows.add(row(f, engine, Check.PROPERTY, Status.NOT_APPLICABLE, Comparison.empty(), 0, 0, 0,
                        fact.sentence() + ": facts are stated in float64; float32 is compared by value and gradient", s));
                continue;
            }
            try {
                FactRunner.Outcome o = FactRunner.run(isReference(engine) ? fact
                        : fact.withTries(Math.min(fact.tries(), OTHER_ENGINE_FACT_TRIES)), engine, s);
                rows.add(row(f, engine, Check.PROPERTY, o.pass() ? Status.PASS : Status.FAIL, Comparison.empty(),
                        0, 0, o.tries(), fact.sentence() + (o.pass() ? "" : ": " + o.detail()), s));
            } catch (UnsupportedOperationException e) {
                rows.add(row(f, engine, Check.PROPERTY, Status.NOT_APPLICABLE, Comparison.empty(), 0, 0, 0,
                        fact.sentence() + ": " + e.getMessage(), s));
            }
        }
        rows.add(badInputs(engine, f));
        return rows;
    }

    /** The tail row ({@link TailCheck}): every engine but plain Java, on the ids the oracle computes; none otherwise. */
    private List<CheckResult> tail(Engine engine, Formula f) {
        return TailCheck.applies(engine, f) ? List.of(TailCheck.check(engine, f, seed)) : List.of();
    }

    private static boolean isReference(Engine engine) {
        return PlainJavaEngine.NAME.equals(engine.name());
    }

    private static boolean float32(Engine engine) {
        return engine.dtype() == Dtype.FLOAT32;
    }

    /**
     * The inputs an engine of this dtype sees: a float32 engine gets its data tensors rounded to
     * float32, while scalar hyperparameters (learning rate, β, ε, p, codes) stay double, as they are
     * Python floats in PyTorch (β2 = 0.99999999 would round to 1.0f).
     */
    static Tensors asSeenBy(Engine engine, Formula f, Tensors sample) {
        if (!float32(engine)) {
            return sample;
        }
        Tensors rounded = sample;
        for (String name : sample.names()) {
            Tensor t = sample.get(name);
            if (t.rank() > 0 || f.differentiableInputs().contains(name)) {
                rounded = rounded.with(name, t.toFloat32());
            }
        }
        return rounded;
    }

    private static Formula.Tolerance tolerance(Engine engine, Formula f) {
        return f.tolerance(engine.dtype());
    }

    private CheckResult value(Engine engine, Formula f) {
        if (!isReference(engine) && f.contract().isPresent()) {
            return valueByContract(engine, f, f.contract().get());
        }
        Comparison worst = Comparison.empty();
        int n = 0;
        Formula.Tolerance tol = isReference(engine) ? new Formula.Tolerance(0, 0, "examples") : tolerance(engine, f);
        String failure = "";
        String where = "";
        Tensors current = Tensors.empty();
        try {
            // every input first, in the order they are judged, answered in one batch
            List<Tensors> inputs = new ArrayList<>();
            for (Example ex : f.examples()) {
                inputs.add(asSeenBy(engine, f, ex.inputs()));
            }
            if (!isReference(engine)) {
                long s = Sampling.derive(seed, f.id() + "/value");
                for (Tensors sample : Sampling.draw(f.samples(), s, VALUE_SAMPLES)) {
                    inputs.add(asSeenBy(engine, f, sample));
                }
            }
            List<Answer> answers = engine.evaluateAll(f.id(), inputs);
            for (Example ex : f.examples()) {
                Tensors in = inputs.get(n);
                where = "worked example '" + ex.why() + "'";
                current = in;
                Tensors out = answers.get(n).get();
                // float32 is held to plain Java on the rounded inputs, float64 to the example's own outputs
                Tensors expected = float32(engine) ? f.compute(in) : ex.outputs();
                Expected from = float32(engine) ? Expected.PLAIN_JAVA : Expected.WORKED_EXAMPLE;
                Comparison sampleWorst = Comparison.empty();
                for (String name : ex.outputs().names()) {
                    double t = float32(engine) ? 0 : ex.tolerance();
                    Comparison c = Comparison.of(out.get(name), expected.get(name), from, t + tol.atol(), t + tol.rtol());
                    if (!c.pass() && failure.isEmpty()) {
                        failure = "example '" + ex.why() + "', output " + name + ": " + c.reason();
                    }
                    sampleWorst = sampleWorst.worst(c);
                }
                worst = worst.worst(sampleWorst);
                sampleErrors.accept(SampleError.of(f, engine.name(), engine.dtype(), engine.device(), Check.VALUE, in, sampleWorst));
                n++;
            }
            while (n < inputs.size()) {
                Tensors in = inputs.get(n);
                where = "sample";
                current = in;
                Tensors expected = f.compute(in);
                Tensors actual = answers.get(n).get();
                Map<String, Tensor> allowance = f.roundingAllowance(in, engine.dtype());
                Comparison sampleWorst = Comparison.empty();
                for (String name : expected.names()) {
                    Comparison c = Comparison.of(actual.get(name), expected.get(name), Expected.PLAIN_JAVA, tol.atol(), tol.rtol(),
                            allowance.get(name));
                    if (!c.pass() && failure.isEmpty()) {
                        failure = "output " + name + ": " + c.reason() + " on sample " + Threw.sample(in);
                    }
                    sampleWorst = sampleWorst.worst(c);
                }
                worst = worst.worst(sampleWorst);
                sampleErrors.accept(SampleError.of(f, engine.name(), engine.dtype(), engine.device(), Check.VALUE, in, sampleWorst));
                n++;
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.VALUE, Status.FAIL, worst, tol.atol(), tol.rtol(), n, Threw.reason(e, where, current));
        }
        return row(f, engine, Check.VALUE, worst.pass() ? Status.PASS : Status.FAIL, worst, tol.atol(), tol.rtol(),
                n, failure);
    }

    /**
     * Plain Java: its analytic gradient against finite differences (per element and directional)
     * and DerivativeStructure. Another engine: its own gradient (autograd) against plain Java's
     * analytic gradient, with the same random cotangents, at that engine's dtype tolerance.
     */
    private CheckResult gradient(Engine engine, Formula f) {
        if (!f.differentiable()) {
            return row(f, engine, Check.GRADIENT, Status.NOT_APPLICABLE, Comparison.empty(), 0, 0, 0,
                    "not differentiable" + (f.conventions().isEmpty() ? "" : ": " + String.join("; ", f.conventions())));
        }
        if (!engine.implementsGradient(f.id())) {
            return row(f, engine, Check.GRADIENT, Status.NOT_APPLICABLE, Comparison.empty(), 0, 0, 0,
                    engine.name() + " has no gradient for " + f.id());
        }
        if (!isReference(engine) && f.contract().isPresent()) {
            return gradientByContract(engine, f, f.contract().get());
        }
        long s = Sampling.derive(seed, f.id() + "/gradient");
        Formula.Tolerance tol = isReference(engine) ? f.gradientTolerance() : tolerance(engine, f);
        Comparison worst = Comparison.empty();
        String failure = "";
        int n = 0;
        Tensors current = Tensors.empty();
        try {
            List<Tensors> samples = Sampling.draw(f.gradientSamples(), s, GRADIENT_SAMPLES);
            List<Tensors> inputs = isReference(engine) ? samples : samples.stream().map(x -> asSeenBy(engine, f, x)).toList();
            // another engine's vector–Jacobian products, answered in one batch; plain Java's finite differences go one by one
            List<Batched.Result<Comparison>> againstReference = isReference(engine) ? List.of()
                    : Batched.run(engine, inputs, (e, i, in) -> GradientCheck.againstReference(e, f, in, s + i, tol, float32(engine)));
            for (Tensors sample : samples) {
                Comparison c;
                Tensors in = inputs.get(n);
                current = in;
                if (isReference(engine)) {
                    c = GradientCheck.perElement(engine, f, sample, s + n)
                            .worst(GradientCheck.directional(engine, f, sample, s + n));
                    if (f.scalarForm().isPresent()) {
                        c = c.worst(ScalarFormCheck.check(engine, f, sample));
                    }
                } else {
                    c = againstReference.get(n).get();
                }
                sampleErrors.accept(SampleError.of(f, engine.name(), engine.dtype(), engine.device(), Check.GRADIENT, in, c));
                if (!c.pass() && failure.isEmpty()) {
                    failure = c.reason() + " on sample " + Threw.sample(in);
                }
                worst = worst.worst(c);
                n++;
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.GRADIENT, Status.FAIL, worst, tol.atol(), tol.rtol(), n, Threw.reason(e, "sample", current), s);
        }
        return row(f, engine, Check.GRADIENT, worst.pass() ? Status.PASS : Status.FAIL, worst,
                tol.atol(), tol.rtol(), n, failure, s);
    }

    /**
     * An entry with random outputs on an engine other than plain Java: the engine's draws are its
     * own, so no value can equal plain Java's. Every evaluation (the worked examples, the entry's
     * samples and the contract's own large ones) is judged by the entry's {@link Contract}: the
     * outputs it expects from the engine's own draw, compared within its per-element allowance, and
     * its verdict on the draw itself (e.g. a binomial test of the keep rate).
     */
    private CheckResult valueByContract(Engine engine, Formula f, Contract contract) {
        List<Tensors> samples = new ArrayList<>();
        f.examples().forEach(ex -> samples.add(ex.inputs()));
        samples.addAll(Sampling.draw(f.samples(), Sampling.derive(seed, f.id() + "/value"), VALUE_SAMPLES));
        samples.addAll(Sampling.draw(contract.samples(), Sampling.derive(seed, f.id() + "/value/contract"), contract.tries()));
        Dtype dtype = engine.dtype();
        Comparison worst = Comparison.empty();
        String failure = "";
        int n = 0;
        try {
            List<Tensors> inputs = samples.stream().map(x -> asSeenBy(engine, f, x)).toList();
            List<Answer> answers = engine.evaluateAll(f.id(), inputs);
            for (Tensors in : inputs) {
                Tensors out = answers.get(n).get();
                Judged j = judged(f, in, contract.outputs().judge(in, out, dtype), out, "output");
                sampleErrors.accept(SampleError.of(f, engine.name(), engine.dtype(), engine.device(), Check.VALUE, in, j.comparison()));
                worst = worst.worst(j.comparison());
                failure = failure.isEmpty() ? j.failure() : failure;
                n++;
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.VALUE, Status.FAIL, worst, 0, 0, n, "threw " + e);
        }
        return row(f, engine, Check.VALUE, failure.isEmpty() ? Status.PASS : Status.FAIL, worst, 0, 0, n,
                failure.isEmpty() ? contract.statement() : failure);
    }

    /**
     * The gradient of an entry with random outputs on an engine other than plain Java: for each of
     * the entry's gradient samples and the contract's own, the engine's vector–Jacobian product for
     * random cotangents, judged by the contract against the engine's evaluation of the same inputs
     * (the same draw: a draw is a function of the inputs, the seed among them).
     */
    private CheckResult gradientByContract(Engine engine, Formula f, Contract contract) {
        long s = Sampling.derive(seed, f.id() + "/gradient");
        List<Tensors> samples = new ArrayList<>(Sampling.draw(f.gradientSamples(), s, GRADIENT_SAMPLES));
        samples.addAll(Sampling.draw(contract.samples(), Sampling.derive(seed, f.id() + "/gradient/contract"), contract.tries()));
        Dtype dtype = engine.dtype();
        Comparison worst = Comparison.empty();
        String failure = "";
        int n = 0;
        try {
            List<Tensors> inputs = samples.stream().map(x -> asSeenBy(engine, f, x)).toList();
            // the evaluations, then the vector–Jacobian products for cotangents drawn from them, each answered in one batch
            List<Batched.Result<Judged>> judgements = Batched.run(engine, inputs, (e, i, in) -> {
                Tensors out = e.evaluate(f.id(), in);
                Tensors cotangents = GradientCheck.randomCotangents(out, new Random(s + i), float32(engine));
                Tensors gradients = e.vjp(f.id(), in, cotangents);
                return judged(f, in, contract.gradient().judge(in, out, cotangents, gradients, dtype), gradients, "gradient");
            });
            for (Tensors in : inputs) {
                Judged j = judgements.get(n).get();
                sampleErrors.accept(SampleError.of(f, engine.name(), engine.dtype(), engine.device(), Check.GRADIENT, in, j.comparison()));
                worst = worst.worst(j.comparison());
                failure = failure.isEmpty() ? j.failure() : failure;
                n++;
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.GRADIENT, Status.FAIL, worst, 0, 0, n, "threw " + e, s);
        }
        return row(f, engine, Check.GRADIENT, failure.isEmpty() ? Status.PASS : Status.FAIL, worst, 0, 0, n,
                failure.isEmpty() ? contract.statement() : failure, s);
    }

    /** A contract's judgement of one sample: the worst comparison with what it expects, and the first failure ("" if none). */
    private record Judged(Comparison comparison, String failure) {
    }

    /** The judgement of the sample {@code in}; a failure names the sample by its scalar hyperparameters. */
    private static Judged judged(Formula f, Tensors in, Contract.Judgement j, Tensors actual, String what) {
        Comparison worst = Comparison.empty();
        String failure = j.verdict().ok() ? "" : "contract: " + j.verdict().detail();
        for (String name : j.expected().names()) {
            Comparison c = Comparison.of(actual.get(name), j.expected().get(name), Expected.CONTRACT, 0, 0, j.allowance().get(name));
            if (!c.pass() && failure.isEmpty()) {
                failure = what + " " + name + " vs the contract on the engine's own draw: " + c.reason();
            }
            worst = worst.worst(c);
        }
        if (!failure.isEmpty()) {
            List<String> scalars = new ArrayList<>();
            for (String name : in.names()) {
                if (in.get(name).rank() == 0 && !f.differentiableInputs().contains(name)) {
                    scalars.add(name + " = " + in.get(name).item());
                }
            }
            failure += " on inputs " + String.join(", ", scalars);
        }
        return new Judged(worst, failure);
    }

    /**
     * The "kink" row, for an id with kinks and an engine that computes its gradient (none
     * otherwise: nothing would be judged). Another engine: at every point of every kink, its
     * vector–Jacobian product (random cotangents, as for "gradient") and its value against plain
     * Java's there, or against the alternative the engine declares in {@link Engine#conventions()}
     * for that kink, at the engine's dtype tolerance (values with the entry's rounding allowance,
     * as in "value"). Plain Java: the entry's vjp against the reference convention the kink declares,
     * and every alternative must differ from it on some point (else the points miss the kink).
     */
    private Optional<CheckResult> kinks(Engine engine, Formula f) {
        if (f.kinks().isEmpty() || !engine.implementsGradient(f.id())) {
            return Optional.empty();
        }
        return Optional.of(isReference(engine) ? referenceKinks(engine, f) : engineKinks(engine, f));
    }

    private CheckResult engineKinks(Engine engine, Formula f) {
        long s = Sampling.derive(seed, f.id() + "/kink");
        Formula.Tolerance tol = tolerance(engine, f);
        List<String> unknown = engine.conventions().stream().filter(c -> KinkConvention.byLabel(c).isEmpty()).sorted().toList();
        if (!unknown.isEmpty()) {
            return row(f, engine, Check.KINK, Status.FAIL, Comparison.empty(), tol.atol(), tol.rtol(), 0,
                    engine.name() + " declares the convention(s) " + unknown.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
                            + ", which refcheck does not know; the known ones are " + KinkConvention.labels(), s);
        }
        Set<KinkConvention> declared = engine.conventions().stream().map(c -> KinkConvention.byLabel(c).orElseThrow())
                .collect(Collectors.toSet());
        // the points up to the first kink with two declared conventions, which fails the row where it is reached
        List<KinkPoint> points = new ArrayList<>();
        Kink conflicting = null;
        for (Kink k : f.kinks()) {
            List<Kink.Alternative> followed = k.alternatives().stream().filter(a -> declared.contains(a.convention())).toList();
            if (followed.size() > 1) {
                conflicting = k;
                break;
            }
            for (Tensors point : k.points()) {
                points.add(new KinkPoint(k, followed.stream().findFirst(), point, asSeenBy(engine, f, point)));
            }
        }
        // the engine's gradients and values at every point, answered in batches
        List<Batched.Result<Judged>> judgements = Batched.run(engine, points.stream().map(KinkPoint::in).toList(),
                (e, i, in) -> kinkPoint(e, engine, f, points.get(i), s + i, tol));
        Comparison worst = Comparison.empty();
        String failure = "";
        int n = 0;
        try {
            for (KinkPoint unused : points) {
                Judged j = judgements.get(n).get();
                failure = failure.isEmpty() ? j.failure() : failure;
                worst = worst.worst(j.comparison());
                n++;
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.KINK, Status.FAIL, worst, tol.atol(), tol.rtol(), n, "threw " + e, s);
        }
        if (conflicting != null) {
            List<Kink.Alternative> followed = conflicting.alternatives().stream().filter(a -> declared.contains(a.convention())).toList();
            return row(f, engine, Check.KINK, Status.FAIL, worst, tol.atol(), tol.rtol(), n, "kink " + conflicting.name() + ": "
                    + engine.name() + " declares " + followed.stream().map(a -> "'" + a.convention().label() + "'")
                    .collect(Collectors.joining(" and ")) + ", two conventions for one point", s);
        }
        return row(f, engine, Check.KINK, worst.pass() ? Status.PASS : Status.FAIL, worst, tol.atol(), tol.rtol(), n,
                failure, s);
    }

    /** One point of a kink, with the alternative convention the engine follows there, if any, and the input as the engine sees it. */
    private record KinkPoint(Kink kink, Optional<Kink.Alternative> alternative, Tensors point, Tensors in) {
    }

    /**
     * The engine's gradient (for random cotangents drawn from {@code seed}) and value at one kink point
     * against those of the convention it follows there; the failure names the point.
     */
    private static Judged kinkPoint(Evaluator calls, Engine engine, Formula f, KinkPoint p, long seed, Formula.Tolerance tol) {
        Tensors in = p.in();
        Optional<Kink.Alternative> alternative = p.alternative();
        Kink k = p.kink();
        String expected = alternative.map(a -> "the declared '" + a.convention().label() + "' (" + a.rule() + ")")
                .orElse("plain Java's " + k.reference().rule());
        Tensors cotangents = GradientCheck.randomCotangents(f.compute(in), new Random(seed), float32(engine));
        Tensors gradient = alternative.map(a -> a.vjp().apply(in, cotangents))
                .orElseGet(() -> f.vjp().orElseThrow().apply(in, cotangents));
        Tensors value = alternative.flatMap(Kink.Alternative::valueIfChanged).map(v -> v.apply(in))
                .orElseGet(() -> f.compute(in));
        Tensors actualGradient = calls.vjp(f.id(), in, cotangents);
        Tensors actualValue = calls.evaluate(f.id(), in);
        Map<String, Tensor> allowance = f.roundingAllowance(in, engine.dtype());
        Comparison c = Comparison.empty();
        String problem = "";
        Expected source = alternative.isPresent() ? Expected.KINK_CONVENTION : Expected.PLAIN_JAVA;
        for (String name : gradient.names()) {
            Comparison g = Comparison.of(actualGradient.get(name), gradient.get(name), source, tol.atol(), tol.rtol());
            problem = problem.isEmpty() && !g.pass() ? "gradient for " + name + ", " + g.reason() : problem;
            c = c.worst(g);
        }
        for (String name : value.names()) {
            Comparison v = Comparison.of(actualValue.get(name), value.get(name), source, tol.atol(), tol.rtol(), allowance.get(name));
            problem = problem.isEmpty() && !v.pass() ? "output " + name + ", " + v.reason() : problem;
            c = c.worst(v);
        }
        String failure = c.pass() ? "" : "kink " + k.name() + " at " + p.point() + ": " + problem + "; expected " + expected
                + undeclaredMatch(k, alternative, in, cotangents, actualGradient, tol);
        return new Judged(c, failure);
    }

    /** ", which is what the undeclared 'X' gives": the alternative of the kink the engine's gradient matches, if any. */
    private static String undeclaredMatch(Kink k, Optional<Kink.Alternative> followed, Tensors in, Tensors cotangents,
                                          Tensors actual, Formula.Tolerance tol) {
        for (Kink.Alternative a : k.alternatives()) {
            if (followed.isPresent() && followed.get() == a) {
                continue;
            }
            Tensors implied = a.vjp().apply(in, cotangents);
            if (implied.names().stream().allMatch(name -> Comparison.of(actual.get(name), implied.get(name), Expected.KINK_CONVENTION, tol.atol(), tol.rtol()).pass())) {
                return ", and the gradient got is what '" + a.convention().label() + "' gives (" + a.rule()
                        + "), a convention the engine does not declare in conventions()";
            }
        }
        return "";
    }

    /**
     * Plain Java's "kink" row: the entry's vjp at every point against the gradient its declared
     * reference convention implies, so the declaration cannot drift from the code; and each
     * alternative must give another gradient on at least one point, or the points miss the kink.
     */
    private CheckResult referenceKinks(Engine engine, Formula f) {
        long s = Sampling.derive(seed, f.id() + "/kink");
        Formula.Tolerance tol = f.float64Tolerance();
        Comparison worst = Comparison.empty();
        List<String> problems = new ArrayList<>();
        int n = 0;
        try {
            for (Kink k : f.kinks()) {
                List<Kink.Alternative> vacuous = new ArrayList<>(k.alternatives());
                for (Tensors point : k.points()) {
                    Tensors cotangents = GradientCheck.randomCotangents(f.compute(point), new Random(s + n), false);
                    Tensors computed = f.vjp().orElseThrow().apply(point, cotangents);
                    Tensors declared = k.reference().vjp().apply(point, cotangents);
                    for (String name : declared.names()) {
                        Comparison c = Comparison.of(computed.get(name), declared.get(name), Expected.KINK_CONVENTION, tol.atol(), tol.rtol());
                        if (!c.pass() && problems.isEmpty()) {
                            problems.add("kink " + k.name() + " at " + point + ": the entry's vjp for " + name + " does not follow its declared "
                                    + k.reference().rule() + ": " + c.reason());
                        }
                        worst = worst.worst(c);
                    }
                    vacuous.removeIf(a -> !sameGradient(a.vjp().apply(point, cotangents), computed, tol)
                            || a.valueIfChanged().isPresent() && !sameGradient(a.value().apply(point), f.compute(point), tol));
                    n++;
                }
                for (Kink.Alternative a : vacuous) {
                    problems.add("kink " + k.name() + ": the alternative '" + a.convention().label()
                            + "' gives plain Java's gradient on every point, so the points do not sit on the kink");
                }
            }
        } catch (RuntimeException e) {
            return row(f, engine, Check.KINK, Status.FAIL, worst, tol.atol(), tol.rtol(), n, "threw " + e, s);
        }
        return row(f, engine, Check.KINK, problems.isEmpty() ? Status.PASS : Status.FAIL, worst, tol.atol(), tol.rtol(),
                n, String.join("; ", problems), s);
    }

    private static boolean sameGradient(Tensors a, Tensors b, Formula.Tolerance tol) {
        return b.names().stream().allMatch(name -> Comparison.of(a.get(name), b.get(name), Expected.KINK_CONVENTION, tol.atol(), tol.rtol()).pass());
    }

    /** One row for the entry's bad inputs on {@code engine}: see {@link BadInputCheck#run}. */
    private CheckResult badInputs(Engine engine, Formula f) {
        BadInputCheck.Outcome o = BadInputCheck.run(engine, f);
        return row(f, engine, Check.BAD_INPUT, o.status(), Comparison.empty(), 0, 0, o.judged(), o.reason());
    }

    private CheckResult row(Formula f, Engine e, Check check, Status status, Comparison c, double atol, double rtol,
                            int samples, String reason) {
        return row(f, e, check, status, c, atol, rtol, samples, reason, seed);
    }

    private static CheckResult row(Formula f, Engine e, Check check, Status status, Comparison c, double atol,
                                   double rtol, int samples, String reason, long seed) {
        return new CheckResult(f.id(), f.family().key(), e.name(), e.dtype(), e.device(), check, status,
                c.maxAbsError(), c.maxRelError(), c.maxUlp(), atol, rtol, samples, seed, reason);
    }
}
