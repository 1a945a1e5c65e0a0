package io.refcheck.check;

/**
 * Where the expected side of a comparison came from, so that every "expected" in a failure reason
 * says whose number the engine was held to. {@link Comparison#of(io.refcheck.tensor.Tensor,
 * io.refcheck.tensor.Tensor, Expected, double, double)} writes it into the reason; a check that
 * builds its reason without a Comparison calls {@link #expected(Object)}.
 */
public enum Expected {
    /** The reference engine's output or analytic gradient (Formula.compute / vjp) on the same input. */
    PLAIN_JAVA("plain Java"),
    /** Central differences with one Richardson step, of the engine's own outputs ({@link GradientCheck}). */
    FINITE_DIFFERENCES("finite differences"),
    /** Forward-mode derivatives of the entry's scalar form (commons-math3 DerivativeStructure). */
    DERIVATIVE_STRUCTURE("DerivativeStructure"),
    /** A worked example of the catalog entry: inputs and outputs written down from the sources. */
    WORKED_EXAMPLE("worked example"),
    /** What PyTorch returned on one of the entry's bad inputs (golden-data/pytorch-python). */
    PYTORCH_BAD_INPUT("PyTorch's bad-input result"),
    /** The outputs an entry's contract expects from the engine's own random draw (dropout's mask). */
    CONTRACT("the entry's contract, on the engine's own draw"),
    /** The gradient or value at a kink under the alternative convention the engine declares. */
    KINK_CONVENTION("the declared kink convention"),
    /** The high-precision oracle (BigDecimal), rounded to double. */
    ORACLE("oracle"),
    /** ONNX Runtime's outputs frozen in golden-data/onnxruntime. */
    GOLDEN_ONNX_RUNTIME("golden data, ONNX Runtime"),
    /** PyTorch's outputs frozen in golden-data/pytorch-python. */
    GOLDEN_PYTORCH("golden data, PyTorch");

    private final String label;

    Expected(String label) {
        this.label = label;
    }

    /** The source in words: "plain Java", "finite differences", … */
    public String label() {
        return label;
    }

    /** "expected (plain Java) 0.25": the phrase every failure reason uses for the expected side. */
    public String expected(Object value) {
        return "expected (" + label + ") " + value;
    }
}
