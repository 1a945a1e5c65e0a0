package io.refcheck.engine;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.onnx.OrtTensors;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ONNX Runtime (CPU, the Java API's bundled native library) computing each catalog formula by its
 * entry's {@link io.refcheck.catalog.OnnxForm}: the graph is built for the call's input names and
 * ranks (dimensions left open, so samples of other sizes reuse it, unless the form reads them) and
 * the engine's element type ({@link Formula#onnxModel}) and run. Input and output tensors are closed before
 * the call returns; sessions are kept in a small cache (at most 32, each closed when it leaves, see
 * {@link #closeSessions}) because a property check runs the same graph thousands of times.
 * Inference only: no gradients.
 *
 * <p>Inputs take the element type the graph declares: data tensors FLOAT ({@code $Float32}, values
 * rounded to float) or DOUBLE ({@code $Float64}); fixed scalars (learning rate, β, p, codes) DOUBLE in
 * both, as {@code Conformance.asSeenBy} leaves them; labels and indices INT64.
 *
 * <p>Sessions run on one intra-op and one inter-op thread, so a result never depends on how work is
 * split between threads; the golden data is written by this same code.
 */
public abstract class OnnxRuntimeEngine implements Engine {
    public static final String NAME = "onnxruntime";

    private final DataType real;
    private volatile Availability availability;

    OnnxRuntimeEngine(DataType real) {
        this.real = real;
    }

    /** ONNX Runtime on DOUBLE graphs. */
    public static final class Float64 extends OnnxRuntimeEngine {
        public Float64() {
            super(DataType.DOUBLE);
        }
    }

    /** ONNX Runtime on FLOAT graphs: data rounded to float32, compared with float32 tolerances. */
    public static final class Float32 extends OnnxRuntimeEngine {
        public Float32() {
            super(DataType.FLOAT);
        }
    }

    /** The engine for a dtype. */
    public static OnnxRuntimeEngine forDtype(Dtype dtype) {
        return switch (dtype) {
            case FLOAT64 -> new Float64();
            case FLOAT32 -> new Float32();
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Dtype dtype() {
        return real == DataType.DOUBLE ? Dtype.FLOAT64 : Dtype.FLOAT32;
    }

    /** FLOAT or DOUBLE: the element type of the graphs this engine builds. */
    public DataType elementType() {
        return real;
    }

    @Override
    public String version() {
        return availability().available() ? OrtEnvironment.getEnvironment().getVersion() : "unknown";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    /** Loads the native library and runs a one-node graph; any failure is the reason the engine is unavailable. */
    private static Availability load() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Tensors out = run(Catalog.get("relu").onnxModel(Tensors.of("z", Tensor.vector(-1, 2)), DataType.DOUBLE, true),
                    Tensors.of("z", Tensor.vector(-1, 2)));
            if (!out.get("a").equals(Tensor.vector(0, 2))) {
                return Availability.no("ONNX Runtime " + env.getVersion() + " gave relu([-1, 2]) = " + out.get("a"));
            }
            return Availability.yes();
        } catch (NoClassDefFoundError e) {
            return Availability.no("ONNX Runtime is not on the classpath (" + e.getMessage()
                    + "): add com.microsoft.onnxruntime:onnxruntime as docs/your-engine.md shows");
        } catch (Throwable t) {
            return Availability.no("ONNX Runtime could not load or run: " + t);
        }
    }

    /** Every catalog id whose ONNX form ONNX Runtime runs in this dtype. */
    @Override
    public Set<String> declaredIds() {
        return Catalog.ids().stream().filter(this::implementsFormula).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean implementsFormula(String id) {
        return notApplicableReason(id).isEmpty();
    }

    /**
     * No: an ONNX graph checks element types and shapes only where an operator needs them, never a
     * value rule (probabilities on the simplex, labels in range, p ≥ 1, …); the entry's form
     * computes whatever its operators give. Its IEEE results are judged in full, against PyTorch's or
     * the entry's documented {@link io.refcheck.catalog.BadInput.Deviation}.
     */
    @Override
    public boolean validatesInput() {
        return false;
    }

    /**
     * Why this engine does not compute {@code id}, or "" if it does: the entry has no ONNX form
     * (its reason), or ONNX Runtime lacks a kernel of the form for this dtype (the entry's note).
     */
    public String notApplicableReason(String id) {
        if (!Catalog.contains(id)) {
            return "no catalog entry " + id;
        }
        Formula f = Catalog.get(id);
        if (f.onnx().isEmpty()) {
            return "no ONNX form: " + f.onnxNote();
        }
        return f.onnxRuntimeGap(dtype()).map(g -> "ONNX Runtime cannot run the ONNX form in " + dtype() + ": " + g).orElse("");
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("onnxruntime unavailable: " + a.reason());
        }
        String why = notApplicableReason(id);
        if (!why.isEmpty()) {
            throw new UnsupportedOperationException("onnxruntime does not implement " + id + " in " + dtype() + ": " + why);
        }
        return run(Catalog.get(id).onnxModel(inputs, real, false), inputs);
    }

    /** Runs a catalog model on a sample; outputs by entry output name. */
    static Tensors run(OnnxGraph.Model model, Tensors sample) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        for (OnnxGraph.Input in : model.inputs()) {
            feeds.put(in.name(), model.tensor(in, sample));
        }
        Map<String, OnnxTensor> out = run(model.proto().toByteArray(), feeds);
        Map<String, Tensor> byPort = new LinkedHashMap<>();
        for (OnnxGraph.Output o : model.outputs()) {
            byPort.put(o.port(), out.get(o.graphName()).values());
        }
        return Tensors.of(byPort);
    }

    /**
     * Runs a serialized model on named inputs and returns every graph output by name, in the
     * session's output order, with its ONNX element type. The session and every native tensor are
     * closed before returning.
     *
     * @throws IllegalStateException with ONNX Runtime's message if the model cannot be loaded or run
     */
    public static Map<String, OnnxTensor> run(byte[] model, Map<String, OnnxTensor> inputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, ai.onnxruntime.OnnxTensor> feeds = new LinkedHashMap<>();
        synchronized (SESSIONS) {
            try {
                OrtSession session = session(env, model);
                for (Map.Entry<String, OnnxTensor> e : inputs.entrySet()) {
                    feeds.put(e.getKey(), OrtTensors.toOrt(env, e.getKey(), e.getValue()));
                }
                try (OrtSession.Result result = session.run(feeds)) {
                    Map<String, OnnxTensor> out = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        out.put(e.getKey(), OrtTensors.fromOrt(e.getKey(), (ai.onnxruntime.OnnxTensor) e.getValue()));
                    }
                    return out;
                }
            } catch (OrtException e) {
                throw new IllegalStateException("onnxruntime: " + e.getMessage(), e);
            } finally {
                feeds.values().forEach(ai.onnxruntime.OnnxTensor::close);
            }
        }
    }

    /**
     * Sessions of the most recently run models, keyed by the model's bytes. Creating a session
     * costs milliseconds (a property check evaluates the same graph thousands of times), running
     * one microseconds. At most {@link #CACHED_SESSIONS} stay open; a session leaving the cache is
     * closed at once, and {@link #closeSessions} closes them all. Guarded by its own lock, under
     * which every run happens, so no session is closed while it runs.
     */
    private static final int CACHED_SESSIONS = 32;
    private static final Map<ByteBuffer, Session> SESSIONS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Session> eldest) {
            if (size() > CACHED_SESSIONS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    /** A session and the options it was created with, closed together. */
    private record Session(OrtSession.SessionOptions options, OrtSession session) {
        void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("onnxruntime: closing a session: " + e.getMessage(), e);
            } finally {
                options.close();
            }
        }
    }

    private static OrtSession session(OrtEnvironment env, byte[] model) throws OrtException {
        ByteBuffer key = ByteBuffer.wrap(model.clone());
        Session cached = SESSIONS.get(key);
        if (cached != null) {
            return cached.session();
        }
        OrtSession.SessionOptions options = options();
        try {
            Session created = new Session(options, env.createSession(model, options));
            SESSIONS.put(key, created);
            return created.session();
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** Closes every cached session (they are reopened on demand). */
    public static void closeSessions() {
        synchronized (SESSIONS) {
            SESSIONS.values().forEach(Session::close);
            SESSIONS.clear();
        }
    }

    /** The number of sessions open in the cache, at most 32. */
    public static int openSessions() {
        synchronized (SESSIONS) {
            return SESSIONS.size();
        }
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            // Basic optimisation: constant folding and redundant-node removal only. The extended level
            // fuses Transpose into MatMul as com.microsoft.FusedMatMul, which ONNX Runtime 1.23 has no
            // double kernel for (NOT_IMPLEMENTED on every float64 graph with MatMul(A, Transpose(B))),
            // and fusions would change the rounding of the graph as written.
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            // no arena: a closed session hands its memory back instead of keeping it for reuse
            o.setCPUArenaAllocator(false);
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL); // failures come back as exceptions
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }
}
