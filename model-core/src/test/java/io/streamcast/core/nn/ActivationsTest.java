package io.streamcast.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationsTest {
    @Test
    void tanhIsAccurateToFloatPrecisionEverywhere() {
        double max = 0;
        for (double x = -20; x <= 20; x += 1e-4) {
            max = Math.max(max, Math.abs(Activations.tanh((float) x) - Math.tanh((float) x)));
        }
        assertThat(max).isLessThan(5e-7);
    }

    @Test
    void sigmoidIsAccurateToFloatPrecisionEverywhere() {
        double max = 0;
        for (double x = -40; x <= 40; x += 1e-4) {
            double exact = 1 / (1 + Math.exp(-(float) x));
            max = Math.max(max, Math.abs(Activations.sigmoid((float) x) - exact));
        }
        assertThat(max).isLessThan(5e-7);
    }

    @Test
    void arrayFormsEqualScalarForms() {
        float[] a = new float[1001];
        float[] b = new float[1001];
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] = (i - 500) * 0.021f;
        }
        Activations.tanh(a, 0, 500);
        Activations.sigmoid(a, 500, 1001);
        for (int i = 0; i < a.length; i++) {
            float expected = i < 500 ? Activations.tanh(b[i]) : Activations.sigmoid(b[i]);
            assertThat(a[i]).isEqualTo(expected);
        }
    }

    @Test
    void saturatesExactlyAndPassesZero() {
        assertThat(Activations.tanh(0f)).isEqualTo(0f);
        assertThat(Activations.tanh(100f)).isEqualTo(1f);
        assertThat(Activations.tanh(-100f)).isEqualTo(-1f);
        assertThat(Activations.sigmoid(0f)).isEqualTo(0.5f);
    }
}
