package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.refcheck.formulas.Activation;

/**
 * PyTorch building blocks for {@link TorchForm}s that DJL's NDArray does not expose under
 * PyTorch's own name. Each composes libtorch kernels the way PyTorch itself defines the op.
 */
public final class Torch {
    private Torch() {
    }

    /** Guards libtorch's global generator from seeding until the last draw of one seeded dropout. */
    private static final Object GENERATOR = new Object();

    /** The output of one dropout draw and its keep mask (1 kept, 0 dropped), in x's dtype. */
    public record Dropped(NDArray y, NDArray mask) {
    }

    /**
     * {@code torch.manual_seed(seed); y = F.dropout(x, p, training)}, and the keep mask of that same
     * draw: {@code torch.manual_seed(seed); F.dropout(torch.ones_like(x), p, training) != 0}. A
     * dropout draw depends on the generator's state and x's shape, dtype and device only, never on
     * x's values, so reseeding repeats it; the mask is computed apart from x and carries no
     * gradient. p reaches libtorch as a double: DJL's {@code NDArrayEx.dropout} would round it to
     * float and shift 1/(1 − p) by up to 6e-8 relative.
     */
    public static Dropped seededDropout(NDArray x, double p, boolean training, long seed) {
        synchronized (GENERATOR) {
            JniUtils.setSeed(seed);
            NDArray y = JniUtils.dropout((PtNDArray) x, p, training);
            JniUtils.setSeed(seed);
            NDArray kept = JniUtils.dropout((PtNDArray) x.onesLike(), p, training);
            return new Dropped(y, kept.neq(0).toType(x.getDataType(), false));
        }
    }

    /** torch.sigmoid. */
    public static NDArray sigmoid(NDArray z) {
        return z.getNDArrayInternal().sigmoid();
    }

    /** torch.relu. */
    public static NDArray relu(NDArray z) {
        return z.getNDArrayInternal().relu();
    }

    /** torch.nn.functional.softplus (β = 1): log(1 + e^z), with libtorch's threshold 20. */
    public static NDArray softplus(NDArray z) {
        return z.getNDArrayInternal().softPlus();
    }

    /** torch.logsumexp(z, axis): max-shifted as torch does; −∞ rows stay −∞. */
    public static NDArray logsumexp(NDArray z, int axis) {
        NDArray m = z.max(new int[] {axis}, true);
        NDArray finiteM = NDArrays.where(m.isInfinite(), m.zerosLike(), m);
        return z.sub(finiteM).exp().sum(new int[] {axis}).log().add(finiteM.squeeze(axis));
    }

    /** torch.heaviside(z, 1): 1 where z ≥ 0, else 0 (NaN stays NaN). */
    public static NDArray heaviside(NDArray z) {
        NDArray step = z.gte(0).toType(z.getDataType(), false);
        return NDArrays.where(z.isNaN(), z, step);
    }

    /** The activation with the catalog's code ({@link Activation}: 0 identity, 1 sigmoid, 2 tanh, 3 relu). */
    public static NDArray activation(int code, NDArray z) {
        return switch (Activation.ofCode(code)) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> z.tanh();
            case RELU -> relu(z);
        };
    }

    /** The integer value of a scalar input (a code, a label count, a step number). */
    public static int code(NDArray a) {
        return (int) Math.rint(TorchForm.scalar(a));
    }

    /** A tensor of labels as int64 indices, as torch's index-taking ops want them. */
    public static NDArray indices(NDArray labels) {
        return labels.toType(DataType.INT64, false);
    }
}
