package io.bytemeter.bootstrap;

/**
 * A NATS subject as a destination: a reply inbox ({@code _INBOX.<id>...}, one per request) is
 * {@code _INBOX}, so that request and reply traffic does not make a series per request; any other
 * subject is itself (and capped, as every destination is).
 */
public final class NatsSubjects {

    private NatsSubjects() {}

    public static String destination(String subject) {
        return subject != null && subject.startsWith("_INBOX.") ? "_INBOX" : subject;
    }
}
