package io.streamcast.trainer.data;

/** The CSV layouts the trainer reads; AUTO recognises them from the file's first line. */
public enum CsvFormat {
    AUTO,
    /** A header; a time column (named by option, else {@code timestamp}, {@code time}, {@code date} or {@code ts}), an optional key column, numeric feature columns. */
    GENERIC,
    /** Numenta Anomaly Benchmark: {@code timestamp,value}. */
    NAB,
    /** Electricity Transformer Temperature: {@code date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT}. */
    ETT,
    /** Daily market data: {@code DATE,OPEN,HIGH,LOW,CLOSE}. */
    OHLC,
    /** NASA C-MAPSS: space-separated, no header: unit, cycle, 3 settings, 21 sensors; the unit is the key, the cycle the time and a feature (the engine's age). */
    CMAPSS
}
