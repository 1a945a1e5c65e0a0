package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Which kernels run: scalar by default; the vector ones under {@code -Drefcheck.vector=true} where the JVM has the
 * incubator module (the mutation test's JVMs have it, see scripts/mutation_part.py), a clear error where it has not
 * (the ordinary test JVM).
 */
class ElementwiseKernelsTest {
    private static boolean jvmHasTheIncubatorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The kernels {@link ElementwiseKernels#selected} picks with {@value ElementwiseKernels#PROPERTY}=true. */
    private static ElementwiseKernels selectedWithTheVectorFlag() {
        String before = System.getProperty(ElementwiseKernels.PROPERTY);
        System.setProperty(ElementwiseKernels.PROPERTY, "true");
        try {
            return ElementwiseKernels.selected();
        } finally {
            if (before == null) {
                System.clearProperty(ElementwiseKernels.PROPERTY);
            } else {
                System.setProperty(ElementwiseKernels.PROPERTY, before);
            }
        }
    }

    @Test
    void theScalarKernelsAreTheDefault() {
        assertTrue(System.getProperty(ElementwiseKernels.PROPERTY) == null, "the ordinary test JVM sets no " + ElementwiseKernels.PROPERTY);
        assertSame(ElementwiseKernels.SCALAR, ElementwiseKernels.selected());
        assertTrue(Activations.kernels().equals("scalar"), Activations.kernels());
    }

    @Test
    void askingForTheVectorKernelsWithoutTheIncubatorModuleSaysWhichJvmOptionIsMissing() {
        assumeFalse(jvmHasTheIncubatorModule(), "this JVM was started with the module");
        IllegalStateException e = assertThrows(IllegalStateException.class, ElementwiseKernels::vector);
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        assertThrows(IllegalStateException.class, ElementwiseKernelsTest::selectedWithTheVectorFlag);
    }

    @Test
    void theVectorFlagOnAJvmWithTheIncubatorModuleSelectsTheVectorKernels() {
        assumeTrue(jvmHasTheIncubatorModule(), "this JVM was started without the module");
        double[] z = {-2, -0.5, 0, 0.5, 2};
        for (ElementwiseKernels k : new ElementwiseKernels[] {ElementwiseKernels.vector(), selectedWithTheVectorFlag()}) {
            assertTrue(k.name().startsWith("vector"), k.name());
            double[] relu = z.clone();
            k.relu(relu, 0, relu.length);
            assertArrayEquals(new double[] {0, 0, 0, 0.5, 2}, relu);
        }
    }
}
