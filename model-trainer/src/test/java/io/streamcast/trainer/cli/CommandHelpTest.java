package io.streamcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The README promises {@code ./streamcast <command> --help}: every command answers it (an option named --version once broke it). */
class CommandHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"train", "predict", "evaluate"})
    void everyCommandPrintsItsUsage(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StreamcastCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: streamcast " + command + " [-hV]");
    }

    @Test
    void everyOptionSaysWhatItIs() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine sub : StreamcastCli.commandLine().getSubcommands().values()) {
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp() && String.join(" ", o.description()).isBlank()) {
                    undescribed.add(sub.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }
}
