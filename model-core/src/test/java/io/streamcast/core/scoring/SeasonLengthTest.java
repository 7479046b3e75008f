package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonLengthTest {
    @Test
    void aNoisyCycleHasAWholeNumberOfPeriodsAsSeason() {
        Random rnd = new Random(1);
        double[] x = new double[600];
        for (int t = 0; t < x.length; t++) {
            x[t] = 10 * Math.sin(2 * Math.PI * t / 48) + rnd.nextGaussian();
        }
        // the best-correlated lag is kept, not the shortest: on NAB it scored better (a week over a day on nyc_taxi)
        int season = SeasonLength.detect(x, 0.5).orElseThrow();
        assertThat(season % 48).isZero();
        assertThat(SeasonLength.detect(x, 0.99)).as("a noisy cycle does not repeat exactly").isEmpty();
    }

    @Test
    void aSquareWaveWithTwoPeriodsInThePrefixIsFound() {
        double[] x = new double[604];
        for (int t = 0; t < x.length; t++) {
            x[t] = (t % 288) < 180 ? 20 : 80;
        }
        assertThat(SeasonLength.detect(x, 0.5)).hasValue(288);
    }

    @Test
    void smoothnessAloneIsNotASeason() {
        Random rnd = new Random(2);
        double[] walk = new double[600];
        double[] noise = new double[600];
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] + rnd.nextGaussian();
            noise[t] = rnd.nextGaussian();
        }
        assertThat(SeasonLength.detect(walk, 0.5)).isEmpty();
        assertThat(SeasonLength.detect(noise, 0.5)).isEmpty();
        assertThat(SeasonLength.detect(new double[600], 0.5)).as("a flat line").isEmpty();
        assertThat(SeasonLength.detect(new double[5], 0.0)).isEmpty();
    }
}
