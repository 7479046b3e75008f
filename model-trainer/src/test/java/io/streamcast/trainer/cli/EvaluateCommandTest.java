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

    @Test
    void theStuckValueRuleIsTheJobsAndOffUnlessAsked() throws Exception {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime t0 = LocalDateTime.of(2014, 4, 1, 0, 0);
        Random rnd = new Random(4);
        Path data = dir.resolve("nab/data/synthetic");
        Files.createDirectories(data);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        double frozen = 0;
        for (int i = 0; i < 1200; i++) {
            double v = 10 + 3 * Math.sin(i / 12.0) + rnd.nextGaussian() * 0.2;
            frozen = i <= 900 ? v : frozen; // the sensor sticks at row 900's value until row 960
            rows.add(f.format(t0.plusMinutes(5L * i)) + "," + (i > 900 && i <= 960 ? frozen : v));
        }
        Files.write(data.resolve("stuck.csv"), rows);
        Files.createDirectories(dir.resolve("nab/labels"));
        Files.writeString(dir.resolve("nab/labels/combined_windows.json"), "{\"synthetic/stuck.csv\": [[\""
                + f.format(t0.plusMinutes(5L * 880)) + ".000000\", \"" + f.format(t0.plusMinutes(5L * 1000)) + ".000000\"]]}");
        for (String stuckEvents : new String[] {null, "5"}) {
            Path out = dir.resolve("results-" + stuckEvents);
            // The seasonal channel and the range rule off: the stuck-value rule alone.
            List<String> args = new ArrayList<>(List.of("--data", dir.resolve("nab").toString(), "--out", out.toString(),
                    "--threads", "1", "--epochs", "4", "--season-min-correlation", "2", "--range-margin", "0"));
            if (stuckEvents != null) {
                args.addAll(List.of("--stuck-events", stuckEvents));
            }
            assertThat(new CommandLine(new EvaluateCommand()).execute(args.toArray(String[]::new))).isZero();
            List<String> result = Files.readAllLines(out.resolve("streamcast/synthetic/streamcast_stuck.csv"));
            double whileStuck = 0; // rows 905..960 (file lines 906..961): the run has reached 5 repeats
            for (int line = 906; line <= 961; line++) {
                whileStuck = Math.max(whileStuck, Double.parseDouble(result.get(line).split(",")[2]));
            }
            if (stuckEvents == null) {
                assertThat(whileStuck).as("a frozen value looks calm to the forecaster").isLessThan(0.999);
            } else {
                assertThat(whileStuck).isGreaterThanOrEqualTo(0.999999);
            }
        }
    }
}
