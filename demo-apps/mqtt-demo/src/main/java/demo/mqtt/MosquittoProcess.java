package demo.mqtt;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MQTT broker the demo talks to: the one at {@code -Ddemo.mqtt.port} on this machine, or else a
 * {@code mosquitto} of its own (Debian's package) on a free loopback port, stopped at exit.
 */
final class MosquittoProcess {

    final int port;
    private final Process process;

    private MosquittoProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static MosquittoProcess startOrUse() throws IOException, InterruptedException {
        Integer given = Integer.getInteger("demo.mqtt.port");
        if (given != null) {
            return new MosquittoProcess(given, null);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createTempFile("mqtt-demo", ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n");
        config.toFile().deleteOnExit();
        Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        MosquittoProcess mosquitto = new MosquittoProcess(port, process);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        for (int i = 0; i < 100; i++) {
            try (Socket reachable = new Socket("127.0.0.1", port)) {
                System.out.println("mqtt-demo: started mosquitto on 127.0.0.1:" + port);
                return mosquitto;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IllegalStateException("mosquitto did not start on port " + port);
    }

    void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
