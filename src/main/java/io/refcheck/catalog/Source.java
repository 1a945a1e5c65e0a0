package io.refcheck.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an entry's formula comes from, as {@link Formula#sources()} labels it. The sources S0–S4 are
 * five Chinese-language tutorial pages on the mathematics of neural-network training; the catalog
 * implements what they state, corrects what they get wrong ({@link Erratum}) and adds what a stable
 * implementation of them needs.
 */
public enum Source {
    S0("S0", "source page S0: linear map, activation, MSE, cross-entropy, backprop chain, SGD"),
    S1("S1", "source page S1: losses, optimisers (GD, SGD, Adam), activations, a one-hidden-layer net "
            + "output = softmax(W2 tanh(W1 input + b1) + b2) and its hand-written deltas"),
    S2("S2", "source page S2: KL divergence, cross-entropy, sigmoid + binary CE, one-hot + multi-class CE, Lp norms, "
            + "MSE, MAE, gradient descent, back-propagation with deltas, sigmoid vs ReLU derivatives, SGD on mini-batches"),
    S3("S3", "source page S3: M-P neuron, perceptron, XOR, MLP (4→5→3), linear collapse without activations, "
            + "sigmoid/tanh/ReLU, chain rule, loss/cost/objective, MSE, CE, self-information, entropy, KL, softmax, "
            + "Gaussian init and the 3σ rule, L1/L2 regularisation, weight decay, dropout"),
    S4("S4", "source page S4: layer sizes n[l], gradient descent on a 2-layer net with vectorised formulas (dZ, dW, db), "
            + "random initialisation ×0.01, zero-init symmetry"),
    /** Not in the sources: what a numerically stable cross-entropy from logits is built on. */
    STABLE_CE("needed for stable CE", "not in the sources: the building block of a cross-entropy from logits that "
            + "neither overflows nor loses digits (log-softmax, logsumexp with the max shifted out)");

    private final String label;
    private final String meaning;

    Source(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** The label entries use: "S0" … "S4", "needed for stable CE". */
    public String label() {
        return label;
    }

    /** What the source is and what it covers, in a sentence. */
    public String meaning() {
        return meaning;
    }

    /** The source labelled {@code label}, if there is one. */
    public static Optional<Source> byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }
}
