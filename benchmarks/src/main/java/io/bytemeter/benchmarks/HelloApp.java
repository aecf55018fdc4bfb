package io.bytemeter.benchmarks;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The trivial app the start-up benchmark starts: it says hello and prints its own peak resident
 * memory ({@code VmHWM} from {@code /proc/self/status}, in KiB), then exits.
 */
public final class HelloApp {

    public static void main(String[] args) throws Exception {
        String peak = Files.readAllLines(Paths.get("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .findFirst().orElse("-1");
        System.out.println("hello, peak-rss-kib=" + peak);
    }
}
