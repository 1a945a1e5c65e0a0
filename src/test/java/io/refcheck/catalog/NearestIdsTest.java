package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestIdsTest {

    @Test
    void aMissingUnderscoreIsOneEditFromTheCatalogId() {
        assertEquals(List.of("softmax_cross_entropy"), NearestIds.of("softmax_crossentropy"));
    }

    @Test
    void caseDoesNotCountAsAnEdit() {
        assertEquals(List.of("sigmoid"), NearestIds.of("Sigmoid"));
    }

    @Test
    void tiesAreAllNamedInCatalogOrderAtMostThree() {
        assertEquals(List.of("a", "b"), NearestIds.of("c", List.of("a", "b", "zz")));
        assertEquals(3, NearestIds.of("q", List.of("a", "b", "c", "d")).size());
    }

    @Test
    void nothingKnownNamesNothing() {
        assertTrue(NearestIds.of("x", List.of()).isEmpty());
    }
}
