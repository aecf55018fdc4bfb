package io.bytemeter.bootstrap;

/**
 * A RabbitMQ publish's destination, as OpenTelemetry's conventions name it: the routing key alone
 * for the default exchange (there it is the queue's name, so sends and deliveries of one queue
 * line up), the exchange alone when the routing key is empty, else {@code exchange:routingKey}.
 * The joined name is kept per thread for the last pair, so a thread that keeps publishing to one
 * destination allocates nothing.
 */
public final class RabbitDestinations {

    private static final class Last {
        String exchange = "";
        String routingKey = "";
        String destination = "";
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private RabbitDestinations() {}

    public static String of(String exchange, String routingKey) {
        String e = exchange == null ? "" : exchange;
        String r = routingKey == null ? "" : routingKey;
        if (e.isEmpty()) {
            return r.isEmpty() ? "amq.default" : r;
        }
        if (r.isEmpty()) {
            return e;
        }
        Last last = LAST.get();
        if (!last.exchange.equals(e) || !last.routingKey.equals(r)) {
            last.exchange = e;
            last.routingKey = r;
            last.destination = e + ":" + r;
        }
        return last.destination;
    }
}
