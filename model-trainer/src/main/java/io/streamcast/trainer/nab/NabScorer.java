package io.streamcast.trainer.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring rules, reimplemented from their definition:
 *
 * <ul>
 *   <li>A detection is a row whose anomaly score is at or above the threshold, outside the
 *       probationary period ({@link NabFile#probation()}), which is ignored entirely.
 *   <li>Each labelled window counts once, by its earliest detection, scored
 *       {@code A_TP · σs(y) / σs(-1)} where {@code y = -(end − i + 1)/width} is the detection's
 *       relative position ({@code -1} at the window's first row, {@code → 0} at its end) and
 *       {@code σs(x) = 2/(1 + e^{5x}) − 1}: about {@code +A_TP} at the start, 0 at the end. A window
 *       without detection costs {@code -A_FN}.
 *   <li>Each detection outside windows costs {@code A_FP · σs(d)}, {@code d = |i − prevEnd| /
 *       (prevWidth − 1)} its distance after the previous window (so just after a window it costs
 *       almost nothing), or the full {@code -A_FP} before the first window.
 *   <li>The reported score is {@code 100·(S − S_null)/(S_perfect − S_null)}, summed over files,
 *       where the null detector never fires ({@code S_null = -A_FN} per window) and the perfect one
 *       hits every window at its start ({@code S_perfect = A_TP} per window).
 * </ul>
 */
public final class NabScorer {
    private NabScorer() {
    }

    static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    /** A row that can be a detection: its score, file, window (-1: none) and weight if detected. */
    private record Point(double score, int file, int window, double unweighted, boolean inWindow) {
    }

    /** Weighted score of every row after the probationary period, per file. */
    private static List<Point> points(List<NabFile> files) {
        List<Point> points = new ArrayList<>();
        int windowBase = 0;
        for (int f = 0; f < files.size(); f++) {
            NabFile file = files.get(f);
            int[] windowOf = new int[file.scores().length];
            Arrays.fill(windowOf, -1);
            for (int w = 0; w < file.windows().length; w++) {
                for (int i = file.windows()[w][0]; i <= file.windows()[w][1]; i++) {
                    windowOf[i] = w;
                }
            }
            int prevEnd = -1;
            int prevWidth = 0;
            for (int i = 0; i < file.scores().length; i++) {
                int w = windowOf[i];
                double unweighted;
                if (w >= 0) {
                    int end = file.windows()[w][1];
                    int width = end - file.windows()[w][0] + 1;
                    unweighted = scaledSigmoid(-(end - i + 1) / (double) width) / scaledSigmoid(-1.0);
                } else if (prevEnd < 0) {
                    unweighted = -1.0;
                } else {
                    unweighted = scaledSigmoid(Math.abs(prevEnd - i) / (double) (prevWidth - 1));
                }
                if (i >= file.probation()) {
                    points.add(new Point(file.scores()[i], f, w < 0 ? -1 : windowBase + w, unweighted, w >= 0));
                }
                if (w >= 0 && i == file.windows()[w][1]) {
                    prevEnd = i;
                    prevWidth = file.windows()[w][1] - file.windows()[w][0] + 1;
                }
            }
            windowBase += file.windows().length;
        }
        return points;
    }

    /** Score and threshold. */
    public record Result(double score, double threshold) {
    }

    /** Normalised score with detections at scores {@code >= threshold}. */
    public static double score(List<NabFile> files, NabProfile p, double threshold) {
        int windows = windows(files);
        return normalise(weightedSum(files, p, threshold), -p.fn * windows, p.tp * windows);
    }

    /**
     * What one file contributes to the corpus score: its weighted points ({@code S}, before
     * normalisation) against the most it could have ({@code A_TP} per window), with its event counts.
     */
    public record FileResult(String name, int windows, int windowsFound, int detections, int falseDetections,
            double points, double possible) {
        /** Points short of the perfect detector's: what to look at first. */
        public double lost() {
            return possible - points;
        }
    }

    /** How much of the normalised score one of {@link FileResult}'s points is: {@code 100 / ((A_TP + A_FN) · windows)}. */
    public static double scorePerPoint(List<NabFile> files, NabProfile p) {
        int windows = windows(files);
        return windows == 0 ? 0 : 100 / ((p.tp + p.fn) * windows);
    }

    /** Each file's contribution at a threshold, in the order given. */
    public static List<FileResult> byFile(List<NabFile> files, NabProfile p, double threshold) {
        List<FileResult> out = new ArrayList<>();
        for (NabFile f : files) {
            Events e = events(List.of(f), threshold);
            out.add(new FileResult(f.name(), e.windows(), e.detected(), e.detections(), e.detections() - e.inWindows(),
                    weightedSum(List.of(f), p, threshold), p.tp * f.windows().length));
        }
        return out;
    }

    /** The weighted sum {@code S} over the files' windows and false detections. */
    private static double weightedSum(List<NabFile> files, NabProfile p, double threshold) {
        int windows = windows(files);
        double[] best = new double[windows];
        Arrays.fill(best, -p.fn);
        double fp = 0;
        for (Point pt : points(files)) {
            if (pt.score() < threshold) {
                continue;
            }
            if (pt.inWindow()) {
                best[pt.window()] = Math.max(best[pt.window()], p.tp * pt.unweighted());
            } else {
                fp += p.fp * pt.unweighted();
            }
        }
        return Arrays.stream(best).sum() + fp;
    }

    /**
     * The best normalised score over all thresholds, and that threshold: lowering the threshold
     * from +∞ through every distinct score adds one detection at a time, so one pass over the
     * rows sorted by score evaluates every threshold.
     */
    public static Result sweep(List<NabFile> files, NabProfile p) {
        List<Point> points = points(files);
        points.sort(Comparator.comparingDouble(Point::score).reversed());
        int windows = windows(files);
        double nullScore = -p.fn * windows;
        double perfect = p.tp * windows;
        double[] best = new double[windows];
        Arrays.fill(best, -p.fn);
        double total = nullScore;
        Result top = new Result(0, Double.POSITIVE_INFINITY);
        for (int k = 0; k < points.size(); k++) {
            Point pt = points.get(k);
            if (pt.inWindow()) {
                double s = p.tp * pt.unweighted();
                if (s > best[pt.window()]) {
                    total += s - best[pt.window()];
                    best[pt.window()] = s;
                }
            } else {
                total += p.fp * pt.unweighted();
            }
            boolean lastOfScore = k + 1 == points.size() || points.get(k + 1).score() < pt.score();
            double s = normalise(total, nullScore, perfect);
            if (lastOfScore && s > top.score()) {
                top = new Result(s, pt.score());
            }
        }
        return top;
    }

    private static int windows(List<NabFile> files) {
        return files.stream().mapToInt(f -> f.windows().length).sum();
    }

    private static double normalise(double s, double nullScore, double perfect) {
        return perfect == nullScore ? 0 : 100 * (s - nullScore) / (perfect - nullScore);
    }

    /** Event-level view at a threshold: precision over detections, recall over windows, F1, mean delay (rows). */
    public record Events(int detections, int inWindows, int windows, int detected, double meanDelayRows) {
        public double precision() {
            return detections == 0 ? 0 : inWindows / (double) detections;
        }

        public double recall() {
            return windows == 0 ? 0 : detected / (double) windows;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public static Events events(List<NabFile> files, double threshold) {
        int detections = 0;
        int inWindows = 0;
        int windows = 0;
        int detected = 0;
        double delay = 0;
        for (NabFile f : files) {
            boolean[] inside = new boolean[f.scores().length];
            for (int[] w : f.windows()) {
                windows++;
                for (int i = w[0]; i <= w[1]; i++) {
                    inside[i] = true;
                }
                for (int i = Math.max(w[0], f.probation()); i <= w[1]; i++) {
                    if (f.scores()[i] >= threshold) {
                        detected++;
                        delay += i - w[0];
                        break;
                    }
                }
            }
            for (int i = f.probation(); i < f.scores().length; i++) {
                if (f.scores()[i] >= threshold) {
                    detections++;
                    inWindows += inside[i] ? 1 : 0;
                }
            }
        }
        return new Events(detections, inWindows, windows, detected, detected == 0 ? Double.NaN : delay / detected);
    }
}
