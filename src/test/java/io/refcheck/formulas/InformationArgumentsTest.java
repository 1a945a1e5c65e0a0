package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;

import io.refcheck.formulas.Rejections.Case;
import io.refcheck.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every argument check of the vector–Jacobian products of {@link Information}, one bad argument at a time: a
 * distribution off the simplex and a cotangent of the wrong shape are rejected naming them (without the check
 * the product is computed from them, reading the cotangent by row).
 */
class InformationArgumentsTest {
    private static final Tensor P = Tensor.matrix(new double[] {0.25, 0.75});
    private static final Tensor Q = Tensor.matrix(new double[] {0.5, 0.5});
    private static final Tensor OFF = Tensor.matrix(new double[] {0.5, 0.6});
    private static final Tensor C = Tensor.vector(1);
    private static final Tensor WRONG_C = Tensor.vector(1, 2);

    private static Stream<DynamicTest> run(Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c.toString(), () -> assertRejects(c.argument(), c.rule(), c.call())));
    }

    @TestFactory
    Stream<DynamicTest> vectorJacobianProductsRejectDistributionsOffTheSimplexAndCotangentsOfTheWrongShape() {
        String simplex = "every row must lie on the probability simplex";
        String rowShape = "must be the row shape [1]";
        return run(
                new Case("p", "every element must be a probability", () -> Information.selfInformationVjp(Tensor.vector(1.5), Tensor.vector(1))),
                new Case("c", "must equal the shape of p", () -> Information.selfInformationVjp(Tensor.vector(0.5), Tensor.vector(1, 1))),
                new Case("p", simplex, () -> Information.entropyVjp(OFF, C)),
                new Case("c", rowShape, () -> Information.entropyVjp(P, WRONG_C)),
                new Case("p", simplex, () -> Information.crossEntropyVjpP(OFF, Q, C)),
                new Case("c", rowShape, () -> Information.crossEntropyVjpP(P, Q, WRONG_C)),
                new Case("q", simplex, () -> Information.crossEntropyVjpQ(P, OFF, C)),
                new Case("c", rowShape, () -> Information.crossEntropyVjpQ(P, Q, WRONG_C)),
                new Case("p", simplex, () -> Information.klDivergenceVjpP(OFF, Q, C)),
                new Case("c", rowShape, () -> Information.klDivergenceVjpP(P, Q, WRONG_C)),
                new Case("q", simplex, () -> Information.klDivergenceVjpQ(P, OFF, C)),
                new Case("c", rowShape, () -> Information.klDivergenceVjpQ(P, Q, WRONG_C)));
    }
}
