package io.refcheck.golden;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Sampling;
import io.refcheck.engine.Engine;
import io.refcheck.engine.OnnxRuntimeEngine;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.onnx.TensorProtos;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the golden data: for every catalog id with an ONNX form and every dtype ONNX Runtime runs
 * it in, {@link Golden#CASES} samples drawn from the entry's own generator (adversarial ones
 * included) with a seed derived from the given one, each frozen with ONNX Runtime's outputs in the
 * ONNX node-test layout (see {@link Golden}). The same seed and command give byte-identical files:
 * graphs, tensors and JSON are written in a fixed order, with no timestamps or paths.
 */
public final class GoldenGenerator {
    private final long seed;
    private final String command;

    /** What was written: the number of cases, their bytes, and the (id, dtype) pairs not generated, with the reason. */
    public record Result(int cases, long bytes, List<String> notGenerated) {
    }

    /**
     * @param seed    the base seed; each id draws from {@code Sampling.derive(seed, id + "/golden")}
     * @param command the command line recorded in every manifest
     */
    public GoldenGenerator(long seed, String command) {
        this.seed = seed;
        this.command = command;
    }

    /** The command line that writes {@code out} with {@code seed}, as recorded in the manifests. */
    public static String command(long seed, Path out) {
        String c = "java -jar target/refcheck.jar golden generate --seed " + seed;
        return out.normalize().equals(Golden.DEFAULT_DIR) ? c : c + " --out " + out;
    }

    /**
     * Replaces the golden data under {@code out} (its onnxruntime folder, index.json and README.md;
     * a non-empty folder without an index.json is refused rather than overwritten).
     *
     * @throws IllegalStateException if ONNX Runtime is unavailable or fails on a case
     */
    public Result generate(Path out) throws IOException {
        prepare(out);
        List<Map<String, Object>> index = new ArrayList<>();
        List<String> notGenerated = new ArrayList<>();
        long bytes = 0;
        String version = null;
        for (Dtype dtype : Dtype.values()) {
            OnnxRuntimeEngine engine = OnnxRuntimeEngine.forDtype(dtype);
            Engine.Availability a = engine.availability();
            if (!a.available()) {
                throw new IllegalStateException("onnxruntime unavailable: " + a.reason());
            }
            version = engine.version();
            for (Formula f : Catalog.all()) {
                if (f.onnx().isEmpty()) {
                    continue;
                }
                String why = engine.notApplicableReason(f.id());
                if (!why.isEmpty()) {
                    notGenerated.add(f.id() + " " + dtype + ": " + why);
                    continue;
                }
                long sampleSeed = Sampling.derive(seed, f.id() + "/golden");
                List<Tensors> draws = Sampling.draw(f.samples(), sampleSeed, Golden.DRAWS);
                int k = 0;
                for (int draw = 0; draw < draws.size() && k < Golden.CASES; draw++) {
                    if (elements(draws.get(draw)) > Golden.MAX_ELEMENTS) {
                        continue;
                    }
                    String name = f.id() + "_" + k;
                    Path dir = out.resolve(Golden.ENGINE).resolve(dtype.label()).resolve(name);
                    Case written = writeCase(dir, f, engine, draws.get(draw), sampleSeed, draw, version);
                    bytes += written.bytes();
                    Map<String, Object> entry = new TreeMap<>();
                    entry.put("case", out.relativize(dir).toString().replace('\\', '/'));
                    entry.put("id", f.id());
                    entry.put("dtype", dtype.label());
                    entry.put("manifestSha256", written.manifestSha256());
                    index.add(entry);
                    k++;
                }
            }
        }
        Map<String, Object> top = new TreeMap<>();
        top.put("engine", Golden.ENGINE);
        top.put("engineVersion", version);
        top.put("opset", OnnxGraph.OPSET);
        top.put("seed", seed);
        top.put("command", command);
        top.put("cases", index);
        top.put("notGenerated", notGenerated);
        byte[] indexBytes = Golden.json().writeValueAsBytes(top);
        Files.write(out.resolve(Golden.INDEX), indexBytes);
        byte[] readme = readme(index.size(), version, notGenerated).getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve(Golden.README), readme);
        return new Result(index.size(), bytes + indexBytes.length + readme.length, List.copyOf(notGenerated));
    }

    private record Case(long bytes, String manifestSha256) {
    }

    private Case writeCase(Path dir, Formula f, OnnxRuntimeEngine engine, Tensors sample, long sampleSeed, int draw,
                           String version) throws IOException {
        Files.createDirectories(dir.resolve(Golden.DATA_SET));
        OnnxGraph.Model built = f.onnxModel(sample, engine.elementType(), true);
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        for (OnnxGraph.Input in : built.inputs()) {
            feeds.put(in.name(), built.tensor(in, sample));
        }
        OnnxGraph.Model model;
        byte[] modelBytes;
        Map<String, OnnxTensor> results;
        try {
            // the run tells the output shapes, which the saved model declares (the ONNX checker wants
            // them); declaring them changes no computation, and golden check reruns the saved model
            results = OnnxRuntimeEngine.run(built.proto().toByteArray(), feeds);
            Map<String, int[]> shapes = new LinkedHashMap<>();
            results.forEach((name, t) -> shapes.put(name, t.values().shape()));
            model = built.withOutputShapes(shapes);
            modelBytes = model.proto().toByteArray();
        } catch (RuntimeException e) {
            throw new IllegalStateException(f.id() + " " + engine.dtype() + ": onnxruntime failed on draw " + draw + ": " + e.getMessage(), e);
        }
        Map<String, Object> files = new TreeMap<>();
        files.put(Golden.MODEL, write(dir.resolve(Golden.MODEL), modelBytes));
        List<Map<String, Object>> inputs = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, OnnxTensor> e : feeds.entrySet()) {
            String file = Golden.inputFile(k++);
            files.put(file, write(dir.resolve(file), TensorProtos.toProto(e.getKey(), e.getValue()).toByteArray()));
            inputs.add(tensorEntry(file, e.getKey(), null, e.getValue()));
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        k = 0;
        for (OnnxGraph.Output o : model.outputs()) {
            OnnxTensor t = results.get(o.graphName());
            String file = Golden.outputFile(k++);
            files.put(file, write(dir.resolve(file), TensorProtos.toProto(o.graphName(), t).toByteArray()));
            outputs.add(tensorEntry(file, o.graphName(), o.port(), t));
        }
        Map<String, Object> sampling = new TreeMap<>();
        sampling.put("seed", seed);
        sampling.put("sampleSeed", sampleSeed);
        sampling.put("draw", draw);
        sampling.put("how", "Sampling.draw(Catalog.get(\"" + f.id() + "\").samples(), sampleSeed, " + Golden.DRAWS + ").get(draw), "
                + "sampleSeed = Sampling.derive(seed, \"" + f.id() + "/golden\")"
                + (engine.dtype() == Dtype.FLOAT32 ? "; FLOAT inputs are the sample rounded to float32" : ""));
        Map<String, Object> manifest = new TreeMap<>();
        manifest.put("id", f.id());
        manifest.put("family", f.family().key());
        manifest.put("case", dir.getFileName().toString());
        manifest.put("engine", Golden.ENGINE);
        manifest.put("engineVersion", version);
        manifest.put("session", Golden.SESSION);
        manifest.put("opset", OnnxGraph.OPSET);
        manifest.put("irVersion", model.proto().getIrVersion());
        manifest.put("onnx", f.onnxNote());
        manifest.put("dtype", engine.dtype().label());
        manifest.put("device", "cpu");
        manifest.put("generator", sampling);
        manifest.put("command", command);
        manifest.put("inputs", inputs);
        manifest.put("outputs", outputs);
        manifest.put("files", files);
        byte[] manifestBytes = Golden.json().writeValueAsBytes(manifest);
        Files.write(dir.resolve(Golden.MANIFEST), manifestBytes);
        long total = manifestBytes.length;
        for (Object v : files.values()) {
            total += ((Number) ((Map<?, ?>) v).get("bytes")).longValue();
        }
        return new Case(total, Golden.sha256(manifestBytes));
    }

    private static Map<String, Object> write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Map<String, Object> m = new TreeMap<>();
        m.put("sha256", Golden.sha256(bytes));
        m.put("bytes", bytes.length);
        return m;
    }

    private static Map<String, Object> tensorEntry(String file, String name, String port, OnnxTensor t) {
        Map<String, Object> m = new TreeMap<>();
        m.put("file", file);
        m.put("name", name);
        if (port != null) {
            m.put("port", port);
        }
        m.put("type", t.type().name());
        m.put("shape", t.values().shape());
        return m;
    }

    private static int elements(Tensors sample) {
        long n = 0;
        for (String name : sample.names()) {
            n += sample.get(name).size();
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Empties the golden parts of {@code out}, refusing a non-empty folder that is not golden data. */
    private static void prepare(Path out) throws IOException {
        if (Files.isDirectory(out)) {
            boolean empty;
            try (Stream<Path> s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(out.resolve(Golden.INDEX))) {
                throw new IllegalArgumentException("out: " + out + " is not empty and holds no " + Golden.INDEX
                        + "; refusing to overwrite a folder that is not golden data");
            }
            deleteTree(out.resolve(Golden.ENGINE));
            Files.deleteIfExists(out.resolve(Golden.INDEX));
            Files.deleteIfExists(out.resolve(Golden.README));
        }
        Files.createDirectories(out);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The README's section on the PyTorch-in-Python sets, which scripts/torch_golden.py writes (see {@link TorchGolden}). */
    private static final String TORCH_README = """

            ## PyTorch in Python: pytorch-python/

            Written by `scripts/torch_golden.py` (PyTorch only; `onnx` optional), never by Java or by hand: the
            catalog's PyTorch sources, exported by `java -jar target/refcheck.jar golden torch-forms` to
            `pytorch-python/forms.json`, run on the frozen inputs of the ONNX Runtime cases above. Each case holds
            PyTorch's outputs and, for differentiable ids, autograd's gradients of Σ_outputs Σ c⊙output with respect to
            every differentiable input, c being seeded cotangents (values (2k − 255)/128, exact in float32) stored with
            the case. There is no ONNX model in these cases.

            ```
            pytorch-python/forms.json                 per id: ports (differentiated or not), outputs, the Python source; ids without one and why
            pytorch-python/bad-inputs.json            per id with a source: every bad input of the entry (category, what the entry
                                                      expects: rejects, or the IEEE result PyTorch gives), its tensors (NaN and
                                                      ±Infinity as strings; labels and indices marked integer)
            pytorch-python/<set>/index.json           torch and CUDA versions, device and its name, dtype, TF32 setting and whether a
                                                      probe matmul observed it, seed, command, cases with their manifests' sha256,
                                                      ids skipped and why, cases the script failed on
            pytorch-python/<set>/bad-inputs.json      float64 sets: each bad input run through its source: the outputs, or the exception
                                                      PyTorch raised; the set's index.json records its sha256 and the export's
            pytorch-python/<set>/<id>_<k>/manifest.json   as above, engine "pytorch-python", the source, the ONNX Runtime case
                                                      the inputs came from, each tensor's role (input, cotangent, output, gradient)
            pytorch-python/<set>/<id>_<k>/test_data_set_0/input_K.pb    the inputs, then the cotangents (cotangent_<output>)
            pytorch-python/<set>/<id>_<k>/test_data_set_0/output_K.pb   the outputs, then the gradients (gradient_<input>)
            ```

            Sets: `cpu-float64` and `cpu-float32` (committed, PyTorch 1.13 from Debian's python3-torch), and
            `cuda-float64`, `cuda-float32-tf32`, `cuda-float32-notf32` once a GPU run adds them. Each set has its own
            index.json because the script runs where there is no Java; this index.json stays the Java generator's.
            Not in the sets: the ids without a PyTorch counterpart (perceptron, gaussian_init, zero_init_symmetry,
            dropout; forms.json says why) and one_hot in float64 (no ONNX Runtime float64 case to take inputs from).

            ```sh
            # CPU sets (any machine with PyTorch >= 1.13; Debian: apt-get install -y python3-torch)
            /usr/bin/python3 scripts/torch_golden.py --device cpu --dtype float64
            /usr/bin/python3 scripts/torch_golden.py --device cpu --dtype float32
            /usr/bin/python3 scripts/torch_golden.py --self-test        # the TensorProto codec, against onnx where installed
            # CUDA sets (a GPU machine with PyTorch and CUDA; no Java needed): copy the repository, then
            python3 scripts/torch_golden.py --device cuda --dtype float64
            python3 scripts/torch_golden.py --device cuda --dtype float32 --tf32 on
            python3 scripts/torch_golden.py --device cuda --dtype float32 --tf32 off
            # or all three and one archive of them (for a machine that returns few files): then tar xzf it here
            sh scripts/cuda_golden_sets.sh /tmp/cuda
            ```

            `golden check` and `report` verify every file of every set against its sha256 first, then compare plain Java
            with each case: outputs within the entry's tolerance for the dtype plus u·S (check "golden"), gradients (the
            entry's vector–Jacobian product with the stored cotangents) within the entry's tolerance (check
            "golden-gradient"). The inputs include the adversarial values of the entries' samples, so two rules apply to
            gradients, and the rows say where they did: elements where the two differ and one is not finite (the exact
            gradient is infinite or 0/0 there, e.g. torch's xlogy backward at p = q = 0) are not compared but named; and
            a float32 gradient outside the float32 tolerance is measured, not judged (status not-applicable, never a pass;
            one float32 intermediate rounded near a kink or at |x| ≈ 10³ moves a gradient beyond any fixed tolerance;
            the live engine checks judge float32 gradients on gradient samples); the TF32 set is judged the same way:
            TF32 matmuls keep 10 of float32's 23 mantissa bits, and plain Java is judged against its TF32-off twin. The report's section "PyTorch across devices"
            shows per id the CPU-vs-CUDA delta (float64, and float32 with TF32 off) and the TF32 effect, or that they
            are unavailable and why.

            Bad inputs (check "bad-input", one row per id and float64 set): every bad input whose entry says the formula
            returns the IEEE result PyTorch gives must hold, by the entry's own predicate, for PyTorch's outputs, and
            PyTorch must not raise on it; a row fails and names the input where it does not. A bad input refcheck rejects
            and PyTorch raises on too agrees; one PyTorch returns on (a domain rule PyTorch does not check, such as
            probabilities off the simplex) is listed in the row's reason with what PyTorch returned, and is never a pass
            on its own.
            """;

    private String readme(int cases, String version, List<String> notGenerated) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Golden data: ONNX Runtime on the catalog's ONNX graphs\n\n")
                .append("Written by `").append(command).append("` — never by hand. ")
                .append(cases).append(" cases, ONNX Runtime ").append(version).append(", opset ").append(OnnxGraph.OPSET)
                .append(", seed ").append(seed).append(".\n\n")
                .append("`java -jar target/refcheck.jar golden check` (also run by `mvn verify`) verifies every file against its\n")
                .append("sha256, then compares plain Java and live ONNX Runtime with the frozen outputs, within each entry's\n")
                .append("tolerance for the dtype. Regenerate after changing an ONNX form or upgrading ONNX Runtime, and review the diff.\n\n")
                .append("## Layout (the ONNX node-test layout)\n\n")
                .append("```\n")
                .append("index.json                      every case folder, its id and dtype, and the sha256 of its manifest.json\n")
                .append("onnxruntime/<dtype>/<id>_<k>/   dtype float64 (DOUBLE data) or float32 (FLOAT data); k = 0, 1, 2\n")
                .append("  model.onnx                    the entry's ONNX form for this case's input shapes (opset ").append(OnnxGraph.OPSET).append(")\n")
                .append("  test_data_set_0/input_K.pb    one TensorProto per graph input, in graph-input order\n")
                .append("  test_data_set_0/output_K.pb   one TensorProto per graph output: what ONNX Runtime computed\n")
                .append("  manifest.json                 id, engine and version, session options, opset, dtype, device, the\n")
                .append("                                seeds and draw, the command, input/output names, types and shapes,\n")
                .append("                                and the sha256 and size of every file above\n")
                .append("```\n\n")
                .append("Graph inputs carry the catalog entry's input names. Data tensors are DOUBLE or FLOAT; fixed\n")
                .append("scalar hyperparameters (learning rate, β, p, activation and case codes) are rank-0 DOUBLE in both\n")
                .append("dtypes; class labels and row indices are INT64. An output that shares its name with an input\n")
                .append("(gd_step's theta, adam_step's w, m, v) is named `<name>_new`. Float32 graphs accumulate their sums and\n")
                .append("means in DOUBLE (Cast, ReduceSum or ReduceMean, Cast back). The inputs were drawn from the entry's\n")
                .append("own sample generator, adversarial values included; samples of more than ").append(Golden.MAX_ELEMENTS)
                .append(" elements are skipped\nto keep the files small.\n\n")
                .append("## Reading a case from Python\n\n")
                .append("```python\n")
                .append("import onnx, onnxruntime\n")
                .append("from onnx import numpy_helper\n\n")
                .append("case = \"golden-data/onnxruntime/float64/softmax_0\"\n")
                .append("model = onnx.load(f\"{case}/model.onnx\")\n\n")
                .append("def read(path):\n")
                .append("    t = onnx.TensorProto()\n")
                .append("    with open(path, \"rb\") as f:\n")
                .append("        t.ParseFromString(f.read())\n")
                .append("    return t.name, numpy_helper.to_array(t)\n\n")
                .append("inputs = dict(read(f\"{case}/test_data_set_0/input_{k}.pb\") for k in range(len(model.graph.input)))\n")
                .append("expected = [read(f\"{case}/test_data_set_0/output_{k}.pb\")[1] for k in range(len(model.graph.output))]\n")
                .append("actual = onnxruntime.InferenceSession(f\"{case}/model.onnx\").run(None, inputs)\n")
                .append("```\n\n")
                .append("`onnx.backend.test`'s loaders and `onnx_test_runner` read the same folders.\n");
        if (!notGenerated.isEmpty()) {
            sb.append("\n## Not generated\n\n");
            for (String n : notGenerated) {
                sb.append("- ").append(n).append('\n');
            }
        }
        sb.append(TORCH_README);
        sb.append("\n## Ids without an ONNX form\n\n");
        for (Formula f : Catalog.all()) {
            if (f.onnx().isEmpty()) {
                sb.append("- ").append(f.id()).append(": ").append(f.onnxNote()).append('\n');
            }
        }
        return sb.toString();
    }
}
