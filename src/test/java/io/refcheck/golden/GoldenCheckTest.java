package io.refcheck.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.engine.OnnxRuntimeEngine;
import io.refcheck.onnx.NodeTestRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden data as a regression check (this is what makes {@code mvn verify} compare
 * plain Java and ONNX Runtime with frozen outputs), and the checker's own behaviour: same seed, same
 * bytes; damaged data reported as exactly what is wrong; a broken formula caught.
 */
class GoldenCheckTest {
    private static final Path COMMITTED = Golden.DEFAULT_DIR;
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");
    private static final boolean ORT = new OnnxRuntimeEngine.Float64().availability().available();

    /** Close the cached sessions so later tests in this JVM (PyTorch's native-memory check) see none of ONNX Runtime's memory. */
    @AfterAll
    static void closeOnnxRuntimeSessions() {
        OnnxRuntimeEngine.closeSessions();
    }

    private static List<CheckResult> notPassing(List<CheckResult> rows) {
        return rows.stream().filter(r -> r.status() != Status.PASS
                && !(ALLOW_UNAVAILABLE && r.status() == Status.UNAVAILABLE)).toList();
    }

    private static String show(List<CheckResult> rows) {
        return rows.stream().limit(20).map(r -> r.status() + " " + r.engine() + " " + r.dtype() + " " + r.id() + ": " + r.reason())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theCommittedGoldenDataPassesForPlainJavaAndLiveOnnxRuntime() throws IOException {
        List<CheckResult> rows = new GoldenChecker().check(COMMITTED);
        assertEquals(List.of(), notPassing(rows), () -> show(notPassing(rows)));
        int cases = Golden.reader().readTree(COMMITTED.resolve(Golden.INDEX).toFile()).get("cases").size();
        assertEquals(2 * cases, rows.size(), "one plain-java and one onnxruntime row per case");
        assertTrue(cases >= 200, "cases: " + cases);
        assertTrue(rows.stream().allMatch(r -> r.check() == Check.GOLDEN && r.device().equals("cpu")));
        // every id with an ONNX form, in every dtype ONNX Runtime runs it, has cases
        long idsWithForms = Catalog.all().stream().filter(f -> f.onnx().isPresent()).count();
        assertEquals(idsWithForms, rows.stream().map(CheckResult::id).distinct().count());
    }

    @Test
    void theCommittedGoldenDataStaysSmall() throws IOException {
        long bytes;
        try (Stream<Path> s = Files.walk(COMMITTED)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 5L << 20, "golden-data holds " + bytes + " bytes");
    }

    @Test
    void generatingTwiceWithTheSameSeedGivesByteIdenticalFiles(@TempDir Path tmp) throws IOException {
        if (!ORT) {
            assertTrue(ALLOW_UNAVAILABLE, "onnxruntime unavailable");
            return;
        }
        String command = GoldenGenerator.command(7, Golden.DEFAULT_DIR);
        GoldenGenerator.Result first = new GoldenGenerator(7, command).generate(tmp.resolve("a"));
        GoldenGenerator.Result second = new GoldenGenerator(7, command).generate(tmp.resolve("b"));
        assertEquals(first, second);
        Map<String, byte[]> a = files(tmp.resolve("a"));
        Map<String, byte[]> b = files(tmp.resolve("b"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
        // each case is at least its model, its manifest, one input and one output
        assertTrue(a.size() >= 4 * first.cases(), "files: " + a.size() + " for " + first.cases() + " cases");
        assertTrue(new String(a.get("index.json"), StandardCharsets.UTF_8).contains("\"seed\" : 7"));
        // another seed (the committed data's) drew other samples
        String softmaxInput = "onnxruntime/float64/softmax_0/test_data_set_0/input_0.pb";
        assertFalse(Arrays.equals(a.get(softmaxInput), Files.readAllBytes(COMMITTED.resolve(softmaxInput))));
    }

    @Test
    void damagedFilesAreReportedAsExactlyThatAndNeverCompared(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("golden");
        Damage.copyTree(COMMITTED, copy);
        Path f64 = copy.resolve("onnxruntime/float64");
        Path f32 = copy.resolve("onnxruntime/float32");
        // a flipped byte in an output
        Damage.flipByte(f64.resolve("softmax_0/test_data_set_0/output_0.pb"));
        // a truncated input
        int wholeLength = Damage.truncate(f64.resolve("mse_1/test_data_set_0/input_0.pb"));
        // a deleted model
        Files.delete(f32.resolve("relu_2/model.onnx"));
        // an edited checksum in a manifest
        Path manifest = f32.resolve("tanh_0/manifest.json");
        String text = Files.readString(manifest);
        String sha = Golden.reader().readTree(text).get("files").get("model.onnx").get("sha256").asText();
        Files.writeString(manifest, text.replace(sha, "0" + sha.substring(1)));
        // a case nobody indexed
        Damage.copyTree(f64.resolve("tanh_0"), f64.resolve("tanh_9"));

        List<CheckResult> rows = new GoldenChecker().check(copy);
        Map<String, List<String>> failures = new TreeMap<>();
        for (CheckResult r : rows) {
            if (r.failed()) {
                failures.computeIfAbsent(r.reason(), k -> new ArrayList<>()).add(r.engine());
            }
        }
        assertReason(failures, "case onnxruntime/float64/softmax_0: test_data_set_0/output_0.pb: sha256 mismatch (manifest records ");
        // exactly that: a truncated file is not also parsed, a missing one not also "unreadable"
        assertTrue(failures.containsKey("case onnxruntime/float64/mse_1: test_data_set_0/input_0.pb: truncated (" + wholeLength / 2
                + " of " + wholeLength + " bytes)"), () -> String.join("\n", failures.keySet()));
        assertTrue(failures.containsKey("case onnxruntime/float32/relu_2: model.onnx: missing"), () -> String.join("\n", failures.keySet()));
        assertReason(failures, "case onnxruntime/float32/tanh_0: manifest.json: sha256 mismatch (index.json records ");
        assertReason(failures, "model.onnx: sha256 mismatch (manifest records 0");
        assertReason(failures, "case onnxruntime/float64/tanh_9: not listed in index.json");
        // a damaged case fails for both engines and is not compared; every other case still passes
        for (String damaged : List.of("float64/softmax_0", "float64/mse_1", "float32/relu_2", "float32/tanh_0")) {
            List<CheckResult> caseRows = rows.stream().filter(r -> r.reason().startsWith("case onnxruntime/" + damaged + ":")).toList();
            assertEquals(2, caseRows.size(), damaged);
            assertTrue(caseRows.stream().allMatch(r -> r.failed() && r.maxAbsError() == 0), damaged);
        }
        assertEquals(5, failures.size(), () -> "one reason per damaged case:\n" + String.join("\n", failures.keySet()));
    }

    @Test
    void aMissingIndexOrFolderIsAFailureNotAPass(@TempDir Path tmp) throws IOException {
        List<CheckResult> none = new GoldenChecker().check(tmp.resolve("nowhere"));
        assertEquals(1, none.size());
        assertTrue(none.get(0).failed());
        assertTrue(none.get(0).reason().endsWith("index.json: missing (run golden generate)"), none.get(0).reason());
        Files.writeString(tmp.resolve("index.json"), "{ not json");
        List<CheckResult> corrupt = new GoldenChecker().check(tmp);
        assertTrue(corrupt.get(0).failed() && corrupt.get(0).reason().contains("not valid JSON"), corrupt.get(0).reason());
        Files.writeString(tmp.resolve("index.json"), "{\"seed\": 1, \"cases\": []}");
        List<CheckResult> empty = new GoldenChecker().check(tmp);
        assertFalse(empty.isEmpty());
        assertTrue(empty.stream().allMatch(r -> r.failed() && r.reason().startsWith("no golden case for ")), show(empty));
    }

    @Test
    void aRunOfSomeIdsComparesOnlyTheirCasesYetStillReportsFaultsOfTheDataSet(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("golden");
        Damage.copyTree(COMMITTED, copy);
        Path f64 = copy.resolve("onnxruntime/float64");
        Damage.flipByte(f64.resolve("mse_1/test_data_set_0/output_0.pb"));
        Damage.copyTree(f64.resolve("tanh_0"), f64.resolve("tanh_9"));

        List<CheckResult> rows = new GoldenChecker().check(copy, "softmax"::equals);
        List<CheckResult> ofIds = rows.stream().filter(r -> Catalog.contains(r.id())).toList();
        assertFalse(ofIds.isEmpty());
        assertTrue(ofIds.stream().allMatch(r -> r.id().equals("softmax") && r.status() == Status.PASS), show(ofIds));
        assertTrue(rows.stream().anyMatch(r -> r.failed() && r.reason().contains("tanh_9: not listed in index.json")), show(rows));
        assertTrue(rows.stream().noneMatch(r -> r.reason().contains("mse_1")), "a case of an id not asked for was compared");
    }

    /** A plain-Java softmax that is off by 1e-9 relative in one element per row: the golden check must name it. */
    @Test
    void theNodeCasesOfSomeIdsAreExactlyTheCasesTheIndexGivesThoseIds() throws IOException {
        List<String> bce = Golden.nodeCases(COMMITTED, "bce"::equals).stream().map(NodeTestRunner.Case::name).toList();
        assertEquals(List.of("onnxruntime/float32/bce_0", "onnxruntime/float32/bce_1", "onnxruntime/float32/bce_2",
                "onnxruntime/float64/bce_0", "onnxruntime/float64/bce_1", "onnxruntime/float64/bce_2"), bce);
        assertEquals(NodeTestRunner.findCases(COMMITTED), Golden.nodeCases(COMMITTED, id -> true));
    }

    @Test
    void aBrokenPlainJavaFormulaIsCaughtNamingTheCaseTheTensorAndTheWorstElement() {
        Engine broken = OneFormulaBroken.softmaxLastEntryOffBy("plain-java", 1e-9);
        List<CheckResult> rows = new GoldenChecker(broken).check(COMMITTED);
        List<CheckResult> failed = rows.stream().filter(CheckResult::failed).toList();
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(r -> r.id().equals("softmax") && r.engine().equals("plain-java")), show(failed));
        CheckResult first = failed.get(0);
        assertTrue(first.reason().matches("case onnxruntime/float64/softmax_\\d, output s: worst element \\[.*\\] — element \\d+: got .*"),
                first.reason());
        assertTrue(rows.stream().filter(r -> r.engine().equals(OnnxRuntimeEngine.NAME)).noneMatch(CheckResult::failed));
    }

    private static void assertReason(Map<String, List<String>> failures, String fragment) {
        assertTrue(failures.keySet().stream().anyMatch(r -> r.contains(fragment)),
                () -> "no failure mentions '" + fragment + "'; failures:\n" + String.join("\n", failures.keySet()));
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return m;
    }

}
