package io.streamcast.core.event;

/** A refused input: the reason code and a message that names the offending field or value. */
public record Rejection(RejectReason reason, String detail) {
}
