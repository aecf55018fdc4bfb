package io.bytemeter.instrumentation.sqs;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.bootstrap.Utf8;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A helper in the app's class loader (it reads the SDK's own request and response types): what one
 * finished SQS call means as messaging, for the synchronous client's advice and the asynchronous
 * client's {@link SqsAsyncCall} alike. A send is each message sent (a batch's entries each, those
 * the queue refused as errors by their code), a receive each message it returned, a delete each
 * message settled; an error is by its AWS error code, else by the exception's type. Queues are
 * named by the last segment of their URL.
 */
public final class SqsCalls {

    static final String SYSTEM = "aws_sqs";
    /** Queue names by URL, so a call allocates none: URLs are few, and past this many names are cut again each time. */
    private static final int MAX_QUEUES = 10_000;
    private static final Map<String, String> QUEUES = new ConcurrentHashMap<>();

    private SqsCalls() {}

    /** A call that returned {@code response} (null when it threw {@code error}), started at {@code start}. */
    public static void completed(Object request, Object response, Throwable error, long start) {
        if (request instanceof SendMessageRequest) {
            SendMessageRequest send = (SendMessageRequest) request;
            String queue = queue(send.queueUrl());
            if (error == null) {
                MessagingRecorder.clientSent(SYSTEM, queue, Utf8.length(send.messageBody()), null, start);
            } else {
                MessagingRecorder.clientSendRefused(SYSTEM, queue, errorType(error), start);
            }
        } else if (request instanceof SendMessageBatchRequest) {
            sentBatch((SendMessageBatchRequest) request, (SendMessageBatchResponse) response, error, start);
        } else if (request instanceof ReceiveMessageRequest) {
            String queue = queue(((ReceiveMessageRequest) request).queueUrl());
            if (error == null) {
                received(queue, ((ReceiveMessageResponse) response).messages(), start);
            } else {
                MessagingRecorder.clientReceiveFailed(SYSTEM, queue, errorType(error));
            }
        } else if (request instanceof DeleteMessageRequest) {
            if (error == null) {
                MessagingRecorder.settled(SYSTEM, "ack");
            }
        } else if (request instanceof DeleteMessageBatchRequest && error == null) {
            for (int i = ((DeleteMessageBatchResponse) response).successful().size(); i > 0; i--) {
                MessagingRecorder.settled(SYSTEM, "ack");
            }
        }
    }

    private static void sentBatch(SendMessageBatchRequest request, SendMessageBatchResponse response, Throwable error, long start) {
        String queue = queue(request.queueUrl());
        List<SendMessageBatchRequestEntry> entries = request.entries();
        List<BatchResultErrorEntry> refused = error == null ? response.failed() : null;
        String callError = error == null ? null : errorType(error);
        for (int i = 0; i < entries.size(); i++) {
            SendMessageBatchRequestEntry entry = entries.get(i);
            String entryError = callError != null ? callError : refusal(refused, entry.id());
            if (entryError == null) {
                MessagingRecorder.clientSent(SYSTEM, queue, Utf8.length(entry.messageBody()), null, start);
            } else {
                MessagingRecorder.clientSendRefused(SYSTEM, queue, entryError, start);
            }
        }
    }

    /** The code the queue refused batch entry {@code id} with, or null when it took it. */
    private static String refusal(List<BatchResultErrorEntry> refused, String id) {
        for (int i = 0; i < refused.size(); i++) {
            BatchResultErrorEntry entry = refused.get(i);
            if (entry.id().equals(id)) {
                return entry.code() == null ? "unknown" : entry.code();
            }
        }
        return null;
    }

    /** Each message a receive returned; the receive's duration goes with its first, its age from {@code SentTimestamp} when the app asked for it. */
    private static void received(String queue, List<Message> messages, long start) {
        long now = System.currentTimeMillis();
        long fetchStart = start;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            long sentAt = millis(message.attributesAsStrings().get("SentTimestamp"));
            long age = sentAt < 0 ? -1 : Math.max(0, now - sentAt);
            MessagingRecorder.clientReceived(SYSTEM, queue, Utf8.length(message.body()), age, fetchStart);
            fetchStart = Timing.NOT_TIMED;
        }
    }

    /** A timestamp attribute's epoch milliseconds, or -1 when it is absent or not a number. */
    private static long millis(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An error by its AWS error code ({@code QueueDoesNotExist}), else by the exception's type (a connection refused). */
    static String errorType(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AwsServiceException) {
            AwsErrorDetails details = ((AwsServiceException) cause).awsErrorDetails();
            if (details != null && details.errorCode() != null) {
                return details.errorCode();
            }
        }
        return cause.getClass().getName();
    }

    /** The queue's name: its URL's last path segment ({@code https://sqs.eu-west-1.amazonaws.com/123456789012/orders} is {@code orders}). */
    static String queue(String url) {
        if (url == null) {
            return "unknown";
        }
        String name = QUEUES.get(url);
        if (name == null) {
            String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            name = path.substring(path.lastIndexOf('/') + 1);
            if (QUEUES.size() < MAX_QUEUES) {
                QUEUES.put(url, name);
            }
        }
        return name;
    }
}
