package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.instrumentation.Instrumentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation says what the code does: every key the agent reads is in
 * {@code docs/settings.md}, every metric name it writes is on a family page (or, for the agent's
 * own, on {@code docs/operations.md}), and every relative link in the README and {@code docs/}
 * leads to a file and heading that exist.
 */
class DocumentationTest {

    private static final Path REPOSITORY = Paths.get("").toAbsolutePath().getParent();
    private static final Path DOCS = REPOSITORY.resolve("docs");
    private static final List<String> FAMILY_PAGES =
            List.of("caches.md", "ids.md", "messaging.md", "rpc.md", "custom-roles.md", "operations.md");
    /**
     * {@code out.counter("cache.gets", ...}: the metric writes in the agent's sources, whose first
     * argument is the name, a string constant or constants joined with variables.
     */
    private static final Pattern METRIC_WRITE =
            Pattern.compile("\\.(counter|gauge|histogram)\\(\\s*(\"[a-z_.]+\"(?:\\s*\\+\\s*(?:\"[a-z_.]+\"|[a-zA-Z]+))*)\\s*,");
    /** The values of the variables metric names are built from. */
    private static final Map<String, List<String>> NAME_PARTS = Map.of("side", List.of("server", "client"));
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everySettingTheAgentReadsIsInTheSettingsPage() throws IOException {
        String page = Files.readString(DOCS.resolve("settings.md"));
        Set<String> missing = Settings.keys().stream()
                .filter(key -> !page.contains("| `" + key + "` |"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "keys the agent reads that docs/settings.md has no row for");
        assertTrue(page.contains("| `" + Settings.enabledKey("<name>") + "` |"));
        Set<String> unlisted = new TreeSet<>();
        for (Instrumentation instrumentation : ServiceLoader.load(Instrumentation.class)) {
            if (!page.contains("`" + instrumentation.name() + "`")) {
                unlisted.add(instrumentation.name());
            }
        }
        assertEquals(Set.of(), unlisted, "instrumentations the enabled switch's row does not name");
    }

    @Test
    void everyMetricTheAgentWritesIsOnAFamilyPage() throws IOException {
        StringBuilder pages = new StringBuilder();
        for (String page : FAMILY_PAGES) {
            pages.append(Files.readString(DOCS.resolve(page)));
        }
        Set<String> names = metricNamesWritten();
        assertTrue(names.size() > 40, "metric writes found in the agent's sources: " + names);
        Set<String> missing = names.stream()
                .filter(name -> !pages.toString().contains("`" + name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "metric names no family page shows");
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(REPOSITORY.resolve("README.md"));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path file = hash == 0 ? document : document.getParent().resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
                if (!Files.exists(file)) {
                    broken.add(REPOSITORY.relativize(document) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(REPOSITORY.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(documents.size() >= 10, "documents read: " + documents);
        assertEquals(List.of(), broken);
    }

    /** The Prometheus names of what the agent's metric sources write: dots become underscores, histograms are in seconds, counters get {@code _total}. */
    private static Set<String> metricNamesWritten() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(REPOSITORY.resolve("agent/src/main/java"))) {
            for (Path source : (Iterable<Path>) sources.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher write = METRIC_WRITE.matcher(Files.readString(source));
                while (write.find()) {
                    for (String name : expand(write.group(2), source)) {
                        String prometheus = name.replace('.', '_');
                        names.add(write.group(1).equals("counter") ? prometheus + "_total"
                                : write.group(1).equals("histogram") ? prometheus + "_seconds" : prometheus);
                    }
                }
            }
        }
        return names;
    }

    /** The names {@code "rpc." + side + ".calls"} stands for, by {@link #NAME_PARTS}. */
    private static List<String> expand(String expression, Path source) {
        List<String> names = List.of("");
        for (String part : expression.split("\\s*\\+\\s*")) {
            List<String> values = part.startsWith("\"") ? List.of(part.substring(1, part.length() - 1)) : NAME_PARTS.get(part);
            assertTrue(values != null, source.getFileName() + " builds a metric name from " + part + ": add its values to NAME_PARTS");
            List<String> longer = new ArrayList<>();
            for (String name : names) {
                for (String value : values) {
                    longer.add(name + value);
                }
            }
            names = longer;
        }
        return names;
    }

    /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
