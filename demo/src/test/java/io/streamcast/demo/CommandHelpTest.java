package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The README promises {@code ./streamcast <command> --help}: every command answers it (an option named --version once broke it). */
class CommandHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "simulate", "model"})
    void everyCommandPrintsItsUsage(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: streamcast " + command + " [-hV]");
    }

    @Test
    void everyOptionSaysWhatItIs() {
        java.util.List<String> undescribed = new java.util.ArrayList<>();
        for (CommandLine sub : DemoCli.commandLine().getSubcommands().values()) {
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp() && String.join(" ", o.description()).isBlank()) {
                    undescribed.add(sub.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo --devices 0", "demo --rate 0", "demo --incident-rate 2", "demo --epochs 0",
        "demo --duration 0s", "simulate --bootstrap-servers x:1 --keys 0", "simulate --bootstrap-servers x:1 --rate -1",
        "simulate --bootstrap-servers x:1 --incident-rate -0.1", "simulate --bootstrap-servers x:1 --interval 0s"})
    void settingsThatCannotRunAreOneLineErrorsBeforeAnythingStarts(String args) {
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute(args.split(" "))).isEqualTo(1);
        String option = args.split(" ")[args.split(" ").length - 2];
        assertThat(err.toString()).hasLineCount(1).startsWith(args.split(" ")[0] + ": " + option);
    }
}
