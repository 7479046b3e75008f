package io.streamcast.job;

import io.streamcast.core.event.InputEvent;

/**
 * A valid input event with where it was read: its partition and offset in the input topic, so that
 * an event refused after parsing (late, duplicate, a feature the model lacks) can be found again
 * from its dead letter. {@link #UNKNOWN} for events buffered by a build that did not keep them.
 */
public record SourcedEvent(InputEvent event, int partition, long offset) {
    public static final int UNKNOWN = -1;

    public String key() {
        return event.key();
    }

    public long ts() {
        return event.ts();
    }
}
