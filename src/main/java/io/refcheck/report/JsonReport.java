package io.refcheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter.Indenter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.check.CheckResult;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.EngineTiming;
import io.refcheck.report.ConformanceReport.Environment;
import io.refcheck.report.ConformanceReport.ErratumResult;
import io.refcheck.report.ConformanceReport.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * conformance.json: the report as data, in the schema of {@code reports/conformance.schema.json}
 * (described in docs/report.md). Field order is fixed and rows come in
 * {@link Order}, so two runs with the same seed give the same text apart from
 * {@code environment.timestamp} and {@code timings}.
 *
 * <p>Numbers that JSON cannot hold are written as strings: {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"} (an error is infinite when, say, an expected 0 met a non-zero, or a shape
 * differed; null would hide which). Seeds are 64-bit integers: exact in Java, Python and
 * {@code jq ≥ 1.7}, but JavaScript's JSON.parse rounds those above 2⁵³.
 */
public final class JsonReport {
    /** Bumped when a field changes meaning or disappears; adding a field does not bump it. */
    public static final int SCHEMA_VERSION = 2;

    /** The columns of each point in {@code sampleErrors[].points}. */
    public static final List<String> POINT_COLUMNS = List.of("inputMagnitude", "maxAbsError", "maxRelError", "maxUlp", "pass");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    /** The report as pretty-printed JSON with "\n" line ends and a final newline. */
    public static String render(ConformanceReport report) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new PointsOnOneLine());
        try {
            return MAPPER.writer(printer).writeValueAsString(tree(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Indents arrays like objects, except an array inside two others (a point of
     * {@code sampleErrors[].points}), which stays on one line: one sample per line.
     */
    private static final class PointsOnOneLine implements Indenter {
        private final DefaultIndenter block = new DefaultIndenter("  ", "\n");

        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            int arrays = 0;
            for (JsonStreamContext c = g.getOutputContext(); c != null; c = c.getParent()) {
                arrays += c.inArray() ? 1 : 0;
            }
            if (arrays >= 3) {
                g.writeRaw(' ');
            } else {
                block.writeIndentation(g, level);
            }
        }

        @Override
        public boolean isInline() {
            return false;
        }
    }

    static ObjectNode tree(ConformanceReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.set("environment", environment(report.environment()));
        root.set("summary", summary(report.summary()));
        ArrayNode rows = root.putArray("rows");
        report.rows().forEach(r -> rows.add(row(r)));
        ArrayNode errata = root.putArray("errata");
        report.errata().forEach(e -> errata.add(erratum(e)));
        ArrayNode onnx = root.putArray("onnxTests");
        report.onnxTests().forEach(t -> onnx.add(nodeTest(t)));
        root.set("torchDevices", TorchDeviceSection.json(report.torchDeltas()));
        root.set("sampleErrors", sampleErrors(report.sampleErrors()));
        root.set("benchmarks", BenchmarkSection.json(report.benchmarks()));
        ObjectNode timings = root.putObject("timings");
        timings.put("totalSeconds", report.timings().totalSeconds());
        ArrayNode engines = timings.putArray("engines");
        for (EngineTiming t : report.timings().engines()) {
            engines.addObject().put("engine", t.engine()).put("dtype", t.dtype().label()).put("device", t.device())
                    .put("seconds", t.seconds());
        }
        timings.put("goldenSeconds", report.timings().goldenSeconds());
        return root;
    }

    private static ObjectNode environment(Environment env) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("refcheckVersion", env.refcheckVersion());
        n.put("jdk", env.jdk());
        n.put("os", env.os());
        n.put("cpuModel", env.cpuModel());
        n.put("cores", env.cores());
        n.put("gpu", env.gpu());
        ArrayNode engines = n.putArray("engines");
        for (EngineInfo e : env.engines()) {
            engines.addObject().put("name", e.name()).put("version", e.version()).put("dtype", e.dtype().label())
                    .put("device", e.device()).put("available", e.available()).put("reason", e.reason());
        }
        n.put("gitCommit", env.gitCommit());
        n.put("seed", env.seed());
        n.put("timestamp", env.timestamp().toString());
        return n;
    }

    private static ObjectNode summary(Summary s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("rows", counts(s.rows()));
        n.set("errata", counts(s.errata()));
        n.set("onnxTests", counts(s.onnxTests()));
        n.put("passed", s.passed());
        return n;
    }

    private static ObjectNode counts(Map<?, Integer> counts) {
        ObjectNode n = MAPPER.createObjectNode();
        counts.forEach((status, count) -> n.put(label(status), count));
        return n;
    }

    /** A row status by its label; a node test's status is its own string. */
    private static String label(Object status) {
        return status instanceof Status s ? s.label() : (String) status;
    }

    private static ObjectNode row(CheckResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", r.id()).put("family", r.family()).put("engine", r.engine()).put("dtype", r.dtypeLabel())
                .put("device", r.device()).put("check", r.check().label()).put("status", r.status().label());
        number(n, "maxAbsError", r.maxAbsError());
        number(n, "maxRelError", r.maxRelError());
        n.put("maxUlp", r.maxUlp());
        ObjectNode tol = n.putObject("tolerance");
        number(tol, "rtol", r.rtol());
        number(tol, "atol", r.atol());
        n.put("samples", r.samples()).put("seed", r.seed()).put("reason", Objects.requireNonNullElse(r.reason(), ""));
        return n;
    }

    private static ObjectNode erratum(ErratumResult e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("item", e.item()).put("id", e.id()).put("source", e.source()).put("sourceFormula", e.sourceForm())
                .put("correctedFormula", e.corrected());
        ObjectNode ev = n.putObject("evidence");
        ev.put("measure", e.measure());
        number(ev, "sourceError", e.sourceError());
        number(ev, "correctedError", e.correctedError());
        number(ev, "wrongAbove", e.wrongAbove());
        number(ev, "rightBelow", e.rightBelow());
        n.put("status", e.status().label()).put("reason", e.reason());
        return n;
    }

    private static ObjectNode nodeTest(NodeTestResult t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("caseName", t.caseName()).put("engine", t.engine()).put("status", t.status())
                .put("reason", Objects.requireNonNullElse(t.reason(), ""));
        number(n, "maxAbsError", t.maxAbsError());
        number(n, "maxRelError", t.maxRelError());
        return n;
    }

    /** One series per id × engine × dtype × device × check, each sample a compact array (see {@link #POINT_COLUMNS}). */
    private static ArrayNode sampleErrors(List<SampleError> samples) {
        ArrayNode out = MAPPER.createArrayNode();
        ObjectNode series = null;
        SampleError previous = null;
        for (SampleError s : samples) {
            if (previous == null || !sameSeries(previous, s)) {
                series = out.addObject();
                series.put("id", s.id()).put("engine", s.engine()).put("dtype", s.dtype().label()).put("device", s.device())
                        .put("check", s.check().label());
                series.putArray("points");
            }
            ArrayNode p = ((ArrayNode) series.get("points")).addArray();
            number(p, s.inputMagnitude());
            number(p, s.maxAbsError());
            number(p, s.maxRelError());
            p.add(s.maxUlp());
            p.add(s.pass());
            previous = s;
        }
        return out;
    }

    private static boolean sameSeries(SampleError a, SampleError b) {
        return a.id().equals(b.id()) && a.engine().equals(b.engine()) && a.dtype() == b.dtype()
                && a.device().equals(b.device()) && a.check() == b.check();
    }

    /** A finite double as a number; NaN and ±∞ as the strings "NaN", "Infinity", "-Infinity". */
    static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.put(field, Double.toString(v));
        }
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.add(Double.toString(v));
        }
    }
}
