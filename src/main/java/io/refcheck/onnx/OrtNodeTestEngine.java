package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime (CPU) as a node-test engine: the model bytes go to an {@link OrtSession} as they
 * are, inputs become ORT tensors of their ONNX type (float, double, int32, int64, bool), and the
 * graph outputs come back as {@link io.refcheck.onnx.OnnxTensor}s. Sessions, options, input
 * tensors and results are closed after every run. Besides the outputs, the values it can show are
 * the inputs, initializers and Constant outputs (ORT does not expose intermediate values).
 */
final class OrtNodeTestEngine implements NodeTestEngine {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public Run run(byte[] modelBytes, ModelProto model, Map<String, OnnxTensor> feeds) throws OrtException {
        Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession session = env.createSession(modelBytes, options)) {
                Map<String, ai.onnxruntime.OnnxTensor> inputs = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, OnnxTensor> feed : feeds.entrySet()) {
                        inputs.put(feed.getKey(), OrtTensors.toOrt(env, feed.getKey(), feed.getValue()));
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        for (ValueInfoProto out : model.getGraph().getOutputList()) {
                            Optional<OnnxValue> value = result.get(out.getName());
                            if (value.isEmpty() || !(value.get() instanceof ai.onnxruntime.OnnxTensor tensor)) {
                                throw new IllegalStateException("onnxruntime returned no tensor for graph output '" + out.getName() + "'");
                            }
                            outputs.put(out.getName(), OrtTensors.fromOrt(out.getName(), tensor));
                        }
                    }
                } finally {
                    inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
                }
            }
        }
        Map<String, OnnxTensor> values = new LinkedHashMap<>(NodeTestRunner.constantsOf(model));
        values.putAll(feeds);
        values.putAll(outputs);
        return new Run(outputs, values);
    }

}
