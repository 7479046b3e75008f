package io.streamcast.demo;

import io.streamcast.core.event.InputEvent;
import java.util.List;

/** A simulated stream: events in order and the incidents injected into them. */
public interface EventSource {
    InputEvent next();

    List<Incident> truth();
}
