package io.refcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark results committed under {@code reports/bench/}, read for the report's benchmark
 * section ({@link BenchmarkSection}) and the {@code bench summary} command. Nothing here is
 * measured or typed in: every number comes from a file, and a file that is missing or cannot be
 * read gives a table that says "not measured" and why. The four benchmarks are named by
 * {@link Benchmark}:
 *
 * <ul>
 *   <li>B1 ({@value #B1_FILE}, JMH JSON of {@code TorchVsJavaBenchmark}): per case and libtorch
 *       thread count, the plain-Java and the PyTorch time, ours/PyTorch and the goal;</li>
 *   <li>B2 ({@value #B2_JAVA_FILE}, JMH JSON of {@code GradientCheckBenchmark}, and
 *       {@value #B2_TORCH_FILE}, written by {@code scripts/gradcheck_bench.py}): our gradient
 *       checks and torch.autograd.gradcheck (fast and slow mode) per parameter count, and whether
 *       the check with a goal meets it;</li>
 *   <li>B3 ({@value #B3_FILE}, written by {@code scripts/verify_phases.py}): a warm
 *       {@code mvn -B -o verify} split into phases, against the goal the file states;</li>
 *   <li>B4 ({@value #B4_FILE}, written by {@code io.refcheck.bench.ProcessEngineTiming}): what speaking to
 *       an engine over the engine protocol costs: one request's round trip, the time per sample in batches,
 *       and every check on the NumPy example's ids against an in-JVM engine on the same ids.</li>
 * </ul>
 *
 * <p>The cases of B1 and B2 are the benchmark methods in their JMH files: every method in a file
 * is shown, and no other. What a method measures, which methods are timed against each other and
 * the goals come from the cases file beside it ({@code <name>.cases.json}, {@link #CASES_SUFFIX});
 * a method it does not name is shown under its own name, without a goal.
 *
 * <p>When and where: JMH's JSON records the JVM, JDK and run settings but neither the date nor the
 * machine; for those the source names the file's last commit (its date is the latest the
 * numbers can be from) when the {@link Commits} given know it unchanged, or else the file's
 * modification time (the time it was written, for a result not yet committed).
 */
public record Benchmarks(B1 b1, B2 b2, B3 b3, B4 b4) {
    public static final Path DEFAULT_DIR = Path.of("reports", "bench");
    public static final String B1_FILE = "b1-torch-vs-java.json";
    public static final String B2_JAVA_FILE = "b2-gradient-check.json";
    public static final String B2_TORCH_FILE = "b2-gradcheck-torch.json";
    public static final String B3_FILE = "b3-verify-phases.json";
    public static final String B4_FILE = "b4-process-engine.json";
    /** What ends the name of a JMH file's cases file: {@code b1-torch-vs-java.json} is described by {@code b1-torch-vs-java.cases.json}. */
    public static final String CASES_SUFFIX = ".cases.json";
    static final String MET = "met";
    static final String NOT_MET = "not met";
    static final String NOT_MEASURED = "not measured";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Benchmarks {
        Objects.requireNonNull(b1);
        Objects.requireNonNull(b2);
        Objects.requireNonNull(b3);
        Objects.requireNonNull(b4);
    }

    /**
     * One input file: where it is, whether it gave numbers, and what it says about how and when
     * they were taken.
     *
     * @param file       the path as given (relative to the working directory for the defaults)
     * @param reason     why it gave no numbers; empty when it did
     * @param provenance when, where and how, from the file's own fields and its git or file date
     */
    public record Source(String file, String reason, String provenance) {
        public boolean measured() {
            return reason.isEmpty();
        }

        static Source missing(Path file, String reason) {
            return new Source(file.toString(), reason, "");
        }
    }

    /** A time per operation in seconds, and JMH's error (half the 99.9 % confidence interval), or null when none was given. */
    public record Time(double seconds, Double errorSeconds) {
    }

    /**
     * One B1 case at one thread count.
     *
     * @param threads libtorch's intra-op threads (the benchmark's {@code threads} parameter); plain Java runs on one
     * @param java    null when not measured ({@code missing} says why)
     * @param goal    the largest ours/PyTorch the issue accepts, or null where it sets none
     */
    public record B1Row(String description, String javaBenchmark, String torchBenchmark, String threads, Time java, Time torch,
                        Double goal, String missing) {
        /** Plain-Java time over PyTorch time, or null when either is missing. */
        public Double ratio() {
            return java == null || torch == null ? null : java.seconds() / torch.seconds();
        }

        /** "met", "not met", or "not measured"; a case without a goal is "no goal". */
        public String verdict() {
            if (ratio() == null) {
                return NOT_MEASURED;
            }
            if (goal == null) {
                return "no goal";
            }
            return ratio() <= goal ? MET : NOT_MET;
        }
    }

    public record B1(Source source, String units, List<B1Row> rows) {
        public B1 {
            rows = List.copyOf(rows);
        }
    }

    /** One timing of B2: a check at one parameter count, or why there is none. */
    public record B2Cell(long parameters, Time time, Boolean passed, String missing) {
    }

    /** One line of the B2 table: a check, its source file and statistic, one cell per parameter count. */
    public record B2Row(String check, String source, String statistic, List<B2Cell> cells) {
        public B2Row {
            cells = List.copyOf(cells);
        }

        B2Cell at(long parameters) {
            return cells.stream().filter(c -> c.parameters() == parameters).findFirst().orElseThrow();
        }
    }

    /**
     * The goal of one B2 check: at most {@code seconds} at {@code parameters} parameters.
     *
     * @param check the row's check, as the table names it
     */
    public record B2Goal(String check, double seconds, long parameters) {
    }

    /**
     * @param parameters the nominal parameter counts (powers of ten) of the columns
     * @param network    the network's actual parameter counts, as the gradcheck script reports them
     * @param goal       the goal of the check that has one, or null when the cases file states none
     */
    public record B2(Source java, Source torch, List<Long> parameters, String network, List<B2Row> rows, B2Goal goal) {
        public B2 {
            parameters = List.copyOf(parameters);
            rows = List.copyOf(rows);
        }

        /** Whether the check with the goal met it: "met", "not met", or "not measured" (no goal, no row or no time). */
        public String goalVerdict() {
            if (goal == null) {
                return NOT_MEASURED;
            }
            B2Cell c = rows.stream().filter(r -> r.check().equals(goal.check()) && r.cells().stream().anyMatch(x -> x.parameters() == goal.parameters()))
                    .map(r -> r.at(goal.parameters())).findFirst().orElse(null);
            return c == null || c.time() == null ? NOT_MEASURED : c.time().seconds() <= goal.seconds() ? MET : NOT_MET;
        }
    }

    /** One phase of B3, its wall-clock seconds and what it covers. */
    public record Phase(String phase, double seconds, String detail) {
    }

    /** One of the slowest items of a verify run (a test class's set-up, a test, a Maven step). */
    public record Item(String item, String phase, double seconds) {
    }

    /**
     * @param totalSeconds wall-clock seconds of the timed {@code mvn -B -o verify}, or null when not measured
     * @param sharedRun    where the one shared conformance run of the test JVM went, in words
     */
    public record B3(Source source, Double totalSeconds, Double goalSeconds, List<Phase> phases, List<Item> slowest,
                     String sharedRun) {
        public B3 {
            phases = List.copyOf(phases);
            slowest = List.copyOf(slowest);
        }

        public String verdict() {
            return totalSeconds == null || goalSeconds == null ? NOT_MEASURED : totalSeconds <= goalSeconds ? MET : NOT_MET;
        }
    }

    /** Benchmarks not read at all: every table "not measured", with this reason. */
    public static Benchmarks none(String reason) {
        Path dir = DEFAULT_DIR;
        return new Benchmarks(b1(dir.resolve(B1_FILE), reason), b2(dir.resolve(B2_JAVA_FILE), reason, dir.resolve(B2_TORCH_FILE), reason),
                new B3(Source.missing(dir.resolve(B3_FILE), reason), null, null, List.of(), List.of(), ""),
                B4.missing(dir.resolve(B4_FILE), reason));
    }

    /** Reads the four files from {@code dir}, dating them by their modification times; never throws for a missing or broken file. */
    public static Benchmarks read(Path dir) {
        return read(dir, Commits.NONE);
    }

    /** Reads the four files from {@code dir}, dating them by {@code commits}; never throws for a missing or broken file. */
    public static Benchmarks read(Path dir, Commits commits) {
        return new Benchmarks(readB1(dir.resolve(B1_FILE), commits), readB2(dir.resolve(B2_JAVA_FILE), dir.resolve(B2_TORCH_FILE), commits),
                readB3(dir.resolve(B3_FILE)), readB4(dir.resolve(B4_FILE)));
    }

    /** The cases file that describes the JMH file {@code jmh}: the same name, ending in {@value #CASES_SUFFIX}. */
    public static Path casesFile(Path jmh) {
        String name = jmh.getFileName().toString();
        return jmh.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + CASES_SUFFIX);
    }

    /**
     * The {@code cases} array of a JMH file's cases file, in order; empty when there is no such file.
     *
     * @throws Unreadable when the file is there but is not JSON with a {@code cases} array
     */
    private static List<JsonNode> describedCases(Path jmh) throws Unreadable {
        Path file = casesFile(jmh);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode doc = json(file);
        if (!doc.path("cases").isArray()) {
            throw new Unreadable(file + " has no \"cases\" array");
        }
        List<JsonNode> cases = new ArrayList<>();
        doc.get("cases").forEach(cases::add);
        return cases;
    }

    // ---------------------------------------------------------------- B1

    /** A B1 case: its two benchmark methods, in words, and its goal (null where none is stated). */
    private record Case(String java, String torch, String description, Double goal) {
    }

    private static B1 b1(Path file, String reason) {
        return new B1(Source.missing(file, reason), "", List.of());
    }

    static B1 readB1(Path file, Commits commits) {
        Jmh jmh;
        List<JsonNode> described;
        try {
            jmh = Jmh.read(file, commits);
            described = describedCases(file);
        } catch (Unreadable e) {
            return b1(file, e.getMessage());
        }
        // The described pairs first, in the cases file's order: those whose plain-Java method is in the file, and those
        // whose PyTorch method is in the file and no such pair shows; then every method no pair names, paired by name.
        Set<String> named = new LinkedHashSet<>();
        Set<String> shownTorch = new LinkedHashSet<>();
        for (JsonNode c : described) {
            named.add(c.path("java").asText());
            named.add(c.path("torch").asText());
            if (jmh.methods().contains(c.path("java").asText())) {
                shownTorch.add(c.path("torch").asText());
            }
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : described) {
            String java = c.path("java").asText();
            String torch = c.path("torch").asText();
            if (jmh.methods().contains(java) || (jmh.methods().contains(torch) && shownTorch.add(torch))) {
                cases.add(new Case(java, torch, c.path("case").asText(java), c.path("goal").isNumber() ? c.get("goal").asDouble() : null));
            }
        }
        for (String m : jmh.methods()) {
            if (named.contains(m)) {
                continue;
            }
            if (m.startsWith("java")) {
                cases.add(new Case(m, "torch" + m.substring(4), m.substring(4), null));
            } else if (m.startsWith("torch") && !jmh.methods().contains("java" + m.substring(5))) {
                cases.add(new Case("java" + m.substring(5), m, m.substring(5), null));
            } else if (!m.startsWith("torch")) {
                cases.add(new Case(m, "torch" + m, m + " (named neither java… nor torch…)", null));
            }
        }
        List<B1Row> rows = new ArrayList<>();
        for (Case c : cases) {
            for (String threads : jmh.params("threads")) {
                Time java = jmh.time(c.java(), "threads", threads);
                Time torch = jmh.time(c.torch(), "threads", threads);
                String missing = java == null && torch == null ? "neither " + c.java() + " nor " + c.torch() + " at threads=" + threads
                        : java == null ? "no " + c.java() + " at threads=" + threads
                        : torch == null ? "no " + c.torch() + " at threads=" + threads : "";
                rows.add(new B1Row(c.description(), c.java(), c.torch(), threads, java, torch, c.goal(), missing));
            }
        }
        return new B1(jmh.source(), jmh.units(null), rows);
    }

    // ---------------------------------------------------------------- B2

    private static final List<Long> B2_SIZES = List.of(1_000L, 10_000L, 100_000L, 1_000_000L);

    private static B2 b2(Path javaFile, String javaReason, Path torchFile, String torchReason) {
        Source java = Source.missing(javaFile, javaReason);
        Source torch = Source.missing(torchFile, torchReason);
        List<B2Row> rows = List.of(
                new B2Row("torch.autograd.gradcheck fast_mode=True", torchFile.toString(), "", missingCells(B2_SIZES, torchReason)),
                new B2Row("torch.autograd.gradcheck fast_mode=False", torchFile.toString(), "", missingCells(B2_SIZES, torchReason)));
        return new B2(java, torch, B2_SIZES, "", rows, null);
    }

    private static List<B2Cell> missingCells(List<Long> sizes, String reason) {
        return sizes.stream().map(p -> new B2Cell(p, null, null, reason)).toList();
    }

    /** A B2 check of ours: its JMH method, in words, and its goal (null where none is stated). */
    private record Check(String method, String description, B2Goal goal) {
    }

    static B2 readB2(Path javaFile, Path torchFile, Commits commits) {
        Jmh jmh = null;
        String javaReason = "";
        List<JsonNode> described = List.of();
        try {
            jmh = Jmh.read(javaFile, commits);
            described = describedCases(javaFile);
        } catch (Unreadable e) {
            javaReason = e.getMessage();
            jmh = null;
        }
        JsonNode torch = null;
        String torchReason = "";
        try {
            torch = json(torchFile);
            if (!torch.path("results").isArray()) {
                throw new Unreadable(torchFile + " has no \"results\" array: not written by scripts/gradcheck_bench.py");
            }
        } catch (Unreadable e) {
            torchReason = e.getMessage();
            torch = null;
        }
        Set<Long> sizes = new TreeSet<>(B2_SIZES);
        if (jmh != null) {
            for (String p : jmh.params("parameters")) {
                sizes.add(nominal(Long.parseLong(p)));
            }
        }
        Map<Long, Long> actual = new LinkedHashMap<>();
        if (torch != null) {
            for (JsonNode r : torch.get("results")) {
                long n = r.path("parameters").asLong();
                sizes.add(nominal(n));
                actual.put(nominal(n), n);
            }
        }
        List<Long> columns = List.copyOf(sizes);
        List<B2Row> rows = new ArrayList<>();
        B2Goal goal = null;
        for (Check c : checks(jmh, described)) {
            rows.add(new B2Row(c.description(), javaFile.toString(), jmh.units(c.method()), javaCells(jmh, c.method(), columns)));
            goal = goal == null ? c.goal() : goal;
        }
        String torchStat = torch == null ? "" : "median of " + torch.get("results").path(0).path("repeats").asInt() + " timed runs after one warm-up";
        rows.add(new B2Row("torch.autograd.gradcheck fast_mode=True", torchFile.toString(), torchStat, torchCells(torch, torchReason, true, columns)));
        rows.add(new B2Row("torch.autograd.gradcheck fast_mode=False", torchFile.toString(), torchStat, torchCells(torch, torchReason, false, columns)));
        String network = actual.isEmpty() ? "" : "MLP n → n (tanh) → 10, softmax cross-entropy over 16 samples, float64: "
                + actual.values().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).collect(Collectors.joining(", ")) + " parameters";
        Source javaSource = jmh == null ? Source.missing(javaFile, javaReason) : jmh.source();
        Source torchSource = torch == null ? Source.missing(torchFile, torchReason)
                : new Source(torchFile.toString(), "", torchProvenance(torchFile, torch, commits));
        return new B2(javaSource, torchSource, columns, network, rows, goal);
    }

    /** The described checks whose method is in the file, in the cases file's order, then every other method of the file; none without a file. */
    private static List<Check> checks(Jmh jmh, List<JsonNode> described) {
        if (jmh == null) {
            return List.of();
        }
        List<Check> checks = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode c : described) {
            String method = c.path("method").asText();
            named.add(method);
            if (jmh.methods().contains(method)) {
                String description = c.path("case").asText(method);
                JsonNode g = c.path("goal");
                B2Goal goal = g.path("seconds").isNumber() && g.path("parameters").isNumber()
                        ? new B2Goal(description, g.get("seconds").asDouble(), g.get("parameters").asLong()) : null;
                checks.add(new Check(method, description, goal));
            }
        }
        jmh.methods().stream().filter(m -> !named.contains(m)).forEach(m -> checks.add(new Check(m, m, null)));
        return checks;
    }

    /** The power of ten nearest to a parameter count (1,036 → 1,000): the column it belongs to. */
    static long nominal(long parameters) {
        return (long) Math.pow(10, Math.round(Math.log10(Math.max(1, parameters))));
    }

    private static List<B2Cell> javaCells(Jmh jmh, String method, List<Long> columns) {
        List<B2Cell> cells = new ArrayList<>();
        for (long p : columns) {
            Time t = null;
            for (String value : jmh.params("parameters")) {
                if (nominal(Long.parseLong(value)) == p) {
                    t = jmh.time(method, "parameters", value);
                }
            }
            cells.add(new B2Cell(p, t, t == null ? null : true, t == null ? "not in the file" : ""));
        }
        return cells;
    }

    private static List<B2Cell> torchCells(JsonNode torch, String reason, boolean fast, List<Long> columns) {
        List<B2Cell> cells = new ArrayList<>();
        for (long p : columns) {
            if (torch == null) {
                cells.add(new B2Cell(p, null, null, reason));
                continue;
            }
            B2Cell cell = new B2Cell(p, null, null, "not in the file");
            for (JsonNode r : torch.get("results")) {
                if (r.path("fast_mode").asBoolean() == fast && nominal(r.path("parameters").asLong()) == p
                        && r.path("seconds_median").isNumber()) {
                    cell = new B2Cell(p, new Time(r.get("seconds_median").asDouble(), null), r.path("passed").asBoolean(), "");
                }
            }
            cells.add(cell);
        }
        return cells;
    }

    private static String torchProvenance(Path file, JsonNode torch, Commits commits) {
        List<String> parts = new ArrayList<>();
        parts.add("PyTorch " + torch.path("torch").asText("(version not recorded)"));
        JsonNode first = torch.get("results").path(0);
        if (first.has("threads")) {
            parts.add(first.get("threads").asInt() + " thread" + (first.get("threads").asInt() == 1 ? "" : "s"));
        }
        if (torch.has("python")) {
            parts.add("Python " + torch.get("python").asText());
        }
        if (torch.has("machine")) {
            parts.add(torch.get("machine").asText());
        }
        parts.add(torch.has("measured") ? "measured " + torch.get("measured").asText() : commits.dated(file));
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- B3

    static B3 readB3(Path file) {
        JsonNode doc;
        try {
            doc = json(file);
            if (!doc.path("totalSeconds").isNumber() || !doc.path("phases").isArray()) {
                throw new Unreadable(file + " has no totalSeconds or phases: not written by scripts/verify_phases.py");
            }
        } catch (Unreadable e) {
            return new B3(Source.missing(file, e.getMessage()), null, null, List.of(), List.of(), "");
        }
        List<Phase> phases = new ArrayList<>();
        doc.get("phases").forEach(p -> phases.add(new Phase(p.path("phase").asText(), p.path("seconds").asDouble(), p.path("detail").asText(""))));
        List<Item> slowest = new ArrayList<>();
        doc.path("slowest").forEach(i -> slowest.add(new Item(i.path("item").asText(), i.path("phase").asText(), i.path("seconds").asDouble())));
        JsonNode machine = doc.path("machine");
        List<String> parts = new ArrayList<>();
        parts.add("`" + doc.path("command").asText("mvn -B -o verify") + "`");
        parts.add("measured " + doc.path("measured").asText("(date not recorded)"));
        if (!machine.isMissingNode()) {
            parts.add(machine.path("cpuModel").asText("CPU unknown") + ", " + machine.path("cores").asInt() + " cores, "
                    + machine.path("os").asText(""));
            if (machine.path("loadAverageBefore").isArray()) {
                List<String> load = new ArrayList<>();
                machine.get("loadAverageBefore").forEach(l -> load.add(String.format(Locale.ROOT, "%.2f", l.asDouble())));
                parts.add("load average before the run " + String.join(" / ", load) + " (1 / 5 / 15 min)");
            }
        }
        for (String f : List.of("java", "maven")) {
            if (doc.hasNonNull(f)) {
                parts.add(doc.get(f).asText());
            }
        }
        if (doc.hasNonNull("gitCommit")) {
            parts.add("commit " + doc.get("gitCommit").asText() + (doc.path("gitDirty").asBoolean() ? " with uncommitted changes" : ""));
        }
        if (doc.hasNonNull("tests")) {
            parts.add(doc.get("tests").asInt() + " tests, " + doc.path("failures").asInt() + " failures, " + doc.path("errors").asInt() + " errors");
        }
        String shared = "";
        JsonNode s = doc.path("sharedConformanceRun");
        if (s.isObject()) {
            shared = String.format(Locale.ROOT, "The test JVM's one shared conformance run (SharedReport) took %.1f s, built by %s, the first "
                    + "test class that asked for it; its time is taken out of that class and attributed by part: %s.",
                    s.path("seconds").asDouble(), s.path("builtBy").asText("?"), s.path("attribution").asText(""));
        }
        Double goal = doc.path("goalSeconds").isNumber() ? doc.get("goalSeconds").asDouble() : null;
        return new B3(new Source(file.toString(), "", String.join("; ", parts)), doc.get("totalSeconds").asDouble(), goal, phases, slowest, shared);
    }

    // ---------------------------------------------------------------- B4

    /**
     * B4: an engine spoken to over the engine protocol against the same ids computed in the JVM.
     *
     * @param engine               the process engine's name and version
     * @param roundTripMicros      median µs of one one-sample request (relu on 8 elements), or null
     * @param batchedMicrosPerSample µs per sample in requests of 100 samples, or null
     * @param ids                  how many ids every check ran on
     * @param processSeconds       median seconds of every check on those ids through the process, or null
     * @param inJvmSeconds         the same for an in-JVM engine with plain Java's functions, or null
     * @param goalRatio            the largest process / in-JVM the issue accepts, or null
     * @param requests             the requests (round trips) the checks made, or null when not counted
     * @param samples              the samples those requests carried, or null when not counted
     */
    public record B4(Source source, String engine, Double roundTripMicros, Double batchedMicrosPerSample, int ids, Double processSeconds,
                     Double inJvmSeconds, Double goalRatio, Long requests, Long samples) {
        static B4 missing(Path file, String reason) {
            return new B4(Source.missing(file, reason), "", null, null, 0, null, null, null, null, null);
        }

        /** Process seconds over in-JVM seconds, or null when either is missing. */
        public Double ratio() {
            return processSeconds == null || inJvmSeconds == null ? null : processSeconds / inJvmSeconds;
        }

        /** "met" when the ratio is at most the goal, "not met" above it, "not measured" without both. */
        public String verdict() {
            return ratio() == null || goalRatio == null ? NOT_MEASURED : ratio() <= goalRatio ? MET : NOT_MET;
        }
    }

    static B4 readB4(Path file) {
        JsonNode doc;
        try {
            doc = json(file);
            if (!doc.path("check_all_ids").path("numpy_seconds_median").isNumber()
                    || !doc.path("check_all_ids").path("in_jvm_seconds_median").isNumber()) {
                throw new Unreadable(file + " has no check_all_ids.numpy_seconds_median or in_jvm_seconds_median: "
                        + "not written by io.refcheck.bench.ProcessEngineTiming");
            }
        } catch (Unreadable e) {
            return B4.missing(file, e.getMessage());
        }
        JsonNode c = doc.get("check_all_ids");
        JsonNode perCall = doc.path("per_call");
        Long requests = c.path("requests").isNumber() ? c.get("requests").asLong()
                : c.path("evaluate_calls").isNumber() ? c.get("evaluate_calls").asLong() + c.path("vjp_calls").asLong() : null;
        Long samples = c.path("evaluate_samples").isNumber() ? c.get("evaluate_samples").asLong() + c.path("vjp_samples").asLong() : requests;
        List<String> parts = new ArrayList<>();
        parts.add(doc.path("java").asText("JVM not recorded"));
        parts.add(doc.path("cpus").asInt() + " CPUs");
        if (doc.path("load_average_before").isNumber()) {
            parts.add(String.format(Locale.ROOT, "load average %.2f before, %.2f after", doc.get("load_average_before").asDouble(),
                    doc.path("load_average_after").asDouble()));
        }
        parts.add("median of " + c.path("rounds_measured").asInt() + " rounds after " + c.path("warm_up_rounds").asInt() + " warm-up rounds");
        parts.add("written " + doc.path("written").asText("(date not recorded)"));
        return new B4(new Source(file.toString(), "", String.join("; ", parts)), doc.path("engine").asText(""),
                number(perCall.path("process_us_median")), number(perCall.path("batched_100_us_per_sample")), c.path("ids").size(),
                c.get("numpy_seconds_median").asDouble(), c.get("in_jvm_seconds_median").asDouble(), number(c.path("goal_ratio")),
                requests, samples);
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    // ---------------------------------------------------------------- reading JMH and JSON

    /** A file that gave no numbers; the message is the report's reason. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private static JsonNode json(Path file) throws Unreadable {
        if (!Files.isRegularFile(file)) {
            throw new Unreadable("no file " + file);
        }
        try {
            return MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(file + " is not readable JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static final Pattern PER_OP = Pattern.compile("(ns|us|µs|ms|s|min)/op");
    private static final Pattern OPS_PER = Pattern.compile("ops/(ns|us|µs|ms|s|min)");

    private static double secondsPer(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            default -> 60;
        };
    }

    /** A JMH result file (the array {@code -rf json} writes). */
    private record Jmh(Source source, List<JsonNode> results) {
        static Jmh read(Path file, Commits commits) throws Unreadable {
            JsonNode doc = json(file);
            if (!doc.isArray() || doc.isEmpty()) {
                throw new Unreadable(file + " is not a JMH result (an array of benchmark results)" + (doc.isArray() ? ": it is empty" : ""));
            }
            List<JsonNode> results = new ArrayList<>();
            for (JsonNode r : doc) {
                if (!r.path("benchmark").isTextual() || !r.path("primaryMetric").path("score").isNumber()
                        || !r.path("primaryMetric").path("scoreUnit").isTextual()) {
                    throw new Unreadable(file + " is not a JMH result: an entry without benchmark, primaryMetric.score or scoreUnit");
                }
                String unit = r.get("primaryMetric").get("scoreUnit").asText();
                if (!PER_OP.matcher(unit).matches() && !OPS_PER.matcher(unit).matches()) {
                    throw new Unreadable(file + ": score unit " + unit + " is neither time per operation nor operations per time");
                }
                results.add(r);
            }
            return new Jmh(new Source(file.toString(), "", provenance(file, results, commits)), results);
        }

        /** Method names (the part of the benchmark name after the last dot), in file order. */
        Set<String> methods() {
            return results.stream().map(Jmh::method).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        private static String method(JsonNode r) {
            String b = r.get("benchmark").asText();
            return b.substring(b.lastIndexOf('.') + 1);
        }

        /** The values of one @Param in the file, numerically sorted where numbers; ["—"] when no result has it. */
        List<String> params(String name) {
            List<String> values = results.stream().map(r -> r.path("params").path(name)).filter(JsonNode::isTextual)
                    .map(JsonNode::asText).distinct().sorted(Comparator.comparingDouble(Jmh::number).thenComparing(Comparator.naturalOrder()))
                    .toList();
            return values.isEmpty() ? List.of("—") : values;
        }

        private static double number(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.MAX_VALUE;
            }
        }

        /** The time per operation of a method at one parameter value ("—" matches results without that parameter). */
        Time time(String method, String param, String value) {
            for (JsonNode r : results) {
                JsonNode p = r.path("params").path(param);
                boolean matches = value.equals("—") ? p.isMissingNode() : p.asText().equals(value);
                if (method(r).equals(method) && matches) {
                    JsonNode m = r.get("primaryMetric");
                    double score = m.get("score").asDouble();
                    JsonNode error = m.path("scoreError");
                    String unit = m.get("scoreUnit").asText();
                    Matcher perOp = PER_OP.matcher(unit);
                    if (perOp.matches()) {
                        double s = secondsPer(perOp.group(1));
                        return new Time(score * s, error.isNumber() && Double.isFinite(error.asDouble()) ? error.asDouble() * s : null);
                    }
                    Matcher opsPer = OPS_PER.matcher(unit);
                    opsPer.matches();
                    return new Time(secondsPer(opsPer.group(1)) / score, null); // throughput: the error does not carry over linearly
                }
            }
            return null;
        }

        /** What the scores of every method, or of one, are: from the modes and iteration counts in the file. */
        String units(String method) {
            Set<String> parts = new LinkedHashSet<>();
            for (JsonNode r : results) {
                if (method != null && !method(r).equals(method)) {
                    continue;
                }
                String mode = r.path("mode").asText();
                int iterations = r.path("measurementIterations").asInt();
                int forks = Math.max(1, r.path("forks").asInt());
                String what = switch (mode) {
                    case "avgt" -> "average time per operation (JMH avgt), mean of " + iterations + " iterations × " + forks + " fork"
                            + (forks == 1 ? "" : "s") + " of " + r.path("measurementTime").asText("?") + " after "
                            + r.path("warmupIterations").asInt() + " warm-up iterations";
                    case "ss" -> "single-shot time (JMH ss), mean of " + iterations * forks + " shots after "
                            + r.path("warmupIterations").asInt() + " warm-up shots";
                    case "sample" -> "sampled time per operation (JMH sample), mean";
                    case "thrpt" -> "1 / throughput (JMH thrpt)";
                    default -> "JMH mode " + mode;
                };
                parts.add(what);
            }
            return String.join("; ", parts) + "; ± is half JMH's 99.9 % confidence interval";
        }

        private static String provenance(Path file, List<JsonNode> results, Commits commits) {
            Set<String> parts = new LinkedHashSet<>();
            for (JsonNode r : results) {
                parts.add("JMH " + r.path("jmhVersion").asText("?") + ", " + r.path("vmName").asText("JVM ?") + " "
                        + r.path("vmVersion").asText(r.path("jdkVersion").asText("?")) + ", JVM arguments "
                        + (r.path("jvmArgs").isArray() && !r.get("jvmArgs").isEmpty()
                        ? String.join(" ", MAPPER.convertValue(r.get("jvmArgs"), String[].class)) : "none"));
            }
            return String.join("; ", parts) + "; " + commits.dated(file) + "; the machine is not recorded in JMH's JSON";
        }
    }
}
