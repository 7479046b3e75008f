package io.streamcast.trainer.eval;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import io.streamcast.trainer.data.KeySeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a series row by row through model-core's {@link StreamScorer}, the code the Flink job
 * runs: whatever the trainer reports from a replay is what the job delivers on the same rows.
 */
public final class Replay {
    private Replay() {
    }

    /** One outcome per row ({@code null} forecast for a rejected row, which cannot happen for clean series). */
    public static List<Outcome> run(ModelBundle bundle, ScoringConfig config, KeySeries series, List<String> columns,
            int[] columnIndex) {
        StreamScorer scorer = new StreamScorer(bundle, config, label -> null);
        KeyState state = new KeyState();
        String[] names = columns.toArray(String[]::new);
        List<Outcome> out = new ArrayList<>(series.length());
        for (int t = 0; t < series.length(); t++) {
            double[] v = new double[columnIndex.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = series.values()[t][columnIndex[i]];
            }
            out.add(scorer.score(state, new InputEvent(series.key(), series.ts()[t], names, v)));
        }
        return out;
    }

    /** The forecast of {@code target} made at a row for {@code h} steps ahead, or NaN. */
    public static double forecast(Outcome o, String target, int h) {
        Forecast f = o.forecast();
        if (f == null || f.forecast() == null) {
            return Double.NaN;
        }
        double[] v = f.forecast().get(target);
        return v == null || v.length < h ? Double.NaN : v[h - 1];
    }
}
