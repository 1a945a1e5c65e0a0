package io.refcheck.formulas;

/**
 * The array loops behind the elementwise activations of {@link Activations}: in place over a
 * fresh copy of the input. The default is {@link #SCALAR}, plain Java loops over the scalar
 * formulas. With {@code -Drefcheck.vector=true} (and the JVM started with
 * {@code --add-modules jdk.incubator.vector}) they are the JDK's Vector API kernels of
 * {@code io.refcheck.formulas.vector.VectorKernels}: the same formulas, lane-parallel, with the
 * Vector API's exp; they are held to the same ulp targets against the oracle (VectorKernelsTest).
 * The flag is off by default because the Vector API is an incubating module in Java 17.
 */
public interface ElementwiseKernels {
    /** The system property that turns the Vector API kernels on. */
    String PROPERTY = "refcheck.vector";

    /** σ in place over z[from, to). */
    void sigmoid(double[] z, int from, int to);

    /** tanh in place over z[from, to). */
    void tanh(double[] z, int from, int to);

    /** relu in place over z[from, to). */
    void relu(double[] z, int from, int to);

    /** A name for reports and benchmarks. */
    String name();

    /** The scalar loops. */
    ElementwiseKernels SCALAR = new ElementwiseKernels() {
        @Override
        public void sigmoid(double[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                z[i] = Activations.sigmoid(z[i]);
            }
        }

        @Override
        public void tanh(double[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                z[i] = Activations.tanh(z[i]);
            }
        }

        @Override
        public void relu(double[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                z[i] = Math.max(z[i], 0.0);
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    /**
     * The kernels the {@value #PROPERTY} property selects. Asking for the vector kernels on a JVM
     * without the incubator module is an error that says how to start it, not a silent fallback.
     *
     * @throws IllegalStateException if the property is true and the Vector API kernels cannot load: the JVM lacks
     *         --add-modules jdk.incubator.vector, or the kernels' class does not load
     */
    static ElementwiseKernels selected() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return SCALAR;
        }
        return vector();
    }

    /**
     * The Vector API kernels; throws IllegalStateException, with the reason, where they cannot load.
     *
     * @throws IllegalStateException if the JVM lacks the module jdk.incubator.vector (--add-modules
     *         jdk.incubator.vector), or the class io.refcheck.formulas.vector.VectorKernels does not load
     */
    static ElementwiseKernels vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException(PROPERTY + "=true needs the JVM option --add-modules jdk.incubator.vector");
        }
        try {
            return (ElementwiseKernels) Class.forName("io.refcheck.formulas.vector.VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(PROPERTY + "=true: the Vector API kernels do not load: " + e, e);
        }
    }
}
