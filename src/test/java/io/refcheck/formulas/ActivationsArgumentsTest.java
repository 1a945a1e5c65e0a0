package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;

import io.refcheck.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The softmax family's vector–Jacobian products reject a cotangent whose shape is not that of s, and
 * an s that softmax(z) could not have produced, naming the argument.
 */
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

    @Test
    void softmaxVjpsRejectAnSWithoutRowsAsSoftmaxRejectsSuchZ() {
        // an empty last axis: without the check, a division by zero rows (ArithmeticException)
        Tensor emptyRows = Tensor.zeros(2, 0);
        assertRejects("s", "last axis must not be empty", () -> Activations.softmaxVjp(emptyRows, emptyRows));
        assertRejects("s", "last axis must not be empty", () -> Activations.logSoftmaxVjp(emptyRows, emptyRows));
        Tensor scalar = Tensor.scalar(1);
        assertRejects("s", "must have rank >= 1", () -> Activations.softmaxVjp(scalar, scalar));
        assertRejects("s", "must have rank >= 1", () -> Activations.logSoftmaxVjp(scalar, scalar));
        assertRejects("z", "last axis must not be empty", () -> Activations.softmax(emptyRows));
    }
}
