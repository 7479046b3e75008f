package io.streamcast.trainer.cli;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.trainer.FailureTraining;
import io.streamcast.trainer.ForecastTraining;
import io.streamcast.trainer.TrainingReport;
import io.streamcast.trainer.data.CsvFormat;
import io.streamcast.trainer.data.CsvSeriesReader;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.ErrorMetrics;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.ForecastSpec;
import io.streamcast.trainer.prep.Split;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast train}: fits LSTM and/or GRU forecasters on a CSV file and exports verified bundles. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train LSTM and GRU forecasters on a CSV file, compare them with naive baselines, export model bundles.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "CSV", description = "input file")
    Path data;

    @Option(names = "--format", defaultValue = "AUTO", description = "AUTO, GENERIC, NAB, ETT, OHLC, CMAPSS (default: ${DEFAULT-VALUE})")
    CsvFormat format;

    @Option(names = "--time-column", description = "GENERIC: time column (default: timestamp/time/date/ts)")
    String timeColumn;

    @Option(names = "--key-column", description = "GENERIC: key column (default: one series)")
    String keyColumn;

    @Option(names = "--features", split = ",", description = "input features (default: every column)")
    List<String> features;

    @Option(names = "--task", defaultValue = "forecast",
            description = "forecast, rul (remaining useful life of run-to-failure keys) or classify (fails within N) (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--target", split = ",", description = "forecast target feature(s) (task forecast; default: the only input feature)")
    List<String> targets;

    @Option(names = "--rul-cap", defaultValue = "125", description = "task rul/classify: RUL is capped at this (default: ${DEFAULT-VALUE})")
    int rulCap;

    @Option(names = "--fail-within", defaultValue = "30", description = "task classify: the positive class is RUL <= this (default: ${DEFAULT-VALUE})")
    int failWithin;

    @Option(names = "--horizon", defaultValue = "1", description = "steps ahead predicted at once (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--transform", defaultValue = "DELTA",
            description = "DELTA (differences, targets relative to the last value) or LEVEL (default: ${DEFAULT-VALUE})")
    Manifest.InputTransform transform;

    @Option(names = "--window", defaultValue = "96", description = "warm-up window of a key, events (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--model", defaultValue = "both", description = "lstm, gru or both (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "64", description = "units per layer, e.g. 64,64 (default: ${DEFAULT-VALUE})")
    int[] hidden;

    @Option(names = "--lr", defaultValue = "0.003", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "1", description = "multiply the learning rate by this after every epoch, "
            + "in (0, 1] (default: ${DEFAULT-VALUE}, constant)")
    double learningRateDecay;

    @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "16", description = "pieces per minibatch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--piece", description = "steps per training piece, each from a zero state (default: 256 for forecast; "
            + "for rul and classify the longest training key, so that every key is learnt whole from its first row, as the "
            + "job builds its state)")
    Integer piece;

    @Option(names = "--protocol", defaultValue = "STATEFUL", description = "STATEFUL (one step per row, state carried: what "
            + "the job runs) or WINDOWED (each forecast re-runs the last --window rows from a zero state, as windowed "
            + "benchmarks define it; with --transform LEVEL the inputs are relative to the window's last row; targets are "
            + "relative to the last value; measured, not exported) (default: ${DEFAULT-VALUE})")
    ForecastTraining.Protocol protocol;

    @Option(names = "--tbptt", description = "LSTM truncated-BPTT length (default: 64 for forecast; the piece for rul and "
            + "classify: the gradient reaches back to the key's first row)")
    Integer tbptt;

    @Option(names = "--patience", defaultValue = "5", description = "early-stopping patience, epochs (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weight initialisation and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--split", split = ",", defaultValue = "0.7,0.15",
            description = "train and validation fractions per key (or of the keys, with --split-by-key); test gets the rest. "
                    + "Tasks rul and classify take the first: the training share, the rest validates (default: ${DEFAULT-VALUE})")
    double[] split;

    @Option(names = "--split-rows", split = ",", description = "train,validation,test row counts per key (overrides --split)")
    int[] splitRows;

    @Option(names = "--split-by-key", description = "split whole keys instead of each key's rows")
    boolean splitByKey;

    @Option(names = "--season", defaultValue = "24", description = "seasonal-naive period, steps (default: ${DEFAULT-VALUE})")
    int season;

    @Option(names = "--gap-factor", defaultValue = "10", description = "a gap > this x the median interval restarts the state; 0: off (default: ${DEFAULT-VALUE})")
    double gapFactor;

    @Option(names = "--model-id", description = "bundle model id (default: the data file's name)")
    String modelId;

    @Option(names = "--model-version", defaultValue = "1", description = "bundle model version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--out", defaultValue = "models", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quiet", description = "no progress bars")
    boolean quiet;

    @Option(names = "--report", description = "HTML report (default: <out>/report.html)")
    Path report;

    @Option(names = "--tune", description = "try learning rates {0.001, 0.003} x hidden {--hidden, half of it}, for forecasts"
            + " also x pieces {256, 512} (rul and classify keep each key whole); keep the lowest validation loss (test data"
            + " plays no part)")
    boolean tune;

    /** The --target features, or the only input feature when there is one. */
    private List<String> targets(List<String> inputs) {
        if (targets != null) {
            return targets;
        }
        if (inputs.size() == 1) {
            return inputs;
        }
        throw new IllegalArgumentException("--target is required for task forecast with several input features: one or more of " + inputs);
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintStream o = System.out;
        SeriesData d = new CsvSeriesReader(format, timeColumn, keyColumn, features).read(data);
        o.printf("read %s: %d rows, %d key(s), features %s%n", data, d.rows(), d.series().size(), d.features());
        if (d.rejectedRows() > 0) {
            o.printf("rejected %d rows with missing or unparsable values (first at lines %s)%n", d.rejectedRows(),
                    d.firstRejectedLines());
        }
        List<String> inputs = features != null ? features : d.features();
        if (!task.equals("forecast")) {
            return trainFailureModels(d, inputs);
        }
        Lengths lengths = new Lengths(piece != null ? piece : 256, tbptt != null ? tbptt : 64);
        List<String> outputs = targets(inputs);
        for (String t : outputs) {
            d.featureIndex(t);
            if (!inputs.contains(t)) {
                throw new IllegalArgumentException("target '" + t + "' must also be an input feature " + inputs);
            }
        }
        // Targets are relative to the last value with difference inputs, and always in the windowed protocol.
        ForecastSpec spec = new ForecastSpec(inputs, outputs, horizon, transform, transform == Manifest.InputTransform.DELTA
                || protocol == ForecastTraining.Protocol.WINDOWED, window);
        Split s = splitByKey ? Split.byKeys(d, split[0], split[1])
                : splitRows != null ? Split.byRows(d, splitRows[0], splitRows[1], splitRows[2], window)
                : Split.byFraction(d, split[0], split[1], window);
        ForecastTraining training = new ForecastTraining(d, spec, s, gapFactor, protocol);
        String id = modelId != null ? modelId : data.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        List<ForecastTraining.Scores> table = new ArrayList<>();
        List<ForecastTraining.Result> results = new ArrayList<>();
        Files.createDirectories(out);
        for (CellType cell : cells()) {
            ForecastTraining.Result r = best(cell, lengths, o, m -> training.train(m, id + "-" + cell.name().toLowerCase(), version),
                    ForecastTraining.Result::history);
            String dir = protocol == ForecastTraining.Protocol.STATEFUL ? export(r.bundle()).toString()
                    : "not exported (windowed; the job scores statefully)";
            ErrorMetrics first = r.test().byTarget().values().iterator().next();
            o.printf("%s Loss: %.6f, %s test MSE: %.6f (normalised %.6f), %.2f s/epoch, best epoch %d, export parity %.2e -> %s%n",
                    cell, r.history().validationLoss().get(r.history().bestEpoch()), cell, first.mse(),
                    first.normalizedMse(), r.history().secondsPerEpoch(), r.history().bestEpoch() + 1, r.parityMaxDiff(), dir);
            table.add(r.test());
            results.add(r);
        }
        List<ForecastTraining.Scores> baselines = training.baselines(season);
        table.addAll(baselines);
        printTable(o, table);
        Path html = report != null ? report : out.resolve("report.html");
        TrainingReport.write(html, "streamcast training report: " + data.getFileName(), results, baselines);
        o.println("report: " + html);
        return 0;
    }

    /** Trains one model per candidate setting and keeps the one with the lowest validation loss. */
    private <R> R best(CellType cell, Lengths lengths, PrintStream o, Candidate<R> train, Function<R, Training.History> history)
            throws InvalidBundleException {
        R best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (ForecastTraining.ModelSettings m : candidates(cell, lengths)) {
            R candidate = train.train(m);
            Training.History h = history.apply(candidate);
            double loss = h.validationLoss().get(h.bestEpoch());
            if (tune) {
                o.printf("  %s hidden %s lr %s piece %d: validation loss %.6f%n", cell, java.util.Arrays.toString(m.hidden()),
                        m.learningRate(), m.training().pieceLength(), loss);
            }
            if (best == null || loss < bestLoss) {
                best = candidate;
                bestLoss = loss;
            }
        }
        return best;
    }

    /** Training piece and LSTM truncated-BPTT lengths: the options, or the task's defaults. */
    private record Lengths(int piece, int tbptt) {}

    private interface Candidate<R> {
        R train(ForecastTraining.ModelSettings settings) throws InvalidBundleException;
    }

    /** Writes the bundle as a directory and a zip under {@code --out}; returns the directory. */
    private Path export(ModelBundle bundle) throws IOException {
        Path dir = out.resolve(bundle.manifest().modelId());
        bundle.writeDirectory(dir);
        bundle.writeZip(out.resolve(bundle.manifest().modelId() + ".zip"));
        return dir;
    }

    /** The settings to train: the options as given, or the tuning grid. */
    private List<ForecastTraining.ModelSettings> candidates(CellType cell, Lengths lengths) {
        List<ForecastTraining.ModelSettings> out = new ArrayList<>();
        if (!tune) {
            out.add(new ForecastTraining.ModelSettings(cell, hidden, learningRate, lengths.tbptt(),
                    new Training.Settings(epochs, batch, lengths.piece(), patience, seed, !quiet, learningRateDecay)));
            return out;
        }
        int[] half = java.util.Arrays.stream(hidden).map(h -> Math.max(4, h / 2)).toArray();
        // Failure models keep each key whole (see trainFailureModels); forecasters try two piece
        // lengths at the same number of rows per minibatch.
        boolean forecast = task.equals("forecast");
        for (int[] h : List.of(hidden, half)) {
            for (double lr : new double[] {0.001, 0.003}) {
                for (int p : forecast ? new int[] {256, 512} : new int[] {lengths.piece()}) {
                    out.add(new ForecastTraining.ModelSettings(cell, h, lr, lengths.tbptt(), new Training.Settings(epochs,
                            forecast ? batch * 256 / p : batch, p, patience, seed, !quiet, learningRateDecay)));
                }
            }
        }
        return out;
    }

    /** Numbers that cannot make a model, refused together before any data is read. */
    private void checkOptions() {
        OptionProblems p = new OptionProblems().atLeast("--window", window, 1).atLeast("--horizon", horizon, 1)
                .atLeast("--epochs", epochs, 1).atLeast("--batch", batch, 1).atLeast("--patience", patience, 1)
                .atLeast("--season", season, 1).atLeast("--rul-cap", rulCap, 1).atLeast("--fail-within", failWithin, 1);
        for (int units : hidden) {
            p.atLeast("--hidden", units, 1);
        }
        if (piece != null) {
            p.atLeast("--piece", piece, 2);
        }
        if (tbptt != null) {
            p.atLeast("--tbptt", tbptt, 1);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            p.add("--lr must be a positive number, is " + learningRate);
        }
        // The trainer replays through the job's scorer with this gap factor: the job's rule decides.
        ScoringConfig.defaults().withGapFactor(gapFactor).problems().forEach(problem -> p.add("--gap-factor: " + problem));
        if (splitRows != null && (splitRows.length != 3 || Arrays.stream(splitRows).anyMatch(n -> n <= 0))) {
            p.add("--split-rows takes three positive row counts (train,validation,test), not " + Arrays.toString(splitRows));
        }
        boolean forecast = task.equals("forecast");
        if (forecast && split.length != 2) {
            p.add("--split takes two fractions for task forecast (train,validation; test gets the rest), not "
                    + Arrays.toString(split));
        } else if (Arrays.stream(split).anyMatch(f -> !(f > 0 && f < 1)) || (forecast ? split[0] + split[1] : split[0]) >= 1) {
            p.add("--split fractions must each lie between 0 and 1 and leave a share for "
                    + (forecast ? "the test" : "validation") + ", not " + Arrays.toString(split));
        }
        p.throwIfAny("");
    }

    private Integer trainFailureModels(SeriesData d, List<String> inputs) throws Exception {
        Task t = switch (task) {
            case "rul" -> Task.REGRESS;
            case "classify" -> Task.CLASSIFY;
            default -> throw new IllegalArgumentException("--task must be forecast, rul or classify, is " + task);
        };
        FailureTraining.Spec spec = new FailureTraining.Spec(inputs, t, rulCap, failWithin, window);
        Split s = splitByKey ? Split.byKeys(d, split[0], 1 - split[0]) : Split.byFraction(d, split[0], 1 - split[0], window);
        // Degradation accumulates from a key's first row: pieces starting mid-key from a zero state
        // would teach a state the job never has (C-MAPSS validation RMSE 13.8 vs 10.9, docs/BENCHMARKS.md).
        int wholeKey = piece != null ? piece : s.train().stream().mapToInt(p -> p.series().length()).max().orElse(256);
        Lengths lengths = new Lengths(wholeKey, tbptt != null ? tbptt : wholeKey);
        FailureTraining training = new FailureTraining(d, spec, s);
        String id = modelId != null ? modelId : data.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + task;
        Files.createDirectories(out);
        List<FailureTraining.Result> results = new ArrayList<>();
        for (CellType cell : cells()) {
            FailureTraining.Result r = best(cell, lengths, System.out, m -> training.train(m, id + "-" + cell.name().toLowerCase(), version),
                    FailureTraining.Result::history);
            Path dir = export(r.bundle());
            FailureTraining.Scores v = r.validation();
            if (t == Task.REGRESS) {
                System.out.printf("%s validation RUL RMSE: %.2f, MAE %.2f (%d rows), %.2f s/epoch, best epoch %d, export parity "
                        + "%.2e -> %s%n", cell, v.rmse(), v.mae(), v.n(), r.history().secondsPerEpoch(),
                        r.history().bestEpoch() + 1, r.parityMaxDiff(), dir);
            } else {
                System.out.printf("%s Loss: %.4f, %s Accuracy: %.4f, precision %.3f, recall %.3f, F1 %.3f, confusion %s, "
                        + "%.2f s/epoch, best epoch %d -> %s%n", cell, v.logLoss(), cell, v.accuracy(), v.precision(), v.recall(),
                        v.f1(), java.util.Arrays.deepToString(v.confusion()), r.history().secondsPerEpoch(),
                        r.history().bestEpoch() + 1, dir);
            }
            results.add(r);
        }
        Path html = report != null ? report : out.resolve("report.html");
        TrainingReport.writeFailure(html, "streamcast training report: " + data.getFileName() + " (" + task + ")", spec, results);
        System.out.println("report: " + html);
        return 0;
    }

    private List<CellType> cells() {
        return switch (model.toLowerCase()) {
            case "lstm" -> List.of(CellType.LSTM);
            case "gru" -> List.of(CellType.GRU);
            case "both" -> List.of(CellType.LSTM, CellType.GRU);
            default -> throw new IllegalArgumentException("--model must be lstm, gru or both, is " + model);
        };
    }

    static void printTable(PrintStream o, List<ForecastTraining.Scores> rows) {
        o.printf("%n%-24s %-10s %12s %12s %12s %10s %8s %10s %10s%n", "model", "target", "MSE", "MAE", "RMSE", "MAPE%",
                "MASE", "MSE(norm)", "MAE(norm)");
        for (ForecastTraining.Scores s : rows) {
            s.byTarget().forEach((t, e) -> o.printf("%-24s %-10s %12.6g %12.6g %12.6g %10.3f %8.4f %10.6f %10.6f%n", s.name(), t,
                    e.mse(), e.mae(), e.rmse(), e.mape(), e.mase(), e.normalizedMse(), e.normalizedMae()));
        }
        o.println();
    }
}
