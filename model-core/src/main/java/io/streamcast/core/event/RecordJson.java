package io.streamcast.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON encoding of the records streamcast publishes (and reads back in tests and tools).
 * Forecasts, one per event, are written by hand with a streaming generator: measured with JFR
 * on the job, reflective record serialisation and JDK double formatting were a fifth of the CPU.
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
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key", f.key());
            g.writeNumberField("ts", f.ts());
            if (f.model() != null) {
                g.writeStringField("model", f.model());
            }
            if (f.modelVersion() != null) {
                g.writeStringField("modelVersion", f.modelVersion());
            }
            if (f.forecast() != null) {
                g.writeObjectFieldStart("forecast");
                for (Map.Entry<String, double[]> e : f.forecast().entrySet()) {
                    g.writeFieldName(e.getKey());
                    g.writeArray(e.getValue(), 0, e.getValue().length);
                }
                g.writeEndObject();
            }
            writeMap(g, "expected", f.expected());
            writeMap(g, "actual", f.actual());
            writeMap(g, "residual", f.residual());
            g.writeNumberField("score", f.score());
            g.writeNumberField("likelihood", f.likelihood());
            g.writeBooleanField("warmingUp", f.warmingUp());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, Double> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** An input event as producers write it (epoch-millisecond {@code ts}, {@code values} object). */
    public static byte[] event(InputEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", e.key());
        m.put("ts", e.ts());
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < e.names().length; i++) {
            values.put(e.names()[i], e.values()[i]);
        }
        m.put("values", values);
        return toBytes(m);
    }
}
