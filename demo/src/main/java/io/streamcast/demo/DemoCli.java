package io.streamcast.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code streamcast demo} and {@code streamcast simulate}. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class, SimulateCommand.class, ModelCommand.class})
public final class DemoCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The commands as users run them: a refused setting is one line naming it; anything else says its kind. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DemoCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + (e instanceof IllegalArgumentException ? e.getMessage() : e));
            return 1;
        });
        return cli;
    }
}
