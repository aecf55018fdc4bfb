package demo.ids;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.fasterxml.uuid.impl.TimeBasedReorderedGenerator;
import java.util.UUID;

/** Keys events with JUG's time-ordered UUIDs: v6 (on JUG's shared timer) for events, v7 for snapshots. */
final class EventStore {

    private final TimeBasedReorderedGenerator eventIds = Generators.timeBasedReorderedGenerator();
    private final TimeBasedEpochGenerator snapshotIds = Generators.timeBasedEpochGenerator();

    UUID nextEventId() {
        return eventIds.generate();
    }

    UUID nextSnapshotId() {
        return snapshotIds.generate();
    }
}
