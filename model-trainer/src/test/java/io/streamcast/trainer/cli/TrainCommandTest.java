package io.streamcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train on files of each kind, through the command line as users run it. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFileTooShortToTrainOnIsAOneLineError() throws Exception {
        Path data = dir.resolve("short.csv");
        Files.writeString(data, "timestamp,value\n2026-01-01 00:00:00,1.5\n2026-01-01 00:05:00,abc\n");
        CommandLine cli = StreamcastCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("train", "--data", data.toString(), "--target", "value", "--quiet", "--out",
                dir.resolve("models").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("train: no training data: the training split makes no training step")
                .hasLineCount(1);

        err.getBuffer().setLength(0);
        exit = cli.execute("train", "--data", data.toString(), "--target", "value", "--split-by-key", "--split", "0.4,0.3",
                "--quiet", "--out", dir.resolve("models").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("train: the training split holds no rows").hasLineCount(1);
    }

    @Test
    void theTargetDefaultsToTheOnlyFeatureAndMustBeNamedAmongSeveral() throws Exception {
        List<String> one = new ArrayList<>(List.of("timestamp,temp"));
        List<String> two = new ArrayList<>(List.of("timestamp,temp,load"));
        for (int i = 0; i < 400; i++) {
            String ts = java.time.Instant.ofEpochSecond(1_767_225_600L + 60L * i).toString();
            one.add(ts + "," + Math.sin(i / 7.0));
            two.add(ts + "," + Math.sin(i / 7.0) + "," + Math.cos(i / 5.0));
        }
        Path oneFeature = Files.write(dir.resolve("one.csv"), one);
        Path twoFeatures = Files.write(dir.resolve("two.csv"), two);
        Path out = dir.resolve("models");

        int exit = StreamcastCli.commandLine().execute("train", "--data", oneFeature.toString(), "--window", "8",
                "--model", "lstm", "--hidden", "4", "--epochs", "1", "--quiet", "--out", out.toString());
        assertThat(exit).isZero();
        assertThat(ModelBundle.load(out.resolve("one-lstm.zip")).manifest().output().targets()).containsExactly("temp");

        CommandLine cli = StreamcastCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        exit = cli.execute("train", "--data", twoFeatures.toString(), "--quiet", "--out", out.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "train: --target is required for task forecast with several input features: one or more of [temp, load]"
                        + System.lineSeparator());
    }

    @Test
    void settingsThatCannotMakeAModelAreRefusedBeforeReadingTheData() {
        String missing = dir.resolve("not-read.csv").toString();
        String[][] cases = {
            {"--split", "0.4"}, {"--split", "0.7,0.3"}, {"--split", "0.7,-0.1"}, {"--split-rows", "100,20"},
            {"--split-rows", "100,0,20"}, {"--task", "rul", "--split", "1.0"}, {"--horizon", "0"}, {"--hidden", "32,0"},
            {"--batch", "0"}, {"--tbptt", "0"}, {"--piece", "1"}, {"--lr", "-0.1"}, {"--lr", "NaN"}, {"--patience", "0"},
            {"--gap-factor", "-2"}, {"--gap-factor", "0.5"}, {"--season", "0"}, {"--window", "0"}};
        for (String[] bad : cases) {
            CommandLine cli = StreamcastCli.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            List<String> args = new ArrayList<>(List.of("train", "--data", missing, "--target", "value", "--quiet"));
            args.addAll(List.of(bad));
            assertThat(cli.execute(args.toArray(String[]::new))).as(String.join(" ", bad)).isEqualTo(1);
            assertThat(err.toString()).as(String.join(" ", bad)).startsWith("train: " + bad[bad.length - 2]).hasLineCount(1);
        }
    }

    @Test
    void failureModelsLearnEachTrainingKeyWholeUnlessAPieceIsGiven() throws Exception {
        Random rnd = new Random(5);
        List<String> lines = new ArrayList<>();
        int[] lives = {70, 95, 60, 88, 75, 64, 81, 66, 120, 72}; // the last two (one the longest) are validation keys
        for (int unit = 1; unit <= lives.length; unit++) {
            for (int cycle = 1; cycle <= lives[unit - 1]; cycle++) {
                StringBuilder row = new StringBuilder(unit + " " + cycle + " 0.001 -0.0002 100");
                double wear = Math.exp((cycle - lives[unit - 1]) / 20.0);
                for (int s = 0; s < 21; s++) {
                    row.append(String.format(Locale.ROOT, " %.4f", 500 + s + 10 * wear + rnd.nextGaussian() * 0.3));
                }
                lines.add(row.append(' ').toString());
            }
        }
        Path data = dir.resolve("engines.txt");
        Files.write(data, lines);

        Path out = dir.resolve("models");
        int exit = new CommandLine(new TrainCommand()).execute("--data", data.toString(), "--task", "rul", "--split-by-key",
                "--split", "0.8", "--window", "10", "--model", "both", "--hidden", "8", "--epochs", "2", "--quiet",
                "--out", out.toString());
        assertThat(exit).isZero();
        for (String cell : List.of("lstm", "gru")) {
            ModelBundle b = ModelBundle.load(out.resolve("engines-rul-" + cell + ".zip"));
            assertThat(b.manifest().task()).isEqualTo(Task.REGRESS);
            assertThat(b.manifest().training().parameters()).containsEntry("piece", "95");
        }
        assertThat(ModelBundle.load(out.resolve("engines-rul-lstm.zip")).manifest().training().parameters())
                .containsEntry("tbptt", "95");

        exit = new CommandLine(new TrainCommand()).execute("--data", data.toString(), "--task", "rul", "--split-by-key",
                "--split", "0.8", "--window", "10", "--model", "lstm", "--hidden", "8", "--epochs", "2", "--piece", "32",
                "--quiet", "--out", out.toString());
        assertThat(exit).isZero();
        assertThat(ModelBundle.load(out.resolve("engines-rul-lstm.zip")).manifest().training().parameters())
                .containsEntry("piece", "32").containsEntry("tbptt", "32");

        // Tuning varies the model, not the whole-key pieces (its forecasting grid has pieces of 256 and 512).
        exit = new CommandLine(new TrainCommand()).execute("--data", data.toString(), "--task", "rul", "--split-by-key",
                "--split", "0.8", "--window", "10", "--model", "gru", "--hidden", "8", "--epochs", "1", "--tune",
                "--quiet", "--out", out.toString());
        assertThat(exit).isZero();
        assertThat(ModelBundle.load(out.resolve("engines-rul-gru.zip")).manifest().training().parameters())
                .containsEntry("piece", "95");
    }
}
