package io.streamcast.job;

/**
 * A Kafka record as it arrived, before parsing: the payload and where it came from (kept so a
 * dead letter can point back to it). A Flink POJO.
 */
public class RawEvent {
    public byte[] payload;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;

    public RawEvent() {
    }

    public RawEvent(byte[] payload, String topic, int partition, long offset, long timestamp) {
        this.payload = payload;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }
}
