package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** On the ordinary test JVM: scalar kernels by default, and a clear error where the vector ones cannot load. */
class ElementwiseKernelsTest {
    @Test
    void theScalarKernelsAreTheDefault() {
        assertTrue(System.getProperty(ElementwiseKernels.PROPERTY) == null, "the ordinary test JVM sets no " + ElementwiseKernels.PROPERTY);
        assertSame(ElementwiseKernels.SCALAR, ElementwiseKernels.selected());
        assertTrue(Activations.kernels().equals("scalar"), Activations.kernels());
    }

    @Test
    void askingForTheVectorKernelsWithoutTheIncubatorModuleSaysWhichJvmOptionIsMissing() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "this JVM was started without the module");
        IllegalStateException e = assertThrows(IllegalStateException.class, ElementwiseKernels::vector);
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }
}
