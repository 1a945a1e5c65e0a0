package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Map;

/** An engine that runs a node-test model on one data set's inputs. */
interface NodeTestEngine {
    /** "java" or "onnxruntime", as in {@link NodeTestResult#engine()}. */
    String name();

    /**
     * Runs the model.
     *
     * @param modelBytes the model file's bytes
     * @param model      the same, parsed
     * @param feeds      the graph inputs that are not initializers, by name
     * @return the graph outputs, and the values the engine can show besides them (for checking
     *         random outputs by their contract)
     * @throws Exception any failure of the engine, reported as the case's ERROR reason
     */
    Run run(byte[] modelBytes, ModelProto model, Map<String, OnnxTensor> feeds) throws Exception;

    /** The outputs by graph-output name, and every value known to the engine (inputs, constants, …). */
    record Run(Map<String, OnnxTensor> outputs, Map<String, OnnxTensor> values) {
    }
}
