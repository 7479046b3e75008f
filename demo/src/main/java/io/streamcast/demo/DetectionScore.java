package io.streamcast.demo;

import java.util.List;

/**
 * Alerts scored against injected incidents: an alert is a true positive when it falls inside an
 * incident of its key (up to {@code tolerance} after its end), an incident is detected when at
 * least one alert does; the delay is from the incident's start to its first alert.
 */
public record DetectionScore(int alerts, int truePositives, int incidents, int detected, double meanDelayMs) {

    /** An alert as the scorer sees it: key and event time. */
    public record AlertAt(String key, long ts) {
    }

    public static DetectionScore of(List<Incident> incidents, List<AlertAt> alerts, long tolerance) {
        int tp = 0;
        for (AlertAt a : alerts) {
            if (incidents.stream().anyMatch(i -> i.covers(a.key(), a.ts(), tolerance))) {
                tp++;
            }
        }
        int detected = 0;
        double delay = 0;
        for (Incident i : incidents) {
            long first = alerts.stream().filter(a -> i.covers(a.key(), a.ts(), tolerance)).mapToLong(AlertAt::ts).min()
                    .orElse(Long.MAX_VALUE);
            if (first != Long.MAX_VALUE) {
                detected++;
                delay += first - i.start();
            }
        }
        return new DetectionScore(alerts.size(), tp, incidents.size(), detected, detected == 0 ? Double.NaN : delay / detected);
    }

    public double precision() {
        return alerts == 0 ? Double.NaN : truePositives / (double) alerts;
    }

    public double recall() {
        return incidents == 0 ? Double.NaN : detected / (double) incidents;
    }
}
