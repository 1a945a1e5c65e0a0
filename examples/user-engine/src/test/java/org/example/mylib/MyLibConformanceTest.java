package org.example.mylib;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.junit.RefCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

class MyLibConformanceTest {

    /** Every check refcheck has for the ids MyLib implements: a container per id, a test per check. */
    @TestFactory
    Stream<DynamicNode> myLibConformsToTheReference() {
        return RefCheck.conformance(MyLibEngine.MYLIB);
    }

    @Test
    void crossEntropyFromLogitsConformsInOneAssertion() {
        RefCheck.assertConforms(MyLibEngine.MYLIB, "softmax_cross_entropy");
    }

    /** If refcheck ever let the naive cross-entropy pass, this test, and so this build, would fail. */
    @Test
    void refcheckFailsTheNaiveCrossEntropyAndSaysWhichIdAndCheck() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RefCheck.assertConforms(MyLibEngine.NAIVE, "softmax_cross_entropy"));
        assertTrue(e.getMessage().contains("softmax_cross_entropy value on mylib-naive float64"), e.getMessage());
    }
}
