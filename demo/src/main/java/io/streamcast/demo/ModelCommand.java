package io.streamcast.demo;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.nn.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast model}: trains the demo fleet forecaster on generated history and writes its bundle. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Train the demo fleet forecaster on generated data and write the bundle (zip).")
public final class ModelCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "fleet.zip", description = "bundle file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--cell", defaultValue = "LSTM", description = "LSTM or GRU (default: ${DEFAULT-VALUE})")
    CellType cell;

    @Option(names = "--model-version", defaultValue = "1", description = "bundle model version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--epochs", defaultValue = "6", description = "training epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = DemoModel.bundle(cell, version, epochs);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        b.writeZip(out);
        System.out.printf("wrote %s to %s%n", b.label(), out);
        return 0;
    }
}
