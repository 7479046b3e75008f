package io.streamcast.job;

import java.nio.charset.StandardCharsets;

/** An output record: Kafka key (the event key, so one key's records stay in order) and JSON value. A Flink POJO. */
public class KafkaRecord {
    public String key;
    public byte[] value;

    public KafkaRecord() {
    }

    public KafkaRecord(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return key + " " + new String(value, StandardCharsets.UTF_8);
    }
}
