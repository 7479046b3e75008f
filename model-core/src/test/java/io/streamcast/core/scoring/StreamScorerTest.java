package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.Alert;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.nn.CellType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StreamScorerTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_795_687_200_000L;

    private final ModelBundle persistence = TestBundles.persistence("p", "1", 8, 10, 1.0);
    /** Calibrated like the trainer would for the sine below: persistence's residual on it has an RMS of 0.1/√2. */
    private final ModelBundle sineModel = TestBundles.persistence("p", "1", 8, 10, 0.0707);

    private static InputEvent event(long i, double value) {
        return new InputEvent("k", T0 + i * MINUTE, new String[] {"value"}, new double[] {value});
    }

    private static StreamScorer scorer(ModelBundle b, ScoringConfig c) {
        return new StreamScorer(b, c, label -> null);
    }

    @Test
    void forecastIsTheLastValueAndResidualIsMeasuredAgainstIt() {
        StreamScorer s = scorer(persistence, ScoringConfig.defaults());
        KeyState k = new KeyState();
        Outcome first = s.score(k, event(0, 5.0));
        assertThat(first.forecast().forecast()).isNull(); // DELTA: the first event only sets the baseline
        assertThat(first.forecast().warmingUp()).isTrue();
        Outcome second = s.score(k, event(1, 7.0));
        assertThat(second.forecast().forecast().get("value")).containsExactly(7.0);
        assertThat(s.score(k, event(2, 6.5)).forecast().residual()).isEqualTo(Map.of("value", -0.5));
    }

    @Test
    void duplicatesAndLateEventsAreRejectedWithoutTouchingTheState() {
        StreamScorer s = scorer(persistence, ScoringConfig.defaults());
        KeyState k = new KeyState();
        s.score(k, event(5, 1));
        byte[] before = KeyStateCodec.encode(k);
        assertThat(s.score(k, event(5, 2)).rejection().reason()).isEqualTo(RejectReason.DUPLICATE);
        assertThat(s.score(k, event(4, 2)).rejection().reason()).isEqualTo(RejectReason.LATE);
        assertThat(KeyStateCodec.encode(k)).isEqualTo(before);
    }

    @Test
    void eventsThatDoNotFitTheModelAreRejected() {
        StreamScorer s = scorer(persistence, ScoringConfig.defaults());
        KeyState k = new KeyState();
        InputEvent unknown = new InputEvent("k", T0, new String[] {"temp"}, new double[] {1});
        assertThat(s.score(k, unknown).rejection().reason()).isEqualTo(RejectReason.UNKNOWN_FEATURE);
        InputEvent named = new InputEvent("k", T0, new String[] {"value"}, new double[] {1});
        assertThat(s.score(k, named).isRejected()).isFalse();
    }

    @Test
    void keysWarmUpForOneModelWindow() {
        StreamScorer s = scorer(persistence, ScoringConfig.defaults());
        KeyState k = new KeyState();
        List<Boolean> warming = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            warming.add(s.score(k, event(i, i % 3)).forecast().warmingUp());
        }
        // first event sets the baseline; steps 1..9 warm up; from the 10th step on the key is warm
        assertThat(warming.subList(0, 10)).containsOnly(true);
        assertThat(warming.subList(10, 14)).containsOnly(false);
    }

    @Test
    void aLongGapResetsTheKeyInsteadOfSteppingAcrossIt() {
        StreamScorer s = scorer(persistence, ScoringConfig.defaults());
        KeyState k = new KeyState();
        for (int i = 0; i < 30; i++) {
            assertThat(s.score(k, event(i, Math.sin(i))).gapReset()).isFalse();
        }
        assertThat(k.usualInterval()).isCloseTo(MINUTE, org.assertj.core.data.Offset.offset(1.0));
        Outcome afterGap = s.score(k, event(30 + 24 * 60, 3.0));
        assertThat(afterGap.gapReset()).isTrue();
        assertThat(afterGap.forecast().warmingUp()).isTrue();
        assertThat(afterGap.forecast().expected()).isNull();
        assertThat(k.steps()).isZero();
        // a moderate gap (3x) is not a reset
        for (int i = 1; i < 20; i++) {
            s.score(k, event(30 + 24 * 60 + i, 1.0));
        }
        assertThat(s.score(k, event(30 + 24 * 60 + 22, 1.0)).gapReset()).isFalse();
    }

    @Test
    void aSpikeRaisesOneExplainedAlertPerIncident() {
        StreamScorer s = scorer(persistence, ScoringConfig.builder().suppression(1, 1, 50).build());
        KeyState k = new KeyState();
        Random rnd = new Random(3);
        List<Long> alertAt = new ArrayList<>();
        Alert firstAlert = null;
        double level = 100;
        for (int i = 0; i < 3000; i++) {
            level += rnd.nextGaussian();
            double value = i >= 2000 && i < 2005 ? level + 40 : level;
            Outcome o = s.score(k, event(i, value));
            assertThat(o.forecast().likelihood()).isBetween(0.0, 1.0);
            assertThat(o.forecast().score()).isBetween(0.0, 1.0);
            if (o.alert() != null) {
                alertAt.add((long) i);
                if (i >= 2000 && firstAlert == null) {
                    firstAlert = o.alert();
                }
            }
        }
        assertThat(alertAt).filteredOn(i -> i >= 2000 && i < 2050).hasSize(1);
        assertThat(alertAt).filteredOn(i -> i >= 2000 && i < 2050).first().isEqualTo(2000L);
        assertThat(alertAt).filteredOn(i -> i < 2000).hasSizeLessThanOrEqualTo(2);
        assertThat(firstAlert.kind()).isEqualTo(Alert.Kind.ANOMALY);
        assertThat(firstAlert.explanation().topFeatures()).containsExactly("value");
        assertThat(firstAlert.explanation().z().get("value")).isGreaterThan(10);
        assertThat(firstAlert.actual().get("value") - firstAlert.expected().get("value")).isGreaterThan(35);
        assertThat(firstAlert.explanation().message()).startsWith("value = ").contains("expected").contains("z = ");
        assertThat(firstAlert.modelVersion()).isEqualTo("1");
        assertThat(firstAlert.explanation().usualError()).isBetween(0.4, 1.2); // ≈ 0.72 for normal residuals
        assertThat(firstAlert.explanation().recentError()).isGreaterThan(2 * firstAlert.explanation().usualError());
    }

    @Test
    void aFrozenValueIsAnomalousOnceItRepeatsForStuckEventsWhenTheRuleIsOn() {
        for (Integer stuckEvents : new Integer[] {null, 5}) {
            StreamScorer s = scorer(persistence, ScoringConfig.builder().stuckEvents(stuckEvents).build());
            KeyState k = new KeyState();
            Random rnd = new Random(9);
            double level = 100;
            List<Integer> alertAt = new ArrayList<>();
            Alert alert = null;
            for (int i = 0; i < 1100; i++) {
                if (i < 1000 || i >= 1080) { // frozen for events 1000..1079 (the value of 999): longer than the quiet period
                    level += rnd.nextGaussian();
                }
                Outcome o = s.score(k, event(i, level));
                if (i >= 1000 && o.alert() != null) {
                    alertAt.add(i);
                    alert = alert == null ? o.alert() : alert;
                }
                if (i >= 1004 && i < 1080 && stuckEvents != null) {
                    assertThat(o.forecast().likelihood()).isEqualTo(StreamScorer.RULE_LIKELIHOOD);
                }
            }
            if (stuckEvents == null) { // a forecaster sees a frozen value as a calm one
                assertThat(alertAt).noneMatch(i -> i < 1080);
            } else {
                assertThat(alertAt).first().isEqualTo(1004); // 999's value, then 5 repeats
                assertThat(alertAt).filteredOn(i -> i < 1080).hasSize(1); // one incident, one alert
                assertThat(alert.explanation().message()).contains("the same value for 6 events in a row (stuck?)");
            }
        }
    }

    @Test
    void anAlertOnASustainedDeviationSaysThatTheRecentErrorsNotTheLastOneAloneRaisedIt() {
        StreamScorer s = scorer(persistence, ScoringConfig.builder().suppression(1, 1, 50).build());
        KeyState k = new KeyState();
        Random rnd = new Random(5);
        double level = 100;
        Alert alert = null;
        for (int i = 0; i < 2100 && alert == null; i++) {
            level += rnd.nextGaussian() * (i >= 2000 ? 3 : 1); // the noise triples from event 2000
            Outcome o = s.score(k, event(i, level));
            alert = i >= 2000 ? o.alert() : null;
        }
        assertThat(alert).isNotNull();
        Alert.Explanation why = alert.explanation();
        assertThat(why.recentError()).isGreaterThan(2 * why.usualError());
        assertThat(why.message()).contains(String.format("error level |z| %.2f over the last 5 events (usually %.2f)",
                why.recentError(), why.usualError())); // the test bundle averages 5 events
    }

    @Test
    void aNewExtremeBeyondTheRangeMarginIsAnAnomalyEvenWithAModestResidual() {
        for (Double margin : new Double[] {null, 0.05}) {
            StreamScorer s = scorer(sineModel, ScoringConfig.builder().rangeMargin(margin).build());
            KeyState k = new KeyState();
            Alert last = null;
            double phase = Math.PI / 2 - 99.9; // the sine peaks at the last regular event
            for (int i = 0; i < 1000; i++) {
                Outcome o = s.score(k, event(i, Math.sin(i / 10.0 + phase)));
                assertThat(o.alert()).isNull();
            }
            // 1.12 is a small step from the peak (1.0) but beyond the range [-1, 1] by 6 % of it
            Outcome o = s.score(k, event(1000, 1.12));
            last = o.alert();
            if (margin == null) {
                assertThat(last).as("without the rule the residual alone is not unusual enough").isNull();
            } else {
                assertThat(last).isNotNull();
                assertThat(last.explanation().message()).contains("beyond the range this key has shown so far");
                // the value joins the key's range (kept in its state) once it leaves the window of 10
                for (int i = 1001; i < 1010; i++) {
                    s.score(k, event(i, 0.0));
                }
                assertThat(KeyStateCodec.decode(KeyStateCodec.encode(k)).rangeHigh).containsExactly(1.0);
                s.score(k, event(1010, 0.0));
                assertThat(KeyStateCodec.decode(KeyStateCodec.encode(k)).rangeHigh).containsExactly(1.12);
            }
        }
    }

    /** 1,000 events of a sine of amplitude 1 that peaks at the last one: the key's range is [-1, 1]. */
    private static void sine(StreamScorer s, KeyState k) {
        double phase = Math.PI / 2 - 99.9;
        for (int i = 0; i < 1000; i++) {
            assertThat(s.score(k, event(i, Math.sin(i / 10.0 + phase))).alert()).isNull();
        }
    }

    @Test
    void anExcursionThatWalksToANewExtremeInSmallStepsBreachesTheRange() {
        StreamScorer s = scorer(sineModel, ScoringConfig.builder().rangeMargin(0.05).suppression(1, 1, 50).build());
        KeyState k = new KeyState();
        sine(s, k);
        // steps of 0.03 (1.5 % of the range): had each value widened the range, none would breach it
        List<Integer> alertAt = new ArrayList<>();
        for (int i = 1000; i < 1040; i++) {
            Outcome o = s.score(k, event(i, 1.0 + 0.03 * (i - 999)));
            if (o.alert() != null) {
                alertAt.add(i);
                assertThat(o.alert().explanation().message()).contains("beyond the range this key has shown so far");
            }
        }
        assertThat(alertAt).containsExactly(1003); // 1.12: beyond 1.0 by 6 % of the range; one alert
    }

    @Test
    void aNewRecordOfSteadyNoiseIsNotABreachButAStepPastItsScaleIs() {
        StreamScorer s = scorer(persistence, ScoringConfig.builder().rangeMargin(0.05).suppression(1, 1, 0).build());
        KeyState k = new KeyState();
        Random rnd = new Random(7);
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 3000; i++) {
            double v = rnd.nextGaussian();
            s.score(k, event(i, v));
            high = i < 2990 ? Math.max(high, v) : high; // the range holds what has left the window of 10
        }
        double range = k.rangeHigh[0] - k.rangeLow[0];
        double scale = k.likelihood.errorScale(0); // ≈ √2: persistence on white noise; model units = value units
        assertThat(k.rangeHigh[0]).isEqualTo(high);
        assertThat(0.05 * range).isLessThan(0.5 * scale);
        // beyond the range by more than 5 % of it, but by half an error scale: the noise's new record
        assertThat(rangeBreach(s.score(k, event(3000, high + 0.5 * scale)))).isFalse();
        s.score(k, event(3001, 0.0));
        assertThat(rangeBreach(s.score(k, event(3002, high + 1.5 * scale)))).isTrue();
    }

    private static boolean rangeBreach(Outcome o) {
        return o.alert() != null && o.alert().explanation().message().contains("beyond the range this key has shown so far");
    }

    @Test
    void theRangeRuleStaysOnAfterAGapReset() {
        StreamScorer s = scorer(sineModel, ScoringConfig.builder().rangeMargin(0.05).build());
        KeyState k = new KeyState();
        sine(s, k);
        long t = 1000 + 24 * 60;
        assertThat(s.score(k, event(t, 0.0)).gapReset()).isTrue();
        for (int i = 1; i < 20; i++) { // the key warms up again (window 10)
            assertThat(s.score(k, event(t + i, Math.sin(i / 10.0))).alert()).isNull();
        }
        Alert alert = s.score(k, event(t + 20, 1.3)).alert();
        assertThat(alert).isNotNull();
        assertThat(alert.explanation().message()).contains("beyond the range this key has shown so far");
    }

    /** A daily peak (3 events of +10 every 24) with noise; the peak of day 60 does not come. */
    private static double dailyPeaks(int i, Random rnd) {
        boolean peak = i % 24 < 3 && i / 24 != 60;
        return (peak ? 10 : 0) + 0.1 * rnd.nextGaussian();
    }

    @Test
    void theSeasonalChannelFlagsAMissingDailyPeakThatTheForecastCannotSee() {
        for (Integer season : new Integer[] {null, 24}) {
            StreamScorer s = scorer(persistence, ScoringConfig.builder().seasonEvents(season).build());
            KeyState k = new KeyState();
            Random rnd = new Random(5);
            List<Integer> alerts = new ArrayList<>();
            Alert missing = null;
            for (int i = 0; i < 24 * 70; i++) {
                Outcome o = s.score(k, event(i, dailyPeaks(i, rnd)));
                if (o.alert() != null) {
                    alerts.add(i);
                    missing = i / 24 == 60 && missing == null ? o.alert() : missing;
                }
            }
            if (season == null) {
                // persistence expects no peak at the start of a quiet stretch: the missing peak is a small residual
                assertThat(missing).isNull();
            } else {
                assertThat(missing).isNotNull();
                assertThat(missing.explanation().message()).contains("one season (24 events) earlier was");
                // the regular peaks are no surprise to the season: false alerts stay at the likelihood's nominal rate
                assertThat(alerts).filteredOn(i -> i >= 24 * 20 && i / 24 != 60).hasSizeLessThanOrEqualTo(2);
                assertThat(k.season.capacity()).isEqualTo(24);
                KeyState copy = KeyStateCodec.decode(KeyStateCodec.encode(k));
                assertThat(KeyStateCodec.encode(copy)).isEqualTo(KeyStateCodec.encode(k));
                Outcome a = s.score(k, event(24 * 70, 10.0));
                Outcome b = s.score(copy, event(24 * 70, 10.0));
                assertThat(json(b)).isEqualTo(json(a));
            }
        }
    }

    @Test
    void aSpikeThatComesEverySeasonStopsBeingAnAlertOnceTheSeasonKnowsIt() {
        for (Integer season : new Integer[] {null, 288}) {
            StreamScorer s = scorer(persistence, ScoringConfig.builder().seasonEvents(season).suppression(1, 1, 0).build());
            KeyState k = new KeyState();
            Random rnd = new Random(7);
            List<Integer> alertedSpikes = new ArrayList<>();
            for (int i = 0; i < 288 * 30; i++) {
                boolean spike = i % 288 == 100; // a nightly job: one event far above the rest, same time every day
                Outcome o = s.score(k, event(i, (spike ? 10 : 0) + 0.1 * rnd.nextGaussian()));
                if (o.alert() != null && spike && i >= 288 * 3) {
                    alertedSpikes.add(i / 288);
                }
            }
            if (season == null) {
                assertThat(alertedSpikes).as("to the forecast every spike is a surprise").hasSizeGreaterThan(20);
            } else {
                assertThat(alertedSpikes).as("the same point one season ago explains it").isEmpty();
            }
        }
    }

    @Test
    void withADriftANarrowPeakThatComesAFewEventsOffItsTimeIsNoSurpriseButAPeakTwiceAsHighIs() {
        for (int drift : new int[] {0, 10}) {
            StreamScorer s = scorer(persistence,
                    ScoringConfig.builder().seasonEvents(100).seasonDrift(drift).suppression(1, 1, 0).build());
            KeyState k = new KeyState();
            Random rnd = new Random(8);
            Set<Integer> alertedSpikes = new TreeSet<>();
            Alert higher = null;
            for (int i = 0; i < 100 * 40; i++) {
                int day = i / 100;
                boolean spike = i % 100 == 50 + (day * 7) % 5 - 2; // 2 events early .. 2 late, never twice alike
                Outcome o = s.score(k, event(i, (spike ? (day == 35 ? 20 : 10) : 0) + 0.1 * rnd.nextGaussian()));
                if (o.alert() != null && spike && day >= 3) {
                    alertedSpikes.add(day);
                    higher = day == 35 ? o.alert() : higher;
                }
            }
            if (drift == 0) {
                assertThat(alertedSpikes).as("one season ago to the event, the drifting spike is not there").hasSizeGreaterThan(20);
            } else {
                // day 36's regular spike is compared with day 35's, twice as high: the incident's echo
                assertThat(alertedSpikes).containsExactly(35, 36);
                assertThat(higher.explanation().message()).contains("one season (100 ± 10 events) earlier was");
                assertThat(k.season.capacity()).isEqualTo(110);
            }
        }
    }

    @Test
    void aGapEmptiesTheSeasonalRing() {
        StreamScorer s = scorer(persistence, ScoringConfig.builder().seasonEvents(24).build());
        KeyState k = new KeyState();
        Random rnd = new Random(6);
        for (int i = 0; i < 100; i++) {
            s.score(k, event(i, dailyPeaks(i, rnd)));
        }
        assertThat(k.season.full()).isTrue();
        assertThat(s.score(k, event(100 + 24 * 60, 0.0)).gapReset()).isTrue();
        assertThat(k.season.full()).isFalse();
    }

    @Test
    void stateRestoredFromBytesContinuesExactlyLikeTheOriginal() {
        ModelBundle lstm = TestBundles.forecaster("f", "1", CellType.LSTM, List.of("value"), 16, 4);
        StreamScorer s = scorer(lstm, ScoringConfig.defaults());
        KeyState a = new KeyState();
        Random rnd = new Random(9);
        for (int i = 0; i < 200; i++) {
            s.score(a, event(i, rnd.nextGaussian()));
        }
        KeyState b = KeyStateCodec.decode(KeyStateCodec.encode(a));
        assertThat(KeyStateCodec.encode(b)).isEqualTo(KeyStateCodec.encode(a));
        for (int i = 200; i < 400; i++) {
            InputEvent e = event(i, rnd.nextGaussian() + (i == 300 ? 30 : 0));
            assertThat(json(s.score(b, e))).isEqualTo(json(s.score(a, e)));
        }
    }

    private static String json(Outcome o) {
        return new String(io.streamcast.core.event.RecordJson.toBytes(o), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void compatibleSwapKeepsTheStateAndIncompatibleSwapRewarmsFromTheWindow() {
        ModelBundle v1 = TestBundles.forecaster("f", "1", CellType.LSTM, List.of("value"), 16, 1);
        ModelBundle v2 = TestBundles.forecaster("f", "2", CellType.LSTM, List.of("value"), 16, 2);
        ModelBundle wider = TestBundles.forecaster("f", "3", CellType.GRU, List.of("value"), 24, 3);
        Map<String, Manifest> known = Map.of(v1.label(), v1.manifest(), v2.label(), v2.manifest());
        KeyState k = new KeyState();
        StreamScorer s1 = new StreamScorer(v1, ScoringConfig.defaults(), known::get);
        for (int i = 0; i < 40; i++) {
            s1.score(k, event(i, Math.sin(i / 3.0)));
        }
        long steps = k.steps();
        Outcome kept = new StreamScorer(v2, ScoringConfig.defaults(), known::get).score(k, event(40, 0.2));
        assertThat(kept.rewarmed()).isFalse();
        assertThat(k.steps()).isEqualTo(steps + 1);
        assertThat(kept.forecast().modelVersion()).isEqualTo("2");
        assertThat(k.model()).isEqualTo("f:2");

        Outcome rebuilt = new StreamScorer(wider, ScoringConfig.defaults(), known::get).score(k, event(41, 0.3));
        assertThat(rebuilt.rewarmed()).isTrue();
        assertThat(k.network().fits(wider.network())).isTrue();
        // the window (16 observations) was replayed, then this event stepped: the key is warm at once
        assertThat(k.steps()).isEqualTo(17);
        assertThat(rebuilt.forecast().expected()).containsKey("value");
        assertThat(rebuilt.forecast().warmingUp()).isFalse();
    }

    @Test
    void classifierRaisesFailureRiskAlertsOncePerQuietPeriod() {
        StreamScorer s = scorer(TestBundles.constantClassifier(0.9), ScoringConfig.builder().suppression(2, 3, 10).build());
        KeyState k = new KeyState();
        List<Integer> alerts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            InputEvent e = new InputEvent("engine-1", T0 + i, new String[] {"s1"}, new double[] {i});
            Outcome o = s.score(k, e);
            assertThat(o.forecast().forecast().get("fails<=30")[0]).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
            if (o.alert() != null) {
                assertThat(o.alert().kind()).isEqualTo(Alert.Kind.FAILURE_RISK);
                assertThat(o.alert().severity()).isEqualTo(Alert.Severity.CRITICAL);
                alerts.add(i);
            }
        }
        // warm-up of 3 steps, then 2-of-3 exceedances, then one alert per 10 quiet events
        assertThat(alerts).containsExactly(3, 14, 25);
    }
}
