package io.streamcast.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the trainer's commands. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class},
        description = "streamcast model tools")
public final class StreamcastCli {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new StreamcastCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        ResidentMemoryBound.watch(args.length > 0 ? args[0] : "streamcast");
        System.exit(cli.execute(args));
    }
}
