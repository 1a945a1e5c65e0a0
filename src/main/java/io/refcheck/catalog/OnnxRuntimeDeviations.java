package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Arrays;

/**
 * What ONNX Runtime gives instead of PyTorch's IEEE result where several entries meet the same
 * operator at the same edge: the {@link BadInput.Deviation}s they record, with the reason once.
 */
final class OnnxRuntimeDeviations {
    private OnnxRuntimeDeviations() {
    }

    /**
     * ReduceMean over zero elements: ONNX leaves the mean of an empty set undefined (onnx/onnx#5568,
     * "Clarify reduction behavior for an empty set of values"), and ONNX Runtime gives 0 in every
     * element of {@code outputs}, where PyTorch's mean is 0/0 = nan.
     */
    static BadInput.Deviation meanOfNothingIsZero(String... outputs) {
        return BadInput.Deviation.onnxRuntime("the form's ReduceMean over zero elements gives 0: ONNX leaves the mean of an empty set "
                + "undefined (onnx/onnx#5568), PyTorch's is 0/0 = nan", out -> Arrays.stream(outputs)
                .allMatch(name -> Arrays.stream(out.get(name).toArray()).allMatch(v -> v == 0)));
    }

    /** Every element of {@code name} is 0 or 1 and it has {@code n} elements: a step's output, whatever it stepped. */
    static boolean stepsOf(Tensors out, String name, int n) {
        return out.get(name).size() == n && Arrays.stream(out.get(name).toArray()).allMatch(v -> v == 0 || v == 1);
    }
}
