package io.bytemeter.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

/**
 * The resource the metrics describe. {@code service.name} is {@code otel.service.name} when set,
 * else the app's jar or main class as the JVM was started ({@code java -jar orders.jar} gives
 * {@code orders}); {@code otel.resource.attributes} adds the rest, as the OpenTelemetry SDK does.
 */
final class ServiceResource {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private ServiceResource() {}

    static Resource from(Config config) {
        AttributesBuilder attributes = Attributes.builder();
        String extra = config.string(Settings.OTEL_RESOURCE_ATTRIBUTES, "");
        for (String pair : extra.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                attributes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            } else if (!pair.isBlank()) {
                config.addProblem(Settings.OTEL_RESOURCE_ATTRIBUTES + ": '" + pair.trim()
                        + "' is not of the form key=value; that entry is ignored");
            }
        }
        attributes.put(SERVICE_NAME, config.string(Settings.OTEL_SERVICE_NAME,
                fromCommand(System.getProperty("sun.java.command", ""))));
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    /** The service name a person would give the command line: the jar's or main class's simple name. */
    static String fromCommand(String command) {
        String main = command.trim().split("\\s+")[0];
        if (main.isEmpty()) {
            return "unknown_service:java";
        }
        if (main.endsWith(".jar")) {
            String file = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
            return file.substring(0, file.length() - ".jar".length());
        }
        return main.substring(main.lastIndexOf('.') + 1);
    }
}
