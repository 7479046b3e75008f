package io.streamcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.nn.CellType;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.ErrorMetrics;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.ForecastSpec;
import io.streamcast.trainer.prep.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Small synthetic series train in seconds; the exported bundle reproduces the framework within 1e-5. */
class ForecastTrainingTest {
    @TempDir
    Path dir;

    static SeriesData sine(int n, long seed) {
        Random rnd = new Random(seed);
        long[] ts = new long[n];
        double[][] v = new double[n][2];
        for (int t = 0; t < n; t++) {
            ts[t] = 1_700_000_000_000L + 3_600_000L * t;
            v[t][0] = 10 + 3 * Math.sin(2 * Math.PI * t / 24) + rnd.nextGaussian() * 0.1;
            v[t][1] = Math.cos(2 * Math.PI * t / 24);
        }
        return new SeriesData("synthetic", "0".repeat(64), "key", List.of("load", "phase"), List.of(new KeySeries("s", ts, v)),
                0, List.of());
    }

    /** One-step forecasts of "load" from both features, differences in, window 24, 70/15/15 split. */
    static ForecastTraining sineTraining(SeriesData data, ForecastTraining.Protocol protocol) {
        ForecastSpec spec = new ForecastSpec(List.of("load", "phase"), List.of("load"), 1, Manifest.InputTransform.DELTA,
                true, 24);
        return new ForecastTraining(data, spec, Split.byFraction(data, 0.7, 0.15, 24), 10, protocol);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void theWindowedProtocolLearnsFromFixedWindowsAndIsMeasuredOnTheSameRows(CellType cell) throws Exception {
        ForecastTraining training = sineTraining(sine(1200, 2), ForecastTraining.Protocol.WINDOWED);
        ForecastTraining.Result r = training.train(new ForecastTraining.ModelSettings(cell, new int[] {16}, 0.01, 48,
                new Training.Settings(6, 32, 256, 3, 7, false)), "sine", "1");

        ErrorMetrics model = r.test().byTarget().get("load");
        ErrorMetrics persistence = training.baselines(24).get(0).byTarget().get("load");
        assertThat(r.test().name()).isEqualTo(cell.name() + " (windowed)");
        assertThat(model.count()).as("the same test rows as the baselines").isEqualTo(persistence.count());
        assertThat(model.mse()).as("%s vs persistence %s", model.mse(), persistence.mse()).isLessThan(persistence.mse());
        assertThat(r.bundle().manifest().training().parameters()).containsEntry("protocol", "WINDOWED");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void learnsASeasonalSeriesBeatsPersistenceAndExportsAVerifiedBundle(CellType cell) throws Exception {
        ForecastTraining training = sineTraining(sine(1500, 1), ForecastTraining.Protocol.STATEFUL);
        ForecastTraining.Result r = training.train(new ForecastTraining.ModelSettings(cell, new int[] {16}, 0.01, 48,
                new Training.Settings(12, 8, 96, 4, 7, false)), "sine", "1");

        assertThat(r.parityMaxDiff()).isLessThanOrEqualTo(1e-5);
        double model = r.test().byTarget().get("load").mse();
        double persistence = training.baselines(24).get(0).byTarget().get("load").mse();
        assertThat(model).as("%s test MSE vs persistence %s", model, persistence).isLessThan(persistence);
        assertThat(r.history().validationLoss()).isNotEmpty();

        r.bundle().writeDirectory(dir.resolve("b"));
        ModelBundle loaded = ModelBundle.load(dir.resolve("b"));
        assertThat(loaded.manifest().cellType()).isEqualTo(cell);
        assertThat(loaded.manifest().calibration().residualStd().get(0)).isGreaterThan(0);
        assertThat(loaded.manifest().training().metrics()).containsKeys("test.load.mse", "parityMaxAbsDiff");
        assertThat(loaded.manifest().training().dataSource()).isEqualTo("synthetic");

        assertThat(r.testActual()).hasSameSizeAs(r.testForecast()).isNotEmpty();
        Path report = dir.resolve("report.html");
        TrainingReport.write(report, "test", List.of(r), training.baselines(24));
        String html = java.nio.file.Files.readString(report);
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(4); // loss, forecast vs actual, residuals
        assertThat(html).contains("persistence", "seasonal naive (24)", r.bundle().label());
    }
}
