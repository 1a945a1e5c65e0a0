package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How PyTorch computes a formula, written with DJL's NDArray API (each call runs the libtorch
 * kernel of the same name), composed as a PyTorch user would where PyTorch has no single op.
 * Inputs arrive by port name in the engine's dtype; hyperparameters are scalar arrays
 * ({@link #scalar}). Outputs are returned by output name.
 */
@FunctionalInterface
public interface TorchForm {

    Map<String, NDArray> apply(Map<String, NDArray> inputs);

    /** A form with one output. */
    static TorchForm single(String output, Function<Map<String, NDArray>, NDArray> f) {
        return in -> {
            Map<String, NDArray> out = new LinkedHashMap<>();
            out.put(output, f.apply(in));
            return out;
        };
    }

    /** The value of a scalar (hyperparameter) input as a double. */
    static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }
}
