package io.refcheck.onnx;

import io.refcheck.tensor.Dtype;

/**
 * How a catalog formula is written as an ONNX graph, for ONNX Runtime and the golden data. A form
 * reads the inputs through the {@link OnnxGraph} builder it is given ({@link OnnxGraph#input},
 * {@link OnnxGraph#index}, {@link OnnxGraph#scalarDouble}), which knows the sample's input names and shapes
 * and the element type (FLOAT or DOUBLE), adds its nodes, and names every entry output with
 * {@link OnnxGraph#output}. See {@link OnnxGraph} for the conventions on inputs, codes and output names.
 */
@FunctionalInterface
public interface OnnxForm {

    void define(OnnxGraph graph);

    /** ONNX Runtime has no kernel for some operator of the form in this dtype, for the stated reason. */
    record Gap(Dtype dtype, String reason) {
        public static Gap float64(String reason) {
            return new Gap(Dtype.FLOAT64, reason);
        }

        public static Gap float32(String reason) {
            return new Gap(Dtype.FLOAT32, reason);
        }
    }
}
