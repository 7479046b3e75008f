package io.streamcast.job;

/** A Kafka record as it arrived (control messages are read this way). A Flink POJO. */
public class RawRecord {
    public byte[] payload;
    public String topic;
    public int partition;
    public long offset;

    public RawRecord() {
    }

    public RawRecord(byte[] payload, String topic, int partition, long offset) {
        this.payload = payload;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}
