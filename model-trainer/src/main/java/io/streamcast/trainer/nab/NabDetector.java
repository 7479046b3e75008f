package io.streamcast.trainer.nab;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.SeasonLength;
import io.streamcast.trainer.ForecastTraining;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.Replay;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.ForecastSpec;
import io.streamcast.trainer.prep.Split;
import java.util.List;
import java.util.OptionalInt;

/**
 * The streamcast detector under NAB's online protocol: a small LSTM forecaster is trained on the
 * file's probationary prefix only (the first 80 % of it to fit, the rest to calibrate), then every
 * row is scored in order, once, by model-core's {@link io.streamcast.core.scoring.StreamScorer},
 * with its seasonal channel on when the prefix shows a season ({@link SeasonLength}; with the
 * drift it suggests for narrow peaks),
 * the code the Flink job runs. The anomaly score of a row is the scorer's anomaly likelihood,
 * 0 while the key warms up, and 0 for {@code quietEvents} rows after an alert (the product's
 * alert suppression: one report per incident).
 */
public final class NabDetector {
    /** Settings of the detector: the forecaster and the scorer. */
    public record Settings(int hidden, int window, int epochs, double learningRate, ScoringConfig scoring,
            double seasonMinCorrelation, long seed) {
    }

    private NabDetector() {
    }

    /** Scores of every row of a single-value series ({@code values[t][0]}). */
    public static double[] score(String name, long[] ts, double[][] values, int probation, Settings s)
            throws InvalidBundleException {
        KeySeries all = new KeySeries(name, ts, values);
        SeriesData prefix = new SeriesData(name + " (probationary prefix)", "0".repeat(64), "key", List.of("value"),
                List.of(all.slice(0, probation)), 0, List.of());
        int window = Math.min(s.window(), Math.max(4, probation / 8));
        ForecastSpec spec = new ForecastSpec(List.of("value"), List.of("value"), 1, Manifest.InputTransform.DELTA, true, window);
        ForecastTraining training = new ForecastTraining(prefix, spec, Split.byFraction(prefix, 0.8, 0.2, window), 10,
                ForecastTraining.Protocol.STATEFUL);
        ModelBundle model = training.train(new ForecastTraining.ModelSettings(CellType.LSTM, new int[] {s.hidden()},
                s.learningRate(), 32, new Training.Settings(s.epochs(), 8, 64, 3, s.seed(), false)), "nab", "1").bundle();
        double[] prefixValues = new double[probation];
        for (int t = 0; t < probation; t++) {
            prefixValues[t] = values[t][0];
        }
        OptionalInt season = SeasonLength.detect(prefixValues, s.seasonMinCorrelation());
        ScoringConfig scoring = s.scoring().toBuilder().warmupEvents(window)
                .seasonEvents(season.isPresent() ? season.getAsInt() : null)
                .seasonDrift(season.isPresent() ? SeasonLength.drift(prefixValues, season.getAsInt()) : 0).build();
        List<Outcome> outcomes = Replay.run(model, scoring, all, List.of("value"), new int[] {0});
        double[] scores = new double[ts.length];
        int quietUntil = -1;
        for (int t = 0; t < ts.length; t++) {
            Outcome o = outcomes.get(t);
            boolean quiet = t <= quietUntil;
            scores[t] = quiet || o.forecast() == null ? 0 : o.forecast().likelihood();
            if (o.alert() != null) {
                scores[t] = Math.max(scores[t], o.alert().likelihood());
                quietUntil = t + s.scoring().quietEvents();
            }
        }
        return scores;
    }
}
