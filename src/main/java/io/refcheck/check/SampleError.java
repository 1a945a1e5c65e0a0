package io.refcheck.check;

import io.refcheck.catalog.Formula;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * The error of one sample (or worked example) in a "value" or "gradient" check, next to the size
 * of the input it was measured on: what a report plots to show how an engine's error grows with
 * the input. A {@link CheckResult} row keeps only the worst of these.
 *
 * @param inputMagnitude the largest finite |x| over the sample's data inputs as the engine saw them
 *                       (differentiable ports and every tensor of rank ≥ 1; scalar hyperparameters
 *                       such as a learning rate are left out); 0 when every such element is 0
 * @param maxAbsError    the largest |actual − expected| over every output element of the sample
 * @param maxRelError    the largest |actual − expected| / |expected| (∞ where expected is 0 and actual is not)
 * @param pass           whether every element was within tolerance
 */
public record SampleError(String id, String engine, Dtype dtype, String device, Check check, double inputMagnitude,
                          double maxAbsError, double maxRelError, long maxUlp, boolean pass) {

    static SampleError of(Formula f, String engine, Dtype dtype, String device, Check check, Tensors inputs,
                          Comparison c) {
        return new SampleError(f.id(), engine, dtype, device, check, magnitude(f, inputs), c.maxAbsError(),
                c.maxRelError(), c.maxUlp(), c.pass());
    }

    /** max |x| over the finite elements of the data inputs (see {@link #inputMagnitude()}). */
    public static double magnitude(Formula f, Tensors inputs) {
        double m = 0;
        for (String name : inputs.names()) {
            Tensor t = inputs.get(name);
            if (t.rank() == 0 && !f.differentiableInputs().contains(name)) {
                continue;
            }
            for (int i = 0; i < t.size(); i++) {
                double x = Math.abs(t.at(i));
                if (x > m && x != Double.POSITIVE_INFINITY) {
                    m = x;
                }
            }
        }
        return m;
    }
}
