package io.bytemeter.agent;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource the metrics describe. {@code service.name} is {@code otel.service.name} when set,
 * else the app's jar or main class as the JVM was started ({@code java -jar orders.jar} gives
 * {@code orders}); {@code otel.resource.attributes} adds the rest, as the OpenTelemetry SDK does.
 * The settings are read (and a bad one reported) at start-up; the SDK's {@code Resource} is made
 * only when the endpoint first needs it, so that an app that is never scraped loads no SDK.
 */
final class ServiceResource {

    private final Map<String, String> attributes;

    private ServiceResource(Map<String, String> attributes) {
        this.attributes = attributes;
    }

    static ServiceResource from(Config config) {
        Map<String, String> attributes = new LinkedHashMap<>();
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
        attributes.put("service.name", config.string(Settings.OTEL_SERVICE_NAME,
                fromCommand(System.getProperty("sun.java.command", ""))));
        return new ServiceResource(attributes);
    }

    Resource resource() {
        AttributesBuilder builder = Attributes.builder();
        attributes.forEach(builder::put);
        return Resource.getDefault().merge(Resource.create(builder.build()));
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
