package io.streamcast.core.nn;

/** The recurrent cell families a bundle may hold. */
public enum CellType {
    /** Long short-term memory with forget gate, no peepholes (DL4J {@code LSTM}). */
    LSTM(4),
    /** Gated recurrent unit as SameDiff's {@code gru} op computes it. */
    GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks in the weight matrices (columns = gates × hidden size). */
    public int gates() {
        return gates;
    }
}
