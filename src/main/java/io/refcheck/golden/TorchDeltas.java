package io.refcheck.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far PyTorch's results move between devices and matmul precisions, per id, from the
 * PyTorch-in-Python sets (see {@link TorchGolden}) on the same frozen inputs and cotangents:
 *
 * <ul>
 *   <li>{@link #CPU_VS_CUDA}: cpu-float64 against cuda-float64, and cpu-float32 against
 *       cuda-float32-notf32 (both in IEEE float32 arithmetic);</li>
 *   <li>{@link #TF32_EFFECT}: cuda-float32-tf32 against cuda-float32-notf32.</li>
 * </ul>
 *
 * <p>Each is the largest |a − b| and |a − b|/|b| over every output and gradient element of every
 * case both sets hold (b the CPU, or the TF32-off set; equal NaNs and equal infinities differ by
 * 0, a NaN or infinity against anything else by ∞). A delta is a measurement, not a check: where
 * either set is absent, damaged or was computed on other inputs it is unavailable with the reason,
 * never a pass.
 */
public final class TorchDeltas {
    private TorchDeltas() {
    }

    public static final String CPU_VS_CUDA = "cpu-vs-cuda";
    public static final String TF32_EFFECT = "tf32-effect";
    public static final String MEASURED = "measured";
    public static final String UNAVAILABLE = "unavailable";

    /**
     * One id's delta between two sets.
     *
     * @param comparison {@link #CPU_VS_CUDA} or {@link #TF32_EFFECT}
     * @param sets       "a vs b", the set names
     * @param status     {@link #MEASURED} or {@link #UNAVAILABLE}
     * @param cases      cases compared
     * @param worst      where the largest absolute difference is ("case softmax_1, output s [0, 3]"); empty when none
     */
    public record Delta(String id, Dtype dtype, String comparison, String sets, String status, double maxAbs, double maxRel,
                        int cases, String worst, String reason) {
        public boolean measured() {
            return MEASURED.equals(status);
        }
    }

    /** The three comparisons for every id with a value-comparable PyTorch form, in catalog order: float64 and float32 CPU vs CUDA, the TF32 effect. */
    public static List<Delta> of(Path goldenDir) {
        Path root = goldenDir.resolve(TorchGolden.DIR);
        List<Delta> out = new ArrayList<>();
        SetData cpu64 = SetData.read(root, TorchGolden.CPU_FLOAT64);
        SetData cuda64 = SetData.read(root, TorchGolden.CUDA_FLOAT64);
        SetData cpu32 = SetData.read(root, TorchGolden.CPU_FLOAT32);
        SetData cuda32 = SetData.read(root, TorchGolden.CUDA_FLOAT32_NOTF32);
        SetData tf32 = SetData.read(root, TorchGolden.CUDA_FLOAT32_TF32);
        for (Formula f : Catalog.all()) {
            if (f.pytorchByValue().isEmpty()) {
                continue;
            }
            out.add(compare(f.id(), Dtype.FLOAT64, CPU_VS_CUDA, cuda64, cpu64));
            out.add(compare(f.id(), Dtype.FLOAT32, CPU_VS_CUDA, cuda32, cpu32));
            out.add(compare(f.id(), Dtype.FLOAT32, TF32_EFFECT, tf32, cuda32));
        }
        return out;
    }

    /** {@code a} against the baseline {@code b} for one id. */
    static Delta compare(String id, Dtype dtype, String comparison, SetData a, SetData b) {
        String sets = a.name + " vs " + b.name;
        for (SetData s : List.of(a, b)) {
            if (s.missing != null) {
                return unavailable(id, dtype, comparison, sets, s.missing);
            }
        }
        if (comparison.equals(TF32_EFFECT)) {
            // the script records whether a probe matmul rounded to TF32; a delta between sets that did not differ so means nothing
            if (!a.tf32Observed) {
                return unavailable(id, dtype, comparison, sets, a.name + " did not observe TF32 matmuls (its index.json has tf32Observed "
                        + "not true: a GPU without TF32, or a PyTorch that ignored the setting)");
            }
            if (b.tf32Observed) {
                return unavailable(id, dtype, comparison, sets, b.name + " observed TF32 matmuls although TF32 was off");
            }
        }
        List<String> names = a.casesOf(id);
        if (names.isEmpty() || b.casesOf(id).isEmpty()) {
            SetData without = names.isEmpty() ? a : b;
            return unavailable(id, dtype, comparison, sets, "no " + id + " case in " + without.name
                    + without.skipReason(id).map(r -> " (" + r + ")").orElse(""));
        }
        double maxAbs = 0;
        double maxRel = 0;
        String worst = "";
        int compared = 0;
        for (String name : names) {
            if (!b.cases.containsKey(name)) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            TorchCase x = a.read(name, problems);
            TorchCase y = b.read(name, problems);
            if (x == null || y == null) {
                return unavailable(id, dtype, comparison, sets, "case " + name + " is damaged (" + String.join("; ", problems)
                        + "); see the golden rows");
            }
            String differ = differingInputs(x, y);
            if (!differ.isEmpty()) {
                return unavailable(id, dtype, comparison, sets, "case " + name + " was computed on other inputs: " + differ);
            }
            for (String role : List.of(TorchGolden.ROLE_OUTPUT, TorchGolden.ROLE_GRADIENT)) {
                Tensors ta = role.equals(TorchGolden.ROLE_OUTPUT) ? x.outputs() : x.gradients();
                Tensors tb = role.equals(TorchGolden.ROLE_OUTPUT) ? y.outputs() : y.gradients();
                for (String port : tb.names()) {
                    if (!ta.has(port) || !ta.get(port).sameShape(tb.get(port))) {
                        return unavailable(id, dtype, comparison, sets, "case " + name + ": " + role + " " + port + " differs in shape");
                    }
                    double[] va = ta.get(port).toArray();
                    double[] vb = tb.get(port).toArray();
                    for (int i = 0; i < vb.length; i++) {
                        double abs = difference(va[i], vb[i]);
                        double rel = abs == 0 ? 0 : abs / Math.abs(vb[i]);
                        if (abs > maxAbs || worst.isEmpty() && abs > 0) {
                            maxAbs = abs;
                            worst = "case " + name + ", " + role + " " + port + " element " + i + ": " + va[i] + " vs " + vb[i];
                        }
                        maxRel = Math.max(maxRel, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
                    }
                }
            }
            compared++;
        }
        if (compared == 0) {
            return unavailable(id, dtype, comparison, sets, "the sets share no " + id + " case");
        }
        return new Delta(id, dtype, comparison, sets, MEASURED, maxAbs, maxRel, compared, worst, "");
    }

    /** |a − b|, with equal NaNs and equal infinities 0 apart and a NaN or an infinity against anything else ∞. */
    static double difference(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b);
    }

    private static String differingInputs(TorchCase x, TorchCase y) {
        for (Tensors[] pair : List.of(new Tensors[] {x.inputs(), y.inputs()}, new Tensors[] {x.cotangents(), y.cotangents()})) {
            if (!pair[0].names().equals(pair[1].names())) {
                return "ports " + pair[0].names() + " and " + pair[1].names();
            }
            for (String port : pair[0].names()) {
                Tensor p = pair[0].get(port);
                Tensor q = pair[1].get(port);
                if (!p.sameShape(q) || !Arrays.equals(p.toArray(), q.toArray())) {
                    return port + " differs";
                }
            }
        }
        return "";
    }

    private static Delta unavailable(String id, Dtype dtype, String comparison, String sets, String reason) {
        return new Delta(id, dtype, comparison, sets, UNAVAILABLE, Double.NaN, Double.NaN, 0, "", reason);
    }

    /** One set's index and folder; {@code missing} says why it cannot be compared at all. */
    static final class SetData {
        final String name;
        final Path dir;
        final String missing;
        final Map<String, JsonNode> cases = new LinkedHashMap<>();
        final Map<String, String> skipped = new LinkedHashMap<>();
        final String dtype;
        final boolean tf32Observed;

        private SetData(String name, Path dir, String missing, JsonNode index) {
            this.name = name;
            this.dir = dir;
            this.missing = missing;
            this.dtype = index == null ? "" : index.path("dtype").asText();
            this.tf32Observed = index != null && index.path("tf32Observed").asBoolean(false);
            if (index != null) {
                index.path("cases").forEach(c -> cases.put(c.path("case").asText(), c));
                index.path("skipped").forEach(s -> skipped.put(s.path("id").asText(), s.path("reason").asText()));
                index.path("failed").forEach(s -> skipped.put(s.path("id").asText(), "the script failed: " + s.path("reason").asText()));
            }
        }

        static SetData read(Path root, String name) {
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir)) {
                String why = name.startsWith("cuda")
                        ? "no CUDA set in golden-data (" + TorchGolden.DIR + "/" + name + " has not been generated: it needs a GPU "
                                + "with PyTorch; see golden-data/README.md)"
                        : "no CPU set in golden-data (" + TorchGolden.DIR + "/" + name + " is missing: run scripts/torch_golden.py)";
                return new SetData(name, dir, why, null);
            }
            try {
                return new SetData(name, dir, null, Golden.reader().readTree(Files.readAllBytes(dir.resolve(Golden.INDEX))));
            } catch (IOException e) {
                return new SetData(name, dir, TorchGolden.DIR + "/" + name + "/" + Golden.INDEX + " is missing or not valid JSON", null);
            }
        }

        List<String> casesOf(String id) {
            return cases.values().stream().filter(c -> c.path("id").asText().equals(id)).map(c -> c.path("case").asText()).toList();
        }

        Optional<String> skipReason(String id) {
            return Optional.ofNullable(skipped.get(id));
        }

        TorchCase read(String caseName, List<String> problems) {
            try {
                return TorchCase.read(dir.resolve(caseName), cases.get(caseName), dtype, problems);
            } catch (RuntimeException e) {
                problems.add(name + "/" + caseName + " unreadable: " + e);
                return null;
            }
        }
    }
}
