package io.bytemeter.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SQS-compatible server, ElasticMQ, from the jars the sqs-demo keeps in its {@code target/lib}
 * ({@code org.elasticmq.server.Main}), in a JVM of its own with no agent, on a loopback port of its
 * own; stopped on close. The test reads a queue's own counts from it over SQS's Query API, which
 * needs no SDK: {@code GetQueueAttributes}.
 */
public final class ElasticMqServer implements AutoCloseable {

    private static final Pattern ATTRIBUTE = Pattern.compile("<Name>(\\w+)</Name>\\s*<Value>([^<]*)</Value>");

    private final Process process;
    public final int port;

    private ElasticMqServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ElasticMqServer start(Path dir) throws IOException, InterruptedException {
        int port = PrometheusServer.freePort();
        Path config = dir.resolve("elasticmq.conf");
        Files.writeString(config, "include classpath(\"application.conf\")\n"
                + "node-address { protocol = \"http\", host = \"127.0.0.1\", port = " + port + ", context-path = \"\" }\n"
                + "rest-sqs { enabled = true, bind-port = " + port + ", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n"
                + "rest-stats { enabled = false }\n");
        String classpath = DemoProcess.DEMO_APPS.resolve("sqs-demo/target/lib").toAbsolutePath() + "/*";
        return new ElasticMqServer(ServerProcesses.startListening(List.of(DemoProcess.JAVA.toString(), "-Xmx256m",
                "-Dconfig.file=" + config, "-cp", classpath, "org.elasticmq.server.Main"), port, dir.resolve("elasticmq.log"), "elasticmq"),
                port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The queue's own counts ({@code ApproximateNumberOfMessages}, {@code ApproximateNumberOfMessagesNotVisible}...), by name. */
    public Map<String, Long> queueCounts(String queue) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint()
                + "/000000000000/" + queue + "?Action=GetQueueAttributes&AttributeName.1=All")).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(response.body());
        while (attribute.find()) {
            if (attribute.group(1).startsWith("ApproximateNumberOfMessages")) {
                counts.put(attribute.group(1), Long.parseLong(attribute.group(2)));
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException("no counts for " + queue + ": " + response.body());
        }
        return counts;
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
    }
}
