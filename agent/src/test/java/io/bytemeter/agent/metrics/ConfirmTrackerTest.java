package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publisher confirms: each publish completes once, on its own ack, a multiple ack, or a nack. */
class ConfirmTrackerTest {

    private final ConfirmTracker tracker = new ConfirmTracker("rabbitmq");
    private final List<String> completed = new ArrayList<>();
    private final ConfirmTracker.Completion record = (system, destination, bytes, nack, start) ->
            completed.add(destination + " " + bytes + (nack ? " nack" : " ack") + " " + start);

    @Test
    void singleMultipleAndNackConfirmsCompleteEachPublishOnce() {
        for (long seq = 1; seq <= 5; seq++) {
            assertTrue(tracker.published(seq, "q", 10 * seq, 100 + seq));
        }
        tracker.confirmed(3, true, false, record);
        tracker.confirmed(5, false, false, record);
        tracker.confirmed(4, false, true, record);
        tracker.confirmed(3, true, false, record); // a repeat completes nothing
        assertEquals(List.of("q 10 ack 101", "q 20 ack 102", "q 30 ack 103", "q 50 ack 105", "q 40 nack 104"), completed);
    }

    @Test
    void tooManyInFlightAreRecordedWhenPublished() {
        for (long seq = 1; seq <= ConfirmTracker.CAPACITY; seq++) {
            assertTrue(tracker.published(seq, "q", 1, seq));
        }
        assertFalse(tracker.published(ConfirmTracker.CAPACITY + 1, "q", 1, 0), "the slot of publish 1 is still waiting");
        tracker.confirmed(ConfirmTracker.CAPACITY, true, false, record);
        assertEquals(ConfirmTracker.CAPACITY, completed.size());
        assertTrue(tracker.published(ConfirmTracker.CAPACITY + 1, "q", 1, 0));
    }
}
