package io.streamcast.job;

import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.Rejection;

/**
 * One input record after parsing in the Kafka source: the event, or, when it was refused, the
 * original payload with the reason. Carries its topic, partition and offset for dead letters.
 * A Flink POJO.
 */
public class SourceRecord {
    public InputEvent event;
    public byte[] rejectedPayload;
    public String rejectReason;
    public String rejectDetail;
    public String topic;
    public int partition;
    public long offset;

    public SourceRecord() {
    }

    static SourceRecord parsed(InputEvent event, String topic, int partition, long offset) {
        SourceRecord r = new SourceRecord();
        r.event = event;
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        return r;
    }

    static SourceRecord rejected(byte[] payload, Rejection why, String topic, int partition, long offset) {
        SourceRecord r = new SourceRecord();
        r.rejectedPayload = payload;
        r.rejectReason = why.reason().name();
        r.rejectDetail = why.detail();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        return r;
    }

    /** Event time for watermarks: refused records do not advance time. */
    long eventTime() {
        return event != null ? event.ts() : Long.MIN_VALUE;
    }
}
