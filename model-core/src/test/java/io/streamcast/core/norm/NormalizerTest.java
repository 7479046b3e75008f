package io.streamcast.core.norm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.nn.CellType;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private final Normalizer two = new Normalizer(TestBundles.forecastDraft("m", "1", CellType.LSTM, List.of("temp", "load")));
    private final Normalizer one = new Normalizer(TestBundles.forecastDraft("m", "1", CellType.LSTM, List.of("temp")));

    private static InputEvent event(String[] names, double... values) {
        return new InputEvent("k", 1, names, values);
    }

    @Test
    void valuesAreTakenInTheModelsFeatureOrder() {
        double[] raw = new double[2];
        assertThat(two.extract(event(new String[] {"load", "temp"}, 5, 7), raw)).isNull();
        assertThat(raw).containsExactly(7, 5);
    }

    @Test
    void aSingleValueStandsForTheOnlyFeature() {
        double[] raw = new double[1];
        assertThat(one.extract(event(new String[] {InputEvent.SINGLE_VALUE}, 3), raw)).isNull();
        assertThat(raw).containsExactly(3);
        assertThat(two.extract(event(new String[] {InputEvent.SINGLE_VALUE}, 3), new double[2]).reason())
                .isEqualTo(RejectReason.MISSING_FEATURE);
    }

    @Test
    void unknownAndMissingFeaturesAreRefusedByName() {
        var unknown = two.extract(event(new String[] {"temp", "load", "rpm"}, 1, 2, 3), new double[2]);
        assertThat(unknown.reason()).isEqualTo(RejectReason.UNKNOWN_FEATURE);
        assertThat(unknown.detail()).isEqualTo("feature 'rpm' is not one the model reads [temp, load]");
        var missing = two.extract(event(new String[] {"temp"}, 1), new double[2]);
        assertThat(missing.reason()).isEqualTo(RejectReason.MISSING_FEATURE);
        assertThat(missing.detail()).isEqualTo("feature 'load' is missing");
    }

    @Test
    void outputAndTargetAreInverses() {
        double[] last = {21.0, 0.5};
        for (double v : new double[] {-3, 0, 12.5, 1e4}) {
            assertThat(two.output(1, two.target(1, v, last), last)).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-2));
        }
    }
}
