package io.streamcast.trainer.data;

import java.util.List;

/**
 * A data file as the trainer sees it: feature names, one series per key (a single key for
 * unkeyed files), where it came from (path and SHA-256) and what was refused.
 *
 * @param keyName what a key is called in the source (e.g. {@code unit} for C-MAPSS engines)
 * @param rejectedRows rows dropped for NaN or unparsable values
 * @param firstRejectedLines 1-based line numbers of the first few of them
 */
public record SeriesData(String source, String sha256, String keyName, List<String> features, List<KeySeries> series,
        int rejectedRows, List<Integer> firstRejectedLines) {

    public int rows() {
        return series.stream().mapToInt(KeySeries::length).sum();
    }

    public int featureIndex(String name) {
        int i = features.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature '" + name + "' in " + source + " (features: " + features + ")");
        }
        return i;
    }
}
