package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * The few matrix operations the layer and back-propagation formulas share.
 *
 * <p><b>Products.</b> {@link #matmul} (A B), {@link #matmulTransposedA} (Aᵀ B) and
 * {@link #matmulTransposedB} (A Bᵀ) share one cache-blocked kernel in i-k-j (axpy) order: each
 * row of C is accumulated as c_i ← c_i + a_ip·b_p over panels of B that stay in cache, four
 * values of p per pass, in a loop over j that the JIT compiler vectorises. A transposed operand
 * is read in place (A) or while packing B's panel rows (B); no transposed tensor is formed. Large
 * products split their rows over the threads the {@value RowBlocks#PROPERTY} system property asks
 * for (default 1).
 *
 * <p><b>Accuracy.</b> Every entry c_ij is the recursive sum of a_ip·b_pj in the order
 * p = 0, 1, …, k−1 (whatever the blocking, the shape of C, or which variant computes it), each
 * product and each addition rounded once. By the classical bound (Higham, <i>Accuracy and
 * Stability of Numerical Algorithms</i>, 2nd ed., §3.1, eq. 3.5) the computed product satisfies
 * |Ĉ − C| ≤ γ_k·|A||B| with γ_k = k·u/(1 − k·u), u = 2⁻⁵³: the error bound the catalog's
 * tolerance model already allows every engine ({@code catalog/RoundingScales}: (k + 2)·u·|A||B|).
 * Matrix products are not among the formulas held to an ulp target against the oracle; an entry
 * that cancels (|C| ≪ |A||B|) is as accurate as PyTorch's or BLAS's, not correctly rounded.
 * Because the order is fixed, the three variants agree bit for bit with each other and with the
 * product of explicitly transposed operands, and equal rows of A give equal rows of C.
 *
 * <p><b>IEEE.</b> Nothing is skipped: NaN propagates through every product it enters, ±∞ gives
 * ±∞ or NaN (∞ − ∞, ∞·0) by IEEE rules, and an empty inner dimension gives zeros (the empty sum),
 * as torch.matmul.
 */
public final class Matrices {
    /** Rows of B per panel: a panel of {@value} × {@value #PANEL_COLUMNS} doubles is 256 KiB, within L2. */
    private static final int PANEL_ROWS = 128;
    /** Columns of B (and C) per panel. */
    private static final int PANEL_COLUMNS = 256;

    private Matrices() {
    }

    /**
     * C = A B, with A[m,k] and B[k,n].
     *
     * @throws IllegalArgumentException if a or b does not have rank 2, or b's rows differ from a's columns (the inner
     *         dimensions of the product)
     */
    public static Tensor matmul(String nameA, Tensor a, String nameB, Tensor b) {
        Require.rank(nameA, a, 2);
        Require.rank(nameB, b, 2);
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        if (b.dim(0) != k) {
            throw new IllegalArgumentException(nameB + ": has " + b.dim(0) + " rows but " + nameA + " has " + k
                    + " columns; the inner dimensions of a matrix product must agree");
        }
        return product(a, k, 1, packRows(b, k, n, n, 1), m, k, n);
    }

    /**
     * C = A B, with A[m,k] and B[k,n], the operands named "a" and "b" in messages.
     *
     * @throws IllegalArgumentException if a or b does not have rank 2, or b's rows differ from a's columns (the inner
     *         dimensions of the product)
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul("a", a, "b", b);
    }

    /**
     * C = Aᵀ B, with A[k,m] and B[k,n] (the gradient Xᵀ C of a row-layout weight), reading A in
     * place: the same numbers as {@code matmul(transpose(A), B)}, bit for bit.
     *
     * @throws IllegalArgumentException if a or b does not have rank 2, or b's rows differ from a's rows
     */
    public static Tensor matmulTransposedA(String nameA, Tensor a, String nameB, Tensor b) {
        Require.rank(nameA, a, 2);
        Require.rank(nameB, b, 2);
        int k = a.dim(0);
        int m = a.dim(1);
        int n = b.dim(1);
        if (b.dim(0) != k) {
            throw new IllegalArgumentException(nameB + ": has " + b.dim(0) + " rows but " + nameA + " has " + k
                    + " rows; Aᵀ B needs as many rows in B as in A");
        }
        return product(a, 1, m, packRows(b, k, n, n, 1), m, k, n);
    }

    /**
     * C = A Bᵀ, with A[m,k] and B[n,k] (the input gradient C Wᵀ of a row-layout layer), B's
     * columns packed as rows of the panel: the same numbers as {@code matmul(A, transpose(B))},
     * bit for bit.
     *
     * @throws IllegalArgumentException if a or b does not have rank 2, or b's columns differ from a's columns
     */
    public static Tensor matmulTransposedB(String nameA, Tensor a, String nameB, Tensor b) {
        Require.rank(nameA, a, 2);
        Require.rank(nameB, b, 2);
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(0);
        if (b.dim(1) != k) {
            throw new IllegalArgumentException(nameB + ": has " + b.dim(1) + " columns but " + nameA + " has " + k
                    + " columns; A Bᵀ needs as many columns in B as in A");
        }
        return product(a, k, 1, packRows(b, k, n, 1, k), m, k, n);
    }

    /**
     * The k rows of the right operand as separate arrays of n: row p holds b[p·rowStride +
     * j·columnStride] for j in [0, n). Separate arrays let the kernel index every operand of its
     * inner loop by j alone, which C2 needs to vectorise it.
     */
    private static double[][] packRows(Tensor b, int k, int n, int rowStride, int columnStride) {
        double[][] rows = new double[k][n];
        for (int p = 0; p < k; p++) {
            double[] row = rows[p];
            int at = p * rowStride;
            if (columnStride == 1) {
                for (int j = 0; j < n; j++) {
                    row[j] = b.at(at + j);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    row[j] = b.at(at + j * columnStride);
                }
            }
        }
        return rows;
    }

    /**
     * C[m,n] with c_ij = Σ_p a(i,p)·b[p][j] summed in the order p = 0..k−1, where a(i,p) =
     * a.at(i·aRow + p·aColumn). Loops: panels of B (rows p0..p1, columns j0..j1), then every row i
     * of C, then p four at a time, then j: c_i[j] ← (((c_i[j] + a₀b₀[j]) + a₁b₁[j]) + a₂b₂[j]) + a₃b₃[j],
     * exactly the sequential order. Rows of C are independent: {@link RowBlocks} may share them out
     * among threads without changing a bit.
     */
    private static Tensor product(Tensor a, int aRow, int aColumn, double[][] b, int m, int k, int n) {
        double[][] c = new double[m][n];
        RowBlocks.run(m, (long) k * n, (from, to) -> {
            for (int p0 = 0; p0 < k; p0 += PANEL_ROWS) {
                int p1 = Math.min(k, p0 + PANEL_ROWS);
                for (int j0 = 0; j0 < n; j0 += PANEL_COLUMNS) {
                    int j1 = Math.min(n, j0 + PANEL_COLUMNS);
                    for (int i = from; i < to; i++) {
                        double[] ci = c[i];
                        int p = p0;
                        for (; p + 4 <= p1; p += 4) {
                            int at = i * aRow + p * aColumn;
                            accumulate4(ci, a.at(at), b[p], a.at(at + aColumn), b[p + 1],
                                    a.at(at + 2 * aColumn), b[p + 2], a.at(at + 3 * aColumn), b[p + 3], j0, j1);
                        }
                        for (; p < p1; p++) {
                            accumulate1(ci, a.at(i * aRow + p * aColumn), b[p], j0, j1);
                        }
                    }
                }
            }
        });
        double[] flat = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(c[i], 0, flat, i * n, n);
        }
        return Tensor.wrap(new int[] {m, n}, flat);
    }

    /** c[j] ← (((c[j] + a0·b0[j]) + a1·b1[j]) + a2·b2[j]) + a3·b3[j] for j in [from, to). */
    private static void accumulate4(double[] c, double a0, double[] b0, double a1, double[] b1,
                                    double a2, double[] b2, double a3, double[] b3, int from, int to) {
        for (int j = from; j < to; j++) {
            c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** c[j] ← c[j] + a·b[j] for j in [from, to). */
    private static void accumulate1(double[] c, double a, double[] b, int from, int to) {
        for (int j = from; j < to; j++) {
            c[j] = c[j] + a * b[j];
        }
    }

    /**
     * Aᵀ for a matrix.
     *
     * @throws IllegalArgumentException if a does not have rank 2
     */
    public static Tensor transpose(Tensor a) {
        Require.rank("a", a, 2);
        int m = a.dim(0);
        int n = a.dim(1);
        double[] d = a.toArray();
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j * m + i] = d[i * n + j];
            }
        }
        return Tensor.wrap(new int[] {n, m}, t);
    }

    /**
     * A + b with b broadcast along rows: b has one entry per column of A (shape [n] or [1,n]).
     *
     * @throws IllegalArgumentException if b does not have one entry per column of A
     */
    public static Tensor addRowVector(Tensor a, String nameB, Tensor b) {
        return addBroadcast(a, nameB, b, 1);
    }

    /**
     * A + b with b broadcast along columns: b has one entry per row of A (shape [m] or [m,1]).
     *
     * @throws IllegalArgumentException if b does not have one entry per row of A
     */
    public static Tensor addColumnVector(Tensor a, String nameB, Tensor b) {
        return addBroadcast(a, nameB, b, 0);
    }

    /** A[m,n] + b where b has one entry per index of A's {@code axis} (1: per column, 0: per row). */
    private static Tensor addBroadcast(Tensor a, String nameB, Tensor b, int axis) {
        int m = a.dim(0);
        int n = a.dim(1);
        if (b.size() != a.dim(axis)) {
            throw new IllegalArgumentException(nameB + ": must have " + a.dim(axis) + " entries (one per "
                    + (axis == 1 ? "column" : "row") + "), shape " + Arrays.toString(b.shape()));
        }
        double[] d = a.toArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] += b.at(axis == 1 ? j : i);
            }
        }
        return Tensor.wrap(new int[] {m, n}, d);
    }

    /** Column sums of A[m,n] as shape [n] (compensated). */
    public static Tensor sumRows(Tensor a) {
        int m = a.dim(0);
        int n = a.dim(1);
        double[] d = a.toArray();
        double[] s = new double[n];
        double[] col = new double[m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                col[i] = d[i * n + j];
            }
            s[j] = Sums.sum(col);
        }
        return Tensor.wrap(new int[] {n}, s);
    }

    /** Row sums of A[m,n] as shape [m,1] (compensated). */
    public static Tensor sumColumns(Tensor a) {
        int m = a.dim(0);
        int n = a.dim(1);
        double[] d = a.toArray();
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = Sums.sum(d, i * n, i * n + n);
        }
        return Tensor.wrap(new int[] {m, 1}, s);
    }

    /**
     * A ⊙ B, elementwise (Hadamard) product.
     *
     * @throws IllegalArgumentException if a and b differ in shape
     */
    public static Tensor hadamard(Tensor a, Tensor b) {
        return a.zip(b, (x, y) -> x * y);
    }

    /**
     * A + B, elementwise.
     *
     * @throws IllegalArgumentException if a and b differ in shape
     */
    public static Tensor add(Tensor a, Tensor b) {
        return a.zip(b, Double::sum);
    }

    /**
     * A − B, elementwise.
     *
     * @throws IllegalArgumentException if a and b differ in shape
     */
    public static Tensor subtract(Tensor a, Tensor b) {
        return a.zip(b, (x, y) -> x - y);
    }

    /** s·A, elementwise. */
    public static Tensor scale(Tensor a, double s) {
        return a.map(x -> x * s);
    }
}
