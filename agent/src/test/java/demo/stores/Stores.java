package demo.stores;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A small hierarchy outside the agent's packages (whose classes the agent never instruments), for CandidateFilterTest. */
public final class Stores {

    private Stores() {}

    public interface Store {}

    public interface NamedStore extends Store {}

    public abstract static class BaseStore implements NamedStore, Serializable {}

    public static final class LruStore extends BaseStore implements Callable<String> {
        @Override
        public String call() {
            return "lru";
        }
    }

    public static final class Unrelated implements Runnable {
        @Override
        public void run() {}
    }
}
