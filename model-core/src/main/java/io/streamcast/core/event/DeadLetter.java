package io.streamcast.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused input kept for inspection and replay: the original payload (UTF-8 text, or base64
 * in {@code payloadBase64} when it is not valid UTF-8), the reason, and where it came from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        RejectReason reason,
        String detail,
        String payload,
        String payloadBase64,
        String topic,
        Integer partition,
        Long offset,
        String key,
        long time) {

    /** A dead letter for raw bytes; the payload is kept verbatim whenever it is valid UTF-8. */
    public static DeadLetter of(Rejection rejection, byte[] raw, String topic, Integer partition, Long offset,
            String key, long time) {
        String text = Utf8.decodeOrNull(raw);
        return new DeadLetter(rejection.reason(), rejection.detail(), text,
                text == null && raw != null ? java.util.Base64.getEncoder().encodeToString(raw) : null,
                topic, partition, offset, key, time);
    }
}
