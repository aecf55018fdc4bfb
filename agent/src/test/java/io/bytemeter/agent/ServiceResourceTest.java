package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServiceResourceTest {

    @Test
    void serviceNameIsTheJarOrMainClassAsAPersonWouldSayIt() {
        assertEquals("orders", ServiceResource.fromCommand("/opt/app/orders.jar --port 8080"));
        assertEquals("BillingMain", ServiceResource.fromCommand("com.acme.billing.BillingMain arg"));
        assertEquals("unknown_service:java", ServiceResource.fromCommand(""));
    }
}
