package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Tensor;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The blocked matrix products of {@link Matrices}: every entry is the sum in index order, whatever
 * the blocking, so they equal a plain triple loop bit for bit; the transposed variants equal the
 * product of explicitly transposed operands; IEEE values and empty dimensions behave as
 * torch.matmul.
 */
class MatricesTest {
    private static Tensor gaussian(Random r, int rows, int columns) {
        double[] d = new double[rows * columns];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * Math.exp(4 * r.nextGaussian());
        }
        return Tensor.wrap(new int[] {rows, columns}, d);
    }

    /** c_ij = ((a_i0 b_0j + a_i1 b_1j) + …) in index order, one rounding per operation. */
    private static Tensor tripleLoop(Tensor a, Tensor b) {
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = s + a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = s;
            }
        }
        return Tensor.wrap(new int[] {m, n}, c);
    }

    @Test
    void blockedProductsEqualTheIndexOrderTripleLoopAcrossPanelEdges() {
        Random r = new Random(6);
        // inner dimensions below, at and across the 128-row panels and the 4-wide unrolling; n across the 256-column panels
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {5, 128, 9}, {7, 131, 300}, {4, 260, 257}, {2, 0, 3}, {0, 4, 2}};
        for (int[] s : shapes) {
            Tensor a = gaussian(r, s[0], s[1]);
            Tensor b = gaussian(r, s[1], s[2]);
            Tensor expected = tripleLoop(a, b);
            assertEquals(expected, Matrices.matmul(a, b), () -> "A B for " + Arrays.toString(s));
            assertEquals(expected, Matrices.matmulTransposedA("A", Matrices.transpose(a), "B", b), "Aᵀ B");
            assertEquals(expected, Matrices.matmulTransposedB("A", a, "B", Matrices.transpose(b)), "A Bᵀ");
        }
    }

    /** The value of {@code kernel} with the {@value RowBlocks#PROPERTY} system property set to {@code threads}. */
    static <T> T withThreads(int threads, Supplier<T> kernel) {
        String before = System.getProperty(RowBlocks.PROPERTY);
        System.setProperty(RowBlocks.PROPERTY, Integer.toString(threads));
        try {
            return kernel.get();
        } finally {
            if (before == null) {
                System.clearProperty(RowBlocks.PROPERTY);
            } else {
                System.setProperty(RowBlocks.PROPERTY, before);
            }
        }
    }

    @Test
    void productsSplitOverThreadsAreIdenticalBitForBit() {
        Random r = new Random(8);
        Tensor a = gaussian(r, 67, 300);
        Tensor b = gaussian(r, 300, 257);
        Tensor one = withThreads(1, () -> Matrices.matmul(a, b));
        assertEquals(one, withThreads(2, () -> Matrices.matmul(a, b)));
        assertEquals(one, withThreads(3, () -> Matrices.matmulTransposedA("A", Matrices.transpose(a), "B", b)));
        assertEquals(tripleLoop(a, b), one);
    }

    @Test
    void productsStayWithinTheClassicalBoundOfHigham() {
        // |Ĉ − C| ≤ γ_k |A||B|, measured against the exact sum of the exact products (BigDecimal)
        Random r = new Random(7);
        int k = 1000;
        Tensor a = gaussian(r, 3, k);
        Tensor b = gaussian(r, k, 4);
        Tensor c = Matrices.matmul(a, b);
        double gamma = k * 0x1p-53 / (1 - k * 0x1p-53);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    exact = exact.add(new BigDecimal(a.get(i, p)).multiply(new BigDecimal(b.get(p, j))));
                    magnitude += Math.abs(a.get(i, p) * b.get(p, j));
                }
                double error = Math.abs(new BigDecimal(c.get(i, j)).subtract(exact).doubleValue());
                assertTrue(error <= gamma * magnitude, "c[" + i + "," + j + "] errs by " + error + " > γ_k·|A||B| = " + gamma * magnitude);
            }
        }
    }

    @Test
    void nanAndInfinityPropagateByIeeeRulesAndZeroTimesInfinityIsNaN() {
        Tensor a = Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {Double.POSITIVE_INFINITY, 0});
        Tensor b = Tensor.matrix(new double[] {1, 0}, new double[] {2, 3});
        Tensor c = Matrices.matmul(a, b);
        assertTrue(Double.isNaN(c.get(0, 0)) && Double.isNaN(c.get(0, 1)), "NaN enters every product of row 0");
        assertEquals(Double.POSITIVE_INFINITY, c.get(1, 0));
        assertTrue(Double.isNaN(c.get(1, 1)), "∞·0 = NaN is not skipped");
        assertEquals(c, Matrices.matmulTransposedA("A", Matrices.transpose(a), "B", b));
        assertEquals(c, Matrices.matmulTransposedB("A", a, "B", Matrices.transpose(b)));
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        assertEquals(Tensor.zeros(2, 3), Matrices.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 3)));
        assertEquals(Tensor.zeros(2, 3), Matrices.matmulTransposedA("A", Tensor.zeros(0, 2), "B", Tensor.zeros(0, 3)));
        assertEquals(Tensor.zeros(2, 3), Matrices.matmulTransposedB("A", Tensor.zeros(2, 0), "B", Tensor.zeros(3, 0)));
    }

    @Test
    void mismatchedInnerDimensionsAreRejectedNamingTheSecondOperand() {
        IllegalArgumentException ab = assertThrows(IllegalArgumentException.class,
                () -> Matrices.matmul("X", Tensor.zeros(2, 3), "W", Tensor.zeros(4, 2)));
        assertTrue(ab.getMessage().startsWith("W: has 4 rows but X has 3 columns"), ab.getMessage());
        IllegalArgumentException atb = assertThrows(IllegalArgumentException.class,
                () -> Matrices.matmulTransposedA("X", Tensor.zeros(3, 2), "C", Tensor.zeros(4, 2)));
        assertTrue(atb.getMessage().startsWith("C: has 4 rows but X has 3 rows"), atb.getMessage());
        IllegalArgumentException abt = assertThrows(IllegalArgumentException.class,
                () -> Matrices.matmulTransposedB("C", Tensor.zeros(2, 3), "W", Tensor.zeros(4, 2)));
        assertTrue(abt.getMessage().startsWith("W: has 2 columns but C has 3 columns"), abt.getMessage());
    }

    @Test
    void operandsThatAreNotMatricesAreRejectedNamingThem() {
        Tensor cube = Tensor.zeros(2, 2, 1);
        Tensor m = Tensor.zeros(2, 2);
        assertRejects("X", "must have rank 2", () -> Matrices.matmul("X", cube, "W", m));
        assertRejects("W", "must have rank 2", () -> Matrices.matmul("X", m, "W", cube));
        assertRejects("X", "must have rank 2", () -> Matrices.matmulTransposedA("X", cube, "C", m));
        assertRejects("C", "must have rank 2", () -> Matrices.matmulTransposedA("X", m, "C", cube));
        assertRejects("C", "must have rank 2", () -> Matrices.matmulTransposedB("C", cube, "W", m));
        assertRejects("W", "must have rank 2", () -> Matrices.matmulTransposedB("C", m, "W", cube));
        assertRejects("a", "must have rank 2", () -> Matrices.transpose(cube));
    }

    @Test
    void aBroadcastVectorOfTheWrongLengthIsRejectedSayingWhatItMustHoldOneOf() {
        Tensor a = Tensor.zeros(2, 3);
        assertRejects("b", "must have 3 entries (one per column)", () -> Matrices.addRowVector(a, "b", Tensor.zeros(2)));
        assertRejects("b", "must have 2 entries (one per row)", () -> Matrices.addColumnVector(a, "b", Tensor.zeros(3)));
    }
}
