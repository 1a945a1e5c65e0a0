package io.refcheck.onnx;

import java.util.List;

/**
 * One ONNX operator of the plain-Java evaluator: the node's outputs (in the node's output order,
 * null for an optional output it did not compute) from its inputs and attributes. Float outputs
 * are rounded to float32 by the evaluator afterwards, so an operator computes in double.
 */
@FunctionalInterface
interface Operator {
    List<OnnxTensor> apply(OnnxNode node);

    /** An operator together with the first opset version of its domain that defines it. */
    record Spec(int since, Operator operator) {
    }
}
