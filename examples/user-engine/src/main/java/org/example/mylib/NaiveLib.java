package org.example.mylib;

/**
 * A deliberately wrong cross-entropy, the textbook way: −log of a softmax computed without the max
 * shift. e^1000 overflows, so logits near 1000 give NaN. The example's tests assert that refcheck
 * fails it: if refcheck ever passed this, the example's own build would fail.
 */
public final class NaiveLib {
    private NaiveLib() {
    }

    public static double crossEntropyFromLogits(double[][] z, int[] labels) {
        double total = 0;
        for (int r = 0; r < z.length; r++) {
            double sum = 0;
            for (double x : z[r]) {
                sum += Math.exp(x);
            }
            total += -Math.log(Math.exp(z[r][labels[r]]) / sum);
        }
        return total / z.length;
    }
}
