package io.refcheck.engine.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import io.refcheck.engine.Engine;
import io.refcheck.engine.EngineFailure;
import io.refcheck.engine.Engines;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An engine that is a program in any language, spoken to over its stdin and stdout in the JSON-lines
 * protocol of docs/engine-protocol.md ({@link Protocol}). The program is started once; its handshake
 * gives the engine's name, version, dtype, ids, gradient ids, conventions and whether it validates
 * its input, and every check then runs on it as on a Java engine.
 *
 * <p>An error response for a sample is that sample's rejection: an {@link IllegalArgumentException}
 * with the program's message, as a Java engine would throw. A program that breaks the protocol
 * (crashes, hangs past the timeout, writes something that is not a response, names a tensor the
 * entry does not have) is stopped, and that call and every later call on the same id throw an
 * {@link EngineFailure} with the reason and the last lines of its stderr; the next id starts it
 * again. A program that cannot be started, or whose handshake is not acceptable, is a
 * {@link StartFailure}.
 */
public final class ProcessEngine implements Engine, AutoCloseable {
    /** How long one request may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Start-up up to the handshake may take at least this long, whatever the request timeout: interpreters that import NumPy take a while. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** What the program said about itself in its handshake. */
    public record Handshake(int protocol, String name, String version, Dtype dtype, String device, Set<String> ids,
                            Set<String> gradients, Set<String> conventions, boolean validatesInput, String tensorEncoding) {
    }

    /** The program could not be started, ended before its handshake, or reported one refcheck cannot accept. */
    public static final class StartFailure extends IllegalArgumentException {
        StartFailure(String message) {
            super(message);
        }
    }

    private final List<String> command;
    private final Duration timeout;
    private final Handshake handshake;
    private EngineProcess running;
    /** The id on which the program last broke, and why; calls on it fail at once until another id restarts it. */
    private String brokenId;
    private String brokenReason;

    private ProcessEngine(List<String> command, Duration timeout, EngineProcess running, Handshake handshake) {
        this.command = command;
        this.timeout = timeout;
        this.running = running;
        this.handshake = handshake;
    }

    /** {@link #start(List, Duration)} with the command split into words as a shell would ({@link EngineCommand#words}). */
    public static ProcessEngine start(String commandLine, Duration timeout) {
        List<String> words;
        try {
            words = EngineCommand.words(commandLine);
        } catch (IllegalArgumentException e) {
            throw new StartFailure(e.getMessage());
        }
        return start(words, timeout);
    }

    /**
     * Starts {@code command} and reads its handshake.
     *
     * @param timeout how long each request may take (start-up up to the handshake may take at least 10 s)
     * @throws StartFailure naming the command: it cannot be started, ended or did not answer the
     *     handshake, or the handshake is not one refcheck accepts
     */
    public static ProcessEngine start(List<String> command, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, got " + timeout);
        }
        List<String> cmd = List.copyOf(command);
        EngineProcess p = launch(cmd);
        try {
            Handshake h = handshake(p, timeout);
            return new ProcessEngine(cmd, timeout, p, h);
        } catch (StartFailure e) {
            p.kill();
            throw e;
        }
    }

    private static EngineProcess launch(List<String> command) {
        try {
            return EngineProcess.start(command);
        } catch (IOException e) {
            throw new StartFailure("cannot start the engine command '" + String.join(" ", command) + "': " + e.getMessage());
        }
    }

    private static Handshake handshake(EngineProcess p, Duration timeout) {
        String cmd = "the engine command '" + String.join(" ", p.command()) + "'";
        Duration wait = timeout.compareTo(START_TIMEOUT) > 0 ? timeout : START_TIMEOUT;
        JsonNode h;
        try {
            h = Protocol.parse(p.exchange(Protocol.handshake(), wait, "the handshake"));
        } catch (EngineProcess.Broken | Protocol.Malformed e) {
            throw new StartFailure(cmd + " " + e.getMessage() + (e instanceof Protocol.Malformed ? p.stderrTail() : ""));
        }
        if (h.hasNonNull("error")) {
            throw new StartFailure(cmd + " refused the handshake: " + h.get("error").asText());
        }
        List<String> problems = new ArrayList<>();
        int protocol = h.path("protocol").asInt(-1);
        if (protocol != Protocol.VERSION) {
            problems.add("it speaks protocol " + h.path("protocol") + ", refcheck speaks " + Protocol.VERSION);
        }
        String name = text(h, "name", problems);
        String version = text(h, "version", problems);
        String dtypeLabel = h.path("dtype").asText(Dtype.FLOAT64.label());
        Dtype dtype = null;
        try {
            dtype = Dtype.of(dtypeLabel);
        } catch (IllegalArgumentException e) {
            problems.add("dtype '" + dtypeLabel + "': an engine computes in float64 or float32");
        }
        if (name != null && Engines.isBuiltInName(name)) {
            problems.add("name '" + name + "' is a built-in engine's; choose another so that its rows are not read as " + name + "'s");
        }
        Set<String> ids = strings(h, "ids", problems);
        Set<String> gradients = strings(h, "gradients", problems);
        Set<String> conventions = strings(h, "conventions", problems);
        if (ids.isEmpty() && h.has("ids")) {
            problems.add("'ids' is empty: it would check nothing");
        }
        for (String g : gradients) {
            if (!ids.contains(g)) {
                problems.add("gradient id '" + g + "' is not among its ids");
            } else if (Catalog.contains(g) && !Catalog.get(g).differentiable()) {
                problems.add("gradient id '" + g + "': the catalog does not differentiate it (" + Catalog.get(g).formula() + ")");
            }
        }
        String encoding = h.path("tensor_encoding").asText(Protocol.JSON);
        if (!encoding.equals(Protocol.JSON) && !encoding.equals(Protocol.BASE64)) {
            problems.add("tensor_encoding '" + encoding + "': '" + Protocol.JSON + "' (the default) or '" + Protocol.BASE64 + "'");
        }
        JsonNode validates = h.get("validates_input");
        if (validates == null || !validates.isBoolean()) {
            problems.add("'validates_input' must be true or false (whether it rejects the inputs the reference rejects)");
        }
        if (!problems.isEmpty()) {
            throw new StartFailure(cmd + " gave a handshake refcheck cannot accept: " + String.join("; ", problems)
                    + " (docs/engine-protocol.md, 'Handshake')");
        }
        return new Handshake(protocol, name, version, dtype, h.path("device").asText("cpu"), ids, gradients, conventions,
                validates.booleanValue(), encoding);
    }

    private static String text(JsonNode h, String field, List<String> problems) {
        JsonNode n = h.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            problems.add("'" + field + "' must be a non-blank string");
            return null;
        }
        return n.asText();
    }

    private static Set<String> strings(JsonNode h, String field, List<String> problems) {
        JsonNode n = h.get(field);
        Set<String> out = new LinkedHashSet<>();
        if (n == null) {
            if (field.equals("ids")) {
                problems.add("'ids' is missing");
            }
            return out;
        }
        if (!n.isArray()) {
            problems.add("'" + field + "' must be an array of strings");
            return out;
        }
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                problems.add("'" + field + "' holds " + x + ", not a string");
            } else {
                out.add(x.asText());
            }
        }
        return Set.copyOf(out);
    }

    /** The handshake the program gave when it started. */
    public Handshake handshake() {
        return handshake;
    }

    /** The command, as its words. */
    public List<String> command() {
        return command;
    }

    @Override
    public String name() {
        return handshake.name();
    }

    @Override
    public String version() {
        return handshake.version();
    }

    @Override
    public Dtype dtype() {
        return handshake.dtype();
    }

    @Override
    public String device() {
        return handshake.device();
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return handshake.ids().contains(id);
    }

    @Override
    public Set<String> declaredIds() {
        return handshake.ids();
    }

    @Override
    public boolean implementsGradient(String id) {
        return handshake.gradients().contains(id);
    }

    @Override
    public Set<String> conventions() {
        return handshake.conventions();
    }

    @Override
    public boolean validatesInput() {
        return handshake.validatesInput();
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        return evaluateAll(id, List.of(inputs)).get(0).get();
    }

    /**
     * Several samples of {@code id} in one request (the protocol's batching), one answer per sample in
     * order: a sample the program rejected answers an IllegalArgumentException with its message; a
     * program that broke the protocol (crashed, hung, wrote what is not an answer) fails every sample of
     * the request with the same {@link EngineFailure}, as it would have failed each call.
     */
    @Override
    public List<Answer> evaluateAll(String id, List<Tensors> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        try {
            if (!implementsFormula(id)) {
                throw new UnsupportedOperationException(name() + " does not implement " + id);
            }
            return call(id, "evaluate", Protocol.evaluate(id, samples, base64()), samples.size(), "outputs", outputNames(id));
        } catch (RuntimeException e) {
            return Collections.nCopies(samples.size(), Answer.raised(e));
        }
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return vjpAll(id, List.of(inputs), List.of(cotangents)).get(0).get();
    }

    /** Several vector–Jacobian products of {@code id} in one request, answered as {@link #evaluateAll}. */
    @Override
    public List<Answer> vjpAll(String id, List<Tensors> inputs, List<Tensors> cotangents) {
        if (inputs.size() != cotangents.size()) {
            throw new IllegalArgumentException("cotangents: " + cotangents.size() + " for " + inputs.size() + " samples");
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        try {
            if (!implementsGradient(id)) {
                throw new UnsupportedOperationException(name() + " has no gradient for " + id);
            }
            return call(id, "vjp", Protocol.vjp(id, inputs, cotangents, base64()), inputs.size(), "gradients",
                    Catalog.contains(id) ? Set.copyOf(Catalog.get(id).differentiableInputs()) : null);
        } catch (RuntimeException e) {
            return Collections.nCopies(inputs.size(), Answer.raised(e));
        }
    }

    private boolean base64() {
        return handshake.tensorEncoding().equals(Protocol.BASE64);
    }

    private static Set<String> outputNames(String id) {
        return Catalog.contains(id) ? Catalog.get(id).outputs().stream().map(Port::name).collect(Collectors.toSet()) : null;
    }

    /**
     * One request and its checked response: a {@code results} array of one entry per sample, each
     * {@code {field: tensors}} with exactly the names {@code expected}, or {@code {"error": message}}
     * (that sample's IllegalArgumentException). A request-wide {@code {"error": message}} rejects every
     * sample.
     *
     * @throws EngineFailure when the program broke the protocol
     */
    private synchronized List<Answer> call(String id, String op, String request, int samples, String field, Set<String> expected) {
        EngineProcess p = running(id);
        String what = op + " " + id;
        List<Answer> out = new ArrayList<>();
        try {
            JsonNode r = Protocol.parse(p.exchange(request, timeout, what));
            if (r.hasNonNull("error")) {
                return Collections.nCopies(samples, Answer.raised(new IllegalArgumentException(r.get("error").asText())));
            }
            JsonNode results = r.get("results");
            if (results == null || !results.isArray() || results.size() != samples) {
                throw new Protocol.Malformed("answered " + what + " with " + Protocol.cut(r.toString()) + ": a 'results' array of "
                        + samples + " entries (one per sample) is due");
            }
            for (int i = 0; i < samples; i++) {
                JsonNode one = results.get(i);
                if (one.hasNonNull("error")) {
                    out.add(Answer.raised(new IllegalArgumentException(one.get("error").asText())));
                    continue;
                }
                Tensors t = Protocol.tensors(one.get(field), what + ": '" + field + "'");
                if (expected != null && !t.names().equals(expected)) {
                    throw new Protocol.Malformed("answered " + what + " with " + field + " " + new TreeSet<>(t.names())
                            + " where the catalog entry's are " + new TreeSet<>(expected));
                }
                out.add(Answer.of(t));
            }
        } catch (EngineProcess.Broken e) {
            throw broke(id, p, e.getMessage());
        } catch (Protocol.Malformed e) {
            p.kill();
            throw broke(id, p, e.getMessage() + p.stderrTail());
        }
        return out;
    }

    /** The running program for a call on {@code id}: started again if it broke on another id. */
    private EngineProcess running(String id) {
        if (running != null) {
            return running;
        }
        if (id.equals(brokenId)) {
            throw new EngineFailure(brokenReason);
        }
        EngineProcess p = launch(command);
        Handshake again;
        try {
            again = handshake(p, timeout);
        } catch (StartFailure e) {
            p.kill();
            throw remember(id, label() + " could not be started again after it broke on " + brokenId + ": " + e.getMessage());
        }
        if (!again.equals(handshake)) {
            p.kill();
            throw remember(id, label() + " gave another handshake when started again: " + again + " after " + handshake);
        }
        running = p;
        brokenId = null;
        brokenReason = null;
        return p;
    }

    private EngineFailure broke(String id, EngineProcess p, String why) {
        p.kill();
        running = null;
        return remember(id, label() + " " + why);
    }

    private EngineFailure remember(String id, String reason) {
        brokenId = id;
        brokenReason = reason;
        return new EngineFailure(reason);
    }

    /** "name (command)": how a reason names the program. */
    private String label() {
        return name() + " ('" + String.join(" ", command) + "')";
    }

    /** Asks the program to shut down, and stops it if it has not within the timeout. */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.shutdown(timeout);
            running = null;
        }
    }

    @Override
    public String toString() {
        return label() + " " + version() + " (" + dtype() + "; " + handshake.ids().size() + " ids, " + handshake.gradients().size()
                + " gradients; protocol " + Protocol.VERSION + ")";
    }
}
