package io.bytemeter.benchmarks;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * One Amazon SQS {@code SendMessage} of 128 characters through the AWS SDK 2.59's synchronous client
 * (on the JDK's HTTP connection), against the SQS-compatible server at {@code -Dbench.sqs.endpoint}
 * (ElasticMQ: {@code java -cp "demo-apps/sqs-demo/target/lib/*" org.elasticmq.server.Main} serves
 * {@code http://127.0.0.1:9324}). The queue is purged at each set-up, so the server's memory does
 * not grow from fork to fork.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqsBenchmark {

    private SqsClient client;
    private SendMessageRequest send;

    @Setup
    public void connect() {
        String endpoint = System.getProperty("bench.sqs.endpoint");
        if (endpoint == null) {
            throw new IllegalStateException("SqsBenchmark needs a server: -Dbench.sqs.endpoint=http://127.0.0.1:9324 (ElasticMQ)");
        }
        client = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String queue = client.createQueue(b -> b.queueName("bench")).queueUrl();
        client.purgeQueue(b -> b.queueUrl(queue));
        send = SendMessageRequest.builder().queueUrl(queue).messageBody("x".repeat(128)).build();
    }

    @TearDown
    public void close() {
        client.close();
    }

    @Benchmark
    public Object sendMessage() {
        return client.sendMessage(send);
    }
}
