package demo.kafka;

/** Runs only the broker, for clients in another JVM (another kafka-clients version): prints its address. */
public final class BrokerMain {

    public static void main(String[] args) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            System.out.println("kafka-demo broker ready: bootstrap=" + broker.bootstrapServers());
            Thread.currentThread().join();
        }
    }
}
