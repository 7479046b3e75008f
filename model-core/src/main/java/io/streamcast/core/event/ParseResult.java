package io.streamcast.core.event;

/** Outcome of parsing one payload: an event, or the reason it was refused. */
public sealed interface ParseResult {
    record Parsed(InputEvent event) implements ParseResult {
    }

    record Rejected(Rejection rejection) implements ParseResult {
    }

    static ParseResult reject(RejectReason reason, String detail) {
        return new Rejected(new Rejection(reason, detail));
    }
}
