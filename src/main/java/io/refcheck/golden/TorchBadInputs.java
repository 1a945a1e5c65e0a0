package io.refcheck.golden;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The catalog's bad inputs run by PyTorch itself, so that "the IEEE result PyTorch gives" is a
 * measured fact, not a sentence. Every bad input of an entry says either that the formula returns
 * the IEEE result PyTorch gives ({@link BadInput.Ieee}, with a predicate over the outputs) or that
 * it rejects the input with an IllegalArgumentException ({@link BadInput.Rejects}). Plain Java is
 * held to that in the conformance checks; here PyTorch is:
 *
 * <ul>
 *   <li>{@link #render()} exports every bad input of every entry with a PyTorch form to
 *       {@value #FILE} (written by {@code golden torch-forms}, beside forms.json; a test fails when it is
 *       stale). Ports that ONNX Runtime takes as INT64 (labels, indices) are marked integer; the script
 *       passes them as int64 tensors when every value is a finite integer, and as float tensors
 *       otherwise (a NaN or 1.5 label is what a user would have handed PyTorch);</li>
 *   <li>{@code scripts/torch_golden.py}, for a float64 set, runs each entry's PyTorch source on each
 *       bad input and writes {@code <set>/bad-inputs.json}: the outputs, or the exception PyTorch
 *       raised; the set's index.json records that file's sha256 and the export's;</li>
 *   <li>{@link #check} reads it back. Per id one row, check {@code bad-input}:
 *     <ul>
 *       <li>an IEEE bad input whose PyTorch outputs fail the entry's predicate, or on which PyTorch
 *           raises, contradicts the entry: the row fails and names it;</li>
 *       <li>a rejected bad input on which PyTorch raises too agrees;</li>
 *       <li>a rejected bad input on which PyTorch returns is a rule refcheck checks and PyTorch does
 *           not (probabilities off the simplex, a keep probability above 1, …): allowed by the
 *           project's rules, listed in the row's reason with what PyTorch returned, and never a
 *           pass on its own: an id with nothing else to compare is not-applicable.</li>
 *     </ul>
 *   </li>
 * </ul>
 * Bad inputs are stated in float64, so only float64 sets carry them.
 */
public final class TorchBadInputs {
    private TorchBadInputs() {
    }

    /** The export, relative to the golden-data folder. */
    public static final String FILE = TorchGolden.DIR + "/bad-inputs.json";
    /** The results of one set, in the set's folder. */
    public static final String RESULTS = "bad-inputs.json";
    /** How a set's index.json refers to its results. */
    static final String INDEX_KEY = "badInputs";

    // ------------------------------------------------------------------ the export

    /** The export's bytes: pretty JSON with sorted keys, the same on every platform. */
    public static byte[] render() {
        List<Map<String, Object>> ids = new ArrayList<>();
        for (Formula f : Catalog.all()) {
            if (f.pytorchByValue().isEmpty()) {
                continue;
            }
            Set<String> integer = integerPorts(f);
            List<Map<String, Object>> cases = new ArrayList<>();
            List<BadInput> bad = f.badInputs();
            for (int k = 0; k < bad.size(); k++) {
                BadInput b = bad.get(k);
                if (b.expected() instanceof BadInput.NotApplicable) {
                    continue;
                }
                Map<String, Object> c = new TreeMap<>();
                c.put("k", k);
                c.put("category", b.category().name());
                c.put("description", b.description());
                if (b.expected() instanceof BadInput.Rejects r) {
                    c.put("expect", "rejects");
                    c.put("argument", r.argument());
                    c.put("rule", r.ruleFragment());
                } else {
                    c.put("expect", "ieee");
                    c.put("why", ((BadInput.Ieee) b.expected()).why());
                }
                List<Map<String, Object>> inputs = new ArrayList<>();
                for (String name : b.inputs().names()) {
                    Map<String, Object> t = tensor(name, b.inputs().get(name));
                    t.put("integer", integer.contains(name));
                    inputs.add(t);
                }
                c.put("inputs", inputs);
                cases.add(c);
            }
            Map<String, Object> m = new TreeMap<>();
            m.put("id", f.id());
            m.put("cases", cases);
            ids.add(m);
        }
        Map<String, Object> top = new TreeMap<>();
        top.put("about", "The catalog's bad inputs, for scripts/torch_golden.py: each runs through the entry's PyTorch source "
                + "in forms.json. Values are numbers, or the strings NaN, Infinity and -Infinity. Generated; do not edit.");
        top.put("command", TorchForms.COMMAND);
        top.put("ids", ids);
        return Golden.exportBytes(top);
    }

    /** Writes the export under {@code goldenDir}; returns the file written. */
    public static Path write(Path goldenDir) throws IOException {
        return Golden.writeExport(goldenDir.resolve(FILE), render());
    }

    public static String sha256() {
        return Golden.sha256(render());
    }

    /** The ports ONNX Runtime's graph of the entry takes as INT64, read from a graph built on a valid sample. */
    private static Set<String> integerPorts(Formula f) {
        Set<String> out = new HashSet<>();
        if (f.onnx().isEmpty()) {
            return out;
        }
        Tensors sample = Sampling.draw(f.samples(), Sampling.derive(0, f.id() + "/bad-inputs"), 1).get(0);
        for (OnnxGraph.Input in : f.onnxModel(sample, DataType.DOUBLE, true).inputs()) {
            if (in.type() == DataType.INT64) {
                out.add(in.name());
            }
        }
        return out;
    }

    private static Map<String, Object> tensor(String name, Tensor t) {
        Map<String, Object> m = new TreeMap<>();
        m.put("name", name);
        m.put("shape", t.shape());
        List<Object> values = new ArrayList<>();
        for (double v : t.toArray()) {
            values.add(Double.isFinite(v) ? (Object) v : Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
        m.put("values", values);
        return m;
    }

    // ------------------------------------------------------------------ the check

    /** What PyTorch did with one bad input, as the script recorded it. */
    record Outcome(String id, int k, String category, String description, Tensors outputs, String raised) {
    }

    /**
     * The rows of one float64 set: one per id with a PyTorch form and bad inputs, and failed rows for a
     * results file that is missing, damaged, or computed on another export.
     */
    static List<CheckResult> check(Path setDir, String set, JsonNode index, String device, long seed) {
        List<CheckResult> rows = new ArrayList<>();
        JsonNode ref = index.path(INDEX_KEY);
        String where = "set " + set + " " + RESULTS;
        if (ref.isMissingNode()) {
            rows.add(setRow(device, seed, "set " + set + ": index.json has no \"" + INDEX_KEY + "\" (the set predates the bad-input "
                    + "export; rerun scripts/torch_golden.py)"));
            return rows;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(setDir.resolve(RESULTS));
        } catch (IOException e) {
            rows.add(setRow(device, seed, where + ": missing or unreadable (" + e.getMessage() + ")"));
            return rows;
        }
        String actual = Golden.sha256(bytes);
        if (!actual.equals(ref.path("sha256").asText())) {
            rows.add(setRow(device, seed, where + ": sha256 " + actual + ", the set's index.json records "
                    + ref.path("sha256").asText() + " (damaged or edited)"));
            return rows;
        }
        if (!sha256().equals(ref.path("exportSha256").asText())) {
            rows.add(setRow(device, seed, where + ": computed on another " + FILE + " (sha256 " + ref.path("exportSha256").asText()
                    + "); the catalog's bad inputs have changed since: rerun scripts/torch_golden.py"));
            return rows;
        }
        Map<String, List<Outcome>> byId = new LinkedHashMap<>();
        try {
            JsonNode results = Golden.reader().readTree(bytes);
            for (JsonNode c : results.path("cases")) {
                Outcome o = outcome(c);
                byId.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(o);
            }
        } catch (IOException | RuntimeException e) {
            rows.add(setRow(device, seed, where + ": not valid results (" + e.getMessage() + ")"));
            return rows;
        }
        for (Formula f : Catalog.all()) {
            if (f.pytorchByValue().isEmpty()) {
                continue;
            }
            rows.add(judge(f, byId.getOrDefault(f.id(), List.of()), set, device, seed));
        }
        return rows;
    }

    private static Outcome outcome(JsonNode c) {
        String raised = c.has("raised") ? c.get("raised").asText() : null;
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (JsonNode o : c.path("outputs")) {
            JsonNode shape = o.get("shape");
            int[] s = new int[shape.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = shape.get(i).asInt();
            }
            JsonNode values = o.get("values");
            double[] d = new double[values.size()];
            for (int i = 0; i < d.length; i++) {
                JsonNode v = values.get(i);
                d[i] = v.isNumber() ? v.asDouble() : switch (v.asText()) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> throw new IllegalArgumentException("value '" + v.asText() + "' is not a number");
                };
            }
            outputs.put(o.get("name").asText(), Tensor.of(s, d));
        }
        return new Outcome(c.get("id").asText(), c.get("k").asInt(), c.path("category").asText(), c.path("description").asText(),
                Tensors.of(outputs), raised);
    }

    /** One id's row: its bad inputs against what PyTorch did with them. */
    static CheckResult judge(Formula f, List<Outcome> outcomes, String set, String device, long seed) {
        List<BadInput> bad = f.badInputs();
        Map<Integer, Outcome> byK = new LinkedHashMap<>();
        outcomes.forEach(o -> byK.put(o.k(), o));
        List<String> contradicted = new ArrayList<>();
        List<String> onlyHere = new ArrayList<>();
        int ieee = 0;
        int bothReject = 0;
        int compared = 0;
        for (int k = 0; k < bad.size(); k++) {
            BadInput b = bad.get(k);
            if (b.expected() instanceof BadInput.NotApplicable) {
                continue;
            }
            String label = b.category() + " (" + b.description() + ")";
            Outcome o = byK.get(k);
            if (o == null || !o.description().equals(b.description())) {
                contradicted.add(label + ": no PyTorch result for it in set " + set + " (rerun scripts/torch_golden.py)");
                continue;
            }
            compared++;
            if (b.expected() instanceof BadInput.Ieee e) {
                if (o.raised() != null) {
                    contradicted.add(label + ": PyTorch raises " + o.raised() + ", the entry says " + e.why());
                } else if (!holds(e, o.outputs())) {
                    contradicted.add(label + ": PyTorch gives " + o.outputs() + ", the entry says " + e.why());
                } else {
                    ieee++;
                }
            } else {
                BadInput.Rejects r = (BadInput.Rejects) b.expected();
                if (o.raised() != null) {
                    bothReject++;
                } else {
                    onlyHere.add(b.category() + " " + r.argument() + " (" + r.ruleFragment() + "): PyTorch returns " + o.outputs());
                }
            }
        }
        Status status = !contradicted.isEmpty() ? Status.FAIL
                : ieee + bothReject > 0 ? Status.PASS : Status.NOT_APPLICABLE;
        StringBuilder reason = new StringBuilder(String.format(Locale.ROOT,
                "set %s, %d bad inputs run by PyTorch: %d IEEE results as PyTorch gives them, %d rejected by both", set, compared,
                ieee, bothReject));
        if (!onlyHere.isEmpty()) {
            reason.append(String.format(Locale.ROOT, ", %d rejected by refcheck where PyTorch returns (a rule PyTorch does not check): ",
                    onlyHere.size())).append(String.join("; ", onlyHere));
        }
        if (!contradicted.isEmpty()) {
            reason.insert(0, contradicted.size() + " contradict the entry: " + String.join("; ", contradicted) + ". ");
        }
        if (compared == 0 && contradicted.isEmpty()) {
            reason.setLength(0);
            reason.append("no bad input of ").append(f.id()).append(" can reach PyTorch (every category is not applicable)");
        }
        return new CheckResult(f.id(), f.family().key(), TorchGolden.ENGINE, Dtype.FLOAT64, device, Check.BAD_INPUT, status, 0, 0, 0, 0, 0,
                compared, seed, reason.toString());
    }

    private static boolean holds(BadInput.Ieee e, Tensors outputs) {
        try {
            return e.check().test(outputs);
        } catch (RuntimeException ex) {
            return false; // an output the predicate needs is missing or shaped otherwise
        }
    }

    private static CheckResult setRow(String device, long seed, String reason) {
        return new CheckResult("golden-data", "", TorchGolden.ENGINE, Dtype.FLOAT64, device, Check.BAD_INPUT, Status.FAIL, 0, 0, 0, 0, 0, 1,
                seed, reason);
    }
}
