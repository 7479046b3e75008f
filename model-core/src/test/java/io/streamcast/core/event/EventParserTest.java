package io.streamcast.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private final EventParser parser = new EventParser(512);

    private ParseResult parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesValuesObjectWithIsoTime() {
        ParseResult r = parse("{\"key\":\"pump-7\",\"ts\":\"2026-11-26T10:00:00Z\",\"values\":{\"temp\":71.2,\"vib\":0.31},\"site\":\"x\"}");
        assertThat(r).isInstanceOf(ParseResult.Parsed.class);
        InputEvent e = ((ParseResult.Parsed) r).event();
        assertThat(e.key()).isEqualTo("pump-7");
        assertThat(e.ts()).isEqualTo(1795687200000L);
        assertThat(e.names()).containsExactly("temp", "vib");
        assertThat(e.values()).containsExactly(71.2, 0.31);
        assertThat(e.get("vib")).isEqualTo(0.31);
        assertThat(e.get("absent")).isNaN();
    }

    @Test
    void parsesSingleValueWithEpochMillisAndLocalTimes() {
        InputEvent e = ((ParseResult.Parsed) parse("{\"key\":\"AAPL\",\"ts\":1764151200000,\"value\":231}")).event();
        assertThat(e.names()).containsExactly(InputEvent.SINGLE_VALUE);
        assertThat(e.values()).containsExactly(231.0);
        InputEvent local = ((ParseResult.Parsed) parse("{\"key\":\"k\",\"ts\":\"2026-11-26 10:00:00\",\"value\":1}")).event();
        assertThat(local.ts()).isEqualTo(1795687200000L);
        InputEvent offset = ((ParseResult.Parsed) parse("{\"key\":\"k\",\"ts\":\"2026-11-26T11:00:00+01:00\",\"value\":1}")).event();
        assertThat(offset.ts()).isEqualTo(1795687200000L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"key\":\"k\",\"ts\":1,                                | INVALID_JSON",
        "not json                                                | INVALID_JSON",
        "[1,2]                                                   | NOT_AN_OBJECT",
        "{\"ts\":1,\"value\":1}                                  | MISSING_KEY",
        "{\"key\":\"\",\"ts\":1,\"value\":1}                     | INVALID_KEY",
        "{\"key\":7,\"ts\":1,\"value\":1}                        | WRONG_TYPE",
        "{\"key\":\"k\",\"value\":1}                             | MISSING_TS",
        "{\"key\":\"k\",\"ts\":\"yesterday\",\"value\":1}        | INVALID_TS",
        "{\"key\":\"k\",\"ts\":true,\"value\":1}                 | WRONG_TYPE",
        "{\"key\":\"k\",\"ts\":1}                                | MISSING_VALUES",
        "{\"key\":\"k\",\"ts\":1,\"values\":{}}                  | MISSING_VALUES",
        "{\"key\":\"k\",\"ts\":1,\"value\":\"12\"}               | WRONG_TYPE",
        "{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":null}}        | WRONG_TYPE",
        "{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":[1]}}         | WRONG_TYPE",
        "{\"key\":\"k\",\"ts\":1,\"values\":[1]}                 | WRONG_TYPE",
        "{\"key\":\"k\",\"ts\":1,\"value\":NaN}                  | NON_FINITE",
        "{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":Infinity}}    | NON_FINITE",
        "{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":\"-Infinity\"}} | NON_FINITE",
        "{\"key\":\"k\",\"ts\":1,\"value\":1e999}                | NON_FINITE",
        "{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":1,\"a\":2}}   | INVALID_JSON",
        "{\"key\":\"k\",\"ts\":1,\"value\":1} {}                 | INVALID_JSON",
    })
    void refusesWithAPreciseReason(String json, RejectReason reason) {
        ParseResult r = parse(json.trim());
        assertThat(r).isInstanceOf(ParseResult.Rejected.class);
        Rejection rejection = ((ParseResult.Rejected) r).rejection();
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.detail()).isNotBlank();
    }

    @Test
    void namesTheOffendingField() {
        Rejection r = ((ParseResult.Rejected) parse("{\"key\":\"k\",\"ts\":1,\"values\":{\"temp\":NaN}}")).rejection();
        assertThat(r.detail()).isEqualTo("values.temp is NaN");
        Rejection t = ((ParseResult.Rejected) parse("{\"key\":\"k\",\"ts\":1,\"values\":{\"temp\":\"hot\"}}")).rejection();
        assertThat(t.detail()).isEqualTo("values.temp must be a number, is a string");
    }

    @Test
    void refusesOversizePayloadsBeforeParsing() {
        String big = "{\"key\":\"k\",\"ts\":1,\"value\":1,\"pad\":\"" + "x".repeat(600) + "\"}";
        Rejection r = ((ParseResult.Rejected) parse(big)).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.OVERSIZE);
        assertThat(r.detail()).contains("exceeds the limit of 512");
        assertThat(((ParseResult.Rejected) parser.parse(new byte[0])).rejection().reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void refusesOverlongKeysAndDeepNesting() {
        String key = "k".repeat(EventParser.MAX_KEY_LENGTH + 1);
        assertThat(((ParseResult.Rejected) new EventParser().parse(("{\"key\":\"" + key + "\",\"ts\":1,\"value\":1}")
                .getBytes(StandardCharsets.UTF_8))).rejection().reason()).isEqualTo(RejectReason.INVALID_KEY);
        String deep = "{\"key\":\"k\",\"ts\":1,\"value\":1,\"x\":" + "[".repeat(20) + "]".repeat(20) + "}";
        assertThat(((ParseResult.Rejected) parse(deep)).rejection().reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void eventsWrittenByRecordJsonParseBack() {
        InputEvent e = new InputEvent("dev", 42L, new String[] {"a", "b"}, new double[] {1.5, -2});
        assertThat(((ParseResult.Parsed) new EventParser().parse(RecordJson.event(e))).event()).isEqualTo(e);
    }

    @Test
    void deadLettersKeepThePayloadVerbatimOrAsBase64() {
        Rejection r = new Rejection(RejectReason.INVALID_JSON, "bad");
        DeadLetter text = DeadLetter.of(r, "{oops".getBytes(StandardCharsets.UTF_8), "events", 0, 5L, null, 9L);
        assertThat(text.payload()).isEqualTo("{oops");
        assertThat(text.payloadBase64()).isNull();
        DeadLetter binary = DeadLetter.of(r, new byte[] {(byte) 0xff, 0x00}, "events", 0, 6L, null, 9L);
        assertThat(binary.payload()).isNull();
        assertThat(binary.payloadBase64()).isEqualTo("/wA=");
        assertThat(new String(RecordJson.toBytes(text), StandardCharsets.UTF_8))
                .contains("\"reason\":\"INVALID_JSON\"", "\"offset\":5", "\"payload\":\"{oops\"");
    }
}
