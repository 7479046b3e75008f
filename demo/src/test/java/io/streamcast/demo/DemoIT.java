package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command, shortened: it must keep working in every commit. */
class DemoIT {
    @TempDir
    Path work;

    @Test
    void demoRunsEndToEndAndPrintsAScoredSummary() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(new PrintStream(new TeeStream(original, capture), true, StandardCharsets.UTF_8));
            exit = new CommandLine(new DemoCommand()).execute("--duration", "20s", "--rate", "300",
                    "--incident-rate", "0.004", "--epochs", "3", "--metrics-port", "0", "--work", work.toString());
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).contains("published model update fleet:2", "summary", "precision", "recall", "detection delay");
        assertThat(out).containsPattern("forecasts +\\d{4} committed \\(exactly once\\), 20 keys, by model \\{fleet:1=\\d+, fleet:2=\\d+\\}");
        assertThat(out).containsPattern("trained \\([0-9.]+ s\\); test MSE \\d+\\.\\d{4} / \\d+\\.\\d{4}");
        assertThat(out).containsPattern("dead letters +[1-9]");
        assertThat(out).containsPattern("alerts +[1-9]");
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
