package demo.ids;

import com.fasterxml.uuid.EthernetAddress;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import com.fasterxml.uuid.UUIDTimer;
import com.fasterxml.uuid.impl.TimeBasedGenerator;
import java.io.IOException;
import java.util.Random;
import java.util.UUID;

/**
 * Names sessions with JUG's time-based (v1) UUIDs, from a timer of its own on a clock that stands
 * still (JUG lets the app supply its clock): every 10,000 UUIDs the timer's counter runs out and
 * carries into the next millisecond, which the UUIDs' timestamps show.
 */
final class SessionService {

    private final TimeBasedGenerator ids;

    SessionService() throws IOException {
        long now = System.currentTimeMillis();
        UUIDClock stopped = new UUIDClock() {
            @Override
            public long currentTimeMillis() {
                return now;
            }
        };
        ids = Generators.timeBasedGenerator(EthernetAddress.constructMulticastAddress(),
                new UUIDTimer(new Random(), null, stopped));
    }

    UUID nextSessionId() {
        return ids.generate();
    }
}
