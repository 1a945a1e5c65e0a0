package io.refcheck.catalog;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.FiniteDifferences;
import io.refcheck.onnx.OnnxForm;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * One catalog entry: everything the project knows about one formula id of docs/catalog.md, stated
 * declaratively, in the spirit of PyTorch's OpInfo. Every check, engine, golden file and report
 * iterates these entries; adding a formula means writing its function and one entry.
 *
 * <p>For a caller, {@code Catalog.get(id)} answers what to pass and what comes back:
 * {@link #inputs()} and {@link #outputs()} (names, in or out, differentiable or fixed, shape,
 * kind; see {@link Port}), {@link #conventions()} and {@link #kinks()} (where engines may
 * legitimately differ), {@link #facts()} and {@link #badInputs()}. {@code refcheck formulas --id ID}
 * prints the same.
 */
public final class Formula {

    /** Computes the outputs from the inputs (a sample). */
    @FunctionalInterface
    public interface Compute {
        Tensors apply(Tensors inputs);
    }

    /** The analytic vector–Jacobian product: cotangents per output → gradient per differentiable input. */
    @FunctionalInterface
    public interface Vjp {
        Tensors apply(Tensors inputs, Tensors cotangents);
    }

    /** Finite-difference step for element x: h = relative·max(|x|, floor). */
    public record Step(double relative, double floor) {
        public static final Step DEFAULT = new Step(FiniteDifferences.RELATIVE_STEP, FiniteDifferences.STEP_FLOOR);

        public double at(double x) {
            return FiniteDifferences.step(relative, floor, x);
        }
    }

    /** Comparison tolerance |a − e| ≤ atol + rtol·|e| with the reason for its size. */
    public record Tolerance(double atol, double rtol, String reason) {
        /**
         * Gradient checks: ten times stricter than torch.autograd.gradcheck's float64 defaults
         * (atol 1e-5, rtol 1e-3); Richardson-extrapolated central differences have truncation error
         * O(h⁴) and rounding error about u·|L|/h, both far below this at h = 1e-4·scale.
         */
        public static final Tolerance GRADIENT = new Tolerance(1e-6, 1e-4,
                "10x stricter than torch.autograd.gradcheck float64 defaults; Richardson central differences are accurate to ~1e-10 here");

        /**
         * Another float64 engine against plain Java: both round each operation, in different orders
         * (plain Java compensates its sums, libtorch does not), so they may differ by a few ulps
         * times the condition of the formula; 1e-10 relative leaves room for sums of 10⁴ terms.
         */
        public static final Tolerance FLOAT64 = new Tolerance(Dtype.FLOAT64.atol(), Dtype.FLOAT64.rtol(),
                "float64 engines differ by rounding order only: a few ulps times the length of the sums");

        /** A float32 engine: torch.testing.assert_close's float32 defaults. */
        public static final Tolerance FLOAT32 = new Tolerance(Dtype.FLOAT32.atol(), Dtype.FLOAT32.rtol(),
                "torch.testing.assert_close float32 defaults (rtol 1.3e-6, atol 1e-5)");
    }

    private final String id;
    private final Family family;
    private final List<String> sources;
    private final String formula;
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final Compute compute;
    private final Vjp vjp;
    private final Arbitrary<Tensors> samples;
    private final Arbitrary<Tensors> gradientSamples;
    private final Step step;
    private final Tolerance gradientTolerance;
    private final UnaryOperator<DerivativeStructure> scalarForm;
    private final List<Fact> facts;
    private final List<Erratum> errata;
    private final List<BadInput> badInputs;
    private final List<Example> examples;
    private final List<Tail> tails;
    private final List<String> conventions;
    private final List<Kink> kinks;
    private final TorchForm pytorch;
    private final String pytorchNote;
    private final Contract contract;
    private final OnnxForm onnx;
    private final String onnxNote;
    private final Map<Dtype, String> onnxGaps;
    private final Tolerance float64Tolerance;
    private final Tolerance float32Tolerance;
    private final Compute roundingScale;
    private final ExactForm exact;
    private final ExactVjp exactVjp;
    private final AccuracyCases accuracy;

    private Formula(Builder b) {
        this.id = Objects.requireNonNull(b.id);
        this.family = Objects.requireNonNull(b.family);
        this.sources = List.copyOf(b.sources);
        this.formula = Objects.requireNonNull(b.formula, () -> b.id + ": formula text missing");
        this.inputs = List.copyOf(b.inputs);
        // An output's cotangent enters the vjp when there is one; an integer output's derivative is 0 wherever it exists.
        this.outputs = b.outputs.stream().map(p -> p.withDifferentiable(b.vjp != null && !p.kind().integer())).toList();
        if (outputs.isEmpty()) {
            throw new IllegalStateException(b.id + ": declare the outputs (Builder.output)");
        }
        this.compute = Objects.requireNonNull(b.compute, () -> b.id + ": compute missing");
        this.vjp = b.vjp;
        this.samples = Objects.requireNonNull(b.samples, () -> b.id + ": samples missing");
        this.gradientSamples = b.gradientSamples != null ? b.gradientSamples : b.samples;
        this.step = b.step;
        this.gradientTolerance = b.gradientTolerance;
        this.scalarForm = b.scalarForm;
        this.facts = List.copyOf(b.facts);
        this.errata = List.copyOf(b.errata);
        this.badInputs = List.copyOf(b.badInputs);
        this.examples = List.copyOf(b.examples);
        this.tails = List.copyOf(b.tails);
        this.conventions = List.copyOf(b.conventions);
        this.kinks = List.copyOf(b.kinks);
        if (!kinks.isEmpty() && b.vjp == null) {
            throw new IllegalStateException(b.id + ": kinks are points of the gradient, and the entry has no vjp");
        }
        this.pytorch = b.pytorch;
        this.pytorchNote = Objects.requireNonNull(b.pytorchNote,
                () -> b.id + ": say how PyTorch computes it (pytorch) or why it cannot (noPytorch)");
        this.contract = b.contract;
        this.onnx = b.onnx;
        this.onnxNote = Objects.requireNonNull(b.onnxNote,
                () -> b.id + ": say how ONNX expresses it (onnx) or why it cannot (noOnnx)");
        this.onnxGaps = Map.copyOf(b.onnxGaps);
        this.float64Tolerance = b.float64Tolerance;
        this.float32Tolerance = b.float32Tolerance;
        this.roundingScale = b.roundingScale;
        this.exact = b.exact;
        this.exactVjp = b.exactVjp;
        this.accuracy = b.accuracy;
        if ((b.exact == null) != (b.accuracy == null)) {
            throw new IllegalStateException(b.id + ": an exact form and its accuracy cases come together (exact, accuracy)");
        }
        if (b.exactVjp != null && (b.exact == null || b.vjp == null)) {
            throw new IllegalStateException(b.id + ": an exact vjp needs the entry's vjp and exact form");
        }
    }

    public static Builder define(String id, Family family) {
        return new Builder(id, family);
    }

    public String id() {
        return id;
    }

    public Family family() {
        return family;
    }

    /** The labels of where the formula comes from ("S2", "S3", …; see {@link Source}). */
    public List<String> sources() {
        return sources;
    }

    /** The formula as written in docs/catalog.md (and in the Javadoc of the method that computes it). */
    public String formula() {
        return formula;
    }

    /**
     * The inputs a caller passes, in order, each a double tensor under its {@link Port#name()} in
     * {@link Tensors}: real data, integers carried as doubles (labels, class indices) and 0-d
     * hyperparameters alike (see {@link Port}). {@code refcheck formulas --id ID} prints them.
     */
    public List<Port> inputs() {
        return inputs;
    }

    /** The outputs {@link #compute} gives back, in order, each a double tensor under its {@link Port#name()}. */
    public List<Port> outputs() {
        return outputs;
    }

    /** The input or output named {@code name}, if the entry declares one (inputs first). */
    public Optional<Port> port(String name) {
        return Stream.concat(inputs.stream(), outputs.stream()).filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> differentiableInputs() {
        return inputs.stream().filter(Port::differentiable).map(Port::name).toList();
    }

    /** The plain-Java outputs. */
    public Tensors compute(Tensors in) {
        return compute.apply(in);
    }

    public boolean differentiable() {
        return vjp != null;
    }

    /** The analytic gradient, if the formula is differentiable. */
    public Optional<Vjp> vjp() {
        return Optional.ofNullable(vjp);
    }

    /** Valid samples, adversarial ones included. */
    public Arbitrary<Tensors> samples() {
        return samples;
    }

    /** Samples for gradient checks: away from kinks and domain edges where finite differences are meaningless. */
    public Arbitrary<Tensors> gradientSamples() {
        return gradientSamples;
    }

    public Step step() {
        return step;
    }

    public Tolerance gradientTolerance() {
        return gradientTolerance;
    }

    /** For elementwise scalar formulas: the same function over commons-math3 DerivativeStructure. */
    public Optional<UnaryOperator<DerivativeStructure>> scalarForm() {
        return Optional.ofNullable(scalarForm);
    }

    /**
     * The facts checked as properties on every engine, each a sentence ({@link Fact#sentence()}) and
     * where it comes from ({@link Fact#source()}: "§H" the sources state it, "definition" it follows).
     */
    public List<Fact> facts() {
        return facts;
    }

    /** Where a source page's version of this formula is wrong, with the corrected form this entry implements. */
    public List<Erratum> errata() {
        return errata;
    }

    /**
     * The bad-input rules: for each {@link BadInput.Category}, the inputs and what must happen
     * ({@link BadInput#expected()}: the IEEE result PyTorch gives, or an IllegalArgumentException
     * naming the argument and the rule; {@link BadInput.Expectation#outcome()} says it in a line).
     */
    public List<BadInput> badInputs() {
        return badInputs;
    }

    public List<Example> examples() {
        return examples;
    }

    /**
     * Inputs in the formula's tails (see {@link Tail}), which the tail check adds to the entry's
     * samples; empty where the entry declares none.
     */
    public List<Tail> tails() {
        return tails;
    }

    /** Conventions where engines may differ (relu'(0), sign(0), KL where q = 0, …). */
    public List<String> conventions() {
        return conventions;
    }

    /**
     * The points where the derivative is not unique or not finite (kinks, ties, clamps, zero
     * probabilities), each with plain Java's convention there and the alternatives an engine may
     * declare; the "kink" check evaluates every engine's gradient exactly on them.
     */
    public List<Kink> kinks() {
        return kinks;
    }

    /** How PyTorch computes this formula, if it has a counterpart. */
    public Optional<TorchForm> pytorch() {
        return Optional.ofNullable(pytorch);
    }

    /**
     * The PyTorch form whose outputs are compared value by value (with plain Java, in golden sets,
     * between devices): the form, unless the entry's outputs are random and checked by its
     * {@link #contract()}.
     */
    public Optional<TorchForm> pytorchByValue() {
        return contract == null ? pytorch() : Optional.empty();
    }

    /**
     * For an entry whose outputs are random draws: the contract that engines other than plain Java
     * are checked by, in place of value equality with plain Java.
     */
    public Optional<Contract> contract() {
        return Optional.ofNullable(contract);
    }

    /** The PyTorch source (Python, see {@link Builder#pytorch}), or why there is none. */
    public String pytorchNote() {
        return pytorchNote;
    }

    /** How this formula is written as an ONNX graph, if standard ONNX operators express it. */
    public Optional<OnnxForm> onnx() {
        return Optional.ofNullable(onnx);
    }

    /** The ONNX operators in words, or why there is no ONNX form. */
    public String onnxNote() {
        return onnxNote;
    }

    /**
     * The model of this entry's ONNX form for inputs of the sample's names and shapes, in element
     * type {@code real} (FLOAT or DOUBLE); see {@link OnnxGraph#model}.
     *
     * @throws UnsupportedOperationException if the entry has no ONNX form (the message says why)
     */
    public OnnxGraph.Model onnxModel(Tensors sample, DataType real, boolean fixedDimensions) {
        OnnxForm form = onnx().orElseThrow(() -> new UnsupportedOperationException(id + " has no ONNX form: " + onnxNote));
        OnnxGraph.Signature signature = new OnnxGraph.Signature(id, outputs.stream().map(Port::name).toList(),
                Set.copyOf(differentiableInputs()), onnxNote);
        return OnnxGraph.model(form, signature, sample, real, fixedDimensions);
    }

    /**
     * Why ONNX Runtime cannot run the ONNX form in {@code dtype}, if it cannot: an operator of the
     * form has no kernel for that element type.
     */
    public Optional<String> onnxRuntimeGap(Dtype dtype) {
        return Optional.ofNullable(onnxGaps.get(dtype));
    }

    /** Tolerance for another float64 engine against plain Java. */
    public Tolerance float64Tolerance() {
        return float64Tolerance;
    }

    /** Tolerance for a float32 engine against plain Java on the same float32-rounded inputs. */
    public Tolerance float32Tolerance() {
        return float32Tolerance;
    }

    /**
     * The forward-error scale S of each output element, if the entry states one: an engine that
     * rounds every operation to unit roundoff u (2⁻²⁴ in float32, 2⁻⁵³ in float64) may differ from
     * the exact result by up to u·S, e.g. S = (n + 2)·(|W||X| + |b|) for an affine map with inner
     * dimension n (the classical bound γₙ·Σ|terms| of a dot product). Comparisons with another engine
     * allow u·S on top of the tolerance: the error a correctly implemented engine can have when the
     * sum cancels, which no fixed relative tolerance can express.
     */
    public Optional<Compute> roundingScale() {
        return Optional.ofNullable(roundingScale);
    }

    /**
     * {@code dtype}'s rounding-allowance rule ({@link Dtype#allowance}, u·S) applied to each output
     * the entry states a scale S for, per element. Every comparison of another engine's values with
     * plain Java's (conformance, golden data, the report's charts) allows this on top of the
     * tolerance. Empty where the entry states no scale, or where the scale cannot be formed on
     * these inputs (it then allows nothing extra).
     */
    public Map<String, Tensor> roundingAllowance(Tensors inputs, Dtype dtype) {
        if (roundingScale == null) {
            return Map.of();
        }
        Map<String, Tensor> allowance = new LinkedHashMap<>();
        try {
            roundingScale.apply(inputs).asMap().forEach((name, scale) -> allowance.put(name, scale.map(dtype::allowance)));
        } catch (RuntimeException e) {
            return Map.of();
        }
        return allowance;
    }

    /** The tolerance for another engine computing in {@code dtype} against plain Java. */
    public Tolerance tolerance(Dtype dtype) {
        return dtype == Dtype.FLOAT32 ? float32Tolerance : float64Tolerance;
    }

    /**
     * The exact form the accuracy oracle evaluates (see {@link ExactForm}), if the entry states
     * one: the ids the oracle computes are the entries that have it.
     */
    public Optional<ExactForm> exact() {
        return Optional.ofNullable(exact);
    }

    /** The exact vector–Jacobian product (see {@link ExactVjp}), if the entry states one: the oracle's derivative check. */
    public Optional<ExactVjp> exactVjp() {
        return Optional.ofNullable(exactVjp);
    }

    /** The accuracy measurement's cases and targets (see {@link AccuracyCases}); present exactly where {@link #exact()} is. */
    public Optional<AccuracyCases> accuracy() {
        return Optional.ofNullable(accuracy);
    }

    /** Names of the checks that exist for this id, as listed by {@code formulas --json}. */
    public List<String> checkNames() {
        List<String> names = new ArrayList<>();
        if (!examples.isEmpty()) {
            names.add("examples");
        }
        if (differentiable()) {
            names.add("gradient");
            names.add("gradient-directional");
        }
        if (!kinks.isEmpty()) {
            names.add("kink");
        }
        if (scalarForm != null) {
            names.add("derivative-structure");
        }
        for (Fact f : facts) {
            names.add("property: " + f.sentence());
        }
        for (Erratum e : errata) {
            names.add("erratum §I." + e.item());
        }
        badInputs.stream().filter(b -> !(b.expected() instanceof BadInput.NotApplicable))
                .map(b -> "bad-input: " + b.category().name().toLowerCase(Locale.ROOT))
                .distinct().forEach(names::add);
        return names;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Fluent construction of an entry; {@link #build()} checks that the required parts are there. */
    public static final class Builder {
        private final String id;
        private final Family family;
        private final List<String> sources = new ArrayList<>();
        private String formula;
        private final List<Port> inputs = new ArrayList<>();
        private final List<Port> outputs = new ArrayList<>();
        private Compute compute;
        private Vjp vjp;
        private Arbitrary<Tensors> samples;
        private Arbitrary<Tensors> gradientSamples;
        private Step step = Step.DEFAULT;
        private Tolerance gradientTolerance = Tolerance.GRADIENT;
        private UnaryOperator<DerivativeStructure> scalarForm;
        private final List<Fact> facts = new ArrayList<>();
        private final List<Erratum> errata = new ArrayList<>();
        private final List<BadInput> badInputs = new ArrayList<>();
        private final List<Example> examples = new ArrayList<>();
        private final List<Tail> tails = new ArrayList<>();
        private final List<String> conventions = new ArrayList<>();
        private final List<Kink> kinks = new ArrayList<>();
        private TorchForm pytorch;
        private String pytorchNote;
        private Contract contract;
        private OnnxForm onnx;
        private String onnxNote;
        private final Map<Dtype, String> onnxGaps = new EnumMap<>(Dtype.class);
        private Tolerance float64Tolerance = Tolerance.FLOAT64;
        private Tolerance float32Tolerance = Tolerance.FLOAT32;
        private Compute roundingScale;
        private ExactForm exact;
        private ExactVjp exactVjp;
        private AccuracyCases accuracy;

        private Builder(String id, Family family) {
            this.id = id;
            this.family = family;
        }

        /** Where the formula comes from, by {@link Source#label()}: "S2", "S3", "needed for stable CE". */
        public Builder sources(String... s) {
            for (String label : s) {
                if (Source.byLabel(label).isEmpty()) {
                    throw new IllegalArgumentException(id + ": unknown source '" + label + "'; known: "
                            + String.join(", ", Arrays.stream(Source.values()).map(Source::label).toList()));
                }
            }
            sources.addAll(List.of(s));
            return this;
        }

        public Builder formula(String text) {
            this.formula = text;
            return this;
        }

        /** An input port ({@link Port#differentiable}, {@link Port#fixed}, {@link Port#integers}, {@link Port#hyperparameter}, …). */
        public Builder input(Port p) {
            if (p.direction() != Port.Direction.IN) {
                throw new IllegalArgumentException(id + ": " + p.name() + " is an output port, not an input");
            }
            inputs.add(p);
            return this;
        }

        /** A real-valued output of shape {@code shape} (see {@link Shape#parse}), e.g. {@code output("loss", "[]", "≥ 0")}. */
        public Builder output(String name, String shape, String domain) {
            return output(name, shape, Port.Kind.REAL, domain);
        }

        /** An output of the given kind (integer outputs: a mask, one-hot rows, signs). */
        public Builder output(String name, String shape, Port.Kind kind, String domain) {
            outputs.add(Port.output(name, shape, kind, domain));
            return this;
        }

        public Builder compute(Compute c) {
            this.compute = c;
            return this;
        }

        public Builder vjp(Vjp v) {
            this.vjp = v;
            return this;
        }

        public Builder samples(Arbitrary<Tensors> a) {
            this.samples = a;
            return this;
        }

        public Builder gradientSamples(Arbitrary<Tensors> a) {
            this.gradientSamples = a;
            return this;
        }

        public Builder step(double relative, double floor) {
            this.step = new Step(relative, floor);
            return this;
        }

        public Builder gradientTolerance(double atol, double rtol, String reason) {
            this.gradientTolerance = new Tolerance(atol, rtol, reason);
            return this;
        }

        public Builder scalarForm(UnaryOperator<DerivativeStructure> f) {
            this.scalarForm = f;
            return this;
        }

        public Builder fact(Fact f) {
            facts.add(f);
            return this;
        }

        public Builder erratum(Erratum e) {
            errata.add(e);
            return this;
        }

        public Builder bad(BadInput b) {
            badInputs.add(b);
            return this;
        }

        public Builder example(String why, Tensors in, Tensors out, double tolerance) {
            examples.add(new Example(why, in, out, tolerance));
            return this;
        }

        /** An input in the formula's tail, and what it probes (see {@link Tail}); repeatable. */
        public Builder tail(String why, Tensors in) {
            tails.add(new Tail(why, in));
            return this;
        }

        public Builder convention(String c) {
            conventions.add(c);
            return this;
        }

        /**
         * A point where the derivative is not unique or not finite (see {@link Kink}): its samples,
         * plain Java's convention there ({@link Kink#reference}, required) and the alternatives an
         * engine may follow ({@link Kink#or}).
         */
        public Builder kink(Kink k) {
            Objects.requireNonNull(k.reference(), () -> id + ": kink " + k.name() + " states no reference convention");
            if (k.points().isEmpty()) {
                throw new IllegalArgumentException(id + ": kink " + k.name() + " has no points");
            }
            kinks.add(k);
            return this;
        }

        /**
         * How PyTorch computes it: {@code source} in PyTorch's own words, as Python that
         * {@code scripts/torch_golden.py} runs, and {@code form} the same through DJL.
         *
         * <p>{@code source} is one Python expression, or statements separated by "; " ending in one:
         * its value is the single output's tensor, or a dict from output name to tensor. The names in
         * scope are {@code torch}, {@code F} (torch.nn.functional), {@code math}, {@code functools} and
         * every input port by name (a Python keyword gets a trailing underscore: {@code lambda_}; a port
         * the sample lacks, as an MLP's fourth layer, is {@code None}). Data inputs are tensors of the
         * set's dtype (labels and indices int64); scalar hyperparameters that are not differentiated are
         * Python floats, as a PyTorch user passes a learning rate ({@code torch.as_tensor}
         * makes a tensor of one where a source needs it). Gradients of differentiable inputs
         * come from autograd through this source. {@code golden torch-forms} exports every source to
         * golden-data/pytorch-python/forms.json.
         */
        public Builder pytorch(String source, TorchForm form) {
            this.pytorch = form;
            this.pytorchNote = source;
            return this;
        }

        /** This id has no meaningful PyTorch counterpart, for the stated reason; reports show it as not-applicable. */
        public Builder noPytorch(String reason) {
            this.pytorch = null;
            this.pytorchNote = reason;
            return this;
        }

        /**
         * The outputs are random draws (a mask, a sample): engines other than plain Java are checked
         * by {@code c} instead of value equality with plain Java (see {@link Contract}).
         */
        public Builder byContract(Contract c) {
            this.contract = Objects.requireNonNull(c);
            return this;
        }

        /**
         * How ONNX computes it: {@code operators} in ONNX's own words, {@code form} the graph; each
         * {@code gap} names a dtype whose kernels ONNX Runtime lacks for an operator of the form, and why.
         */
        public Builder onnx(String operators, OnnxForm form, OnnxForm.Gap... gaps) {
            this.onnx = Objects.requireNonNull(form);
            this.onnxNote = operators;
            this.onnxGaps.clear();
            for (OnnxForm.Gap g : gaps) {
                onnxGaps.put(Objects.requireNonNull(g.dtype(), "gap: dtype"), g.reason());
            }
            return this;
        }

        /** Standard ONNX operators cannot express this id, for the stated reason; reports show it as not-applicable. */
        public Builder noOnnx(String reason) {
            this.onnx = null;
            this.onnxNote = reason;
            this.onnxGaps.clear();
            return this;
        }

        /** The forward-error scale S of each output (see {@link Formula#roundingScale()}). */
        public Builder roundingScale(Compute scale) {
            this.roundingScale = scale;
            return this;
        }

        /** The exact form for the accuracy oracle (see {@link ExactForm}); needs {@link #accuracy}. */
        public Builder exact(ExactForm form) {
            this.exact = Objects.requireNonNull(form);
            return this;
        }

        /** The exact vector–Jacobian product for the oracle's derivative check (see {@link ExactVjp}). */
        public Builder exactVjp(ExactVjp v) {
            this.exactVjp = Objects.requireNonNull(v);
            return this;
        }

        /** The accuracy measurement's cases (see {@link AccuracyCases}); needs {@link #exact}. */
        public Builder accuracy(AccuracyCases cases) {
            this.accuracy = Objects.requireNonNull(cases);
            return this;
        }

        public Builder float64Tolerance(double atol, double rtol, String reason) {
            this.float64Tolerance = new Tolerance(atol, rtol, reason);
            return this;
        }

        public Builder float32Tolerance(double atol, double rtol, String reason) {
            this.float32Tolerance = new Tolerance(atol, rtol, reason);
            return this;
        }

        public Formula build() {
            return new Formula(this);
        }
    }
}
