package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;

import io.refcheck.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The softmax family's vector–Jacobian products reject a cotangent whose shape is not that of s, naming it. */
class ActivationsArgumentsTest {
    @Test
    void softmaxVjpsRejectACotangentOfAnotherShapeThanS() {
        Tensor s = Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0.25, 0.75});
        // more elements than s: without the check the extra ones would be ignored; fewer: an index error
        for (Tensor c : new Tensor[] {Tensor.zeros(2, 3), Tensor.zeros(1, 2)}) {
            assertRejects("c", "must equal the shape of s", () -> Activations.softmaxVjp(s, c));
            assertRejects("c", "must equal the shape of s", () -> Activations.logSoftmaxVjp(s, c));
        }
    }
}
