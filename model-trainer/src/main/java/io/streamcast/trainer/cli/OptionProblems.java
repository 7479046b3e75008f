package io.streamcast.trainer.cli;

import java.util.ArrayList;
import java.util.List;

/** The problems a command's options have, gathered so that one message names them all before any work starts. */
final class OptionProblems {
    private final List<String> problems = new ArrayList<>();

    OptionProblems atLeast(String option, long value, long min) {
        if (value < min) {
            problems.add(option + " must be at least " + min + ", is " + value);
        }
        return this;
    }

    OptionProblems add(String problem) {
        problems.add(problem);
        return this;
    }

    /** Throws one {@link IllegalArgumentException} naming every problem, after {@code prefix}; nothing if none. */
    void throwIfAny(String prefix) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(prefix + String.join("; ", problems));
        }
    }
}
