package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * Runs ONNX node tests: folders holding {@code model.onnx} and {@code test_data_set_N/} with
 * {@code input_K.pb} (one per graph input that is not an initializer, in graph order) and
 * {@code output_K.pb} (one per graph output), the layout of ONNX's backend tests.
 *
 * <p>Each data set runs on the chosen engine (the plain-Java {@link OnnxEvaluator} or ONNX
 * Runtime) and every output is compared with the stored one as ONNX's backend tests do:
 * |actual − expected| ≤ atol + rtol·|expected| elementwise with rtol = 10⁻³ and atol = 10⁻⁷,
 * unless a {@code data.json} in the case folder gives {@code rtol} / {@code atol}; NaN equals NaN,
 * ±∞ equals itself; the element type and shape must match. The worst absolute error is over all
 * elements, the worst relative error over the elements whose expected value is not 0.
 *
 * <p>A training-mode Dropout with a nonzero ratio draws a random mask that no seed reproduces
 * across runtimes, so its outputs are checked by their contract instead: each output element is 0
 * or x/(1−ratio) (within the tolerance), the mask is boolean and agrees with the output, and the
 * number of kept units is plausible for Binomial(n, 1−ratio) (two-sided binomial test, rejected
 * below p = {@value #DROPOUT_SIGNIFICANCE}); the stored output must meet the same contract. The
 * result's reason says so. Ratio 0 is deterministic (y = x, mask all true) and compared exactly.
 *
 * <p>Anything that stops a case from being compared (a missing, truncated or corrupt file, a
 * malformed model, an operator the engine does not implement, an engine failure) makes that case
 * an ERROR with the reason; the run goes on with the next case.
 */
public final class NodeTestRunner {
    public static final double DEFAULT_RTOL = 1e-3;
    public static final double DEFAULT_ATOL = 1e-7;
    /** The significance level of the binomial test on a random Dropout mask's kept count. */
    public static final double DROPOUT_SIGNIFICANCE = 1e-6;

    private static final Pattern DATA_SET = Pattern.compile("test_data_set_(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engines a case can run on. */
    public enum Engine {
        JAVA("java"),
        ONNXRUNTIME("onnxruntime");

        private final String label;

        Engine(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A node-test case: its name (the folder relative to the directory searched) and its folder. */
    public record Case(String name, Path dir) {
    }

    /** The comparison tolerance of a case. */
    public record Tolerance(double rtol, double atol) {
    }

    private final Map<Engine, NodeTestEngine> engines = new EnumMap<>(Engine.class);

    /**
     * Every folder under {@code root} (root included) that holds a {@code model.onnx} file and at
     * least one {@code test_data_set_*} folder, sorted by path.
     *
     * @throws IllegalArgumentException if root is not a directory
     */
    public static List<Case> findCases(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": not a directory");
        }
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path dir : walk.filter(Files::isDirectory).sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("model.onnx")) && !dataSets(dir).isEmpty()) {
                    Path relative = root.relativize(dir);
                    String name = relative.toString().isEmpty()
                            ? root.toAbsolutePath().normalize().getFileName().toString()
                            : relative.toString().replace('\\', '/');
                    cases.add(new Case(name, dir));
                }
            }
        }
        return cases;
    }

    /** The test_data_set_N folders of a case, in the order of N. */
    private static List<Path> dataSets(Path caseDir) throws IOException {
        TreeMap<Integer, Path> sets = new TreeMap<>();
        try (Stream<Path> list = Files.list(caseDir)) {
            for (Path p : list.toList()) {
                Matcher m = DATA_SET.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) {
                    sets.put(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        return new ArrayList<>(sets.values());
    }

    /**
     * Runs every case under every root on every engine, in that order, giving each result to
     * {@code listener} as soon as it is known.
     */
    public List<NodeTestResult> runAll(List<Path> roots, List<Engine> chosen, Consumer<NodeTestResult> listener) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Path root : roots) {
            cases.addAll(findCases(root));
        }
        return run(cases, chosen, listener);
    }

    /** Runs every case on every engine, in that order, giving each result to {@code listener} as soon as it is known. */
    public List<NodeTestResult> run(List<Case> cases, List<Engine> chosen, Consumer<NodeTestResult> listener) {
        List<NodeTestResult> results = new ArrayList<>();
        for (Case c : cases) {
            for (Engine e : chosen) {
                NodeTestResult r = run(c, e);
                listener.accept(r);
                results.add(r);
            }
        }
        return results;
    }

    /** Runs one case on one engine; never throws for a problem with the case or the engine. */
    public NodeTestResult run(Case c, Engine engine) {
        try {
            return runChecked(c, engine);
        } catch (EngineFailure f) {
            return error(c, engine, engine.label() + ": " + message(f.getCause()));
        } catch (Exception | LinkageError e) {
            return error(c, engine, message(e));
        }
    }

    private static NodeTestResult error(Case c, Engine engine, String reason) {
        return new NodeTestResult(c.name(), engine.label(), NodeTestResult.ERROR, reason, Double.NaN, Double.NaN);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m.strip();
    }

    /** An exception thrown by the engine itself while running the model. */
    private static final class EngineFailure extends Exception {
        EngineFailure(Throwable cause) {
            super(cause);
        }
    }

    private NodeTestEngine engine(Engine e) {
        return engines.computeIfAbsent(e, k -> k == Engine.JAVA ? new JavaNodeTestEngine() : new OrtNodeTestEngine());
    }

    private NodeTestResult runChecked(Case c, Engine engine) throws IOException, EngineFailure {
        Tolerance tolerance = tolerance(c.dir());
        Path modelFile = c.dir().resolve("model.onnx");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new IllegalArgumentException(modelFile + ": cannot be read (" + e + ")", e);
        }
        ModelProto model = OnnxEvaluator.parseModel(c.name() + "/model.onnx", bytes);
        List<String> inputs = graphInputs(model);
        List<String> outputs = model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        List<Path> sets = dataSets(c.dir());
        Tally total = new Tally();
        for (Path set : sets) {
            String where = sets.size() > 1 ? set.getFileName() + ": " : "";
            List<OnnxTensor> inputValues = readNumbered(set, "input", inputs.size(), "inputs besides initializers");
            List<OnnxTensor> expected = readNumbered(set, "output", outputs.size(), "outputs");
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            for (int k = 0; k < inputs.size(); k++) {
                feeds.put(inputs.get(k), inputValues.get(k));
            }
            NodeTestEngine.Run run;
            try {
                run = engine(engine).run(bytes, model, feeds);
            } catch (Exception | LinkageError e) {
                throw new EngineFailure(e);
            }
            Tally tally = compare(model, run, outputs, expected, tolerance);
            total.absorb(tally);
            if (tally.failure != null) {
                return new NodeTestResult(c.name(), engine.label(), NodeTestResult.FAIL, where + tally.failure,
                        total.maxAbs, total.maxRel);
            }
        }
        String notes = String.join("; ", total.notes);
        return new NodeTestResult(c.name(), engine.label(), NodeTestResult.PASS, notes, total.maxAbs, total.maxRel);
    }

    /** The tolerance of a case: ONNX's defaults, overridden by data.json's rtol / atol. */
    static Tolerance tolerance(Path caseDir) throws IOException {
        Path file = caseDir.resolve("data.json");
        if (!Files.exists(file)) {
            return new Tolerance(DEFAULT_RTOL, DEFAULT_ATOL);
        }
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(file + ": must hold a JSON object");
        }
        return new Tolerance(number(file, json, "rtol", DEFAULT_RTOL), number(file, json, "atol", DEFAULT_ATOL));
    }

    private static double number(Path file, JsonNode json, String key, double fallback) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
            throw new IllegalArgumentException(file + ": " + key + " must be a finite number >= 0, is " + v);
        }
        return v.asDouble();
    }

    /** The graph inputs a data set feeds: the declared inputs that are not initializers, in graph order. */
    private static List<String> graphInputs(ModelProto model) {
        Set<String> initializers = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        return model.getGraph().getInputList().stream().map(ValueInfoProto::getName)
                .filter(n -> !initializers.contains(n)).toList();
    }

    /** {@code prefix_0.pb} … {@code prefix_(count−1).pb} of a data set; any missing, extra or unreadable file is an error. */
    private static List<OnnxTensor> readNumbered(Path set, String prefix, int count, String what) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "_(\\d+)\\.pb");
        TreeMap<Integer, Path> found = new TreeMap<>();
        try (Stream<Path> list = Files.list(set)) {
            for (Path p : list.toList()) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.put(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        for (int k = 0; k < count; k++) {
            if (!found.containsKey(k)) {
                throw new IllegalArgumentException(set.getFileName() + ": missing " + prefix + "_" + k + ".pb (the graph has "
                        + count + " " + what + ")");
            }
        }
        if (found.size() != count) {
            throw new IllegalArgumentException(set.getFileName() + ": holds " + found.size() + " " + prefix
                    + " files but the graph has " + count + " " + what);
        }
        List<OnnxTensor> values = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            values.add(TensorProtos.read(found.get(k)));
        }
        return values;
    }

    /** The worst errors, the first failure and the notes of the comparisons so far. */
    private static final class Tally {
        double maxAbs = Double.NaN;
        double maxRel = Double.NaN;
        String failure;
        final List<String> notes = new ArrayList<>();

        void abs(double v) {
            maxAbs = Double.isNaN(maxAbs) ? v : Math.max(maxAbs, v);
        }

        void rel(double v) {
            maxRel = Double.isNaN(maxRel) ? v : Math.max(maxRel, v);
        }

        void fail(String reason) {
            if (failure == null) {
                failure = reason;
            }
        }

        void absorb(Tally t) {
            if (!Double.isNaN(t.maxAbs)) {
                abs(t.maxAbs);
            }
            if (!Double.isNaN(t.maxRel)) {
                rel(t.maxRel);
            }
            fail(t.failure);
            t.notes.stream().filter(n -> !notes.contains(n)).forEach(notes::add);
        }
    }

    private static Tally compare(ModelProto model, NodeTestEngine.Run run, List<String> outputs, List<OnnxTensor> expected,
                                 Tolerance tol) {
        Tally tally = new Tally();
        Map<String, OnnxTensor> expectedByName = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            expectedByName.put(outputs.get(k), expected.get(k));
        }
        Set<String> contractChecked = new HashSet<>();
        for (RandomDropout d : randomDropouts(model, run.values())) {
            checkDropout(d, run, expectedByName, tol, tally);
            contractChecked.add(d.output());
            if (d.mask() != null) {
                contractChecked.add(d.mask());
            }
        }
        for (int k = 0; k < outputs.size(); k++) {
            String name = outputs.get(k);
            if (contractChecked.contains(name)) {
                continue;
            }
            OnnxTensor actual = run.outputs().get(name);
            if (actual == null) {
                tally.fail("output '" + name + "' was not produced");
                continue;
            }
            compareTensor(name, actual, expected.get(k), tol, tally);
        }
        return tally;
    }

    private static boolean sameKind(String name, OnnxTensor actual, OnnxTensor expected, Tally tally) {
        if (actual.type() != expected.type()) {
            tally.fail("output '" + name + "' is " + actual.type() + ", expected " + expected.type());
            return false;
        }
        if (!actual.values().sameShape(expected.values())) {
            tally.fail("output '" + name + "' has shape " + Arrays.toString(actual.values().shape()) + ", expected "
                    + Arrays.toString(expected.values().shape()));
            return false;
        }
        return true;
    }

    /** Elementwise comparison |a − e| ≤ atol + rtol·|e|, NaN equal to NaN. */
    static void compareTensor(String name, OnnxTensor actual, OnnxTensor expected, Tolerance tol, Tally tally) {
        if (!sameKind(name, actual, expected, tally)) {
            return;
        }
        int worst = -1;
        double worstExcess = 1;
        tally.abs(0);
        tally.rel(0);
        for (int i = 0; i < actual.values().size(); i++) {
            double a = actual.values().at(i);
            double e = expected.values().at(i);
            if (a == e || (Double.isNaN(a) && Double.isNaN(e))) {
                continue;
            }
            double diff = Math.abs(a - e);
            if (Double.isNaN(diff)) {
                diff = Double.POSITIVE_INFINITY;
            }
            tally.abs(diff);
            if (e != 0) {
                tally.rel(diff / Math.abs(e));
            }
            double allowed = tol.atol() + tol.rtol() * Math.abs(e);
            double excess = diff / allowed;
            if (diff > allowed && (worst < 0 || excess > worstExcess)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            double a = actual.values().at(worst);
            double e = expected.values().at(worst);
            tally.fail(String.format(Locale.ROOT, "output '%s' element %s: got %s, expected %s, |diff| %.3g > atol %.3g + rtol %.3g·|expected|",
                    name, index(expected.values().shape(), worst), a, e, Math.abs(a - e), tol.atol(), tol.rtol()));
        }
    }

    /** A flat index as a multi-index, e.g. [1, 0, 3]. */
    private static String index(int[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return Arrays.toString(index);
    }

    // ------------------------------------------------------------------ random Dropout

    /** A Dropout node that runs in training mode with a nonzero ratio: its outputs are random. */
    record RandomDropout(int node, double ratio, OnnxTensor x, String output, String mask) {
    }

    /** The values known without running the graph: initializers and Constant outputs (as far as they can be read). */
    static Map<String, OnnxTensor> constantsOf(ModelProto model) {
        try {
            return new OnnxEvaluator(model).constants();
        } catch (IllegalArgumentException e) {
            Map<String, OnnxTensor> values = new LinkedHashMap<>();
            for (TensorProto t : model.getGraph().getInitializerList()) {
                try {
                    values.put(t.getName(), TensorProtos.fromProto(t));
                } catch (IllegalArgumentException ignored) {
                    // an unreadable initializer is the engine's to report
                }
            }
            return values;
        }
    }

    private static int defaultOpset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return 0;
    }

    /**
     * The Dropout nodes of the default domain that run in training mode with a nonzero ratio,
     * decided from the values the engine shows (for ONNX Runtime: inputs, initializers and
     * constants). A mode that cannot be decided, an input x that cannot be seen, or a random output
     * that feeds another node is an IllegalArgumentException: such a graph cannot be compared.
     */
    static List<RandomDropout> randomDropouts(ModelProto model, Map<String, OnnxTensor> values) {
        List<RandomDropout> result = new ArrayList<>();
        List<NodeProto> nodes = model.getGraph().getNodeList();
        int opset = defaultOpset(model);
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
            if (!defaultDomain || !node.getOpType().equals("Dropout")) {
                continue;
            }
            List<OnnxTensor> inputs = new ArrayList<>();
            for (int k = 0; k < node.getInputCount(); k++) {
                String name = node.getInput(k);
                if (name.isEmpty()) {
                    inputs.add(null);
                } else if (values.containsKey(name)) {
                    inputs.add(values.get(name));
                } else if (k == 0) {
                    inputs.add(null);
                } else {
                    throw new IllegalArgumentException("cannot tell whether Dropout node " + i + " runs in training mode: its input '"
                            + name + "' is computed inside the graph");
                }
            }
            OnnxNode context = new OnnxNode(node, i, opset, inputs);
            TrainingOperators.DropoutMode mode = TrainingOperators.dropoutMode(context);
            if (!mode.training() || mode.ratio() == 0) {
                continue;
            }
            String output = node.getOutputCount() > 0 ? node.getOutput(0) : "";
            String mask = node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() ? node.getOutput(1) : null;
            for (int j = 0; j < nodes.size(); j++) {
                for (String in : nodes.get(j).getInputList()) {
                    if (!in.isEmpty() && (in.equals(output) || in.equals(mask))) {
                        throw new IllegalArgumentException("Dropout node " + i + " runs in training mode (ratio " + mode.ratio()
                                + "), so its output '" + in + "' is random, and it feeds node " + j + " ("
                                + nodes.get(j).getOpType() + "): the graph's outputs cannot be compared");
                    }
                }
            }
            if (inputs.isEmpty() || inputs.get(0) == null) {
                throw new IllegalArgumentException("Dropout node " + i + " runs in training mode (ratio " + mode.ratio()
                        + "), and its input is computed inside the graph, which this engine does not show: its random output "
                        + "cannot be checked by its contract");
            }
            result.add(new RandomDropout(i, mode.ratio(), inputs.get(0), output, mask));
        }
        return result;
    }

    private static void checkDropout(RandomDropout d, NodeTestEngine.Run run, Map<String, OnnxTensor> expected,
                                     Tolerance tol, Tally tally) {
        boolean outputCompared = expected.containsKey(d.output());
        boolean maskCompared = d.mask() != null && expected.containsKey(d.mask());
        if (!outputCompared && !maskCompared) {
            return;
        }
        OnnxTensor y = outputCompared ? run.outputs().get(d.output()) : run.values().get(d.output());
        OnnxTensor mask = maskCompared ? run.outputs().get(d.mask()) : null;
        if ((outputCompared && !sameKind(d.output(), y, expected.get(d.output()), tally))
                || (maskCompared && !sameKind(d.mask(), mask, expected.get(d.mask()), tally))) {
            return;
        }
        Contract engine = contract(d, y, mask, tol);
        Contract stored = contract(d, outputCompared ? expected.get(d.output()) : null,
                maskCompared ? expected.get(d.mask()) : null, tol);
        tally.abs(engine.worstAbs);
        if (engine.violation != null) {
            tally.fail(engine.violation);
            return;
        }
        if (stored.violation != null) {
            tally.fail("the stored " + stored.violation);
            return;
        }
        // commons-math3's two-sided p-value can exceed 1 by a rounding's worth (it adds both tails' masses)
        double p = engine.trials == 0 ? 1 : Math.min(1,
                new BinomialTest().binomialTest(engine.trials, engine.kept, 1 - d.ratio(), AlternativeHypothesis.TWO_SIDED));
        if (p < DROPOUT_SIGNIFICANCE) {
            tally.fail(String.format(Locale.ROOT, "Dropout node %d kept %d of %d units; with ratio %s the binomial test "
                    + "gives p = %.2g < %.0g", d.node(), engine.kept, engine.trials, d.ratio(), p, DROPOUT_SIGNIFICANCE));
            return;
        }
        tally.notes.add(String.format(Locale.ROOT, "training-mode Dropout (ratio %s): random mask checked by its contract, "
                + "not bit for bit — every output 0 or x/(1−ratio)%s, %d of %d kept (binomial p = %.2g), stored output meets it too",
                d.ratio(), mask != null ? ", mask agrees" : "", engine.kept, engine.trials, p));
    }

    /** The outcome of a Dropout contract check: the first violation, the kept count and the worst deviation. */
    private record Contract(String violation, int kept, int trials, double worstAbs) {
    }

    /**
     * Checks y (may be null) and mask (may be null) against x: each y is 0 (dropped) or x/(1−ratio)
     * (kept), each mask is 0 or 1 and agrees with y. Kept units are counted from the mask, or, without
     * one, among the units with x ≠ 0 (where dropped and kept differ).
     */
    private static Contract contract(RandomDropout d, OnnxTensor y, OnnxTensor mask, Tolerance tol) {
        double scale = 1 / (1 - d.ratio());
        int n = d.x().values().size();
        if ((y != null && y.values().size() != n) || (mask != null && mask.values().size() != n)) {
            return new Contract("output of Dropout node " + d.node() + " does not have the shape of its input "
                    + Arrays.toString(d.x().values().shape()), 0, 0, Double.NaN);
        }
        int kept = 0;
        int trials = 0;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double x = d.x().values().at(i);
            double keptValue = x * scale;
            Boolean maskKept = null;
            if (mask != null) {
                double m = mask.values().at(i);
                if (m != 0 && m != 1) {
                    return new Contract("mask '" + d.mask() + "' element " + i + " is " + m + ", not a boolean", kept, trials, worst);
                }
                maskKept = m == 1;
            }
            if (y == null) {
                trials++;
                kept += maskKept ? 1 : 0;
                continue;
            }
            double v = y.values().at(i);
            if (Double.isNaN(x)) {
                if (!Double.isNaN(v)) {
                    return new Contract(String.format(Locale.ROOT, "output '%s' element %d is %s where x is NaN (x·0 and x/(1−ratio) are NaN)",
                            d.output(), i, v), kept, trials, worst);
                }
                continue;
            }
            boolean isDropped = Math.abs(v) <= tol.atol();
            boolean isKept = Math.abs(v - keptValue) <= tol.atol() + tol.rtol() * Math.abs(keptValue);
            worst = Math.max(worst, Math.min(Math.abs(v), Math.abs(v - keptValue)));
            if (!isDropped && !isKept) {
                return new Contract(String.format(Locale.ROOT, "output '%s' element %d is %s, neither 0 nor x/(1−ratio) = %s (x = %s, ratio %s)",
                        d.output(), i, v, keptValue, x, d.ratio()), kept, trials, worst);
            }
            if (maskKept != null && x != 0 && maskKept != isKept) {
                return new Contract(String.format(Locale.ROOT, "mask '%s' element %d is %s but output '%s' is %s (x = %s)",
                        d.mask(), i, maskKept, d.output(), v, x), kept, trials, worst);
            }
            if (maskKept != null) {
                trials++;
                kept += maskKept ? 1 : 0;
            } else if (x != 0) {
                trials++;
                kept += isKept ? 1 : 0;
            }
        }
        return new Contract(null, kept, trials, worst);
    }
}
