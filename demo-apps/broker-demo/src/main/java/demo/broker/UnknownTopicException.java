package demo.broker;

/** A produce or poll named a topic the broker does not have. */
public final class UnknownTopicException extends IllegalArgumentException {

    public UnknownTopicException(String topic) {
        super("unknown topic: " + topic);
    }
}
