package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One node being evaluated: its proto, the opset version of its domain, its input values (null
 * for an absent optional input) and typed access to its attributes. {@link #error} builds the
 * IllegalArgumentException every operator throws, prefixed with the node's position and type.
 */
final class OnnxNode {
    private final NodeProto proto;
    private final int index;
    private final int opset;
    private final List<OnnxTensor> inputs;

    OnnxNode(NodeProto proto, int index, int opset, List<OnnxTensor> inputs) {
        this.proto = proto;
        this.index = index;
        this.opset = opset;
        this.inputs = inputs;
    }

    String op() {
        return proto.getOpType();
    }

    /** The opset version of the node's domain imported by the model. */
    int opset() {
        return opset;
    }

    int inputCount() {
        return inputs.size();
    }

    int outputCount() {
        return proto.getOutputCount();
    }

    /** Whether output i is requested (named) by the node. */
    boolean wantsOutput(int i) {
        return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty();
    }

    boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    /** Required input i. */
    OnnxTensor input(int i) {
        if (!has(i)) {
            throw error("input " + i + " is required");
        }
        return inputs.get(i);
    }

    /** Required input i, which must be of a floating type (float or double). */
    OnnxTensor floatingInput(int i) {
        OnnxTensor t = input(i);
        if (t.type() != DataType.FLOAT && t.type() != DataType.DOUBLE) {
            throw error("input " + i + " is " + t.type() + "; " + op() + " takes float or double");
        }
        return t;
    }

    /** Required input i, which must be float, double, int32 or int64. */
    OnnxTensor numericInput(int i) {
        OnnxTensor t = input(i);
        if (!isNumeric(t.type())) {
            throw error("input " + i + " is " + t.type() + "; " + op() + " takes float, double, int32 or int64");
        }
        return t;
    }

    static boolean isNumeric(DataType type) {
        return type == DataType.FLOAT || type == DataType.DOUBLE || type == DataType.INT32 || type == DataType.INT64;
    }

    /** Required input i, which must hold exactly one element; returns it. */
    double scalarInput(int i, String name) {
        OnnxTensor t = input(i);
        if (t.values().size() != 1) {
            throw error(name + " (input " + i + ") must hold one element, shape " + Arrays.toString(t.values().shape()));
        }
        return t.values().at(0);
    }

    List<OnnxTensor> inputs() {
        return inputs;
    }

    Optional<AttributeProto> attribute(String name) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    double floatAttribute(String name, double fallback) {
        Optional<AttributeProto> a = attribute(name);
        if (a.isEmpty()) {
            return fallback;
        }
        if (a.get().getType() != AttributeProto.AttributeType.FLOAT) {
            throw error("attribute " + name + " must be a FLOAT, is " + a.get().getType());
        }
        return a.get().getF();
    }

    /** A required FLOAT attribute. */
    double floatAttribute(String name) {
        if (!hasAttribute(name)) {
            throw error("attribute " + name + " is required");
        }
        return floatAttribute(name, Double.NaN);
    }

    long intAttribute(String name, long fallback) {
        Optional<AttributeProto> a = attribute(name);
        if (a.isEmpty()) {
            return fallback;
        }
        if (a.get().getType() != AttributeProto.AttributeType.INT) {
            throw error("attribute " + name + " must be an INT, is " + a.get().getType());
        }
        return a.get().getI();
    }

    /** An INTS attribute, or empty when absent. */
    Optional<long[]> intsAttribute(String name) {
        Optional<AttributeProto> a = attribute(name);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (a.get().getType() != AttributeProto.AttributeType.INTS) {
            throw error("attribute " + name + " must be INTS, is " + a.get().getType());
        }
        return Optional.of(a.get().getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    String stringAttribute(String name, String fallback) {
        Optional<AttributeProto> a = attribute(name);
        if (a.isEmpty()) {
            return fallback;
        }
        if (a.get().getType() != AttributeProto.AttributeType.STRING) {
            throw error("attribute " + name + " must be a STRING, is " + a.get().getType());
        }
        return a.get().getS().toStringUtf8();
    }

    /** "node 3 (Softmax 'sm', opset 13)", the prefix of every message about this node. */
    String describe() {
        String domain = proto.getDomain().isEmpty() ? "" : proto.getDomain() + ".";
        String name = proto.getName().isEmpty() ? "" : " '" + proto.getName() + "'";
        return "node " + index + " (" + domain + op() + name + ", opset " + opset + ")";
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(describe() + ": " + message);
    }
}
