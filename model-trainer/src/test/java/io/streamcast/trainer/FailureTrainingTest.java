package io.streamcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.nn.CellType;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Run-to-failure keys whose sensor drifts as failure nears: RUL and "fails within 20" are learnt, exported and verified. */
class FailureTrainingTest {
    @TempDir
    Path dir;

    static SeriesData engines(int count, long seed) {
        Random rnd = new Random(seed);
        List<KeySeries> keys = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            int life = 120 + rnd.nextInt(120);
            long[] ts = new long[life];
            double[][] v = new double[life][2];
            for (int t = 0; t < life; t++) {
                ts[t] = t + 1;
                double wear = Math.exp((t - life) / 30.0);
                v[t][0] = 100 + 20 * wear + rnd.nextGaussian() * 0.8;
                v[t][1] = 5 + rnd.nextGaussian();
            }
            keys.add(new KeySeries(Integer.toString(e + 1), ts, v));
        }
        return new SeriesData("synthetic engines", "0".repeat(64), "unit", List.of("temp", "noise"), keys, 0, List.of());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void remainingUsefulLifeIsLearntAndExported(CellType cell) throws Exception {
        SeriesData data = engines(40, 1);
        FailureTraining t = new FailureTraining(data, new FailureTraining.Spec(List.of("temp", "noise"), Task.REGRESS, 100, 20, 10),
                Split.byKeys(data, 0.75, 0.25));
        FailureTraining.Result r = t.train(new ForecastTraining.ModelSettings(cell, new int[] {16}, 0.01, 32,
                new Training.Settings(15, 8, 128, 4, 3, false)), "engines", "1");
        assertThat(r.parityMaxDiff()).isLessThanOrEqualTo(1e-5);
        // a constant predictor of the mean capped RUL has an RMSE around 30 on this data
        assertThat(r.validation().rmse()).isLessThan(20);
        r.bundle().writeZip(dir.resolve("rul.zip"));
        assertThat(ModelBundle.load(dir.resolve("rul.zip")).manifest().output().targets()).containsExactly("rul");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void failsWithinNIsClassified(CellType cell) throws Exception {
        SeriesData data = engines(40, 2);
        FailureTraining.Spec spec = new FailureTraining.Spec(List.of("temp", "noise"), Task.CLASSIFY, 100, 20, 10);
        FailureTraining t = new FailureTraining(data, spec, Split.byKeys(data, 0.75, 0.25));
        FailureTraining.Result r = t.train(new ForecastTraining.ModelSettings(cell, new int[] {16}, 0.01, 32,
                new Training.Settings(15, 8, 128, 4, 3, false)), "engines", "1");
        assertThat(r.parityMaxDiff()).isLessThanOrEqualTo(1e-5);
        assertThat(r.validation().f1()).isGreaterThan(0.8);
        assertThat(r.bundle().manifest().output().classLabels()).containsExactly("healthy", "fails<=20");

        long[][] m = r.validation().confusion();
        assertThat(m[0][0] + m[0][1] + m[1][0] + m[1][1]).isEqualTo(r.validation().n());
        Path report = dir.resolve("report.html");
        TrainingReport.writeFailure(report, "engines", spec, List.of(r));
        String html = Files.readString(report);
        assertThat(html).contains("<tr><th>healthy</th><td>" + m[0][0] + "</td><td>" + m[0][1] + "</td></tr>")
                .contains("<tr><th>fails&lt;=20</th><td>" + m[1][0] + "</td><td>" + m[1][1] + "</td></tr>")
                .contains("alt=\"Loss per epoch\"").contains("alt=\"Prediction vs truth");
    }
}
