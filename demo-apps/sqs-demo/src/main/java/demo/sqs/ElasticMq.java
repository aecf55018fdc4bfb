package demo.sqs;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** The SQS endpoint the demo talks to: {@code -Ddemo.sqs.endpoint}, else ElasticMQ started in this JVM on a free loopback port. */
final class ElasticMq implements AutoCloseable {

    final URI endpoint;
    private final SQSRestServer server;

    private ElasticMq(URI endpoint, SQSRestServer server) {
        this.endpoint = endpoint;
        this.server = server;
    }

    static ElasticMq startOrUse() throws IOException {
        String given = System.getProperty("demo.sqs.endpoint");
        if (given != null) {
            return new ElasticMq(URI.create(given), null);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
        server.waitUntilStarted();
        return new ElasticMq(URI.create("http://127.0.0.1:" + port), server);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stopAndWait();
        }
    }
}
