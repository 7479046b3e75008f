package io.streamcast.trainer.nn;

import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop shared by LSTM and GRU: training sequences cut into pieces of equal length
 * (the tail padded and masked), shuffled minibatches, Adam (its learning rate optionally decayed
 * per epoch), validation loss after every epoch, early stopping with patience (the best epoch's
 * parameters are kept), a progress bar per epoch.
 */
public final class Training {
    /** The losses of every evaluated epoch, the mean wall time of a trained one, and the epoch kept. */
    public record History(List<Double> trainLoss, List<Double> validationLoss, double secondsPerEpoch, int bestEpoch) {
    }

    /** @param learningRateDecay the learning rate is multiplied by this after every epoch (1: constant) */
    public record Settings(int epochs, int batchSize, int pieceLength, int patience, long seed, boolean progress,
            double learningRateDecay) {
        public Settings {
            if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
                throw new IllegalArgumentException("the learning-rate decay must be in (0, 1], is " + learningRateDecay);
            }
        }

        public Settings(int epochs, int batchSize, int pieceLength, int patience, long seed, boolean progress) {
            this(epochs, batchSize, pieceLength, patience, seed, progress, 1);
        }

        public Settings withPieceLength(int length) {
            return new Settings(epochs, batchSize, length, patience, seed, progress, learningRateDecay);
        }
    }

    private Training() {
    }

    public static History run(SequenceModel model, List<Sequence> train, List<Sequence> validation, Settings s,
            String label) {
        List<Sequence> pieces = pieces(train, s.pieceLength());
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no training data: the training split makes no training step (a step "
                    + "needs a row and the one before it, with no gap between them); give it more rows");
        }
        ExecutorService evaluator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, label + "-evaluation");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(model, pieces, validation, s, label, evaluator);
        } finally {
            evaluator.shutdownNow();
        }
    }

    /**
     * Epoch k's losses are computed on another core, with model-core's cells on a copy of its
     * parameters, while epoch k + 1 trains (the frameworks run each op on one thread here). So
     * early stopping learns of epoch k's loss one epoch later: a run that stops has trained one
     * epoch more than it keeps, and its seconds per epoch count that epoch too.
     */
    private static History run(SequenceModel model, List<Sequence> pieces, List<Sequence> validation, Settings s,
            String label, ExecutorService evaluator) {
        Random rnd = new Random(s.seed());
        Progress progress = new Progress();
        long start = System.nanoTime();
        int batches = (pieces.size() + s.batchSize() - 1) / s.batchSize();
        int trained = 0;
        Future<Evaluated> pending = null;
        for (int epoch = 0; epoch < s.epochs() && !progress.stop(s.patience()); epoch++) {
            if (epoch > 0 && s.learningRateDecay() != 1) {
                model.decayLearningRate(s.learningRateDecay());
            }
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
                        bar.setExtraMessage(String.format(" loss %.5f", sum / (b + 1)));
                    }
                }
            }
            trained++;
            if (pending != null) {
                progress.add(await(pending));
            }
            pending = evaluator.submit(evaluation(model, validation, sum / batches));
        }
        if (pending != null && !progress.stop(s.patience())) {
            progress.add(await(pending));
        }
        if (progress.bestParams != null) {
            model.restore(progress.bestParams);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new History(progress.trainLoss, progress.validationLoss, seconds / trained, progress.bestEpoch);
    }

    private record Evaluated(double trainLoss, double validationLoss, Object params) {
    }

    /** Takes the parameters now (on the training thread) and returns the work to do with them elsewhere. */
    private static Callable<Evaluated> evaluation(SequenceModel model, List<Sequence> validation,
            double minibatchLoss) {
        RecurrentNetwork network = model.export();
        Object params = model.snapshot();
        return () -> {
            double v = validation.isEmpty() ? minibatchLoss : SequenceModel.loss(network, validation);
            return new Evaluated(minibatchLoss, v, params);
        };
    }

    private static Evaluated await(Future<Evaluated> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating an epoch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluating an epoch failed: " + e.getCause(), e.getCause());
        }
    }

    /** The losses recorded so far and the best epoch's parameters (early stopping on validation loss). */
    private static final class Progress {
        final List<Double> trainLoss = new ArrayList<>();
        final List<Double> validationLoss = new ArrayList<>();
        int bestEpoch = -1;
        Object bestParams;

        void add(Evaluated e) {
            trainLoss.add(e.trainLoss());
            validationLoss.add(e.validationLoss());
            if (bestEpoch < 0 || e.validationLoss() < validationLoss.get(bestEpoch)) {
                bestEpoch = validationLoss.size() - 1;
                bestParams = e.params();
            }
        }

        boolean stop(int patience) {
            return bestEpoch >= 0 && validationLoss.size() - 1 - bestEpoch >= patience;
        }
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
