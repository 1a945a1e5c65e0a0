package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineDefinitionTest {

    private static Tensors relu(Tensors in) {
        return Tensors.of("a", in.get("z").map(x -> Math.max(0, x)));
    }

    private static String rejection(Runnable definition) {
        return assertThrows(IllegalArgumentException.class, definition::run).getMessage();
    }

    @Test
    void aDefinedEngineComputesWhatItDefinesAndNothingElse() {
        Engine e = Engines.define("mylib").version("3").formula("relu", EngineDefinitionTest::relu).build();
        assertEquals("mylib", e.name());
        assertEquals("3", e.version());
        assertEquals(Dtype.FLOAT64, e.dtype());
        assertTrue(e.implementsFormula("relu"));
        assertFalse(e.implementsFormula("sigmoid"));
        assertFalse(e.implementsGradient("relu"));
        assertEquals(Tensor.vector(0, 2), e.evaluate("relu", Tensors.of("z", Tensor.vector(-1, 2))).get("a"));
        assertThrows(UnsupportedOperationException.class, () -> e.evaluate("sigmoid", Tensors.of("z", Tensor.vector(1))));
    }

    @Test
    void aBlankOrBuiltInNameIsRejected() {
        assertEquals("name: an engine's name must not be blank", rejection(() -> Engines.define(" ")));
        assertTrue(rejection(() -> Engines.define("plain-java")).startsWith("name: 'plain-java' is the name of a built-in engine"));
        assertTrue(rejection(() -> Engines.define("onnxruntime")).startsWith("name: 'onnxruntime' is the name of a built-in engine"));
    }

    @Test
    void aFormulaForAnIdTheCatalogLacksIsRejectedNamingTheEngineAndTheId() {
        String m = rejection(() -> Engines.define("mylib").formula("softmax_crossentropy", EngineDefinitionTest::relu));
        assertTrue(m.startsWith("id: engine mylib names 'softmax_crossentropy', which the catalog does not have"), m);
    }

    @Test
    void theSameIdTwiceAndAGradientWithoutItsFormulaAreRejected() {
        assertEquals("id: engine mylib defines formula 'relu' twice", rejection(() -> Engines.define("mylib")
                .formula("relu", EngineDefinitionTest::relu).formula("relu", EngineDefinitionTest::relu)));
        assertTrue(rejection(() -> Engines.define("mylib").gradient("relu", (in, ct) -> ct))
                .startsWith("id: engine mylib defines a gradient for 'relu' before (or without) its formula"));
    }

    @Test
    void aGradientForAnIdTheCatalogDoesNotDifferentiateIsRejected() {
        String m = rejection(() -> Engines.define("mylib").formula("sign", in -> in).gradient("sign", (in, ct) -> ct));
        assertTrue(m.startsWith("id: engine mylib defines a gradient for 'sign', which the catalog does not differentiate"), m);
    }

    @Test
    void anEngineWithNoFormulaIsRejectedBecauseItWouldCheckNothing() {
        assertEquals("engine mylib defines no formula: it would check nothing", rejection(() -> Engines.define("mylib").build()));
    }

    @Test
    void aDefinitionComputesInTheDtypeItStates() {
        assertEquals(Dtype.FLOAT32, Engines.define("mylib").dtype(Dtype.FLOAT32).formula("relu", EngineDefinitionTest::relu).build().dtype());
    }

    @Test
    void aDefinitionDeclaresKnownConventionsAndWhetherItValidatesItsInput() {
        Engine e = Engines.define("mylib").formula("relu", EngineDefinitionTest::relu)
                .convention("relu'(0) = 1").withoutInputValidation().build();
        assertEquals(Set.of("relu'(0) = 1"), e.conventions());
        assertFalse(e.validatesInput());
        assertEquals(Set.of("relu"), e.declaredIds());
        assertTrue(Engines.define("other").formula("relu", EngineDefinitionTest::relu).build().validatesInput());
        String m = rejection(() -> Engines.define("mylib").convention("relu'(0) = 0.5"));
        assertTrue(m.startsWith("convention: engine mylib declares 'relu'(0) = 0.5', which is no known kink convention; known: relu'(0) = 1"), m);
    }
}
