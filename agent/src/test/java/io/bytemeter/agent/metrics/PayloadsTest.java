package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void bytesOfEachPayloadKind() {
        assertEquals(3, Payloads.bytes(new byte[3]));
        ByteBuffer buffer = ByteBuffer.allocate(10);
        buffer.position(4);
        assertEquals(6, Payloads.bytes(buffer));
        String text = "héllo €𝄞";
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Payloads.bytes(text));
        assertEquals(0, Payloads.bytes(new Object()));
    }

    @Test
    void collectionsAndArraysCountTheirElements() {
        assertEquals(3, Payloads.messages(List.of(new byte[1], new byte[2], "abc")));
        assertEquals(6, Payloads.bytes(List.of(new byte[1], new byte[2], "abc")));
        assertEquals(5, Payloads.bytes(new LinkedList<>(List.of("ab", "cde"))));
        assertEquals(2, Payloads.messages(new Object[] {"a", "b"}));
        assertEquals(1, Payloads.messages("one"));
        assertEquals(0, Payloads.messages(null));
    }
}
