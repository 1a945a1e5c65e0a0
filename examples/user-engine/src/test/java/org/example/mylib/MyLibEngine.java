package org.example.mylib;

import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * MyLib as a refcheck engine. Port names come from {@code refcheck formulas --id ID}: every input
 * arrives as a double tensor by port name (labels too; hyperparameters as 0-d tensors), and the
 * outputs go back by port name.
 */
final class MyLibEngine {
    private MyLibEngine() {
    }

    static final Engine MYLIB = Engines.define("mylib").version("1.0")
            .formula("softmax", in -> Tensors.of("s", fromRows(MyLib.softmax(rows(in.get("z"))), in.get("z").shape())))
            .formula("softmax_cross_entropy", in -> Tensors.of("loss", Tensor.scalar(
                    MyLib.crossEntropyFromLogits(rows(in.get("logits")), labels(in.get("labels"))))))
            .gradient("softmax_cross_entropy", (in, ct) -> Tensors.of("logits", fromRows(
                    MyLib.crossEntropyFromLogitsGradient(rows(in.get("logits")), labels(in.get("labels"))),
                    in.get("logits").shape()).map(x -> x * ct.scalar("loss"))))
            .formula("adam_step", in -> {
                double[][] wmv = MyLib.adamStep(in.get("w").toArray(), in.get("g").toArray(), in.get("m").toArray(),
                        in.get("v").toArray(), integer(in.get("t")), in.scalar("lr"), in.scalar("beta1"),
                        in.scalar("beta2"), in.scalar("eps"));
                int[] shape = in.get("w").shape();
                return Tensors.of("w", Tensor.of(shape, wmv[0]), "m", Tensor.of(shape, wmv[1]), "v", Tensor.of(shape, wmv[2]));
            })
            .build();

    /** The same library with NaiveLib's cross-entropy: refcheck must fail it. */
    static final Engine NAIVE = Engines.define("mylib-naive")
            .formula("softmax_cross_entropy", in -> Tensors.of("loss", Tensor.scalar(
                    NaiveLib.crossEntropyFromLogits(rows(in.get("logits")), labels(in.get("labels"))))))
            .build();

    /** A rank-2 tensor [N, C] as N rows; a vector as one row. */
    static double[][] rows(Tensor t) {
        int c = t.dim(-1);
        int n = 1;
        for (int k = 0; k < t.rank() - 1; k++) {
            n *= t.dim(k);
        }
        double[][] r = new double[n][c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                r[i][j] = t.at(i * c + j);
            }
        }
        return r;
    }

    static Tensor fromRows(double[][] rows, int[] shape) {
        int c = shape.length == 0 ? 1 : shape[shape.length - 1];
        double[] flat = new double[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        return Tensor.of(shape, flat);
    }

    /** Labels arrive as doubles: anything that is not a whole number is rejected, not truncated. */
    static int[] labels(Tensor t) {
        int[] c = new int[t.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = integer(t.at(i));
        }
        return c;
    }

    static int integer(Tensor t) {
        return integer(t.item());
    }

    static int integer(double x) {
        if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a whole number, got " + x);
        }
        return (int) x;
    }
}
