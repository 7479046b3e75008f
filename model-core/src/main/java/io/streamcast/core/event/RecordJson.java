package io.streamcast.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON encoding of the records streamcast publishes (and reads back in tests and tools).
 * Forecasts and input events, one per event, are written by hand into a per-thread
 * {@link JsonBuffer}: measured with JFR on the job, reflective record serialisation and JDK double
 * formatting were a fifth of the CPU, and a Jackson generator per record still almost a quarter of
 * the scoring thread.
 */
public final class RecordJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RecordJson() {
    }

    public static byte[] toBytes(Object record) {
        if (record instanceof Forecast f) {
            return forecast(f);
        }
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise: " + record, e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The same JSON as Jackson's record serialisation with {@code NON_NULL}, field for field. */
    static byte[] forecast(Forecast f) {
        JsonBuffer out = BUFFER.get().reset();
        out.raw(KEY).string(f.key()).raw(TS).number(f.ts());
        if (f.model() != null) {
            out.raw(MODEL).string(f.model());
        }
        if (f.modelVersion() != null) {
            out.raw(MODEL_VERSION).string(f.modelVersion());
        }
        if (f.forecast() != null) {
            out.raw(FORECAST);
            char sep = '{';
            for (Map.Entry<String, double[]> e : f.forecast().entrySet()) {
                out.raw(sep).string(e.getKey()).raw(':');
                char inner = '[';
                for (double v : e.getValue()) {
                    out.raw(inner).number(v);
                    inner = ',';
                }
                out.raw(inner == '[' ? EMPTY_ARRAY : CLOSE_ARRAY);
                sep = ',';
            }
            out.raw(sep == '{' ? EMPTY_OBJECT : CLOSE_OBJECT);
        }
        writeMap(out, EXPECTED, f.expected());
        writeMap(out, ACTUAL, f.actual());
        writeMap(out, RESIDUAL, f.residual());
        out.raw(SCORE).number(f.score()).raw(LIKELIHOOD).number(f.likelihood()).raw(WARMING_UP).bool(f.warmingUp()).raw('}');
        return out.toByteArray();
    }

    private static void writeMap(JsonBuffer out, byte[] field, Map<String, Double> values) {
        if (values == null) {
            return;
        }
        out.raw(field);
        char sep = '{';
        for (Map.Entry<String, Double> e : values.entrySet()) {
            out.raw(sep).string(e.getKey()).raw(':').number(e.getValue());
            sep = ',';
        }
        out.raw(sep == '{' ? EMPTY_OBJECT : CLOSE_OBJECT);
    }

    /** One buffer per thread: a thread writes one record at a time, and each call returns a copy. */
    private static final ThreadLocal<JsonBuffer> BUFFER = ThreadLocal.withInitial(JsonBuffer::new);
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] MODEL_VERSION = ascii(",\"modelVersion\":");
    private static final byte[] FORECAST = ascii(",\"forecast\":");
    private static final byte[] EXPECTED = ascii(",\"expected\":");
    private static final byte[] ACTUAL = ascii(",\"actual\":");
    private static final byte[] RESIDUAL = ascii(",\"residual\":");
    private static final byte[] VALUES = ascii(",\"values\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] LIKELIHOOD = ascii(",\"likelihood\":");
    private static final byte[] WARMING_UP = ascii(",\"warmingUp\":");
    private static final byte[] EMPTY_ARRAY = ascii("[]");
    private static final byte[] CLOSE_ARRAY = ascii("]");
    private static final byte[] EMPTY_OBJECT = ascii("{}");
    private static final byte[] CLOSE_OBJECT = ascii("}");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An input event as producers write it (epoch-millisecond {@code ts}, {@code values} object),
     * by hand like a forecast: the load generators and the simulator write one per event, and a
     * Jackson map per event was half of the load generator's allocation in the latency benchmark.
     */
    public static byte[] event(InputEvent e) {
        JsonBuffer out = BUFFER.get().reset();
        out.raw(KEY).string(e.key()).raw(TS).number(e.ts()).raw(VALUES);
        char sep = '{';
        for (int i = 0; i < e.names().length; i++) {
            out.raw(sep).string(e.names()[i]).raw(':').number(e.values()[i]);
            sep = ',';
        }
        return out.raw(sep == '{' ? EMPTY_OBJECT : CLOSE_OBJECT).raw('}').toByteArray();
    }
}
