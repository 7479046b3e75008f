package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoringConfigTest {
    /** Every setting away from its default, so a with-method that drops one shows. */
    private static final ScoringConfig ALL_SET =
            new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 288, 29, 6, true);

    @Test
    void changingOneSettingKeepsEveryOther() {
        assertThat(ALL_SET.toBuilder().build()).isEqualTo(ALL_SET);
        assertThat(ALL_SET.toBuilder().alertThreshold(0.9).build()).isEqualTo(
                new ScoringConfig(0.9, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 288, 29, 6, true));
        assertThat(ALL_SET.toBuilder().suppression(1, 1, 9).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 1, 1, 9, 5.0, 12, 0.7, 20.0, 0.05, 288, 29, 6, true));
        assertThat(ALL_SET.withGapFactor(0)).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 0.0, 12, 0.7, 20.0, 0.05, 288, 29, 6, true));
        assertThat(ALL_SET.withWarmupEvents(null)).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, null, 0.7, 20.0, 0.05, 288, 29, 6, true));
        assertThat(ALL_SET.toBuilder().rangeMargin(null).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, null, 288, 29, 6, true));
        assertThat(ALL_SET.toBuilder().seasonEvents(24).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 24, 29, 6, true));
        assertThat(ALL_SET.toBuilder().adaptToExcursions(false).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 288, 29, 6, false));
        assertThat(ALL_SET.toBuilder().seasonDrift(0).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 288, 0, 6, true));
        assertThat(ALL_SET.toBuilder().stuckEvents(null).build()).isEqualTo(
                new ScoringConfig(0.99, 7, 300, 2, 3, 40, 5.0, 12, 0.7, 20.0, 0.05, 288, 29, null, true));
    }

    @Test
    void everyUnusableSettingIsNamed() {
        assertThat(ScoringConfig.defaults().problems()).isEmpty();
        assertThat(ALL_SET.problems()).isEmpty();
        ScoringConfig bad = new ScoringConfig(1.0, 0, 1, 3, 2, -1, 0.5, -1, 0.0, -1.0, -0.1, 1, -1, 1, false);
        assertThat(bad.problems()).hasSize(13).allSatisfy(p -> assertThat(p).containsPattern("^[a-z][A-Za-z ]+ (must|need)"));
        assertThat(String.join("\n", bad.problems())).contains("alertThreshold", "averagingWindow", "historyWindow",
                "minExceedances and exceedanceWindow", "quietEvents", "gapFactor", "warmupEvents", "failureProbability",
                "rulThreshold", "rangeMargin", "seasonEvents", "seasonDrift", "stuckEvents");
        assertThat(ALL_SET.toBuilder().seasonDrift(288).build().problems())
                .containsExactly("seasonDrift must be 0 (exact) or a number of events below seasonEvents (which it needs), is 288");
        assertThat(ScoringConfig.builder().seasonDrift(5).build().problems()).as("a drift without a season")
                .containsExactly("seasonDrift must be 0 (exact) or a number of events below seasonEvents (which it needs), is 5");
    }

    @Test
    void theBuilderNamesWhatItSets() {
        ScoringConfig c = ScoringConfig.builder().alertThreshold(0.999).averagingWindow(5).historyWindow(500)
                .suppression(2, 4, 30).rangeMargin(0.1).stuckEvents(5).adaptToExcursions(true).build();
        assertThat(c).isEqualTo(new ScoringConfig(0.999, 5, 500, 2, 4, 30, 10.0, null, 0.5, 30.0, 0.1, null, 0, 5, true));
    }
}
