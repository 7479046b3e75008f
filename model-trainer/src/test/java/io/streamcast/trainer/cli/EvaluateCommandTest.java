package io.streamcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** evaluate on a tiny NAB-layout corpus: results layout, every row once and in order, scores in [0, 1]. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesNabResultsForEveryRowAndScoresTheCorpus() throws Exception {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime t0 = LocalDateTime.of(2014, 4, 1, 0, 0);
        Random rnd = new Random(3);
        Path data = dir.resolve("nab/data/synthetic");
        Files.createDirectories(data);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 1200; i++) {
            double v = 10 + 3 * Math.sin(i / 12.0) + rnd.nextGaussian() * 0.2 + (i >= 900 && i < 905 ? 15 : 0);
            rows.add(f.format(t0.plusMinutes(5L * i)) + "," + v);
        }
        Files.write(data.resolve("spike.csv"), rows);
        Files.createDirectories(dir.resolve("nab/labels"));
        Files.writeString(dir.resolve("nab/labels/combined_windows.json"), "{\"synthetic/spike.csv\": [[\""
                + f.format(t0.plusMinutes(5L * 880)) + ".000000\", \"" + f.format(t0.plusMinutes(5L * 940)) + ".000000\"]]}");

        Path out = dir.resolve("results");
        int exit = new CommandLine(new EvaluateCommand()).execute("--data", dir.resolve("nab").toString(), "--out",
                out.toString(), "--threads", "1", "--epochs", "4");
        assertThat(exit).isZero();
        List<String> result = Files.readAllLines(out.resolve("streamcast/synthetic/streamcast_spike.csv"));
        assertThat(result).hasSize(1201);
        assertThat(result.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        for (int i = 1; i < result.size(); i++) {
            String[] c = result.get(i).split(",");
            assertThat(c[0]).isEqualTo(rows.get(i).split(",")[0]);
            double score = Double.parseDouble(c[2]);
            assertThat(score).isBetween(0.0, 1.0);
            assertThat(c[3]).isEqualTo(i - 1 >= 880 && i - 1 <= 940 ? "1" : "0");
        }
        double maxInWindow = 0;
        for (int i = 881; i <= 941; i++) {
            maxInWindow = Math.max(maxInWindow, Double.parseDouble(result.get(i).split(",")[2]));
        }
        assertThat(maxInWindow).as("the injected spike is scored as anomalous").isGreaterThan(0.999);
    }
}
