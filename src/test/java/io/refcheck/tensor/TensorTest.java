package io.refcheck.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The immutable tensor types themselves: copies, bounds, sizes, equality and how they print. */
class TensorTest {
    @Test
    void aTensorKeepsItsOwnCopyOfTheShapeAndDataItWasMadeFrom() {
        int[] shape = {2, 2};
        double[] data = {1, 2, 3, 4};
        Tensor t = Tensor.of(shape, data);
        shape[0] = 4;
        shape[1] = 1;
        data[0] = 99;
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertEquals(1, t.get(0, 0));
        double[] values = {5, 6};
        Tensor v = Tensor.vector(values);
        values[1] = 99;
        assertEquals(Tensor.of(new int[] {2}, 5, 6), v);
    }

    @Test
    void aDimensionOfZeroGivesAnEmptyTensorAndANegativeOneIsRejected() {
        Tensor empty = Tensor.of(new int[] {2, 0});
        assertTrue(empty.isEmpty());
        assertEquals(0, empty.size());
        assertArrayEquals(new int[] {2, 0}, empty.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {-1}));
        assertTrue(e.getMessage().startsWith("shape:"), e.getMessage());
    }

    /** Two negative dimensions multiply to a positive size: every way to make a shape rejects them, not only of(). */
    @Test
    void everyWayToMakeATensorRejectsANegativeDimension() {
        Tensor four = Tensor.vector(1, 2, 3, 4);
        List<Executable> makers = List.of(() -> Tensor.zeros(-1, -1), () -> Tensor.filled(0, -2, -2), () -> Tensor.sizeOf(new int[] {-1, -1}),
                () -> Tensor.wrap(new int[] {-1, -1}, new double[1]), () -> four.reshape(-2, -2));
        for (Executable make : makers) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
            assertTrue(e.getMessage().startsWith("shape: every dimension must be >= 0"), e.getMessage());
        }
    }

    @Test
    void theLargestSizeAnArrayCanHoldIsAcceptedAndOneMoreIsRejected() {
        assertEquals(Integer.MAX_VALUE, Tensor.sizeOf(new int[] {Integer.MAX_VALUE}));
        assertEquals(Integer.MAX_VALUE, Tensor.sizeOf(new int[] {1, Integer.MAX_VALUE, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.sizeOf(new int[] {2, 1 << 30}));
        assertTrue(e.getMessage().startsWith("shape:"), e.getMessage());
    }

    @Test
    void anIndexEqualToItsDimensionIsOutsideTheTensor() {
        Tensor t = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(6, t.get(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, -1));
    }

    @Test
    void withReplacesOneElementOfACopyAndLeavesTheOriginalAlone() {
        Tensor t = Tensor.vector(1, 2, 3);
        Tensor changed = t.with(1, 20);
        assertEquals(Tensor.vector(1, 20, 3), changed);
        assertEquals(Tensor.vector(1, 2, 3), t);
    }

    @Test
    void equalTensorsHaveEqualHashCodesAndTheShapeTellsTensorsWithTheSameDataApart() {
        Tensor a = Tensor.of(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor b = Tensor.of(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor transposedShape = a.reshape(3, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, transposedShape);
        assertNotEquals(a.hashCode(), transposedShape.hashCode());
        assertNotEquals(a.hashCode(), a.with(0, 7).hashCode());
    }

    @Test
    void aTensorPrintsItsShapeAndAtMostItsFirstEightElements() {
        assertEquals("Tensor[3] [1.0, 2.0, 3.0]", Tensor.vector(1, 2, 3).toString());
        assertEquals("Tensor[] [2.5]", Tensor.scalar(2.5).toString());
        assertEquals("Tensor[0] []", Tensor.vector().toString());
        assertEquals("Tensor[8] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]",
                Tensor.vector(1, 2, 3, 4, 5, 6, 7, 8).toString());
        assertEquals("Tensor[9] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, … (9 elements)]",
                Tensor.vector(1, 2, 3, 4, 5, 6, 7, 8, 9).toString());
    }

    @Test
    void namedTensorsKeepTheirOrderAndTurnNumbersIntoScalars() {
        Tensors s = Tensors.of("z", Tensor.vector(1, 2), "lr", 0.5);
        assertEquals(List.of("z", "lr"), s.nameList());
        assertEquals(0.5, s.scalar("lr"));
        assertEquals(2, s.size());
        assertTrue(s.has("z"));
        assertFalse(s.has("y"));
        assertEquals(Map.of("z", Tensor.vector(1, 2), "lr", Tensor.scalar(0.5)), s.asMap());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> Tensors.of("z"));
        assertTrue(odd.getMessage().startsWith("namesAndTensors:"), odd.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> s.get("y"));
        assertTrue(missing.getMessage().startsWith("y:"), missing.getMessage());
    }

    @Test
    void withAndWithoutGiveNewSetsAndLeaveTheOriginalAlone() {
        Tensors s = Tensors.of("a", 1.0);
        Tensors more = s.with("b", 2.0);
        assertEquals(List.of("a", "b"), more.nameList());
        assertEquals(List.of("a"), s.nameList());
        assertEquals(List.of("b"), more.without("a").nameList());
        assertEquals(2, more.size());
        assertEquals(Tensors.of("a", 1.0, "b", 2.0), more);
        assertEquals(Tensors.of("a", 1.0, "b", 2.0).hashCode(), more.hashCode());
        assertEquals("{a=Tensor[] [1.0], b=Tensor[] [2.0]}", more.toString());
    }

    @Test
    void float32RoundingAppliesToEveryNamedTensor() {
        Tensors s = Tensors.of("x", Tensor.vector(0.1, 1.0 / 3), "y", 0.2);
        Tensors f = s.toFloat32();
        assertEquals(Tensor.vector((float) 0.1, (float) (1.0 / 3)), f.get("x"));
        assertEquals((float) 0.2, f.scalar("y"));
        assertEquals(List.of("x", "y"), f.nameList());
    }

    @Test
    void anEmptySetHoldsNoTensorAndSetsThatDifferInAValueAreNotEqual() {
        assertEquals(0, Tensors.empty().size());
        assertEquals(List.of(), Tensors.empty().nameList());
        Tensors a = Tensors.of("x", 1.0);
        Tensors b = Tensors.of("x", 2.0);
        assertNotEquals(a, b);
        assertNotEquals(a, "x");
        assertNotEquals(a.hashCode(), b.hashCode());
    }
}
