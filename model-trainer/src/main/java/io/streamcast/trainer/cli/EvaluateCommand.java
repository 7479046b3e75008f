package io.streamcast.trainer.cli;

import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.trainer.data.CsvFormat;
import io.streamcast.trainer.data.CsvSeriesReader;
import io.streamcast.trainer.data.DataException;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.nab.NabDetector;
import io.streamcast.trainer.nab.NabFile;
import io.streamcast.trainer.nab.NabLabels;
import io.streamcast.trainer.nab.NabProfile;
import io.streamcast.trainer.nab.NabScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcast evaluate}: replays labelled files through the job's scoring code under NAB's
 * online protocol, writes NAB's results layout and prints NAB scores (three profiles, swept and
 * fixed threshold) and event-level precision, recall, F1 and delay.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score labelled CSV files (NAB layout) with the streaming detector and report NAB scores.")
public final class EvaluateCommand implements Callable<Integer> {
    /** Files listed after the scores, those losing the most points first. */
    private static final int TOP_FILES = 5;
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--data", required = true, description = "NAB root (data/ and labels/combined_windows.json) or a data directory")
    Path data;

    @Option(names = "--labels", description = "labels file (default: <data>/labels/combined_windows.json)")
    Path labels;

    @Option(names = "--out", defaultValue = "results", description = "results directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--detector", defaultValue = "streamcast", description = "detector name in the results tree and file names (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--threshold", defaultValue = "0.9999", description = "the fixed threshold (default: ${DEFAULT-VALUE}, the product's)")
    double threshold;

    @Option(names = "--threads", defaultValue = "2", description = "files scored in parallel (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--hidden", defaultValue = "16", description = "LSTM units of the per-file forecaster (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--window", defaultValue = "24", description = "warm-up window, rows (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--epochs", defaultValue = "15", description = "training epochs of the per-file forecaster (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "42",
            description = "seed of the per-file forecasters' initial weights and batch order; scores move with it by about "
                    + "a point on NAB, so compare settings over a few seeds (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--averaging-window", defaultValue = "10", description = "rows in the short error average (default: ${DEFAULT-VALUE})")
    int averagingWindow;

    @Option(names = "--history-window", defaultValue = "500", description = "rows in the rolling error distribution (default: ${DEFAULT-VALUE})")
    int historyWindow;

    @Option(names = "--quiet", defaultValue = "100", description = "rows without a new alert after one (default: ${DEFAULT-VALUE})")
    int quiet;

    @Option(names = "--range-margin", defaultValue = "0.05",
            description = "range-breach rule: a new extreme beyond this fraction of the range of the values older than the window is anomalous; 0: off (default: ${DEFAULT-VALUE})")
    double rangeMargin;

    @Option(names = "--season-min-correlation", defaultValue = "0.5",
            description = "seasonal channel: on for a file whose probationary prefix has a season with at least this "
                    + "autocorrelation; above 1: off (default: ${DEFAULT-VALUE})")
    double seasonMinCorrelation;

    @Option(names = "--stuck-events",
            description = "stuck-value rule (the job's scoring.stuckEvents): values repeated exactly for this many rows in a "
                    + "row are anomalous (default: off; NAB's quantised files repeat values in long runs)")
    Integer stuckEvents;

    @Option(names = "--adapt-to-excursions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the likelihood's statistics take in a key's large excursions in full (the job's "
                    + "scoring.adaptToExcursions, off there by default): recurring spikes alert less; "
                    + "--no-adapt-to-excursions clips them at 4σ (default: on)")
    boolean adaptToExcursions;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Path dataDir = Files.isDirectory(data.resolve("data")) ? data.resolve("data") : data;
        Path labelFile = labels != null ? labels : data.resolve("labels/combined_windows.json");
        NabLabels nab = NabLabels.read(labelFile);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new DataException(dataDir + ": no CSV files");
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<NabFile>> futures = new ArrayList<>();
        for (Path f : files) {
            futures.add(pool.submit(() -> scoreFile(dataDir, f, nab)));
        }
        List<NabFile> scored = new ArrayList<>();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("evaluate").setInitialMax(files.size())
                .setStyle(ProgressBarStyle.ASCII).build()) {
            for (Future<NabFile> fu : futures) {
                scored.add(fu.get());
                bar.step();
            }
        } finally {
            pool.shutdown();
        }
        report(scored, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Every setting that cannot run, in one message, before any file is read. */
    private void checkOptions() {
        OptionProblems p = new OptionProblems().atLeast("--threads", threads, 1).atLeast("--hidden", hidden, 1)
                .atLeast("--window", window, 1).atLeast("--epochs", epochs, 1);
        settings().scoring().problems().forEach(problem -> p.add("scoring." + problem)); // the job's checks of its settings
        p.throwIfAny("invalid settings: ");
    }

    private NabFile scoreFile(Path dataDir, Path file, NabLabels nab) throws Exception {
        String relative = dataDir.relativize(file).toString().replace('\\', '/');
        SeriesData d = CsvSeriesReader.of(CsvFormat.NAB).read(file);
        KeySeries s = d.series().get(0);
        int[][] windows = nab.rows(relative, s.ts());
        NabFile probe = new NabFile(relative, new double[s.length()], windows);
        double[] scores = NabDetector.score(relative, s.ts(), s.values(), probe.probation(), settings());
        write(relative, s, scores, windows);
        return new NabFile(relative, scores, windows);
    }

    private NabDetector.Settings settings() {
        ScoringConfig scoring = ScoringConfig.builder().alertThreshold(threshold).averagingWindow(averagingWindow)
                .historyWindow(historyWindow).suppression(1, 1, quiet).rangeMargin(rangeMargin).stuckEvents(stuckEvents)
                .adaptToExcursions(adaptToExcursions).build();
        return new NabDetector.Settings(hidden, window, epochs, 0.01, scoring, seasonMinCorrelation, seed);
    }

    /** NAB's results layout: {@code <out>/<detector>/<category>/<detector>_<file>.csv}, every input row in order. */
    private void write(String relative, KeySeries s, double[] scores, int[][] windows) throws java.io.IOException {
        String[] parts = relative.split("/");
        Path dir = out.resolve(detector).resolve(parts[0]);
        Files.createDirectories(dir);
        boolean[] label = new boolean[s.length()];
        for (int[] w : windows) {
            for (int i = w[0]; i <= w[1]; i++) {
                label[i] = true;
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(detector + "_" + parts[parts.length - 1]),
                StandardCharsets.UTF_8))) {
            w.println("timestamp,value,anomaly_score,label");
            for (int i = 0; i < s.length(); i++) {
                w.printf("%s,%s,%s,%d%n", NAB_TIME.format(Instant.ofEpochMilli(s.ts()[i])), s.values()[i][0], scores[i],
                        label[i] ? 1 : 0);
            }
        }
    }

    private void report(List<NabFile> files, double seconds) {
        System.out.printf("%n%d files, %d rows scored in %.0f s; results in %s%n%n", files.size(),
                files.stream().mapToInt(f -> f.scores().length).sum(), seconds, out.resolve(detector));
        System.out.printf("%-16s %14s %12s %16s%n", "profile", "swept score", "threshold", "score @ " + threshold);
        Map<NabProfile, NabScorer.Result> sweeps = new EnumMap<>(NabProfile.class);
        for (NabProfile p : NabProfile.values()) {
            NabScorer.Result r = NabScorer.sweep(files, p);
            sweeps.put(p, r);
            System.out.printf("%-16s %14.1f %12.6f %16.1f%n", p.name().toLowerCase(), r.score(), r.threshold(),
                    NabScorer.score(files, p, threshold));
        }
        NabScorer.Events e = NabScorer.events(files, threshold);
        System.out.printf("%nat threshold %s: precision %.3f, recall %.3f, F1 %.3f (%d detections, %d of %d windows), "
                + "mean delay %.1f rows%n", threshold, e.precision(), e.recall(), e.f1(), e.detections(), e.detected(),
                e.windows(), e.meanDelayRows());
        Map<String, List<NabFile>> byCategory = new TreeMap<>();
        for (NabFile f : files) {
            byCategory.computeIfAbsent(f.name().split("/")[0], c -> new ArrayList<>()).add(f);
        }
        double swept = sweeps.get(NabProfile.STANDARD).threshold();
        System.out.printf("%n%-24s %6s %22s %16s%n", "category (standard)", "files", "at corpus threshold", "@ " + threshold);
        byCategory.forEach((c, list) -> System.out.printf("%-24s %6d %22.1f %16.1f%n", c, list.size(),
                NabScorer.score(list, NabProfile.STANDARD, swept), NabScorer.score(list, NabProfile.STANDARD, threshold)));
        List<NabScorer.FileResult> byFile = NabScorer.byFile(files, NabProfile.STANDARD, threshold);
        Path table = out.resolve(detector).resolve("files.csv");
        writeByFile(byFile, table);
        System.out.printf("%nfiles losing the most points (standard, @ %s; a point is %.2f of the score; all in %s):%n",
                threshold, NabScorer.scorePerPoint(files, NabProfile.STANDARD), table);
        byFile.stream().sorted(Comparator.comparingDouble(NabScorer.FileResult::lost).reversed()).limit(TOP_FILES)
                .forEach(r -> System.out.printf("  %-52s lost %5.2f of %d: %d of %d windows found, %d false detections%n",
                        r.name(), r.lost(), (int) r.possible(), r.windowsFound(), r.windows(), r.falseDetections()));
    }

    /** One row per file: its weighted points and the most it could have had, so a user sees where the score goes. */
    private static void writeByFile(List<NabScorer.FileResult> rows, Path table) {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(table, StandardCharsets.UTF_8))) {
            w.println("file,windows,windows_found,detections,false_detections,points,possible");
            for (NabScorer.FileResult r : rows) {
                w.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%.4f,%.1f%n", r.name(), r.windows(), r.windowsFound(),
                        r.detections(), r.falseDetections(), r.points(), r.possible());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(table + ": " + e.getMessage(), e);
        }
    }
}
