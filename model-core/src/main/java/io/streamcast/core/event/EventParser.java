package io.streamcast.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses and validates input events:
 *
 * <pre>
 * {"key": "pump-7", "ts": "2026-11-26T10:00:00Z", "values": {"temp": 71.2, "vibration": 0.31}}
 * {"key": "AAPL", "ts": 1764151200000, "value": 231.4}
 * </pre>
 *
 * <p>{@code key}: non-empty string of at most {@link #MAX_KEY_LENGTH} characters. {@code ts}:
 * epoch milliseconds (integer) or a date-time text as {@link Timestamps} reads it. {@code values}: an object of feature name to
 * finite number, or a single numeric {@code value}. Other top-level fields are ignored so that
 * producers may add metadata. Every refusal names its reason and the offending field; nothing
 * is thrown. Streaming parse, no tree: this runs once per event.
 */
public final class EventParser {
    public static final int MAX_KEY_LENGTH = 256;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    private static final int MAX_FEATURES = 1024;

    private final JsonFactory json;
    private final int maxBytes;

    public EventParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public EventParser(int maxBytes) {
        this.maxBytes = maxBytes;
        // NaN/Infinity tokens are read as numbers so that they are refused as NON_FINITE, not as bad JSON.
        this.json = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
                .build();
    }

    public ParseResult parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return ParseResult.reject(RejectReason.INVALID_JSON, "empty payload");
        }
        if (payload.length > maxBytes) {
            return ParseResult.reject(RejectReason.OVERSIZE,
                    "payload of " + payload.length + " bytes exceeds the limit of " + maxBytes);
        }
        try (JsonParser p = json.createParser(payload)) {
            ParseResult result = parseObject(p);
            if (result instanceof ParseResult.Parsed && p.nextToken() != null) {
                return ParseResult.reject(RejectReason.INVALID_JSON, "trailing content after the JSON object");
            }
            return result;
        } catch (JsonProcessingException e) {
            return ParseResult.reject(RejectReason.INVALID_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            return ParseResult.reject(RejectReason.INVALID_JSON, String.valueOf(e.getMessage()));
        }
    }

    private ParseResult parseObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return ParseResult.reject(RejectReason.NOT_AN_OBJECT, "an event must be a JSON object");
        }
        String key = null;
        Long ts = null;
        List<String> names = null;
        double[] values = null;
        boolean single = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "key" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        return ParseResult.reject(RejectReason.WRONG_TYPE, "key must be a string, is " + describe(v));
                    }
                    key = p.getText();
                }
                case "ts" -> {
                    ParseResult.Rejected bad = null;
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        ts = p.getLongValue();
                    } else if (v == JsonToken.VALUE_STRING) {
                        ts = Timestamps.parse(p.getText());
                        if (ts == null) {
                            bad = (ParseResult.Rejected) ParseResult.reject(RejectReason.INVALID_TS,
                                    "ts '" + p.getText() + "' is not an ISO-8601 date-time");
                        }
                    } else {
                        bad = (ParseResult.Rejected) ParseResult.reject(RejectReason.WRONG_TYPE,
                                "ts must be epoch milliseconds or an ISO-8601 string, is " + describe(v));
                    }
                    if (bad != null) {
                        return bad;
                    }
                }
                case "values" -> {
                    if (v != JsonToken.START_OBJECT) {
                        return ParseResult.reject(RejectReason.WRONG_TYPE, "values must be an object, is " + describe(v));
                    }
                    names = new ArrayList<>(4);
                    double[] buf = new double[4];
                    for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                        String name = p.currentName();
                        JsonToken fv = p.nextToken();
                        ParseResult bad = checkNumber(p, fv, "values." + name);
                        if (bad != null) {
                            return bad;
                        }
                        if (names.contains(name)) {
                            return ParseResult.reject(RejectReason.INVALID_JSON, "values." + name + " appears twice");
                        }
                        if (names.size() == MAX_FEATURES) {
                            return ParseResult.reject(RejectReason.OVERSIZE, "more than " + MAX_FEATURES + " values");
                        }
                        if (names.size() == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                        }
                        buf[names.size()] = p.getDoubleValue();
                        names.add(name);
                    }
                    values = Arrays.copyOf(buf, names.size());
                }
                case "value" -> {
                    ParseResult bad = checkNumber(p, v, "value");
                    if (bad != null) {
                        return bad;
                    }
                    single = true;
                    names = List.of(InputEvent.SINGLE_VALUE);
                    values = new double[] {p.getDoubleValue()};
                }
                default -> p.skipChildren();
            }
        }
        if (key == null) {
            return ParseResult.reject(RejectReason.MISSING_KEY, "key is missing");
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return ParseResult.reject(RejectReason.INVALID_KEY,
                    "key must be 1 to " + MAX_KEY_LENGTH + " non-blank characters");
        }
        if (ts == null) {
            return ParseResult.reject(RejectReason.MISSING_TS, "ts is missing");
        }
        if (names == null || names.isEmpty()) {
            return ParseResult.reject(RejectReason.MISSING_VALUES, "an event needs 'values' or 'value'");
        }
        if (single && values.length != 1) {
            return ParseResult.reject(RejectReason.INVALID_JSON, "use either 'value' or 'values'");
        }
        return new ParseResult.Parsed(new InputEvent(key, ts, names.toArray(String[]::new), values));
    }

    /** Null when the current token is a finite number; NaN and Infinity arrive as strings or non-standard tokens. */
    private static ParseResult checkNumber(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return ParseResult.reject(RejectReason.NON_FINITE, field + " is " + d);
            }
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            if (s.equalsIgnoreCase("nan") || s.matches("(?i)[+-]?inf(inity)?")) {
                return ParseResult.reject(RejectReason.NON_FINITE, field + " is " + s);
            }
        }
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            p.skipChildren();
        }
        return ParseResult.reject(RejectReason.WRONG_TYPE, field + " must be a number, is " + describe(t));
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> t.asString();
        };
    }
}
