package io.streamcast.demo;

import io.streamcast.core.event.InputEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A price feed: per symbol a geometric random walk whose volatility switches between a calm and
 * a turbulent regime, with rare jumps (recorded as incidents).
 */
public final class PriceSimulator implements EventSource {
    private final String[] symbols;
    private final double[] price;
    private final boolean[] turbulent;
    private final long[] ts;
    private final long intervalMs;
    private final double jumpRate;
    private final Random rnd;
    private final List<Incident> truth = new ArrayList<>();
    private int next;

    public PriceSimulator(int symbols, long startTs, long intervalMs, long seed, double jumpRate) {
        this.rnd = new Random(seed);
        this.symbols = new String[symbols];
        this.price = new double[symbols];
        this.turbulent = new boolean[symbols];
        this.ts = new long[symbols];
        this.intervalMs = intervalMs;
        this.jumpRate = jumpRate;
        for (int s = 0; s < symbols; s++) {
            this.symbols[s] = String.format("SYM%03d", s);
            price[s] = 20 + rnd.nextDouble() * 180;
            ts[s] = startTs + intervalMs * s / symbols;
        }
    }

    @Override
    public InputEvent next() {
        int s = next;
        next = (next + 1) % symbols.length;
        if (rnd.nextDouble() < 0.002) {
            turbulent[s] = !turbulent[s];
        }
        double vol = turbulent[s] ? 0.004 : 0.001;
        double r = rnd.nextGaussian() * vol;
        if (rnd.nextDouble() < jumpRate) {
            r += (rnd.nextBoolean() ? 1 : -1) * (0.03 + 0.03 * rnd.nextDouble());
            truth.add(new Incident(symbols[s], "jump", ts[s], ts[s]));
        }
        price[s] *= Math.exp(r);
        InputEvent e = new InputEvent(symbols[s], ts[s], new String[] {"value"}, new double[] {price[s]});
        ts[s] += intervalMs;
        return e;
    }

    @Override
    public List<Incident> truth() {
        return List.copyOf(truth);
    }
}
