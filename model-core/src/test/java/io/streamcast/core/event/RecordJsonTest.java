package io.streamcast.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    @Test
    void handWrittenForecastJsonIsWhatJacksonWritesForTheRecord() throws Exception {
        Map<String, double[]> fc = new LinkedHashMap<>();
        fc.put("temp", new double[] {21.5, 21.75, 1e-7});
        fc.put("load", new double[] {0.25, -3.0, 12345.678});
        Map<String, Double> exp = new LinkedHashMap<>(Map.of("temp", 20.125));
        Forecast full = new Forecast("pump-1", 1795687200000L, "pumps", "3", fc, exp, Map.of("temp", 21.0),
                Map.of("temp", 0.875), 0.42, 0.999, false);
        Forecast sparse = new Forecast("pump-1", 5L, "pumps", "3", null, null, null, null, 0.0, 0.0, true);
        ObjectMapper jackson = JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
        for (Forecast f : new Forecast[] {full, sparse}) {
            assertThat(jackson.readTree(RecordJson.toBytes(f))).isEqualTo(jackson.readTree(jackson.writeValueAsBytes(f)));
            assertThat(RecordJson.read(RecordJson.toBytes(f), Forecast.class).key()).isEqualTo("pump-1");
        }
        Map<String, double[]> odd = new LinkedHashMap<>();
        odd.put("t\u00e9mp \"q\" \\ \n\t\u0001 \u20ac \ud83d\ude00", new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300,
                Double.MIN_VALUE, 123456789.0});
        odd.put("empty", new double[0]);
        Forecast strange = new Forecast("k\"ey\u0007", Long.MIN_VALUE, "m/\u00fc", "v", odd, Map.of(), Map.of("x", Double.NEGATIVE_INFINITY),
                null, Double.NaN, 1.0, false);
        for (Forecast f : new Forecast[] {full, sparse, strange}) {
            assertThat(new String(RecordJson.toBytes(f), StandardCharsets.UTF_8))
                    .isEqualTo(jackson.writeValueAsString(f));
        }
        assertThat(new String(RecordJson.toBytes(sparse), StandardCharsets.UTF_8)).isEqualTo(
                "{\"key\":\"pump-1\",\"ts\":5,\"model\":\"pumps\",\"modelVersion\":\"3\",\"score\":0.0,\"likelihood\":0.0,"
                        + "\"warmingUp\":true}");
    }

    @Test
    void handWrittenEventJsonIsWhatJacksonWritesForItsMapAndParsesBack() throws Exception {
        ObjectMapper jackson = JsonMapper.builder().build();
        InputEvent[] events = {
            new InputEvent("pump-1", 1795687200000L, new String[] {"temp", "load"}, new double[] {21.5, 1e-7}),
            new InputEvent("k\"ey \u20ac\n", -5L, new String[] {"t\u00e9mp \\ \ud83d\ude00", "x"},
                    new double[] {Double.NaN, Double.NEGATIVE_INFINITY}),
            new InputEvent("none", 0L, new String[0], new double[0])};
        for (InputEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", e.key());
            m.put("ts", e.ts());
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 0; i < e.names().length; i++) {
                values.put(e.names()[i], e.values()[i]);
            }
            m.put("values", values);
            assertThat(new String(RecordJson.event(e), StandardCharsets.UTF_8))
                    .isEqualTo(jackson.writeValueAsString(m));
        }
        ParseResult parsed = new EventParser().parse(RecordJson.event(events[0]));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        InputEvent back = ((ParseResult.Parsed) parsed).event();
        assertThat(back.key()).isEqualTo("pump-1");
        assertThat(back.ts()).isEqualTo(1795687200000L);
        assertThat(back.values()).containsExactly(21.5, 1e-7);
    }
}
