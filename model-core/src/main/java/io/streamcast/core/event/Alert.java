package io.streamcast.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One alert per incident: an anomaly (the forecast error is unlikely under the key's normal
 * error distribution) or a failure risk (a classifier's failure probability or a regressor's
 * remaining useful life crossed its threshold).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String key,
        long ts,
        Kind kind,
        Severity severity,
        double score,
        double likelihood,
        Map<String, Double> expected,
        Map<String, Double> actual,
        Explanation explanation,
        String model,
        String modelVersion) {

    public enum Kind {
        ANOMALY,
        FAILURE_RISK
    }

    public enum Severity {
        WARNING,
        CRITICAL
    }

    /**
     * Why the alert fired.
     *
     * @param z per target, residual divided by the key's running error scale
     * @param topFeatures targets ordered by |z|, most deviating first
     * @param message one human-readable sentence
     * @param recentError anomalies: the error level the likelihood judged, over the last
     *     {@code averagingWindow} events (a power mean of |z|, in units of the key's error scale);
     *     an alert can fire on a sustained deviation while the last event's own z is modest
     * @param usualError anomalies: the key's usual level of that same measure
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Explanation(Map<String, Double> z, List<String> topFeatures, String message, Double recentError,
            Double usualError) {
    }
}
