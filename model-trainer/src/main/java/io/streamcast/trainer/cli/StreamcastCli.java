package io.streamcast.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the trainer's commands. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class},
        description = "streamcast model tools")
public final class StreamcastCli {
    public static void main(String[] args) {
        ResidentMemoryBound.watch(args.length > 0 ? args[0] : "streamcast");
        System.exit(commandLine().execute(args));
    }

    /** The commands as users run them: a failure is one line naming the command and the problem. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StreamcastCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
