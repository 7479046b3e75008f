package io.streamcast.demo;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.nn.CellType;
import io.streamcast.trainer.ForecastTraining;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.ForecastSpec;
import io.streamcast.trainer.prep.Split;
import java.util.ArrayList;
import java.util.List;

/** Trains the demo's forecaster, through the trainer's own API, on clean generated fleet history (seconds). */
public final class DemoModel {
    public static final String MODEL_ID = "fleet";
    public static final int WINDOW = 60;

    private DemoModel() {
    }

    public static ForecastTraining.Result train(CellType cell, String version, int epochs) throws InvalidBundleException {
        FleetSimulator sim = new FleetSimulator(4, 0, 60_000, 7, 0);
        List<KeySeries> series = new ArrayList<>();
        for (List<InputEvent> device : sim.history(3_000)) {
            long[] ts = new long[device.size()];
            double[][] v = new double[device.size()][1];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = device.get(t).ts();
                v[t][0] = device.get(t).values()[0];
            }
            series.add(new KeySeries(device.get(0).key(), ts, v));
        }
        SeriesData data = new SeriesData("generated: FleetSimulator(devices=4, seed=7, incidents=0), 3000 steps",
                "0".repeat(64), "device", List.of("value"), series, 0, List.of());
        ForecastSpec spec = new ForecastSpec(List.of("value"), List.of("value"), 1, Manifest.InputTransform.DELTA, true, WINDOW);
        ForecastTraining training = new ForecastTraining(data, spec, Split.byFraction(data, 0.7, 0.15, WINDOW), 10,
                ForecastTraining.Protocol.STATEFUL);
        return training.train(new ForecastTraining.ModelSettings(cell, new int[] {32}, 0.005, WINDOW,
                new Training.Settings(epochs, 16, 200, 3, 11, false)), MODEL_ID, version);
    }

    static ModelBundle bundle(CellType cell, String version, int epochs) throws InvalidBundleException {
        return train(cell, version, epochs).bundle();
    }
}
