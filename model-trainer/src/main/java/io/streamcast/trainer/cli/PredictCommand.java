package io.streamcast.trainer.cli;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.trainer.data.CsvFormat;
import io.streamcast.trainer.data.CsvSeriesReader;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.Replay;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcast predict}: replays a CSV file through a bundle on the job's scoring path and
 * writes one row of predictions per input row (or only each key's last row).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a model bundle's predictions for every row (or each key's last row) of a CSV file.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "bundle directory or zip")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "CSV file with the bundle's input features")
    Path data;

    @Option(names = "--format", defaultValue = "AUTO", description = "AUTO, GENERIC, NAB, ETT, OHLC, CMAPSS (default: ${DEFAULT-VALUE})")
    CsvFormat format;

    @Option(names = "--time-column", description = "GENERIC: time column (default: timestamp/time/date/ts)")
    String timeColumn;

    @Option(names = "--key-column", description = "GENERIC: key column (default: one series)")
    String keyColumn;

    @Option(names = "--out", defaultValue = "predictions.csv", description = "CSV file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--last", description = "only the prediction at each key's last row")
    boolean last;

    /** The bundle's inputs, and a forecaster's targets (its residuals need the actual values). */
    private static List<String> columnsRead(ModelBundle bundle) {
        List<String> columns = new ArrayList<>(bundle.manifest().inputFeatures());
        if (bundle.manifest().task() == Task.FORECAST) {
            bundle.manifest().output().targets().stream().filter(t -> !columns.contains(t)).forEach(columns::add);
        }
        return columns;
    }

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        List<String> inputs = bundle.manifest().inputFeatures();
        SeriesData d = new CsvSeriesReader(format, timeColumn, keyColumn, columnsRead(bundle)).read(data);
        int[] columns = inputs.stream().mapToInt(d::featureIndex).toArray();
        List<String> names = bundle.manifest().task() == Task.CLASSIFY ? bundle.manifest().output().classLabels()
                : bundle.manifest().output().targets();
        int horizon = bundle.manifest().task() == Task.FORECAST ? bundle.manifest().output().horizon() : 1;
        if (last && bundle.manifest().task() != Task.FORECAST) {
            return lastPerKey(bundle, d, inputs, columns, names);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            List<String> header = new ArrayList<>(List.of("key", "ts"));
            for (String n : names) {
                for (int h = 1; h <= horizon; h++) {
                    header.add(horizon == 1 ? n : n + "_h" + h);
                }
            }
            header.addAll(List.of("score", "likelihood", "warming_up"));
            w.println(String.join(",", header));
            int rows = 0;
            for (KeySeries s : d.series()) {
                List<Outcome> outcomes = Replay.run(bundle, ScoringConfig.defaults(), s, inputs, columns);
                for (int t = last ? s.length() - 1 : 0; t < s.length(); t++) {
                    Forecast f = outcomes.get(t).forecast();
                    List<String> row = new ArrayList<>(List.of(s.key(), Long.toString(s.ts()[t])));
                    for (String n : names) {
                        for (int h = 1; h <= horizon; h++) {
                            row.add(Double.toString(Replay.forecast(outcomes.get(t), n, h)));
                        }
                    }
                    row.add(Double.toString(f.score()));
                    row.add(Double.toString(f.likelihood()));
                    row.add(Boolean.toString(f.warmingUp()));
                    w.println(String.join(",", row));
                    rows++;
                }
            }
            System.out.printf("wrote %d predictions of %s to %s%n", rows, bundle.label(), out);
        }
        return 0;
    }

    /**
     * One row per key with the prediction at its last row, e.g. C-MAPSS {@code unit,predicted_rul}.
     * The model is stateful: a key shorter than the window is run over all its rows, no padding.
     */
    private Integer lastPerKey(ModelBundle bundle, SeriesData d, List<String> inputs, int[] columns, List<String> names)
            throws java.io.IOException {
        String target = bundle.manifest().task() == Task.CLASSIFY ? bundle.manifest().output().positiveClass() : names.get(0);
        String keyName = d.keyName();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println(keyName + ",predicted_" + target);
            for (KeySeries s : d.series()) {
                List<Outcome> outcomes = Replay.run(bundle, ScoringConfig.defaults().withGapFactor(0), s, inputs, columns);
                w.println(s.key() + "," + Replay.forecast(outcomes.get(s.length() - 1), target, 1));
            }
        }
        System.out.printf("wrote the last prediction of %d keys by %s to %s%n", d.series().size(), bundle.label(), out);
        return 0;
    }
}
