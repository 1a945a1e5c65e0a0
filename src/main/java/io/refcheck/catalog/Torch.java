package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.refcheck.formulas.Activation;
import java.util.Objects;

/**
 * PyTorch building blocks for {@link TorchForm}s that DJL's NDArray does not expose under
 * PyTorch's own name. Each composes libtorch kernels the way PyTorch itself defines the op.
 */
public final class Torch {
    private Torch() {
    }

    /** Guards libtorch's global generator from seeding until the last draw of one seeded dropout. */
    private static final Object GENERATOR = new Object();

    private static volatile Runnable beforeBackward = () -> { };

    /**
     * A constant as a tensor that lives until x's manager closes: {@code x.mul(constant(x, 2))}
     * where {@code x.mul(2)} would do in PyTorch. DJL's NDArray methods that take a {@code Number}
     * (mul, div, maximum, minimum, pow, …) wrap it in a tensor over a direct buffer and close that
     * tensor as soon as the op returns, while autograd keeps it as an operand of the backward pass:
     * a garbage collection in between frees its memory, and the gradient is then computed from
     * whatever the allocator put there (0, a subnormal, a sign flipped). So every form that is
     * differentiated takes its constants from here. The value keeps its Java type, as DJL's own
     * wrapping does (an Integer gives an int32 tensor, a Double a float64 one), so type promotion,
     * and with it every result, is the same.
     */
    public static NDArray constant(NDArray x, Number value) {
        return x.getManager().create(value);
    }

    /**
     * {@code gc.backward(target)}, the one way refcheck starts a backward pass, after the hook
     * {@link #beforeBackward(Runnable)} sets. The test that proves every form keeps its operands
     * alive collects garbage there.
     */
    public static void backward(GradientCollector gc, NDArray target) {
        beforeBackward.run();
        gc.backward(target);
    }

    /**
     * Sets what runs before every backward pass refcheck starts (nothing by default) and returns
     * the previous hook.
     */
    public static Runnable beforeBackward(Runnable hook) {
        Runnable previous = beforeBackward;
        beforeBackward = Objects.requireNonNull(hook);
        return previous;
    }

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
