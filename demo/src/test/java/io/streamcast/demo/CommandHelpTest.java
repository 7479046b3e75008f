package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
