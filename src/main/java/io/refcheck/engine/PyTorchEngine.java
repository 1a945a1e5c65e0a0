package io.refcheck.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.KinkConvention;
import io.refcheck.catalog.Torch;
import io.refcheck.catalog.TorchForm;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PyTorch (libtorch through DJL) computing each catalog formula by its entry's {@link TorchForm},
 * and gradients by autograd (DJL's {@link GradientCollector}).
 *
 * <p>Device: CUDA when DJL reports a GPU, CPU otherwise; {@code -Drefcheck.device=cpu|gpu} forces
 * either. Offline: the native library comes from the bundled {@code pytorch-native-cpu} jar, and
 * every JVM that may load it runs with {@code -Dai.djl.offline=true}. Each call works in its own
 * NDManager, closed before it returns, so no native memory outlives a call.
 */
public abstract class PyTorchEngine implements Engine {
    public static final String NAME = "pytorch";

    /**
     * Held by every call into libtorch through DJL. DJL allows one {@code GradientCollector} per
     * process at a time (it throws otherwise), and some forms open their own collector, so the
     * float64 and float32 engines, which may be checked on different threads, take turns.
     */
    private static final Object AUTOGRAD = new Object();

    /** No DJL type is touched before {@link #availability()}, so that the engine can be constructed,
     *  and report itself unavailable, on a classpath without DJL. */
    private final Dtype dtype;
    private volatile Availability availability;
    private volatile ai.djl.engine.Engine djl;
    private volatile Device device;

    PyTorchEngine(Dtype dtype) {
        this.dtype = dtype;
    }

    /** PyTorch in float64. */
    public static final class Float64 extends PyTorchEngine {
        public Float64() {
            super(Dtype.FLOAT64);
        }
    }

    /** PyTorch in float32: inputs rounded to float32, outputs compared with float32 tolerances. */
    public static final class Float32 extends PyTorchEngine {
        public Float32() {
            super(Dtype.FLOAT32);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Dtype dtype() {
        return dtype;
    }

    @Override
    public String version() {
        return availability().available() ? djl.getVersion() + " (DJL " + ai.djl.engine.Engine.getDjlVersion() + ")" : "unknown";
    }

    @Override
    public String device() {
        return availability().available() ? (device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu") : "unknown";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    private Availability load() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            djl = ai.djl.engine.Engine.getEngine("PyTorch");
            String wanted = System.getProperty("refcheck.device", "auto").toLowerCase(Locale.ROOT);
            int gpus = djl.getGpuCount();
            switch (wanted) {
                case "cpu" -> device = Device.cpu();
                case "gpu", "cuda" -> {
                    if (gpus == 0) {
                        return Availability.no("refcheck.device=gpu but DJL reports no GPU (CPU libtorch "
                                + djl.getVersion() + " loaded; a CUDA libtorch is needed, see docs/engines.md)");
                    }
                    device = Device.gpu();
                }
                case "auto" -> device = gpus > 0 ? Device.gpu() : Device.cpu();
                default -> {
                    return Availability.no("refcheck.device: must be cpu, gpu or auto, got " + wanted);
                }
            }
            return Availability.yes();
        } catch (NoClassDefFoundError e) {
            return Availability.no("DJL is not on the classpath (" + e.getMessage() + "): add ai.djl.pytorch:pytorch-engine, "
                    + "pytorch-jni and pytorch-native-cpu as docs/your-engine.md shows");
        } catch (Throwable t) {
            return Availability.no("PyTorch engine could not load: " + t);
        }
    }

    /** Every catalog id with a PyTorch form. */
    @Override
    public Set<String> declaredIds() {
        return Catalog.ids().stream().filter(this::implementsFormula).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean implementsFormula(String id) {
        return Catalog.contains(id) && Catalog.get(id).pytorch().isPresent();
    }

    /**
     * No: PyTorch checks shapes and some domains but not many of refcheck's rules. Run through
     * Python on the catalog's bad inputs (golden-data/pytorch-python/cpu-float64/bad-inputs.json), it
     * returns a number on 85 of the 149 inputs refcheck rejects (probabilities off the simplex, a keep
     * probability above 1, a label of -100, which F.cross_entropy skips as its ignore_index, …), and the
     * DJL forms raise on fewer still. Its IEEE results are judged in full.
     */
    @Override
    public boolean validatesInput() {
        return false;
    }

    @Override
    public boolean implementsGradient(String id) {
        return implementsFormula(id) && Catalog.get(id).differentiable();
    }

    /**
     * PyTorch follows plain Java's conventions at every kink but one: relu'(0) = 0 (derivatives.yaml,
     * relu: threshold_backward(grad, result, 0)), sgn(0) = 0 for |x| (abs: grad * self.sgn()), the
     * gradient of ‖x‖_∞ split evenly among tied largest magnitudes and masked to 0 at x = 0
     * (FunctionsManual.cpp, norm_backward; the DJL form of lp_norm takes Σ|x_i| at x = 0 to keep that
     * mask), and torch.maximum's ½/½ split at a tie (maximum: at::where(self == other, grad / 2, grad)),
     * which makes autograd of bce_with_logits' composed form exact at z = 0.
     *
     * <p>At a zero probability its gradients are autograd's through log and xlogy
     * ({@link KinkConvention#AUTOGRAD_AT_ZERO_PROBABILITY}): derivatives.yaml's xlogy gives
     * ∂/∂self = xlogy(grad, other) masked to 0 where self = 0 and other ≤ 0, and ∂/∂other =
     * grad·self/other (0/0 = NaN at self = other = 0); log's grad/self times a zero weight is 0·∞ =
     * NaN. So entropy (-xlogy(p, p)), cross_entropy_dist, kl_divergence, cross_entropy_onehot and
     * cross_entropy_index (nll_loss(log ŷ)) give NaN where plain Java gives the one-sided limit or
     * masks the identically zero term. bce is the DJL composition of log and maximum (DJL exposes no
     * binary_cross_entropy), NaN at ŷ ∈ {0, 1}; torch's own fused binary_cross_entropy_backward
     * would give plain Java's (ŷ − y)/max(ŷ(1 − ŷ), 1e-12).
     */
    @Override
    public Set<String> conventions() {
        return Set.of(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY.label());
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        TorchForm form = form(id);
        synchronized (AUTOGRAD) {
            try (NDManager m = djl.newBaseManager(device)) {
                Map<String, NDArray> out = form.apply(toNd(m, inputs, Catalog.get(id)));
                return fromNd(out);
            }
        }
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        Formula f = Catalog.get(id);
        TorchForm form = form(id);
        synchronized (AUTOGRAD) {
            return vjp(form, f, inputs, cotangents);
        }
    }

    private Tensors vjp(TorchForm form, Formula f, Tensors inputs, Tensors cotangents) {
        try (NDManager m = djl.newBaseManager(device)) {
            Map<String, NDArray> in = toNd(m, inputs, f);
            for (String name : f.differentiableInputs()) {
                if (!in.containsKey(name)) {
                    continue;
                }
                in.get(name).setRequiresGradient(true);
            }
            try (GradientCollector gc = djl.newGradientCollector()) {
                Map<String, NDArray> out = form.apply(in);
                NDArray total = null;
                for (String name : cotangents.names()) {
                    NDArray term = out.get(name).mul(toNd(m, cotangents.get(name))).sum();
                    total = total == null ? term : total.add(term);
                }
                Torch.backward(gc, total);
            }
            Map<String, Tensor> grads = new LinkedHashMap<>();
            for (String name : f.differentiableInputs()) {
                if (!in.containsKey(name)) {
                    continue;
                }
                NDArray x = in.get(name);
                grads.put(name, x.hasGradient() ? toTensor(x.getGradient()) : Tensor.zeros(inputs.get(name).shape()));
            }
            return Tensors.of(grads);
        }
    }

    private TorchForm form(String id) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("pytorch unavailable: " + a.reason());
        }
        return Catalog.get(id).pytorch()
                .orElseThrow(() -> new UnsupportedOperationException("pytorch does not implement " + id));
    }

    /** Data tensors in the engine's dtype; scalar hyperparameters stay float64, as Python floats do in PyTorch. */
    private Map<String, NDArray> toNd(NDManager m, Tensors t, Formula f) {
        Map<String, NDArray> map = new LinkedHashMap<>();
        for (String name : t.names()) {
            Tensor x = t.get(name);
            boolean hyperparameter = x.rank() == 0 && !f.differentiableInputs().contains(name);
            map.put(name, hyperparameter ? m.create(x.item()) : toNd(m, x));
        }
        return map;
    }

    private NDArray toNd(NDManager m, Tensor t) {
        int[] s = t.shape();
        long[] dims = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = s[i];
        }
        NDArray a = m.create(t.toArray(), new Shape(dims));
        return dtype == Dtype.FLOAT64 ? a : a.toType(DataType.FLOAT32, false);
    }

    private static Tensors fromNd(Map<String, NDArray> out) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        out.forEach((k, v) -> map.put(k, toTensor(v)));
        return Tensors.of(map);
    }

    private static Tensor toTensor(NDArray a) {
        long[] dims = a.getShape().getShape();
        int[] s = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = Math.toIntExact(dims[i]);
        }
        double[] d = a.toType(DataType.FLOAT64, false).toDoubleArray();
        return Tensor.of(s, d);
    }
}
