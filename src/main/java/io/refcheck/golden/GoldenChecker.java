package io.refcheck.golden;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Comparison;
import io.refcheck.check.Expected;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OnnxRuntimeEngine;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.onnx.TensorProtos;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Checks the golden data (see {@link Golden}) in two steps per case.
 *
 * <ol>
 *   <li>Integrity, before anything is compared: the manifest's sha256 against index.json, every file
 *       the manifest lists against its size and sha256, and that the model and every intact tensor
 *       parse and carry the names, types and shapes the manifest records. A missing, truncated or corrupt file or
 *       a checksum mismatch is reported as exactly that, as a failing row, and the case is not compared.
 *       Case folders absent from index.json, and ids and dtypes the catalog expects but the data lacks,
 *       fail too.</li>
 *   <li>Regression: plain Java (or the reference engine given) on the frozen inputs, and live ONNX
 *       Runtime on the frozen model and inputs, against the frozen outputs, within the entry's tolerance
 *       for the case's dtype plus u·S where the entry states a rounding scale S (u = 2⁻²⁴ in float32,
 *       2⁻⁵³ in float64), as {@code Conformance} compares engines.</li>
 * </ol>
 *
 * <p>Every row has check "golden" and engine "plain-java" (the reference's name) or "onnxruntime";
 * a failure names the case, the tensor, the worst element and its error. Nothing here throws for bad
 * data: every fault becomes a row.
 */
public final class GoldenChecker {
    private final Engine reference;

    /** Checks against plain Java. */
    public GoldenChecker() {
        this(Engines.plainJava());
    }

    /** Checks against the given reference engine (a test passes a deliberately broken one). */
    public GoldenChecker(Engine reference) {
        this.reference = reference;
    }

    /** One row per case and engine, plus a row per fault of the data set as a whole. */
    public List<CheckResult> check(Path dir) {
        return check(dir, id -> true);
    }

    /**
     * As {@link #check(Path)}, for the cases of the selected catalog ids only: a run of a few ids
     * reads and compares only their cases. Faults of the data set as a whole (a missing or damaged
     * index, a case of an id the catalog lacks, a case folder no index lists) are reported whatever
     * is selected.
     */
    public List<CheckResult> check(Path dir, Predicate<String> selected) {
        List<CheckResult> rows = new ArrayList<>();
        JsonNode index;
        try {
            index = Golden.reader().readTree(Files.readAllBytes(dir.resolve(Golden.INDEX)));
            if (!index.path("cases").isArray()) {
                throw new IOException("no \"cases\" array");
            }
        } catch (NoSuchFileException e) {
            rows.add(dataSetRow(dir.resolve(Golden.INDEX) + ": missing (run golden generate)"));
            return rows;
        } catch (IOException e) {
            rows.add(dataSetRow(dir.resolve(Golden.INDEX) + ": unreadable or not valid JSON (" + e.getMessage() + ")"));
            return rows;
        }
        long seed = index.path("seed").asLong();
        Set<String> indexed = new HashSet<>();
        Map<String, Integer> casesPerIdAndDtype = new HashMap<>();
        OnnxRuntimeEngine[] live = {new OnnxRuntimeEngine.Float64(), new OnnxRuntimeEngine.Float32()};
        for (JsonNode entry : index.get("cases")) {
            String rel = entry.path("case").asText();
            indexed.add(rel);
            casesPerIdAndDtype.merge(entry.path("id").asText() + " " + entry.path("dtype").asText(), 1, Integer::sum);
            String id = entry.path("id").asText();
            if (selected.test(id) || !Catalog.contains(id)) {
                rows.addAll(checkCase(dir, rel, entry, seed, live));
            }
        }
        rows.addAll(unindexedCases(dir, indexed));
        for (Formula f : Catalog.all().stream().filter(f -> selected.test(f.id())).toList()) {
            for (OnnxRuntimeEngine e : live) {
                if (f.onnx().isPresent() && e.notApplicableReason(f.id()).isEmpty()
                        && !casesPerIdAndDtype.containsKey(f.id() + " " + e.dtype().label())) {
                    rows.add(row(f.id(), f.family().key(), reference.name(), e.dtype(), Status.FAIL, Comparison.empty(), 0, 0,
                            seed, "no golden case for " + f.id() + " in " + e.dtype() + " although it has an ONNX form ONNX "
                                    + "Runtime runs (run golden generate)"));
                }
            }
        }
        return rows;
    }

    private List<CheckResult> checkCase(Path root, String rel, JsonNode entry, long seed, OnnxRuntimeEngine[] live) {
        String id = entry.path("id").asText();
        String dtypeLabel = entry.path("dtype").asText();
        Dtype dtype = null;
        String family = Catalog.contains(id) ? Catalog.get(id).family().key() : "";
        String ortName = OnnxRuntimeEngine.NAME;
        List<String> problems = new ArrayList<>();
        CaseData data = null;
        try {
            if (!Catalog.contains(id)) {
                problems.add("unknown id " + id);
            } else if (Catalog.get(id).onnx().isEmpty()) {
                problems.add(id + " has no ONNX form any more (regenerate the golden data)");
            }
            try {
                dtype = Dtype.of(dtypeLabel);
            } catch (IllegalArgumentException e) {
                problems.add("dtype must be float64 or float32, got " + dtypeLabel);
            }
            if (rel.contains("..") || rel.isEmpty()) {
                problems.add("case path " + rel + " must be a folder under " + root);
            }
            if (problems.isEmpty()) {
                data = readCase(root.resolve(rel), entry, problems);
            }
        } catch (RuntimeException e) {
            problems.add("unreadable: " + e);
        }
        String where = "case " + rel;
        if (!problems.isEmpty() || data == null) {
            String reason = where + ": " + String.join("; ", problems);
            return List.of(row(id, family, reference.name(), dtype, Status.FAIL, Comparison.empty(), 0, 0, seed, reason),
                    row(id, family, ortName, dtype, Status.FAIL, Comparison.empty(), 0, 0, seed, reason));
        }
        Formula f = Catalog.get(id);
        Formula.Tolerance tol = f.tolerance(dtype);
        Tensors inputs = data.inputs();
        Map<String, Tensor> allowance = f.roundingAllowance(inputs, dtype);
        List<CheckResult> rows = new ArrayList<>();
        // the reference (plain Java) on the frozen inputs
        try {
            Tensors actual = reference.evaluate(id, inputs);
            Map<String, Tensor> byGraphName = new LinkedHashMap<>();
            for (Map.Entry<String, String> o : data.ports().entrySet()) {
                byGraphName.put(o.getKey(), actual.get(o.getValue()));
            }
            rows.add(compare(where, f, reference.name(), dtype, byGraphName, data, tol, allowance, seed));
        } catch (RuntimeException e) {
            rows.add(row(id, family, reference.name(), dtype, Status.FAIL, Comparison.empty(), tol.atol(), tol.rtol(), seed,
                    where + ": " + reference.name() + " threw " + e));
        }
        // live ONNX Runtime on the frozen model and inputs
        OnnxRuntimeEngine ort = dtype == Dtype.FLOAT32 ? live[1] : live[0];
        Engine.Availability a = ort.availability();
        if (!a.available()) {
            rows.add(row(id, family, ortName, dtype, Status.UNAVAILABLE, Comparison.empty(), tol.atol(), tol.rtol(), seed,
                    where + ": " + a.reason()));
            return rows;
        }
        try {
            Map<String, OnnxTensor> out = OnnxRuntimeEngine.run(data.model(), data.feeds());
            Map<String, Tensor> byGraphName = new LinkedHashMap<>();
            for (String name : data.ports().keySet()) {
                OnnxTensor t = out.get(name);
                if (t == null) {
                    throw new IllegalStateException("the model has no output " + name);
                }
                byGraphName.put(name, t.values());
            }
            rows.add(compare(where, f, ortName, dtype, byGraphName, data, tol, allowance, seed));
        } catch (RuntimeException e) {
            rows.add(row(id, family, ortName, dtype, Status.FAIL, Comparison.empty(), tol.atol(), tol.rtol(), seed,
                    where + ": onnxruntime failed: " + e.getMessage()));
        }
        return rows;
    }

    /** The frozen data of an intact case: model bytes, inputs by graph name, outputs by graph name and their ports. */
    private record CaseData(byte[] model, Map<String, OnnxTensor> feeds, Map<String, OnnxTensor> expected,
                            Map<String, String> ports) {
        Tensors inputs() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            feeds.forEach((k, v) -> m.put(k, v.values()));
            return Tensors.of(m);
        }
    }

    /**
     * The manifest of the case folder {@code dir} that {@code entry} of an index.json names, parsed,
     * after checking the folder exists and the manifest's sha256 against the index (a mismatch is a
     * problem, not a stop); null, with the problem added, if the folder or a readable JSON manifest is
     * missing. The first step of every golden case's integrity check, ONNX Runtime's and PyTorch's.
     */
    static JsonNode verifiedManifest(Path dir, JsonNode entry, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add("folder missing");
            return null;
        }
        byte[] manifestBytes;
        try {
            manifestBytes = Files.readAllBytes(dir.resolve(Golden.MANIFEST));
        } catch (IOException e) {
            problems.add(Golden.MANIFEST + ": missing or unreadable");
            return null;
        }
        String recorded = entry.path("manifestSha256").asText();
        String actualSha = Golden.sha256(manifestBytes);
        if (!actualSha.equals(recorded)) {
            problems.add(Golden.MANIFEST + ": sha256 mismatch (index.json records " + abbreviate(recorded) + ", the file has "
                    + abbreviate(actualSha) + ")");
        }
        try {
            return Golden.reader().readTree(manifestBytes);
        } catch (IOException e) {
            problems.add(Golden.MANIFEST + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    /** Reads a case, adding every fault found to {@code problems}; null if the case cannot be compared. */
    private static CaseData readCase(Path dir, JsonNode entry, List<String> problems) {
        JsonNode manifest = verifiedManifest(dir, entry, problems);
        if (manifest == null) {
            return null;
        }
        if (!manifest.path("id").asText().equals(entry.path("id").asText())
                || !manifest.path("dtype").asText().equals(entry.path("dtype").asText())) {
            problems.add(Golden.MANIFEST + ": id/dtype " + manifest.path("id").asText() + "/" + manifest.path("dtype").asText()
                    + " differ from index.json's " + entry.path("id").asText() + "/" + entry.path("dtype").asText());
        }
        JsonNode files = manifest.path("files");
        Map<String, byte[]> contents = intactFiles(dir, files, problems);
        byte[] model = contents.get(Golden.MODEL);
        if (!files.has(Golden.MODEL)) {
            problems.add(Golden.MODEL + ": not listed in the manifest");
        } else if (model != null) {
            try {
                ModelProto.parseFrom(model);
            } catch (InvalidProtocolBufferException e) {
                problems.add(Golden.MODEL + ": not an ONNX model (" + e.getMessage() + ")");
            }
        }
        Map<String, OnnxTensor> feeds = readTensors(dir, manifest.path("inputs"), contents, files, problems, null);
        Map<String, String> ports = new LinkedHashMap<>();
        Map<String, OnnxTensor> expected = readTensors(dir, manifest.path("outputs"), contents, files, problems, ports);
        if (!problems.isEmpty() || model == null) {
            return null;
        }
        return new CaseData(model, feeds, expected, ports);
    }

    /**
     * The files a manifest lists whose size and sha256 are as recorded, by name; every missing,
     * truncated, resized or altered file, and every file of the case the manifest does not list,
     * added to {@code problems} as exactly that.
     */
    static Map<String, byte[]> intactFiles(Path dir, JsonNode files, List<String> problems) {
        Map<String, byte[]> contents = new HashMap<>();
        files.properties().forEach(e -> {
            String name = e.getKey();
            if (name.contains("..")) {
                problems.add(name + ": not a file of the case");
                return;
            }
            Path file = dir.resolve(name);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException ex) {
                problems.add(name + ": missing");
                return;
            }
            long expectedBytes = e.getValue().path("bytes").asLong(-1);
            String expectedSha = e.getValue().path("sha256").asText();
            if (bytes.length < expectedBytes) {
                problems.add(name + ": truncated (" + bytes.length + " of " + expectedBytes + " bytes)");
            } else if (bytes.length > expectedBytes) {
                problems.add(name + ": " + bytes.length + " bytes, the manifest records " + expectedBytes);
            } else if (!Golden.sha256(bytes).equals(expectedSha)) {
                problems.add(name + ": sha256 mismatch (manifest records " + abbreviate(expectedSha) + ", the file has "
                        + abbreviate(Golden.sha256(bytes)) + ")");
            } else {
                contents.put(name, bytes);
            }
        });
        for (String unlisted : unlistedFiles(dir, files)) {
            problems.add(unlisted + ": not listed in the manifest");
        }
        return contents;
    }

    static Map<String, OnnxTensor> readTensors(Path dir, JsonNode list, Map<String, byte[]> contents, JsonNode files,
                                                       List<String> problems, Map<String, String> ports) {
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add(Golden.MANIFEST + ": no " + (ports == null ? "inputs" : "outputs") + " listed");
            return out;
        }
        for (JsonNode t : list) {
            String file = t.path("file").asText();
            String name = t.path("name").asText();
            if (!files.has(file)) {
                problems.add(file + ": not listed among the manifest's files");
                continue;
            }
            byte[] bytes = contents.get(file);
            if (bytes == null) {
                continue; // missing or damaged: reported as that, not parsed
            }
            OnnxTensor tensor;
            try {
                TensorProto proto = TensorProto.parseFrom(bytes);
                tensor = TensorProtos.fromProto(proto);
                if (!proto.getName().equals(name)) {
                    problems.add(file + ": holds tensor " + proto.getName() + ", the manifest says " + name);
                }
            } catch (InvalidProtocolBufferException e) {
                problems.add(file + ": not a TensorProto, truncated or corrupt (" + e.getMessage() + ")");
                continue;
            } catch (IllegalArgumentException e) {
                problems.add(file + ": " + e.getMessage());
                continue;
            }
            if (!tensor.type().name().equals(t.path("type").asText())) {
                problems.add(file + ": element type " + tensor.type() + ", the manifest says " + t.path("type").asText());
            }
            int[] shape = new int[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asInt();
            }
            if (!Arrays.equals(shape, tensor.values().shape())) {
                problems.add(file + ": shape " + Arrays.toString(tensor.values().shape()) + ", the manifest says " + Arrays.toString(shape));
            }
            out.put(name, tensor);
            if (ports != null) {
                ports.put(name, t.path("port").asText());
            }
        }
        return out;
    }

    static List<String> unlistedFiles(Path dir, JsonNode files) {
        List<String> unlisted = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .filter(n -> !n.equals(Golden.MANIFEST) && !files.has(n)).forEach(unlisted::add);
        } catch (IOException e) {
            unlisted.add("(listing " + dir + " failed: " + e.getMessage() + ")");
        }
        return unlisted;
    }

    private List<CheckResult> unindexedCases(Path root, Set<String> indexed) {
        List<CheckResult> rows = new ArrayList<>();
        Path engineDir = root.resolve(Golden.ENGINE);
        if (!Files.isDirectory(engineDir)) {
            return rows;
        }
        try (Stream<Path> s = Files.walk(engineDir, 2)) {
            s.filter(p -> engineDir.relativize(p).getNameCount() == 2 && Files.isDirectory(p))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .filter(rel -> !indexed.contains(rel))
                    .forEach(rel -> rows.add(dataSetRow("case " + rel + ": not listed in index.json (left over, or added by hand)")));
        } catch (IOException e) {
            rows.add(dataSetRow("listing " + engineDir + " failed: " + e.getMessage()));
        }
        return rows;
    }

    private CheckResult compare(String where, Formula f, String engine, Dtype dtype, Map<String, Tensor> actual, CaseData data,
                                Formula.Tolerance tol, Map<String, Tensor> allowance, long seed) {
        Comparison worst = Comparison.empty();
        String failure = "";
        for (Map.Entry<String, Tensor> e : actual.entrySet()) {
            String graphName = e.getKey();
            String port = data.ports().get(graphName);
            Tensor expected = data.expected().get(graphName).values();
            Comparison c = Comparison.of(e.getValue(), expected, Expected.GOLDEN_ONNX_RUNTIME, tol.atol(), tol.rtol(), allowance.get(port));
            if (!c.pass() && failure.isEmpty()) {
                failure = where + ", output " + graphName + (port.equals(graphName) ? "" : " (" + port + ")") + ": "
                        + describe(c, expected.shape());
            }
            worst = worst.worst(c);
        }
        return row(f.id(), f.family().key(), engine, dtype, worst.pass() ? Status.PASS : Status.FAIL, worst,
                tol.atol(), tol.rtol(), seed, failure);
    }

    /** The comparison's reason led by the worst element's multi-index, e.g. "worst element [1, 2] — element 5: got …". */
    static String describe(Comparison c, int[] shape) {
        if (c.worstIndex() < 0) {
            return c.reason();
        }
        int[] index = new int[shape.length];
        int flat = c.worstIndex();
        for (int i = shape.length - 1; i >= 0; i--) {
            index[i] = flat % shape[i];
            flat /= shape[i];
        }
        return "worst element " + Arrays.toString(index) + " — " + c.reason();
    }

    /** The first 12 hex digits of a sha256: enough to tell two apart in a message. */
    static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : "'" + sha + "'";
    }

    private CheckResult dataSetRow(String reason) {
        return row("golden-data", "", reference.name(), null, Status.FAIL, Comparison.empty(), 0, 0, 0, reason);
    }

    private static CheckResult row(String id, String family, String engine, Dtype dtype, Status status, Comparison c,
                                   double atol, double rtol, long seed, String reason) {
        return new CheckResult(id, family, engine, dtype, "cpu", Check.GOLDEN, status, c.maxAbsError(), c.maxRelError(),
                c.maxUlp(), atol, rtol, 1, seed, reason);
    }
}
