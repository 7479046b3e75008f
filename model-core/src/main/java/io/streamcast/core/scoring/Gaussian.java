package io.streamcast.core.scoring;

/** Standard normal distribution functions (no library in the JDK has them). */
public final class Gaussian {
    private Gaussian() {
    }

    /**
     * Complementary error function, Chebyshev fit of Numerical Recipes ({@code erfcc}): relative
     * error below 1.2e-7 everywhere, so tail probabilities keep their precision far out.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /** Upper tail {@code Q(x) = P(X > x)} of the standard normal. */
    public static double tail(double x) {
        return 0.5 * erfc(x / Math.sqrt(2.0));
    }

    /** {@code Φ(x) = P(X ≤ x)}. */
    public static double cdf(double x) {
        return 1.0 - tail(x);
    }
}
