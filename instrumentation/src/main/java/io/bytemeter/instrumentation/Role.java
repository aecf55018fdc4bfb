package io.bytemeter.instrumentation;

/**
 * What an instrumented method means, and so which metrics it feeds. Each role has the setting
 * that names its methods for custom code.
 */
public enum Role {
    CACHE_GET(Family.CACHE, "bytemeter.cache.get"),
    CACHE_PUT(Family.CACHE, "bytemeter.cache.put"),
    CACHE_DELETE(Family.CACHE, "bytemeter.cache.delete"),
    ID_GENERATE(Family.ID, "bytemeter.id.generate"),
    ID_WAIT(Family.ID, "bytemeter.id.wait"),
    MESSAGING_PRODUCE(Family.MESSAGING, "bytemeter.messaging.produce"),
    MESSAGING_CONSUME(Family.MESSAGING, "bytemeter.messaging.consume"),
    TIMED_METHOD(Family.METHOD, "bytemeter.methods.timed");

    /** A metric family of the catalogue; its name also prefixes its naming setting. */
    public enum Family {
        CACHE("bytemeter.cache.names"),
        ID("bytemeter.id.names"),
        MESSAGING("bytemeter.messaging.names"),
        METHOD(null);

        private final String namesKey;

        Family(String namesKey) {
            this.namesKey = namesKey;
        }

        /** The setting that maps classes to instance names, or null when the family has none. */
        public String namesKey() {
            return namesKey;
        }
    }

    private final Family family;
    private final String settingKey;

    Role(Family family, String settingKey) {
        this.family = family;
        this.settingKey = settingKey;
    }

    public Family family() {
        return family;
    }

    public String settingKey() {
        return settingKey;
    }
}
