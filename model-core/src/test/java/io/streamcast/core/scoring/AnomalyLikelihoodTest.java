package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {
    private final AnomalyLikelihood likelihood = new AnomalyLikelihood(5, 1000, false);

    /** Fraction of events with likelihood >= threshold on pure N(0, sd) residuals. */
    private double exceedanceRate(double sd, double threshold, int events) {
        LikelihoodState s = likelihood.newState(new double[] {1.0});
        Random rnd = new Random(17);
        double[] r = new double[1];
        double[] z = new double[1];
        double[] score = new double[1];
        int over = 0;
        int counted = 0;
        for (int i = 0; i < events; i++) {
            r[0] = rnd.nextGaussian() * sd;
            double l = likelihood.update(s, r, z, score);
            assertThat(l).isBetween(0.0, 1.0);
            assertThat(score[0]).isBetween(0.0, 1.0);
            if (i >= 2000) {
                counted++;
                over += l >= threshold ? 1 : 0;
            }
        }
        return over / (double) counted;
    }

    @Test
    void likelihoodIsCalibratedOnNormalResiduals() {
        assertThat(exceedanceRate(1.0, 0.99, 200_000)).isBetween(0.005, 0.02);
        assertThat(exceedanceRate(1.0, 0.999, 200_000)).isBetween(0.0003, 0.003);
    }

    @Test
    void aNewKeysFirstAveragesDoNotAlertOnNoiseButDoOnAnIncident() {
        AnomalyLikelihood tenEvents = new AnomalyLikelihood(10, 2000, false);
        double[] r = new double[1];
        double[] z = new double[1];
        double[] score = new double[1];
        int keysAlerted = 0;
        for (int key = 0; key < 1000; key++) { // 1,000 new keys with calibrated normal residuals
            LikelihoodState s = tenEvents.newState(new double[] {1.0});
            Random rnd = new Random(key);
            boolean alerted = false;
            for (int i = 0; i < 60; i++) {
                r[0] = rnd.nextGaussian();
                alerted |= tenEvents.update(s, r, z, score) >= 0.9999;
            }
            keysAlerted += alerted ? 1 : 0;
        }
        // nominal 1e-4 per event: ~0.5 % of keys over 50 judged events; a spread from a dozen
        // correlated averages alone alerted on about 8 % of them
        assertThat(keysAlerted).isLessThan(20);

        LikelihoodState s = tenEvents.newState(new double[] {1.0});
        Random rnd = new Random(1);
        for (int i = 0; i < 20; i++) {
            r[0] = rnd.nextGaussian();
            tenEvents.update(s, r, z, score);
        }
        r[0] = 20; // an incident on the key's 21st event
        assertThat(tenEvents.update(s, r, z, score)).isGreaterThan(0.9999);
    }

    /**
     * An incident (ten events 30σ off) after 2,000 normal ones: clipped, the average's statistics
     * move by at most 4 of its spreads per event and the key's next incident is judged as the
     * first; adapting, they take the whole excursion in and the same incident right after is
     * judged less unusual.
     */
    @Test
    void adaptingToExcursionsLetsAnIncidentWidenTheKeysStatistics() {
        LikelihoodState[] states = new LikelihoodState[2];
        double[][] peaks = new double[2][2];
        for (boolean adapt : new boolean[] {false, true}) {
            AnomalyLikelihood l = new AnomalyLikelihood(10, 500, adapt);
            LikelihoodState s = l.newState(new double[] {1.0});
            Random rnd = new Random(3);
            double[] r = new double[1];
            double[] z = new double[1];
            double[] score = new double[1];
            for (int i = 0; i < 2100; i++) {
                int incident = i >= 2000 && i < 2010 ? 0 : i >= 2060 && i < 2070 ? 1 : -1;
                r[0] = rnd.nextGaussian() + (incident >= 0 ? 30 : 0);
                double v = l.update(s, r, z, score);
                if (incident >= 0) {
                    peaks[adapt ? 1 : 0][incident] = Math.max(peaks[adapt ? 1 : 0][incident], v);
                }
            }
            states[adapt ? 1 : 0] = s;
        }
        assertThat(Math.sqrt(states[1].avgVar)).isGreaterThan(3 * Math.sqrt(states[0].avgVar));
        assertThat(Math.sqrt(states[1].longVar)).isGreaterThan(3 * Math.sqrt(states[0].longVar));
        assertThat(peaks[0][1]).as("clipped: the second incident").isGreaterThan(0.9999);
        assertThat(1 - peaks[1][1]).as("adapting: the second incident's tail").isGreaterThan(1e3 * (1 - peaks[0][1]));
    }

    /**
     * A key that adapts to its excursions and spikes now and then (one event 60σ off every 97): the
     * spikes count at most {@link AnomalyLikelihood#MAX_Z} each, so they do not widen its
     * statistics so far that a change lasting ten events at 4σ goes unseen.
     */
    @Test
    void recurringSpikesDoNotHideAChangeThatLasts() {
        AnomalyLikelihood adapting = new AnomalyLikelihood(10, 500, true);
        LikelihoodState s = adapting.newState(new double[] {1.0});
        Random rnd = new Random(3);
        feed(adapting, s, 3000, i -> i % 97 == 0 ? 60 : rnd.nextGaussian());
        assertThat(feed(adapting, s, 10, i -> 4 + rnd.nextGaussian())).isGreaterThan(0.9999);
    }

    /** Feeds {@code n} residuals (by event index) to a one-target state; returns the highest likelihood. */
    private static double feed(AnomalyLikelihood l, LikelihoodState s, int n, IntToDoubleFunction residual) {
        double peak = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, l.update(s, new double[] {residual.applyAsDouble(i)}, new double[1], new double[1]));
        }
        return peak;
    }

    @Test
    void adaptsToAKeysOwnErrorLevel() {
        // calibrated at σ = 1, the key's residuals have σ = 20: after adapting, no alert storm
        assertThat(exceedanceRate(20.0, 0.999, 50_000)).isLessThan(0.003);
    }

    @Test
    void aSustainedShiftDrivesTheLikelihoodToOneAndTheScaleDoesNotExplode() {
        LikelihoodState s = likelihood.newState(new double[] {1.0});
        Random rnd = new Random(5);
        feed(likelihood, s, 3000, i -> rnd.nextGaussian());
        double[] r = new double[1];
        double[] z = new double[1];
        double[] score = new double[1];
        double max = 0;
        for (int i = 0; i < 5; i++) {
            r[0] = 6 + rnd.nextGaussian();
            max = Math.max(max, likelihood.update(s, r, z, score));
        }
        assertThat(max).isGreaterThan(0.99999);
        assertThat(score[0]).isGreaterThan(0.999);
        assertThat(s.errorScale(0)).isLessThan(1.2);
    }

    @Test
    void residualsTurnIntoZByTheRunningScale() {
        LikelihoodState s = likelihood.newState(new double[] {2.0});
        double[] z = new double[1];
        likelihood.update(s, new double[] {3.0}, z, new double[1]);
        assertThat(z[0]).isEqualTo(1.5);
    }
}
