package io.streamcast.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code streamcast demo} and {@code streamcast simulate}. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class, SimulateCommand.class, ModelCommand.class})
public final class DemoCli {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DemoCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e);
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
