package io.streamcast.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the scorer publishes for every scored event.
 *
 * @param forecast per target, the values predicted for the next {@code horizon} steps
 * @param expected per target, what the previous step predicted for this event (absent while
 *     there was no previous forecast)
 * @param actual per target, the observed value
 * @param residual per target, {@code actual − expected}
 * @param score anomaly score in [0, 1]: how unusual the averaged normalised error is
 * @param likelihood anomaly likelihood in [0, 1], the probability that the recent error level is
 *     not explained by this key's normal error distribution
 * @param warmingUp true until the key has seen the model's window of events
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Forecast(
        String key,
        long ts,
        String model,
        String modelVersion,
        Map<String, double[]> forecast,
        Map<String, Double> expected,
        Map<String, Double> actual,
        Map<String, Double> residual,
        double score,
        double likelihood,
        boolean warmingUp) {
}
