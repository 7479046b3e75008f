package io.streamcast.trainer.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAB rules on small hand-made files with known answers. */
class NabScorerTest {
    /** 1,000 rows (probation 150), windows [300, 399] and [700, 799]. */
    private static NabFile file(int... detections) {
        double[] scores = new double[1000];
        for (int d : detections) {
            scores[d] = 1.0;
        }
        return new NabFile("f", scores, new int[][] {{300, 399}, {700, 799}});
    }

    @Test
    void perfectDetectorScores100AndNullDetectorScores0() {
        for (NabProfile p : NabProfile.values()) {
            assertThat(NabScorer.score(List.of(file(300, 700)), p, 0.5)).isCloseTo(100, offset(1e-9));
            assertThat(NabScorer.score(List.of(file()), p, 0.5)).isCloseTo(0, offset(1e-9));
        }
    }

    @Test
    void aDetectionAtAWindowsEndScoresAboutNothingForThatWindow() {
        // window 1 at its start (+1), window 2 at its last row (~0): half of the range between null and perfect
        double s = NabScorer.score(List.of(file(300, 799)), NabProfile.STANDARD, 0.5);
        assertThat(s).isCloseTo(75, offset(1.0)); // (1 + 0 - (-2)) / (2 - (-2)) = 75
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCounts() {
        double once = NabScorer.score(List.of(file(300, 700)), NabProfile.STANDARD, 0.5);
        double many = NabScorer.score(List.of(file(300, 310, 350, 700, 720)), NabProfile.STANDARD, 0.5);
        assertThat(many).isEqualTo(once);
    }

    @Test
    void falsePositivesCostMoreFarFromTheLastWindowAndFullBeforeTheFirst() {
        double perfect = NabScorer.score(List.of(file(300, 700)), NabProfile.STANDARD, 0.5);
        double beforeFirst = NabScorer.score(List.of(file(200, 300, 700)), NabProfile.STANDARD, 0.5);
        double rightAfter = NabScorer.score(List.of(file(300, 401, 700)), NabProfile.STANDARD, 0.5);
        double farAfter = NabScorer.score(List.of(file(300, 650, 700)), NabProfile.STANDARD, 0.5);
        assertThat(perfect - beforeFirst).isCloseTo(100 * 0.11 / 4, offset(1e-9)); // full A_FP, normalised by 4
        assertThat(perfect - rightAfter).isLessThan(perfect - farAfter).isLessThan(perfect - beforeFirst + 1e-9);
        double lowFp = NabScorer.score(List.of(file(200, 300, 700)), NabProfile.REWARD_LOW_FP, 0.5);
        assertThat(100 - lowFp).isCloseTo(2 * (perfect - beforeFirst), offset(1e-9));
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        assertThat(NabScorer.score(List.of(file(10, 100, 300, 700)), NabProfile.STANDARD, 0.5)).isCloseTo(100, offset(1e-9));
    }

    @Test
    void profilesWeighMissesAndFalsePositivesDifferently() {
        // window 1 hit at its start (+A_TP), window 2 missed (-A_FN), one false positive before the first window (-A_FP)
        NabFile f = file(200, 300);
        assertThat(NabScorer.score(List.of(f), NabProfile.STANDARD, 0.5)).isCloseTo(100 * (1 - 1 - 0.11 + 2) / 4, offset(1e-9));
        assertThat(NabScorer.score(List.of(f), NabProfile.REWARD_LOW_FP, 0.5)).isCloseTo(100 * (1 - 1 - 0.22 + 2) / 4, offset(1e-9));
        assertThat(NabScorer.score(List.of(f), NabProfile.REWARD_LOW_FN, 0.5)).isCloseTo(100 * (1 - 2 - 0.11 + 4) / 6, offset(1e-9));
    }

    @Test
    void eachFilesPointsAddUpToTheCorpusScore() {
        NabFile hitAndFalse = file(200, 300); // window 1 at its start, window 2 missed, one false detection before
        NabFile quiet = new NabFile("no windows", scoresAt(500, 600), new int[0][]); // two false detections
        List<NabFile> corpus = List.of(hitAndFalse, quiet);
        List<NabScorer.FileResult> byFile = NabScorer.byFile(corpus, NabProfile.STANDARD, 0.5);
        NabScorer.FileResult first = byFile.get(0);
        assertThat(first.windows()).isEqualTo(2);
        assertThat(first.windowsFound()).isEqualTo(1);
        assertThat(first.detections()).isEqualTo(2);
        assertThat(first.falseDetections()).isEqualTo(1);
        assertThat(first.points()).isCloseTo(1 - 1 - 0.11, offset(1e-9));
        assertThat(first.lost()).isCloseTo(2 - (1 - 1 - 0.11), offset(1e-9));
        assertThat(byFile.get(1).points()).isCloseTo(-0.22, offset(1e-9));
        assertThat(byFile.get(1).possible()).isZero();
        // the corpus score is the files' points, normalised: each point worth 100 / ((1 + 1) * 2 windows)
        double sum = byFile.stream().mapToDouble(NabScorer.FileResult::points).sum();
        assertThat(NabScorer.scorePerPoint(corpus, NabProfile.STANDARD)).isEqualTo(25.0);
        assertThat(NabScorer.score(corpus, NabProfile.STANDARD, 0.5)).isCloseTo(25.0 * (sum + 2), offset(1e-9));
    }

    private static double[] scoresAt(int... rows) {
        double[] scores = new double[1000];
        for (int r : rows) {
            scores[r] = 1.0;
        }
        return scores;
    }

    @Test
    void sweepFindsTheBestThreshold() {
        double[] scores = new double[1000];
        scores[300] = 0.9;  // true detection
        scores[500] = 0.95; // false positive, scored higher
        scores[700] = 0.8;  // true detection
        NabFile f = new NabFile("f", scores, new int[][] {{300, 399}, {700, 799}});
        NabScorer.Result r = NabScorer.sweep(List.of(f), NabProfile.STANDARD);
        assertThat(r.threshold()).isEqualTo(0.8);
        assertThat(r.score()).isCloseTo(NabScorer.score(List.of(f), NabProfile.STANDARD, 0.8), offset(1e-9));
        assertThat(r.score()).isLessThan(100).isGreaterThan(90);
    }

    @Test
    void eventMetrics() {
        NabScorer.Events e = NabScorer.events(List.of(file(250, 310, 320, 900)), 0.5);
        assertThat(e.detections()).isEqualTo(4);
        assertThat(e.inWindows()).isEqualTo(2);
        assertThat(e.detected()).isEqualTo(1);
        assertThat(e.precision()).isEqualTo(0.5);
        assertThat(e.recall()).isEqualTo(0.5);
        assertThat(e.f1()).isEqualTo(0.5);
        assertThat(e.meanDelayRows()).isEqualTo(10);
    }
}
