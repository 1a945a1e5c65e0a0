package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code check}: a run that checked nothing is never green, and a failure reads on its own. */
class CheckCommandTest {

    @Test
    void aMistypedIdIsAUsageErrorThatNamesTheNearestId() {
        CliRun r = CliRun.of("check", "--id", "softmax_crossentropy", "--quiet");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("'softmax_crossentropy'") && r.err().contains("did you mean softmax_cross_entropy"), r.err());
    }

    @Test
    void oneUnknownIdAmongKnownOnesIsAUsageErrorToo() {
        CliRun r = CliRun.of("check", "--id", "softmax,nosuch", "--quiet");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("'nosuch'"), r.err());
        assertTrue(!r.out().contains("passed"), "nothing was checked: " + r.out());
    }

    @Test
    void anUnknownEngineIsAUsageErrorThatNamesTheKnownOnes() {
        CliRun r = CliRun.of("check", "--engine", "pytorc", "--id", "relu", "--quiet");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("'pytorc'") && r.err().contains("plain-java") && r.err().contains("example-user")
                && r.err().contains("did you mean pytorch"), r.err());
    }

    @Test
    void anEngineThatImplementsNoneOfTheIdsSaysSoAndExitsOne() {
        CliRun r = CliRun.of("check", "--engine", "example-user", "--id", "softmax,relu", "--quiet");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("example-user implements none of softmax, relu"), r.all());
    }

    @Test
    void theChosenEngineRunsBesidePlainJavaAndNoOtherEngine() {
        CliRun r = CliRun.of("check", "--engine", "example-user", "--id", "sigmoid");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("example-user") && r.out().contains("plain-java"), r.out());
        assertTrue(!r.out().contains("pytorch") && !r.out().contains("onnxruntime"), r.out());
    }

    @Test
    void eachLineNamesEngineDtypeFamilyIdAndStatus() {
        CliRun r = CliRun.of("check", "--engine", "plain-java", "--id", "sigmoid");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.lines().get(0).matches("engine\\s+dtype\\s+family\\s+id\\s+status"), r.out());
        assertTrue(r.lines().get(1).matches("plain-java\\s+float64\\s+activation\\s+sigmoid\\s+\\d+ pass"), r.out());
    }
}
