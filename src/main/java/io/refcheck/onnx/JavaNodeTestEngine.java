package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plain-Java {@link OnnxEvaluator} as a node-test engine; every intermediate value is visible. */
final class JavaNodeTestEngine implements NodeTestEngine {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public Run run(byte[] modelBytes, ModelProto model, Map<String, OnnxTensor> feeds) {
        OnnxEvaluator evaluator = new OnnxEvaluator(model);
        Map<String, OnnxTensor> values = evaluator.evaluateAll(feeds);
        Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
        for (String name : evaluator.outputNames()) {
            OnnxTensor v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("graph output '" + name + "' is not computed by any node");
            }
            outputs.put(name, v);
        }
        return new Run(outputs, values);
    }
}
