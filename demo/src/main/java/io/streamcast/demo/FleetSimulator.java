package io.streamcast.demo;

import io.streamcast.core.event.InputEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fleet of devices reporting one value each at a fixed cadence: a daily cycle, noise, slow
 * drift, and injected incidents: spikes, level shifts, flatlines (a stuck sensor) and devices
 * degrading to failure (noise and level running away). Deterministic for a seed; the incidents
 * are recorded as ground truth.
 */
public final class FleetSimulator implements EventSource {
    /** Steps in one simulated day (the cycle the model learns). */
    public static final int DAY = 240;

    private final Device[] devices;
    private final long intervalMs;
    private final Random rnd;
    private final double incidentRate;
    private final List<Incident> truth = new ArrayList<>();
    private int next;

    private static final class Device {
        final String key;
        final double base;
        final double amplitude;
        final double noise;
        final double phase;

        Device(String key, double base, double amplitude, double noise, double phase) {
            this.key = key;
            this.base = base;
            this.amplitude = amplitude;
            this.noise = noise;
            this.phase = phase;
        }

        double drift;
        long step;
        long ts;
        String incident;
        int remaining;
        double offset;
        double stuckAt;
        long incidentStart;
    }

    public FleetSimulator(int devices, long startTs, long intervalMs, long seed, double incidentRate) {
        this.rnd = new Random(seed);
        this.intervalMs = intervalMs;
        this.incidentRate = incidentRate;
        this.devices = new Device[devices];
        for (int d = 0; d < devices; d++) {
            Device v = new Device(String.format("device-%03d", d), 40 + rnd.nextDouble() * 40, 5 + rnd.nextDouble() * 10,
                    0.3 + rnd.nextDouble() * 0.7, rnd.nextDouble() * 2 * Math.PI);
            v.ts = startTs + intervalMs * d / devices; // devices are not synchronised
            this.devices[d] = v;
        }
    }

    /** The next event, devices in turn. */
    @Override
    public InputEvent next() {
        Device d = devices[next];
        next = (next + 1) % devices.length;
        double normal = d.base + d.drift + d.amplitude * Math.sin(2 * Math.PI * d.step / DAY + d.phase)
                + rnd.nextGaussian() * d.noise;
        d.drift += rnd.nextGaussian() * 0.002;
        double value = normal;
        if (d.incident == null && d.step > DAY / 2 && rnd.nextDouble() < incidentRate) {
            begin(d, normal);
        }
        if (d.incident != null) {
            value = switch (d.incident) {
                case "spike" -> normal + d.offset;
                case "level-shift" -> normal + d.offset;
                case "flatline" -> d.stuckAt;
                default -> normal + d.offset * (1 - d.remaining / 120.0) + rnd.nextGaussian() * d.noise * 4
                        * (1 - d.remaining / 120.0);
            };
            if (--d.remaining == 0) {
                truth.add(new Incident(d.key, d.incident, d.incidentStart, d.ts));
                d.incident = null;
            }
        }
        InputEvent e = new InputEvent(d.key, d.ts, new String[] {"value"}, new double[] {value});
        d.ts += intervalMs;
        d.step++;
        return e;
    }

    private void begin(Device d, double normal) {
        double sign = rnd.nextBoolean() ? 1 : -1;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                d.incident = "spike";
                d.remaining = 1;
                d.offset = sign * d.noise * (12 + 8 * rnd.nextDouble());
            }
            case 1 -> {
                d.incident = "level-shift";
                d.remaining = 30;
                d.offset = sign * d.noise * (8 + 4 * rnd.nextDouble());
            }
            case 2 -> {
                d.incident = "flatline";
                d.remaining = 60;
                d.stuckAt = normal;
            }
            default -> {
                d.incident = "failure";
                d.remaining = 120;
                d.offset = sign * d.amplitude * 2;
            }
        }
        d.incidentStart = d.ts;
    }

    /** Incidents completed so far. */
    @Override
    public List<Incident> truth() {
        return List.copyOf(truth);
    }

    /** {@code steps} events of every device, in order (training data; set incidentRate 0 for clean history). */
    public List<List<InputEvent>> history(int steps) {
        List<List<InputEvent>> byDevice = new ArrayList<>();
        for (int d = 0; d < devices.length; d++) {
            byDevice.add(new ArrayList<>());
        }
        for (int i = 0; i < steps * devices.length; i++) {
            int d = next;
            byDevice.get(d).add(next());
        }
        return byDevice;
    }
}
