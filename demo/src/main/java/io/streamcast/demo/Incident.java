package io.streamcast.demo;

/** An injected anomaly or failure: the ground truth the simulator writes and the demo scores against. */
public record Incident(String key, String kind, long start, long end) {
    public boolean covers(String k, long ts, long tolerance) {
        return key.equals(k) && ts >= start && ts <= end + tolerance;
    }
}
