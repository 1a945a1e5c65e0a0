package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;

/**
 * The few matrix operations the layer and back-propagation formulas share. Every product entry is
 * a compensated dot product ({@link Sums#dot}), so a product is accurate to about one ulp of the
 * magnitudes involved whatever the inner dimension.
 */
public final class Matrices {
    private Matrices() {
    }

    /** C = A B, with A[m,k] and B[k,n]. */
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
        double[] ad = a.toArray();
        double[] bd = b.toArray();
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = Sums.dot(ad, i * k, 1, bd, j, n, k);
            }
        }
        return Tensor.wrap(new int[] {m, n}, c);
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul("a", a, "b", b);
    }

    /** Aᵀ for a matrix. */
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

    /** A + b with b broadcast along rows: b has one entry per column of A (shape [n] or [1,n]). */
    public static Tensor addRowVector(Tensor a, String nameB, Tensor b) {
        return addBroadcast(a, nameB, b, 1);
    }

    /** A + b with b broadcast along columns: b has one entry per row of A (shape [m] or [m,1]). */
    public static Tensor addColumnVector(Tensor a, String nameB, Tensor b) {
        return addBroadcast(a, nameB, b, 0);
    }

    /** A[m,n] + b where b has one entry per index of A's {@code axis} (1: per column, 0: per row). */
    private static Tensor addBroadcast(Tensor a, String nameB, Tensor b, int axis) {
        int m = a.dim(0);
        int n = a.dim(1);
        if (b.size() != a.dim(axis)) {
            throw new IllegalArgumentException(nameB + ": must have " + a.dim(axis) + " entries (one per "
                    + (axis == 1 ? "column" : "row") + "), shape " + java.util.Arrays.toString(b.shape()));
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

    /** A ⊙ B, elementwise (Hadamard) product. */
    public static Tensor hadamard(Tensor a, Tensor b) {
        return a.zip(b, (x, y) -> x * y);
    }

    public static Tensor add(Tensor a, Tensor b) {
        return a.zip(b, Double::sum);
    }

    public static Tensor subtract(Tensor a, Tensor b) {
        return a.zip(b, (x, y) -> x - y);
    }

    public static Tensor scale(Tensor a, double s) {
        return a.map(x -> x * s);
    }
}
