package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;

/**
 * The elementwise activations a layer may use, with the catalog's one numbering: identity 0,
 * sigmoid 1, tanh 2, relu 3. Every sample that selects an activation carries one of these codes
 * as a scalar (mlp_forward's "activation", chain_rule's "outer" and "inner", delta_hidden's
 * "activation", two_layer_vectorized's and zero_init_symmetry's "hidden"), and the PyTorch forms
 * read the same codes.
 *
 * <p>Values and derivatives are those of {@link Activations}; relu'(0) = 0 as in PyTorch.
 */
public enum Activation {
    IDENTITY(0, "identity"), SIGMOID(1, "sigmoid"), TANH(2, "tanh"), RELU(3, "relu");

    private final int code;
    private final String label;

    Activation(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The number that selects this activation in a catalog sample. */
    public int code() {
        return code;
    }

    /** The name used in docs/catalog.md and by {@link #fromName}: "identity", "sigmoid", "tanh", "relu". */
    public String label() {
        return label;
    }

    /** f(z). */
    public double apply(double z) {
        return switch (this) {
            case IDENTITY -> z;
            case SIGMOID -> Activations.sigmoid(z);
            case TANH -> Activations.tanh(z);
            case RELU -> Activations.relu(z);
        };
    }

    /** f'(z): 1, σ(1−σ), 1 − tanh², 1 if z &gt; 0 else 0 (PyTorch's relu'(0) = 0). */
    public double derivative(double z) {
        return switch (this) {
            case IDENTITY -> 1;
            case SIGMOID -> Activations.sigmoidDerivative(z);
            case TANH -> Activations.tanhDerivative(z);
            case RELU -> Activations.reluDerivative(z);
        };
    }

    /**
     * f''(z): 0 for identity and relu (away from its kink); σ'(z)(1 − 2σ(z)) computed as
     * σ'(z)(σ(−z) − σ(z)); −2 tanh(z)(1 − tanh²(z)).
     */
    public double secondDerivative(double z) {
        return switch (this) {
            case IDENTITY, RELU -> 0;
            case SIGMOID -> Activations.sigmoidDerivative(z) * (Activations.sigmoid(-z) - Activations.sigmoid(z));
            case TANH -> -2 * Math.tanh(z) * Activations.tanhDerivative(z);
        };
    }

    /** f elementwise. */
    public Tensor apply(Tensor z) {
        return z.map(this::apply);
    }

    /** f' elementwise. */
    public Tensor derivative(Tensor z) {
        return z.map(this::derivative);
    }

    /** f'' elementwise. */
    public Tensor secondDerivative(Tensor z) {
        return z.map(this::secondDerivative);
    }

    /**
     * The activation with catalog code {@code code}; any other number is rejected naming "activation".
     *
     * @throws IllegalArgumentException if code is not one of 0 (identity), 1 (sigmoid), 2 (tanh), 3 (relu)
     */
    public static Activation ofCode(double code) {
        return ofCode("activation", code);
    }

    /**
     * The activation whose catalog code is the scalar tensor {@code code}, the sample input named
     * {@code argument}; a tensor that is not a scalar, or any other number, is rejected naming it.
     *
     * @throws IllegalArgumentException if code is not a scalar, or its value is not one of 0 (identity), 1 (sigmoid), 2
     *         (tanh), 3 (relu)
     */
    public static Activation fromCode(String argument, Tensor code) {
        Require.scalar(argument, code);
        return ofCode(argument, code.item());
    }

    private static Activation ofCode(String argument, double code) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException(argument + ": must be one of 0 (identity), 1 (sigmoid), 2 (tanh), 3 (relu), got " + code);
    }

    /**
     * The activation named {@code name} ("identity", "sigmoid", "tanh", "relu"); anything else is rejected naming
     * {@code argument}.
     *
     * @throws IllegalArgumentException if name is not one of identity, sigmoid, tanh, relu
     */
    public static Activation fromName(String argument, String name) {
        for (Activation a : values()) {
            if (a.label.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(argument + ": unknown activation '" + name
                + "'; expected identity, sigmoid, tanh or relu");
    }
}
