package demo.id;

/** The clock went back further than the generator tolerates: no ID can be made safely. */
public final class ClockMovedBackwardsException extends IllegalStateException {

    public ClockMovedBackwardsException(long millis) {
        super("clock moved backwards by " + millis + " ms");
    }
}
