package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LastIdsTest {

    private final LastIds lastIds = new LastIds();

    @Test
    void anIdNotGreaterThanThePreviousFromTheSameGeneratorIsFlagged() {
        Object generator = new Object();
        assertFalse(lastIds.isNotAfterPrevious(generator, 10));
        assertFalse(lastIds.isNotAfterPrevious(generator, 11));
        assertTrue(lastIds.isNotAfterPrevious(generator, 11));
        assertTrue(lastIds.isNotAfterPrevious(generator, 5));
    }

    @Test
    void generatorsAreTrackedApart() {
        Object a = new Object();
        Object b = new Object();
        assertFalse(lastIds.isNotAfterPrevious(a, 100));
        assertFalse(lastIds.isNotAfterPrevious(b, 1));
        assertFalse(lastIds.isNotAfterPrevious(a, 101));
        assertFalse(lastIds.isNotAfterPrevious(null, 7));
        assertTrue(lastIds.isNotAfterPrevious(null, 7));
    }
}
