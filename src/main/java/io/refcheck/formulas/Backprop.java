package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;

/**
 * TEMPORARY stub so that the h5 branch compiles: the back-propagation family is written in
 * parallel by another helper, whose {@code Backprop} replaces this file at merge. Same signature,
 * a straightforward implementation of S4's vectorised two-layer gradients.
 */
public final class Backprop {
    private Backprop() {
    }

    /** The gradients of mean BCE for a two-layer net, and the activations A1, A2 of the forward pass. */
    public record TwoLayerGradients(Tensor dW1, Tensor db1, Tensor dW2, Tensor db2, Tensor A1, Tensor A2) {
    }

    /**
     * S4 (column layout, sigmoid output, mean BCE): Z1 = W1 X + b1, A1 = g(Z1), Z2 = W2 A1 + b2,
     * A2 = σ(Z2); dZ2 = A2 − Y; dW2 = (1/m) dZ2 A1ᵀ; db2 = (1/m) Σ_cols dZ2;
     * dZ1 = W2ᵀ dZ2 ⊙ g'(Z1); dW1 = (1/m) dZ1 Xᵀ; db1 = (1/m) Σ_cols dZ1.
     */
    public static TwoLayerGradients twoLayerVectorized(Tensor X, Tensor Y, Tensor W1, Tensor b1, Tensor W2, Tensor b2,
                                                       String hidden) {
        double m = X.dim(1);
        Tensor z1 = Matrices.addColumnVector(Matrices.matmul("W1", W1, "X", X), "b1", b1);
        Tensor a1 = switch (hidden) {
            case "tanh" -> Activations.tanh(z1);
            case "sigmoid" -> Activations.sigmoid(z1);
            case "relu" -> Activations.relu(z1);
            default -> throw new IllegalArgumentException("hidden: must be one of tanh, sigmoid, relu, got " + hidden);
        };
        Tensor derivative = switch (hidden) {
            case "tanh" -> z1.map(Activations::tanhDerivative);
            case "sigmoid" -> z1.map(Activations::sigmoidDerivative);
            default -> z1.map(Activations::reluDerivative);
        };
        Tensor z2 = Matrices.addColumnVector(Matrices.matmul("W2", W2, "A1", a1), "b2", b2);
        Tensor a2 = Activations.sigmoid(z2);
        Tensor dz2 = Matrices.subtract(a2, Y);
        Tensor dw2 = Matrices.scale(Matrices.matmul("dZ2", dz2, "A1T", Matrices.transpose(a1)), 1 / m);
        Tensor db2 = Matrices.scale(Matrices.sumColumns(dz2), 1 / m);
        Tensor dz1 = Matrices.hadamard(Matrices.matmul("W2T", Matrices.transpose(W2), "dZ2", dz2), derivative);
        Tensor dw1 = Matrices.scale(Matrices.matmul("dZ1", dz1, "XT", Matrices.transpose(X)), 1 / m);
        Tensor db1 = Matrices.scale(Matrices.sumColumns(dz1), 1 / m);
        return new TwoLayerGradients(dw1, db1, dw2, db2, a1, a2);
    }
}
