package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {
    /** Starts a broker, prints the broker's pid, then waits to be stopped. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            KafkaBroker.start(Path.of(args[0]));
            ProcessHandle.current().children().forEach(c -> System.out.println("broker " + c.pid()));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void stoppingTheJvmThatStartedTheBrokerStopsTheBroker(@TempDir Path dir) throws Exception {
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        long broker;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("broker "));
            assertThat(line).as("the holder started a broker").isNotNull();
            broker = Long.parseLong(line.substring("broker ".length()));
            assertThat(ProcessHandle.of(broker)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            holder.destroy(); // SIGTERM, as Ctrl-C or `kill` would
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        ProcessHandle.of(broker).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new AssertionError("the broker outlived the JVM that started it", e);
            }
        });
    }
}
