package io.refcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.onnx.NodeTestRunner;
import io.refcheck.onnx.NodeTestRunner.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs ONNX node tests (model.onnx + test_data_set_N) on the plain-Java evaluator and/or ONNX Runtime. */
@Command(name = "onnx-tests", mixinStandardHelpOptions = true,
        description = {
            "Run ONNX node tests: every folder under each DIR holding model.onnx and test_data_set_*/ "
                    + "(input_K.pb, output_K.pb) runs on the chosen engine(s) and every output is compared with the stored one: "
                    + "|actual - expected| <= atol + rtol*|expected|, rtol 1e-3 and atol 1e-7 unless the case's data.json sets them.",
            "Prints one line per case and engine (PASS / FAIL / ERROR, the reason and the worst error) and last `N passed, N failed`; "
                    + "errors and unsupported operators count as failed. Exit 0 when none failed, 1 otherwise, 2 on usage errors."})
final class OnnxTestsCommand implements Callable<Integer> {

    /** The --engine choices. */
    enum EngineChoice {
        java(List.of(Engine.JAVA)),
        onnxruntime(List.of(Engine.ONNXRUNTIME)),
        both(List.of(Engine.JAVA, Engine.ONNXRUNTIME));

        final List<Engine> engines;

        EngineChoice(List<Engine> engines) {
            this.engines = engines;
        }
    }

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "java (the plain-Java evaluator), onnxruntime or both (default: ${DEFAULT-VALUE}).")
    EngineChoice engine = EngineChoice.java;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the results as JSON: [{case, engine, status, reason, maxAbsError, maxRelError}].")
    Path json;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders to search for node-test cases.")
    List<Path> dirs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path dir : dirs) {
            String problem = !Files.isDirectory(dir) ? "not a directory"
                    : NodeTestRunner.findCases(dir).isEmpty() ? "holds no folder with model.onnx and test_data_set_*" : null;
            if (problem != null) {
                err.println("onnx-tests: " + dir + ": " + problem);
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
        }
        List<NodeTestResult> results = new NodeTestRunner().runAll(dirs, engine.engines, r -> {
            out.println(line(r));
            out.flush();
        });
        long passed = results.stream().filter(NodeTestResult::passed).count();
        long failed = results.size() - passed;
        if (json != null) {
            writeJson(results);
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    static String line(NodeTestResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-5s %-11s %s", r.status(), r.engine(), r.caseName()));
        if (!r.reason().isEmpty()) {
            sb.append(" — ").append(r.reason());
        }
        if (!Double.isNaN(r.maxAbsError())) {
            sb.append(" [worst abs ").append(number(r.maxAbsError())).append(", rel ").append(number(r.maxRelError())).append(']');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return v == 0 ? "0" : Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }

    private void writeJson(List<NodeTestResult> results) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeTestResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("case", r.caseName());
            row.put("engine", r.engine());
            row.put("status", r.status());
            row.put("reason", r.reason());
            row.put("maxAbsError", jsonNumber(r.maxAbsError()));
            row.put("maxRelError", jsonNumber(r.maxRelError()));
            rows.add(row);
        }
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
    }

    /** NaN (nothing compared) becomes null; an infinite error is written as the string "Infinity" (Jackson's default). */
    private static Object jsonNumber(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
