package io.streamcast.trainer.nn;

import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop shared by LSTM and GRU: training sequences cut into pieces of equal length
 * (the tail padded and masked), shuffled minibatches, Adam, validation loss after every epoch,
 * early stopping with patience (the best epoch's parameters are kept), a progress bar per epoch.
 */
public final class Training {
    /** Loss and time of every epoch, and the epoch whose parameters were kept. */
    public record History(List<Double> trainLoss, List<Double> validationLoss, List<Double> seconds, int bestEpoch) {
        public double secondsPerEpoch() {
            return seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    public record Settings(int epochs, int batchSize, int pieceLength, int patience, long seed, boolean progress) {
    }

    private Training() {
    }

    public static History run(SequenceModel model, List<Sequence> train, List<Sequence> validation, Settings s,
            String label) {
        List<Sequence> pieces = pieces(train, s.pieceLength());
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no training data: every training sequence is empty");
        }
        Random rnd = new Random(s.seed());
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        Object bestParams = null;
        int batches = (pieces.size() + s.batchSize() - 1) / s.batchSize();
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            long start = System.nanoTime();
            Collections.shuffle(pieces, rnd);
            double sum = 0;
            try (ProgressBar bar = s.progress() ? new ProgressBarBuilder().setTaskName(label + " epoch " + (epoch + 1))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null) {
                for (int b = 0; b < batches; b++) {
                    List<Sequence> batch = pieces.subList(b * s.batchSize(), Math.min(pieces.size(), (b + 1) * s.batchSize()));
                    double loss = model.fit(batch);
                    sum += loss;
                    if (bar != null) {
                        bar.step();
                        if (!Double.isNaN(loss)) {
                            bar.setExtraMessage(String.format(" loss %.5f", sum / (b + 1)));
                        }
                    }
                }
            }
            // Without the framework's minibatch losses, the training loss is measured after the epoch.
            double epochLoss = Double.isNaN(sum) ? model.loss(pieces) : sum / batches;
            trainLoss.add(epochLoss);
            double v = validation.isEmpty() ? epochLoss : model.loss(validation);
            valLoss.add(v);
            seconds.add((System.nanoTime() - start) / 1e9);
            if (v < best) {
                best = v;
                bestEpoch = epoch;
                bestParams = model.snapshot();
            } else if (epoch - bestEpoch >= s.patience()) {
                break;
            }
        }
        if (bestParams != null) {
            model.restore(bestParams);
        }
        return new History(trainLoss, valLoss, seconds, bestEpoch);
    }

    /** Pieces of exactly {@code length} steps; a short tail is zero-padded with its mask off. */
    static List<Sequence> pieces(List<Sequence> sequences, int length) {
        List<Sequence> out = new ArrayList<>();
        for (Sequence s : sequences) {
            for (int from = 0; from < s.length(); from += length) {
                Sequence p = s.slice(from, Math.min(s.length(), from + length));
                if (p.scored() == 0) {
                    continue;
                }
                out.add(p.length() == length ? p : pad(p, length));
            }
        }
        return out;
    }

    private static Sequence pad(Sequence p, int length) {
        int nIn = p.x()[0].length;
        int nOut = p.y()[0].length;
        float[][] x = new float[length][nIn];
        float[][] y = new float[length][nOut];
        boolean[] mask = new boolean[length];
        int[] row = new int[length];
        for (int t = 0; t < p.length(); t++) {
            x[t] = p.x()[t];
            y[t] = p.y()[t];
            mask[t] = p.mask()[t];
            row[t] = p.row()[t];
        }
        return new Sequence(x, y, mask, row);
    }
}
