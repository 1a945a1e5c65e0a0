package io.refcheck.onnx;

/**
 * The result of one ONNX node-test case on one engine.
 *
 * @param caseName  the case folder's name (or path relative to the root given)
 * @param engine    "java" (the plain-Java evaluator) or "onnxruntime"
 * @param status    "PASS", "FAIL" or "ERROR"
 * @param reason    why it failed or erred, or a note (e.g. Dropout checked by its contract)
 * @param maxAbsError the largest absolute error over all outputs (NaN if none compared)
 * @param maxRelError the largest relative error over all outputs (NaN if none compared)
 */
public record NodeTestResult(String caseName, String engine, String status, String reason, double maxAbsError,
                             double maxRelError) {
    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    public static final String ERROR = "ERROR";

    public boolean passed() {
        return PASS.equals(status);
    }
}
