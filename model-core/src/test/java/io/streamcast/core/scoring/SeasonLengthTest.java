package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
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

    /**
     * A one-event spike a day whose timing drifts: NAB's ec2_cpu_utilization_c6585a has two in its
     * 604-row prefix, 304 rows apart, just beyond the longest lag searched (half the prefix). The
     * running maximum widens them enough to register at a lag within reach; a drift beyond
     * {@link SeasonLength#JITTER} events still finds nothing.
     */
    @Test
    void narrowSpikesSlightlyFurtherApartThanTheSearchReachesMakeASeason() {
        assertThat(SeasonLength.detect(spikes(150, 450), 0.5)).as("300 apart: found exactly").hasValue(300);
        OptionalInt drifted = SeasonLength.detect(spikes(150, 453), 0.5);
        assertThat(drifted).as("303 apart").isPresent();
        assertThat(drifted.getAsInt()).isBetween(300 - 2 * SeasonLength.JITTER, 300);
        assertThat(SeasonLength.detect(spikes(150, 460), 0.5)).as("310 apart").isEmpty();
    }

    @Test
    void narrowDriftingPeaksGetATenthOfTheirSeasonAsDriftSmoothSeasonsNone() {
        double[] drifting = spikes(50, 151, 249, 352, 450, 551); // one a hundred events, 0-3 off
        int season = SeasonLength.detect(drifting, 0.5).orElseThrow(); // two of their spacings: 199-201
        assertThat(SeasonLength.drift(drifting, season)).isEqualTo(Math.round(season / 10.0));
        assertThat(SeasonLength.drift(drifting, 100)).isEqualTo(10);
        assertThat(SeasonLength.drift(spikes(50, 150, 250, 350, 450, 550), 100)).as("no drift: aligned")
                .isEqualTo(0);
        Random rnd = new Random(1);
        double[] sine = new double[600];
        for (int t = 0; t < sine.length; t++) {
            sine[t] = 10 * Math.sin(2 * Math.PI * t / 48) + rnd.nextGaussian();
        }
        assertThat(SeasonLength.drift(sine, 48)).isZero();
        assertThat(SeasonLength.drift(sine, 600)).as("no season to align").isZero();
    }

    /** 600 events of noise around 10 with spikes of 100 at the given events. */
    private static double[] spikes(int... at) {
        Random rnd = new Random(4);
        double[] x = new double[600];
        for (int t = 0; t < x.length; t++) {
            x[t] = 10 + 0.5 * rnd.nextGaussian();
        }
        for (int t : at) {
            x[t] = 100;
        }
        return x;
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
