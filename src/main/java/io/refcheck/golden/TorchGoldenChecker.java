package io.refcheck.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Comparison;
import io.refcheck.check.Expected;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Checks plain Java (or the reference engine given) against every PyTorch-in-Python set under
 * golden-data/pytorch-python (see {@link TorchGolden}), as {@link GoldenChecker} does against ONNX
 * Runtime's cases: integrity first (the manifest against the set's index.json, every file against
 * its size and sha256, every tensor against its recorded name, type and shape; a damaged case is
 * reported as exactly that and not compared), then per case
 *
 * <ul>
 *   <li>check "golden": the reference's outputs on the frozen inputs against PyTorch's, within the
 *       entry's tolerance for the set's dtype plus u·S where the entry states a rounding scale S;</li>
 *   <li>check "golden-gradient": the reference's vector–Jacobian product with the stored cotangents
 *       against autograd's gradients, within the entry's tolerance for the dtype.</li>
 * </ul>
 *
 * <p>A set computed with TF32 matmuls on (cuda-float32-tf32) is measured, not judged: it exists for
 * the TF32 effect, and plain Java is judged against its TF32-off twin.
 *
 * <p>Rows carry engine "pytorch-python" and the set's device and dtype; their reasons name the set
 * and the case. Cases the script recorded as failed, ids with a PyTorch form that a set neither
 * holds nor says why it skipped, and case folders the index does not list, fail. Nothing here
 * throws for bad data.
 */
public final class TorchGoldenChecker {
    private final Engine reference;

    public TorchGoldenChecker() {
        this(Engines.plainJava());
    }

    /** Checks the given reference engine (a test passes a deliberately broken one). */
    public TorchGoldenChecker(Engine reference) {
        this.reference = reference;
    }

    /** Every set found under {@code goldenDir}/pytorch-python; no rows when there is no such folder. */
    public List<CheckResult> check(Path goldenDir) {
        return check(goldenDir, id -> true);
    }

    /**
     * As {@link #check(Path)}, for the selected catalog ids only (a run of a few ids compares only
     * their cases); faults of a set as a whole, and cases of ids the catalog lacks, are reported
     * whatever is selected.
     */
    public List<CheckResult> check(Path goldenDir, Predicate<String> selected) {
        List<CheckResult> rows = new ArrayList<>();
        for (Path set : sets(goldenDir)) {
            rows.addAll(checkSet(set, selected));
        }
        return rows;
    }

    /** The set folders (those holding an index.json or meant to), sorted by name. */
    static List<Path> sets(Path goldenDir) {
        Path root = goldenDir.resolve(TorchGolden.DIR);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The rows of one set. */
    public List<CheckResult> checkSet(Path setDir) {
        return checkSet(setDir, id -> true);
    }

    /** The rows of one set, for the selected catalog ids (and every fault of the set as a whole). */
    public List<CheckResult> checkSet(Path setDir, Predicate<String> selected) {
        String set = setDir.getFileName().toString();
        List<CheckResult> rows = new ArrayList<>();
        JsonNode index;
        try {
            index = Golden.reader().readTree(Files.readAllBytes(setDir.resolve(Golden.INDEX)));
            if (!index.path("cases").isArray()) {
                throw new IOException("no \"cases\" array");
            }
        } catch (IOException e) {
            rows.add(setRow(set, null, "", "set " + set + ": " + Golden.INDEX + " missing, unreadable or not valid JSON (" + e.getMessage() + ")"));
            return rows;
        }
        String dtypeLabel = index.path("dtype").asText();
        String device = index.path("device").asText();
        Dtype dtype;
        try {
            dtype = Dtype.of(dtypeLabel);
        } catch (IllegalArgumentException e) {
            rows.add(setRow(set, null, device, "set " + set + ": dtype must be float64 or float32, got '" + dtypeLabel + "'"));
            return rows;
        }
        long seed = index.path("seed").asLong();
        Set<String> listed = new HashSet<>();
        Set<String> covered = new HashSet<>();
        for (JsonNode entry : index.get("cases")) {
            String name = entry.path("case").asText();
            listed.add(name);
            String id = entry.path("id").asText();
            covered.add(id);
            if (selected.test(id) || !Catalog.contains(id)) {
                rows.addAll(checkCase(setDir, set, entry, dtype, device, seed, "on".equals(index.path("tf32").asText())));
            }
        }
        for (JsonNode failed : index.path("failed")) {
            String id = failed.path("id").asText();
            covered.add(id);
            if (selected.test(id) || !Catalog.contains(id)) {
                rows.add(row(id, dtype, device, Check.GOLDEN, Status.FAIL, Comparison.empty(), 0, 0, seed,
                        "set " + set + " case " + failed.path("case").asText() + ": the script failed: " + failed.path("reason").asText()));
            }
        }
        Map<String, String> skipped = new HashMap<>();
        index.path("skipped").forEach(s -> skipped.put(s.path("id").asText(), s.path("reason").asText()));
        for (Formula f : Catalog.all()) {
            if (selected.test(f.id()) && f.pytorchByValue().isPresent() && !covered.contains(f.id()) && skipped.getOrDefault(f.id(), "").isBlank()) {
                rows.add(row(f.id(), dtype, device, Check.GOLDEN, Status.FAIL, Comparison.empty(), 0, 0, seed,
                        "set " + set + ": no case for " + f.id() + ", which has a PyTorch form, and no reason given "
                                + "(rerun scripts/torch_golden.py)"));
            }
        }
        if (dtype == Dtype.FLOAT64) {
            rows.addAll(TorchBadInputs.check(setDir, set, index, device, seed).stream()
                    .filter(r -> selected.test(r.id()) || !Catalog.contains(r.id())).toList());
        }
        try (Stream<Path> s = Files.list(setDir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().filter(n -> !listed.contains(n))
                    .forEach(n -> rows.add(setRow(set, dtype, device, "set " + set + " case " + n
                            + ": not listed in the set's index.json (left over, or added by hand)")));
        } catch (IOException e) {
            rows.add(setRow(set, dtype, device, "set " + set + ": listing failed: " + e.getMessage()));
        }
        return rows;
    }

    private List<CheckResult> checkCase(Path setDir, String set, JsonNode entry, Dtype dtype, String device, long seed,
                                        boolean tf32) {
        String name = entry.path("case").asText();
        String id = entry.path("id").asText();
        String where = "set " + set + " case " + name;
        List<String> problems = new ArrayList<>();
        TorchCase read = null;
        if (!Catalog.contains(id)) {
            problems.add("unknown id " + id);
        } else if (Catalog.get(id).pytorchByValue().isEmpty()) {
            problems.add(id + " has no PyTorch form any more (regenerate the set)");
        }
        if (name.isEmpty() || name.contains("..") || name.contains("/")) {
            problems.add("case name '" + name + "' must be a folder of the set");
        }
        if (problems.isEmpty()) {
            try {
                read = TorchCase.read(setDir.resolve(name), entry, dtype.label(), problems);
            } catch (RuntimeException e) {
                problems.add("unreadable: " + e);
            }
        }
        if (read == null) {
            return List.of(row(id, dtype, device, Check.GOLDEN, Status.FAIL, Comparison.empty(), 0, 0, seed,
                    where + ": " + String.join("; ", problems)));
        }
        TorchCase c = read;
        Formula f = Catalog.get(id);
        Formula.Tolerance tol = f.tolerance(dtype);
        String note = c.source().equals(f.pytorchNote()) ? "" : " (computed with an earlier PyTorch source; regenerate the set)";
        List<CheckResult> rows = new ArrayList<>();
        Map<String, Tensor> allowance = f.roundingAllowance(c.inputs(), dtype);
        try {
            CheckResult values = compare(where, "output", f, dtype, device, reference.evaluate(id, c.inputs()), c.outputs(), tol,
                    allowance, seed, note, Check.GOLDEN);
            rows.add(tf32 ? tf32Measured(values) : values);
        } catch (RuntimeException e) {
            rows.add(row(id, dtype, device, Check.GOLDEN, Status.FAIL, Comparison.empty(), tol.atol(), tol.rtol(), seed,
                    where + ": " + reference.name() + " threw " + e));
        }
        if (!c.gradients().names().isEmpty()) {
            try {
                Tensors vjp = reference.vjp(id, c.inputs(), c.cotangents());
                CheckResult gradients = gradients(where, f, dtype, device, vjp, c.gradients(), tol, seed, note);
                rows.add(tf32 ? tf32Measured(gradients) : gradients);
            } catch (RuntimeException e) {
                rows.add(row(id, dtype, device, Check.GOLDEN_GRADIENT, Status.FAIL, Comparison.empty(), tol.atol(), tol.rtol(),
                        seed, where + ": " + reference.name() + " vjp threw " + e));
            }
        }
        return rows;
    }

    /**
     * The reference's vector–Jacobian product against autograd's gradients. The frozen inputs are the
     * value cases', adversarial ones included, not the entries' gradient samples (which keep away from
     * kinks and domain edges), so two rules apply, both stated in the row's reason:
     * <ul>
     *   <li>an element where the two gradients differ and one is not finite is a point where the exact
     *       gradient is infinite or 0/0, and engines choose: at p_i = q_i = 0 torch's xlogy backward gives
     *       0/0 = NaN for ∂/∂q and 0 for ∂/∂p where plain Java gives 0 and ±∞ (−log q_i). It is not
     *       compared, and it is counted and named in the row's reason (equal NaNs and infinities agree);</li>
     *   <li>a float32 gradient outside the float32 tolerance is measured, not judged (status
     *       not-applicable, never a pass; within the tolerance it passes): at such inputs the rounding of one float32
     *       intermediate moves a gradient beyond any fixed tolerance (a relu pre-activation within
     *       float32 rounding of 0 flips relu', logsumexp's backward exp(z − lse) inherits lse's absolute
     *       rounding, 3e-5 at |lse| = 1000). Float32 gradients are judged by the live engine checks on
     *       gradient samples.</li>
     * </ul>
     */
    private CheckResult gradients(String where, Formula f, Dtype dtype, String device, Tensors actual, Tensors expected,
                                  Formula.Tolerance tol, long seed, String note) {
        Map<String, Tensor> finiteActual = new LinkedHashMap<>();
        Map<String, Tensor> finiteExpected = new LinkedHashMap<>();
        int skipped = 0;
        List<String> skippedAt = new ArrayList<>();
        for (String port : expected.names()) {
            Tensor e = expected.get(port);
            if (!actual.has(port) || !actual.get(port).sameShape(e)) {
                finiteActual.put(port, actual.has(port) ? actual.get(port) : Tensor.zeros(0));
                finiteExpected.put(port, e);
                continue;
            }
            double[] a = actual.get(port).toArray();
            double[] x = e.toArray();
            for (int i = 0; i < x.length; i++) {
                boolean agree = a[i] == x[i] || Double.isNaN(a[i]) && Double.isNaN(x[i]);
                if (!agree && (!Double.isFinite(a[i]) || !Double.isFinite(x[i]))) {
                    if (skippedAt.size() < 3) {
                        skippedAt.add(port + "[" + i + "]: " + reference.name() + " " + a[i] + ", torch " + x[i]);
                    }
                    skipped++;
                    a[i] = 0;
                    x[i] = 0;
                }
            }
            finiteActual.put(port, Tensor.of(e.shape(), a));
            finiteExpected.put(port, Tensor.of(e.shape(), x));
        }
        String conventions = skipped == 0 ? "" : skipped + " element" + (skipped == 1 ? "" : "s") + " where the gradients differ and one "
                + "is not finite not compared (" + String.join("; ", skippedAt) + (skipped > skippedAt.size() ? "; …" : "") + ")";
        CheckResult r = compare(where, "gradient", f, dtype, device, Tensors.of(finiteActual), Tensors.of(finiteExpected), tol,
                Map.of(), seed, note, Check.GOLDEN_GRADIENT);
        if (dtype == Dtype.FLOAT32 && r.failed()) {
            // within the tolerance it is a pass like any other; outside it, measured and shown, but
            // neither a pass nor a failure (not applicable), for the float32 reasons above
            String measured = "measured, not judged (float32 gradients on adversarial inputs): " + r.reason()
                    + (conventions.isEmpty() ? "" : "; " + conventions);
            return new CheckResult(r.id(), r.family(), r.engine(), r.dtype(), r.device(), r.check(), Status.NOT_APPLICABLE,
                    r.maxAbsError(), r.maxRelError(), r.maxUlp(), r.atol(), r.rtol(), r.samples(), r.seed(), measured);
        }
        if (conventions.isEmpty()) {
            return r;
        }
        String reason = r.reason().isEmpty() ? where + ": " + conventions : r.reason() + "; " + conventions;
        return new CheckResult(r.id(), r.family(), r.engine(), r.dtype(), r.device(), r.check(), r.status(), r.maxAbsError(),
                r.maxRelError(), r.maxUlp(), r.atol(), r.rtol(), r.samples(), r.seed(), reason);
    }

    private CheckResult compare(String where, String what, Formula f, Dtype dtype, String device, Tensors actual, Tensors expected,
                                Formula.Tolerance tol, Map<String, Tensor> allowance, long seed, String note, Check check) {
        Comparison worst = Comparison.empty();
        String failure = "";
        for (String port : expected.names()) {
            Tensor e = expected.get(port);
            Comparison c = actual.has(port)
                    ? Comparison.of(actual.get(port), e, Expected.GOLDEN_PYTORCH, tol.atol(), tol.rtol(), allowance.get(port))
                    : Comparison.of(Tensor.zeros(0), e, Expected.GOLDEN_PYTORCH, tol.atol(), tol.rtol());
            if (!c.pass() && failure.isEmpty()) {
                failure = where + ", " + what + " " + port + (actual.has(port) ? "" : " (" + reference.name() + " gave none)") + ": "
                        + GoldenChecker.describe(c, e.shape()) + note;
            }
            worst = worst.worst(c);
        }
        return row(f.id(), dtype, device, check, worst.pass() ? Status.PASS : Status.FAIL, worst, tol.atol(), tol.rtol(),
                seed, worst.pass() ? note.strip() : failure);
    }

    /**
     * A TF32 set's comparison, measured and not judged (a row within the float32 tolerance passes, one
     * outside it is not-applicable, never a pass): TF32 matmuls keep 10 of float32's 23 mantissa
     * bits, so no float32 tolerance holds for them. The set exists to measure the TF32 effect against
     * its TF32-off twin ({@link TorchDeltas}); plain Java is judged against that twin. Only rows that
     * compared numbers come here: a damaged case, or a reference that throws, still fails.
     */
    private static CheckResult tf32Measured(CheckResult r) {
        String note = "measured, not judged (TF32 matmuls: this set measures the TF32 effect; plain Java is judged against "
                + "the TF32-off set)";
        String earlier = "measured, not judged (float32 gradients on adversarial inputs)";
        String rest = r.reason().startsWith(earlier) ? r.reason().substring(earlier.length())
                : r.reason().isEmpty() ? "" : ": " + r.reason();
        Status status = r.failed() || r.status() == Status.NOT_APPLICABLE ? Status.NOT_APPLICABLE : Status.PASS;
        return new CheckResult(r.id(), r.family(), r.engine(), r.dtype(), r.device(), r.check(), status, r.maxAbsError(),
                r.maxRelError(), r.maxUlp(), r.atol(), r.rtol(), r.samples(), r.seed(), note + rest);
    }

    private CheckResult setRow(String set, Dtype dtype, String device, String reason) {
        return row("golden-data", dtype, device, Check.GOLDEN, Status.FAIL, Comparison.empty(), 0, 0, 0, reason);
    }

    private static CheckResult row(String id, Dtype dtype, String device, Check check, Status status, Comparison c,
                                   double atol, double rtol, long seed, String reason) {
        String family = Catalog.contains(id) ? Catalog.get(id).family().key() : "";
        return new CheckResult(id, family, TorchGolden.ENGINE, dtype, device, check, status, c.maxAbsError(), c.maxRelError(),
                c.maxUlp(), atol, rtol, 1, seed, reason);
    }
}
