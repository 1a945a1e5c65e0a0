package io.refcheck.engine;

/**
 * The engine itself broke while answering (its process crashed, hung past its timeout, or wrote
 * something that is not an answer), as opposed to rejecting an input. A check never reads it as
 * "the engine raised on a bad input": every row it ends is a failure, with this message as the
 * reason.
 */
public class EngineFailure extends RuntimeException {
    public EngineFailure(String message) {
        super(message);
    }
}
