package io.refcheck.catalog;

/**
 * How a catalog formula is written as an ONNX graph, for ONNX Runtime and the golden data. A form
 * reads the inputs through the {@link Onnx} builder it is given ({@link Onnx#input},
 * {@link Onnx#index}, {@link Onnx#scalarDouble}), which knows the sample's input names and shapes
 * and the element type (FLOAT or DOUBLE), adds its nodes, and names every entry output with
 * {@link Onnx#output}. See {@link Onnx} for the conventions on inputs, codes and output names.
 */
@FunctionalInterface
public interface OnnxForm {

    void define(Onnx graph);

    /** ONNX Runtime has no kernel for some operator of the form in this dtype ("float32" or "float64"), for the stated reason. */
    record Gap(String dtype, String reason) {
        public static Gap float64(String reason) {
            return new Gap("float64", reason);
        }

        public static Gap float32(String reason) {
            return new Gap("float32", reason);
        }
    }
}
