package io.streamcast.trainer.prep;

import io.streamcast.core.bundle.Manifest;
import java.util.List;

/**
 * What a forecaster reads and predicts.
 *
 * @param inputs input features in model order
 * @param targets forecast targets, a subset of the inputs
 * @param horizon steps ahead predicted at once (direct multi-output)
 * @param transform LEVEL (z-scored values) or DELTA (z-scored one-step differences: the stateful
 *     form of "relative to the window's last value")
 * @param relativeToLast targets are predicted as changes from the last observed value
 * @param window events a key needs before its forecasts count (also the bundle's window length)
 */
public record ForecastSpec(List<String> inputs, List<String> targets, int horizon, Manifest.InputTransform transform,
        boolean relativeToLast, int window) {

    public int outputs() {
        return targets.size() * horizon;
    }
}
