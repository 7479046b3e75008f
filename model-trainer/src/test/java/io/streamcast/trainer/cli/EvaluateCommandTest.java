package io.streamcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime T0 = LocalDateTime.of(2014, 4, 1, 0, 0);

    @TempDir
    Path dir;

    /** The row's timestamp: one row every 5 minutes from T0. */
    private static String time(int row) {
        return TIME.format(T0.plusMinutes(5L * row));
    }

    /** Writes {@code nab/data/synthetic/<name>} with the given values and its one labelled window. */
    private void writeNabFile(String name, double[] values, int windowFirstRow, int windowLastRow) throws Exception {
        Path data = dir.resolve("nab/data/synthetic");
        Files.createDirectories(data);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < values.length; i++) {
            rows.add(time(i) + "," + values[i]);
        }
        Files.write(data.resolve(name), rows);
        Files.createDirectories(dir.resolve("nab/labels"));
        Files.writeString(dir.resolve("nab/labels/combined_windows.json"), "{\"synthetic/" + name + "\": [[\""
                + time(windowFirstRow) + ".000000\", \"" + time(windowLastRow) + ".000000\"]]}");
    }

    @Test
    void writesNabResultsForEveryRowAndScoresTheCorpus() throws Exception {
        Random rnd = new Random(3);
        double[] values = new double[1200];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 3 * Math.sin(i / 12.0) + rnd.nextGaussian() * 0.2 + (i >= 900 && i < 905 ? 15 : 0);
        }
        writeNabFile("spike.csv", values, 880, 940);

        Path out = dir.resolve("results");
        int exit = new CommandLine(new EvaluateCommand()).execute("--data", dir.resolve("nab").toString(), "--out",
                out.toString(), "--threads", "1", "--epochs", "4");
        assertThat(exit).isZero();
        List<String> result = Files.readAllLines(out.resolve("streamcast/synthetic/streamcast_spike.csv"));
        assertThat(result).hasSize(1201);
        assertThat(result.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        for (int i = 1; i < result.size(); i++) {
            String[] c = result.get(i).split(",");
            assertThat(c[0]).isEqualTo(time(i - 1));
            double score = Double.parseDouble(c[2]);
            assertThat(score).isBetween(0.0, 1.0);
            assertThat(c[3]).isEqualTo(i - 1 >= 880 && i - 1 <= 940 ? "1" : "0");
        }
        double maxInWindow = 0;
        for (int i = 881; i <= 941; i++) {
            maxInWindow = Math.max(maxInWindow, Double.parseDouble(result.get(i).split(",")[2]));
        }
        assertThat(maxInWindow).as("the injected spike is scored as anomalous").isGreaterThan(0.999);
        List<String> byFile = Files.readAllLines(out.resolve("streamcast/files.csv"));
        assertThat(byFile).hasSize(2);
        assertThat(byFile.get(0)).isEqualTo("file,windows,windows_found,detections,false_detections,points,possible");
        assertThat(byFile.get(1)).startsWith("synthetic/spike.csv,1,1,").endsWith(",1.0");
    }

    /** The same seed gives the same scores row for row; another seed trains other forecasters. */
    @Test
    void theSeedMakesARunRepeatable() throws Exception {
        Random rnd = new Random(5);
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 3 * Math.sin(i / 12.0) + rnd.nextGaussian() * 0.5;
        }
        writeNabFile("noise.csv", values, 800, 850);
        List<List<String>> runs = new ArrayList<>();
        for (String seed : new String[] {"7", "7", "8"}) {
            Path out = dir.resolve("results-" + runs.size());
            assertThat(new CommandLine(new EvaluateCommand()).execute("--data", dir.resolve("nab").toString(), "--out",
                    out.toString(), "--threads", "1", "--epochs", "2", "--seed", seed)).isZero();
            runs.add(Files.readAllLines(out.resolve("streamcast/synthetic/streamcast_noise.csv")));
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        assertThat(runs.get(2)).isNotEqualTo(runs.get(0));
    }

    @Test
    void settingsTheJobWouldRefuseAreRefusedAtOnceBeforeAnyFileIsRead() {
        CommandLine cli = StreamcastCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("evaluate", "--data", dir.resolve("absent").toString(), "--averaging-window", "0",
                "--threshold", "1.5", "--threads", "0");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).hasLineCount(1).startsWith("evaluate: invalid settings: --threads must be at least 1")
                .contains("scoring.alertThreshold must lie in (0, 1), is 1.5", "scoring.averagingWindow must be null");
    }

    @Test
    void aDirectoryWithoutLabelsSaysWhereTheyAreLookedFor() {
        CommandLine cli = StreamcastCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("evaluate", "--data", dir.toString(), "--out", dir.resolve("out").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).hasLineCount(1).startsWith("evaluate: " + dir.resolve("labels/combined_windows.json")
                + ": no such labels file (NAB layout:");
    }

    @Test
    void theStuckValueRuleIsTheJobsAndOffUnlessAsked() throws Exception {
        Random rnd = new Random(4);
        double[] values = new double[1200];
        for (int i = 0; i < values.length; i++) {
            double v = 10 + 3 * Math.sin(i / 12.0) + rnd.nextGaussian() * 0.2;
            values[i] = i > 900 && i <= 960 ? values[900] : v; // the sensor sticks at row 900's value until row 960
        }
        writeNabFile("stuck.csv", values, 880, 1000);
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
