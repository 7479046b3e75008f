package io.streamcast.trainer.prep;

import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import java.util.ArrayList;
import java.util.List;

/**
 * Chronological train/validation/test split. Per key (each key's first rows train, the next
 * validate, the last test) or by whole keys (e.g. C-MAPSS engines: some engines train, others
 * validate). Validation and test parts keep {@code context} rows of what precedes them, marked
 * as warm-up, because the job also has a key's history when it scores.
 */
public record Split(List<Part> train, List<Part> validation, List<Part> test) {

    public Split {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the training split holds no rows: the file has too few usable rows "
                    + "(or keys, with --split-by-key) for the split; give it more data or a larger training share");
        }
    }

    /** Rows of one key; the first {@code warmup} rows only warm the state up and are not scored. */
    public record Part(KeySeries series, int warmup) {
    }

    /** Per key, by fractions of each key's rows (test gets the rest). */
    public static Split byFraction(SeriesData data, double trainFraction, double validationFraction, int context) {
        List<Part> train = new ArrayList<>();
        List<Part> val = new ArrayList<>();
        List<Part> test = new ArrayList<>();
        for (KeySeries s : data.series()) {
            int n = s.length();
            int a = (int) Math.round(n * trainFraction);
            int b = (int) Math.round(n * (trainFraction + validationFraction));
            add(train, val, test, s, a, b, n, context);
        }
        return new Split(train, val, test);
    }

    /** Per key, by row counts (e.g. the Informer split of ETT: 8640/2880/2880). */
    public static Split byRows(SeriesData data, int trainRows, int validationRows, int testRows, int context) {
        List<Part> train = new ArrayList<>();
        List<Part> val = new ArrayList<>();
        List<Part> test = new ArrayList<>();
        for (KeySeries s : data.series()) {
            int a = Math.min(trainRows, s.length());
            int b = Math.min(a + validationRows, s.length());
            int c = Math.min(b + testRows, s.length());
            add(train, val, test, s, a, b, c, context);
        }
        return new Split(train, val, test);
    }

    /** Whole keys: the first keys train, the next validate, the rest test (in file order). */
    public static Split byKeys(SeriesData data, double trainFraction, double validationFraction) {
        List<KeySeries> all = data.series();
        int a = (int) Math.round(all.size() * trainFraction);
        int b = (int) Math.round(all.size() * (trainFraction + validationFraction));
        return new Split(parts(all.subList(0, a)), parts(all.subList(a, b)), parts(all.subList(b, all.size())));
    }

    private static List<Part> parts(List<KeySeries> keys) {
        return keys.stream().map(k -> new Part(k, 0)).toList();
    }

    private static void add(List<Part> train, List<Part> val, List<Part> test, KeySeries s, int a, int b, int c,
            int context) {
        if (a > 0) {
            train.add(new Part(s.slice(0, a), 0));
        }
        if (b > a) {
            int from = Math.max(0, a - context);
            val.add(new Part(s.slice(from, b), a - from));
        }
        if (c > b) {
            int from = Math.max(0, b - context);
            test.add(new Part(s.slice(from, c), b - from));
        }
    }
}
