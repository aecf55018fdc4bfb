package io.bytemeter.bootstrap;

/**
 * MQTT topic filters ({@code bytemeter.mqtt.topics}, in MQTT's own syntax: {@code +} for one level,
 * {@code #} for all the rest) under which matching topics are recorded, so that per-device topics
 * ({@code devices/4711/temperature}) make one series ({@code devices/+/temperature}) instead of one
 * each. None by default: topics are recorded as they are. Matching walks both strings in place and
 * allocates nothing.
 */
public final class MqttTopics {

    private static volatile String[] filters = new String[0];

    private MqttTopics() {}

    public static void install(String[] configured) {
        filters = configured.clone();
    }

    /** The first configured filter {@code topic} matches, or {@code topic} itself. */
    public static String destination(String topic) {
        String[] current = filters;
        for (int i = 0; i < current.length; i++) {
            if (matches(current[i], topic)) {
                return current[i];
            }
        }
        return topic;
    }

    /** Why {@code filter} is not a valid MQTT topic filter, or null when it is. */
    public static String problem(String filter) {
        if (filter.isEmpty()) {
            return "an empty filter";
        }
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            boolean alone = (i == 0 || filter.charAt(i - 1) == '/') && (i == filter.length() - 1 || filter.charAt(i + 1) == '/');
            if (c == '+' && !alone) {
                return "+ must be a whole level";
            }
            if (c == '#' && (!alone || i != filter.length() - 1)) {
                return "# must be the whole last level";
            }
        }
        return null;
    }

    /** Whether {@code topic} matches {@code filter} as an MQTT broker matches a subscription ({@code a/#} matches {@code a} too). */
    static boolean matches(String filter, String topic) {
        int f = 0;
        int t = 0;
        while (true) {
            if (filter.startsWith("#", f)) {
                return true;
            }
            int filterEnd = levelEnd(filter, f);
            int topicEnd = levelEnd(topic, t);
            boolean anyLevel = filterEnd - f == 1 && filter.charAt(f) == '+';
            if (!anyLevel && (filterEnd - f != topicEnd - t || !filter.regionMatches(f, topic, t, filterEnd - f))) {
                return false;
            }
            boolean filterDone = filterEnd == filter.length();
            boolean topicDone = topicEnd == topic.length();
            if (filterDone || topicDone) {
                return filterDone && topicDone
                        || topicDone && filterEnd + 2 == filter.length() && filter.charAt(filterEnd + 1) == '#';
            }
            f = filterEnd + 1;
            t = topicEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
